import { constants, inflateSync } from 'node:zlib';

/**
 * Reads back the text of a PDF, for tests: rendered with `compress: false`, or as stored
 * (Flate-compressed streams are inflated).
 * pdfkit writes glyph ids, not characters, so each font's ToUnicode map is
 * applied to the hex strings of the content streams. Runs of spaces and line ends
 * become one space; no-break spaces stay U+00A0. A change of style inside a word
 * (d’<b>ajourner</b>) reads as a space, since positions are not interpreted.
 */
export function pdfText(pdf: Buffer): string {
  const source = pdf.toString('latin1');
  const objects = new Map<string, string>();
  for (const match of source.matchAll(/(\d+) 0 obj\b([\s\S]*?)\bendobj/g)) objects.set(match[1], match[2]);

  const unicodeByFontObject = new Map<string, Map<number, string>>();
  for (const [id, body] of objects) {
    const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(body);
    const cmap = toUnicode && objects.get(toUnicode[1]);
    if (cmap) unicodeByFontObject.set(id, parseCMap(streamOf(cmap)));
  }

  const fontByResource = new Map<string, Map<number, string>>();
  for (const dictionary of source.matchAll(/\/Font\s*<<([^>]*)>>/g)) {
    for (const entry of dictionary[1].matchAll(/\/(\S+) (\d+) 0 R/g)) {
      const map = unicodeByFontObject.get(entry[2]);
      if (map) fontByResource.set(entry[1], map);
    }
  }

  const pieces: string[] = [];
  for (const body of objects.values()) {
    if (!body.includes('stream')) continue;
    const content = streamOf(body);
    if (!/\bBT\b/.test(content)) continue;
    let font: Map<number, string> | undefined;
    for (const op of content.matchAll(/\/(\S+) [\d.]+ Tf|\[((?:<[0-9a-fA-F]*>|[-\d.\s])*)\] TJ|<([0-9a-fA-F]*)> Tj/g)) {
      if (op[1] !== undefined) font = fontByResource.get(op[1]);
      else {
        const hexes = op[2] !== undefined ? [...op[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((m) => m[1]) : [op[3]];
        pieces.push(hexes.map((hex) => decodeGlyphs(hex, font)).join(''));
      }
    }
  }
  // pdfmake draws word by word, each word carrying its trailing space; a word without
  // one ends a line or paragraph, except after a hyphen where the word was split.
  const text = pieces.reduce((all, piece) => (all === '' || /[\s\u00a0-]$/.test(all) ? all + piece : `${all} ${piece}`), '');
  return text.replace(/[ \t\r\n]+/g, ' ').trim();
}

function streamOf(body: string): string {
  const match = /stream\r?\n([\s\S]*?)\r?\nendstream/.exec(body);
  if (!match) return '';
  if (!/\/Filter\s*\/FlateDecode/.test(body.slice(0, match.index))) return match[1];
  // A sync flush tolerates the line end the extraction may have taken from the data.
  return inflateSync(Buffer.from(match[1], 'latin1'), { finishFlush: constants.Z_SYNC_FLUSH }).toString('latin1');
}

function decodeGlyphs(hex: string, font: Map<number, string> | undefined): string {
  let text = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) text += font?.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\uFFFD';
  return text;
}

function utf16(hex: string): string {
  const units: number[] = [];
  for (let i = 0; i + 4 <= hex.length; i += 4) units.push(parseInt(hex.slice(i, i + 4), 16));
  return String.fromCharCode(...units);
}

function parseCMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const entry of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F\s]+)>/g)) map.set(parseInt(entry[1], 16), utf16(entry[2].replace(/\s/g, '')));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const entry of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const low = parseInt(entry[1], 16);
      const high = parseInt(entry[2], 16);
      if (entry[3].startsWith('[')) {
        // A ligature maps to several characters: "<0066 0069>" for "fi".
        [...entry[3].matchAll(/<([0-9a-fA-F\s]+)>/g)].forEach((target, offset) => map.set(low + offset, utf16(target[1].replace(/\s/g, ''))));
      } else {
        const start = parseInt(entry[3].slice(1, -1), 16);
        for (let code = low; code <= high; code++) map.set(code, String.fromCharCode(start + code - low));
      }
    }
  }
  return map;
}

/** Number of pages, read from the page objects. */
export function pdfPageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;
}
