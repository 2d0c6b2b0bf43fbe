import { crc32, createDeflateRaw } from 'node:zlib';

/**
 * Files an attacker would send to an import form, built here so that the suite and the memory
 * probe (bench/hostileUploads.ts) send the same ones.
 */

interface ZipPart { name: string; chunks: () => Iterable<Buffer> }

const part = (name: string, text: string): ZipPart => ({ name, chunks: () => [Buffer.from(text, 'utf8')] });

async function deflated(chunks: Iterable<Buffer>): Promise<{ data: Buffer; crc: number; size: number }> {
  const deflater = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflater.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = new Promise((resolve, reject) => { deflater.on('end', resolve); deflater.on('error', reject); });
  let crc = 0;
  let size = 0;
  for (const chunk of chunks) {
    crc = crc32(chunk, crc);
    size += chunk.length;
    if (!deflater.write(chunk)) await new Promise((resolve) => deflater.once('drain', resolve));
  }
  deflater.end();
  await ended;
  return { data: Buffer.concat(out), crc, size };
}

/**
 * A zip of deflated parts. `descriptor`: sizes left out of the local headers and written after
 * each part (bit 3), as streaming writers do — the reader then finds each part's end by itself.
 */
export async function zipOf(parts: ZipPart[], options: { descriptor?: boolean } = {}): Promise<Buffer> {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const { data, crc, size } = await deflated(p.chunks());
    const name = Buffer.from(p.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(options.descriptor ? 0x08 : 0, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(options.descriptor ? 0 : crc, 14);
    local.writeUInt32LE(options.descriptor ? 0 : data.length, 18);
    local.writeUInt32LE(options.descriptor ? 0 : size % 2 ** 32, 22);
    local.writeUInt16LE(name.length, 26);
    const descriptor = Buffer.alloc(options.descriptor ? 16 : 0);
    if (options.descriptor) {
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc, 4);
      descriptor.writeUInt32LE(data.length, 8);
      descriptor.writeUInt32LE(size % 2 ** 32, 12);
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(options.descriptor ? 0x08 : 0, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size % 2 ** 32, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data, descriptor);
    centrals.push(central, name);
    offset += local.length + name.length + data.length + descriptor.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const SKELETON = [
  part('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
  part('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
  part('xl/workbook.xml', '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
  part('xl/_rels/workbook.xml.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
];

const SHEET_START = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_END = '</sheetData></worksheet>';

/** A workbook whose one sheet is the given XML rows, produced lazily so that a huge sheet never sits in memory. */
export function workbookOf(rows: () => Iterable<string>, options: { descriptor?: boolean } = {}): Promise<Buffer> {
  function* sheet(): Generator<Buffer> {
    yield Buffer.from(SHEET_START);
    let pending = '';
    for (const row of rows()) {
      pending += row;
      if (pending.length > 1 << 20) { yield Buffer.from(pending); pending = ''; }
    }
    yield Buffer.from(pending + SHEET_END);
  }
  return zipOf([...SKELETON, { name: 'xl/worksheets/sheet1.xml', chunks: sheet }], options);
}

/**
 * A zip bomb: one inline cell of `megabytes` megabytes of "A", which deflate squeezes about a
 * thousand to one (980 MB give a file of about 1 MB; the 2.85 MB bomb of the probe is the same thing).
 */
export function zipBomb(megabytes: number, options: { descriptor?: boolean } = {}): Promise<Buffer> {
  const block = 'A'.repeat(1 << 20);
  return workbookOf(function* () {
    yield '<row r="1"><c r="A1" t="inlineStr"><is><t>';
    for (let i = 0; i < megabytes; i++) yield block;
    yield '</t></is></c></row>';
  }, options);
}

/** A workbook of `count` short rows, like the 11.5 MB XLSX of a million rows. */
export function manyRowsWorkbook(count: number): Promise<Buffer> {
  return workbookOf(function* () {
    yield '<row r="1"><c r="A1" t="inlineStr"><is><t>SIRET</t></is></c><c r="B1" t="inlineStr"><is><t>Nom</t></is></c></row>';
    for (let r = 2; r <= count + 1; r++) yield `<row r="${r}"><c r="A${r}"><v>${73282932000074 + r}</v></c><c r="B${r}" t="inlineStr"><is><t>Entreprise ${r}</t></is></c></row>`;
  });
}

/** A CSV of `count` data rows in the history layout's shape (many columns, plain text). */
export function manyRowsCsv(count: number): Buffer {
  const header = Array.from({ length: 30 }, (_, i) => `Colonne ${i + 1}`).join(';');
  const line = Array.from({ length: 30 }, (_, i) => `valeur ${i}`).join(';');
  return Buffer.from(`${header}\n${`${line}\n`.repeat(count)}`, 'utf8');
}
