import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { TabularError } from './errors.js';
import { csvRecords } from './csvRecords.js';

const csvParse = (text: string, separator: string) =>
  parse(text, { delimiter: separator, trim: true, relax_column_count: true, skip_empty_lines: false }) as string[][];

/** Deterministic, so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('csvRecords', () => {
  it('reads a file without quotes exactly as csv-parse does, whatever its line endings and spaces', () => {
    // Separators, every line ending, what trim skips or keeps (no-break spaces, form feed), accents.
    const alphabet = ['a', 'é', '1', ' ', ' ', '\t', '\r', '\n', '\r\n', '\f', '\u00a0', '\u202f', ';', ',', ';'];
    const next = random(20_261_126);
    for (let run = 0; run < 3_000; run++) {
      const length = Math.floor(next() * 40);
      const text = Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      for (const separator of [';', ',', '\t']) expect(csvRecords(text, separator), JSON.stringify(text)).toEqual(csvParse(text, separator));
    }
  });

  it('keeps empty lines and drops an unfinished last line of spaces', () => {
    expect(csvRecords('A;B\r\n\r\n 1 ; 2 \r\n \r\n  ', ';')).toEqual([['A', 'B'], [''], ['1', '2'], ['']]);
    expect(csvRecords('', ';')).toEqual([]);
  });

  it('leaves quoted files to csv-parse, multi-line cells and refusals included', () => {
    expect(csvRecords('Nom;Motif\nA;"ligne 1\nligne 2"\n', ';')).toEqual([['Nom', 'Motif'], ['A', 'ligne 1\nligne 2']]);
    expect(() => csvRecords('A;B\n"1;2\n', ';')).toThrow(TabularError);
    expect(() => csvRecords('A;B\n"1;2\n', ';')).toThrow('Le fichier CSV est mal formé (vers la ligne 2) : vérifiez les guillemets.');
  });
});
