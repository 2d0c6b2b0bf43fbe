import { describe, expect, it } from 'vitest';
import { date, enumeration, euros, integer, siret, text } from './parsers.js';
import { readTable } from './reader.js';
import { MAX_REPORTED_ERRORS, validateRows, type Layout } from './validate.js';

const layout: Layout = {
  columns: [
    { header: 'SIRET', key: 'siret', required: true, parse: siret() },
    { header: 'Raison sociale', key: 'name', required: true, parse: text({ maxLength: 40 }) },
    { header: 'Salariés', key: 'headcount', required: false, parse: integer({ min: 1 }) },
    { header: 'Coût', key: 'costCents', required: true, parse: euros() },
    { header: 'Début', key: 'startsOn', required: true, parse: date() },
    { header: 'Contrat', key: 'contract', required: false, parse: enumeration([{ code: 'cdi', label: 'CDI' }]) },
  ],
};

const table = (text: string) => readTable(Buffer.from(text, 'utf8'), 'import.csv');

describe('validateRows', () => {
  it('returns typed values keyed by column, with line numbers', async () => {
    const result = validateRows<{ siret: string; headcount: number | null; costCents: number }>(
      await table('siret;RAISON SOCIALE;Cout;Debut;Salariés\n732 829 320 00074;Forges;1 234,56 €;26/11/2026;\n'),
      layout,
    );
    expect(result).toEqual({
      ok: true,
      rows: [
        {
          line: 2,
          value: { siret: '73282932000074', name: 'Forges', headcount: null, costCents: 123456, startsOn: '2026-11-26', contract: null },
        },
      ],
    });
  });

  it('collects every error of every row, with French messages', async () => {
    const result = validateRows(
      await table(
        [
          'SIRET;Raison sociale;Salariés;Coût;Début;Contrat',
          '73282932000074;Forges;12;100;01/01/2026;CDI',
          '73282932000075;;0;-5;31/02/2026;CDD',
          '73282932000074;Ok;1;1;01/01/2026;cdi',
        ].join('\n'),
      ),
      layout,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errorCount).toBe(6);
    expect(result.truncated).toBe(false);
    expect(result.errors.map((e) => e.message)).toEqual([
      'Ligne 3, colonne « SIRET » : Ce SIRET n’existe pas : sa clé de contrôle est fausse. Vérifiez chaque chiffre.',
      'Ligne 3, colonne « Raison sociale » : valeur obligatoire manquante.',
      'Ligne 3, colonne « Salariés » : La valeur doit être au moins 1.',
      'Ligne 3, colonne « Coût » : Le montant ne peut pas être négatif.',
      'Ligne 3, colonne « Début » : « 31/02/2026 » n’est pas une date valide (format JJ/MM/AAAA).',
      'Ligne 3, colonne « Contrat » : « CDD » n’est pas une valeur possible. Valeurs acceptées : « CDI ».',
    ]);
    expect(result.errors[0]).toMatchObject({ line: 3, column: 'SIRET' });
  });

  it('reports missing required columns before looking at rows', async () => {
    const result = validateRows(await table('SIRET;Coût\n1;2\n'), layout);
    expect(result).toMatchObject({
      ok: false,
      errorCount: 2,
      errors: [
        { line: 1, column: 'Raison sociale', message: 'Ligne 1 : la colonne obligatoire « Raison sociale » est absente du fichier.' },
        { line: 1, column: 'Début', message: 'Ligne 1 : la colonne obligatoire « Début » est absente du fichier.' },
      ],
    });
  });

  it('refuses a file without data rows unless allowed', async () => {
    const empty = await table('SIRET;Raison sociale;Coût;Début\n');
    expect(validateRows(empty, layout)).toMatchObject({ ok: false, errors: [{ line: 2, message: 'Ligne 2 : le fichier ne contient aucune ligne de données.' }] });
    expect(validateRows(empty, { ...layout, allowEmpty: true })).toEqual({ ok: true, rows: [] });
  });

  it('caps the reported errors and keeps the total count', async () => {
    const lines = ['SIRET;Raison sociale;Coût;Début'];
    for (let i = 0; i < 150; i++) lines.push('123;;x;hier');
    const result = validateRows(await table(lines.join('\n')), layout);
    expect(result).toMatchObject({ ok: false, errorCount: 600, truncated: true });
    if (!result.ok) {
      expect(result.errors).toHaveLength(MAX_REPORTED_ERRORS);
      expect(result.errors.at(-1)?.line).toBe(51);
    }
  });
});
