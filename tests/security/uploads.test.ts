import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTable } from '../../src/platform/tabular/reader.js';
import { TabularError, TabularLimitError } from '../../src/platform/tabular/errors.js';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';
import { manyRowsCsv, manyRowsWorkbook, workbookOf, zipBomb } from './hostileFiles.js';

async function refusal(promise: Promise<unknown>): Promise<TabularError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TabularLimitError);
  return error as TabularError;
}

function multipart(filename: string, content: Buffer, field = 'file') {
  const boundary = `----parcours${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    content, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('the table reader refuses hostile files while reading them', () => {
  it('stops a zip bomb at the inflated size of its sheet, whether its parts declare their sizes or not', async () => {
    for (const descriptor of [false, true]) {
      const bomb = await zipBomb(64, { descriptor });
      expect(bomb.length).toBeLessThan(1024 * 1024);
      const before = process.memoryUsage().rss;
      const error = await refusal(readTable(bomb, 'bombe.xlsx'));
      expect(error.message).toBe('Une fois décompressé, une partie du classeur dépasse 32 Mo : enregistrez moins de lignes par fichier.');
      // Inflating the whole sheet would take 64 MB; the guard throws each chunk away.
      expect(process.memoryUsage().rss - before).toBeLessThan(48 * 1024 * 1024);
    }
  });

  it('refuses a workbook whose parts together inflate beyond the total', async () => {
    const error = await refusal(readTable(await zipBomb(20), 'x.xlsx', { maxInflatedBytes: 8 * 1024 * 1024 }));
    expect(error.message).toContain('le classeur dépasse 8 Mo');
  });

  it('reads a small hand-made workbook, in both zip layouts', async () => {
    for (const descriptor of [false, true]) {
      const rows = () => ['<row r="1"><c r="A1" t="inlineStr"><is><t>Nom</t></is></c></row>', '<row r="3"><c r="A3" t="inlineStr"><is><t>Forges</t></is></c></row>'];
      expect(await readTable(await workbookOf(rows, { descriptor }), 'x.xlsx')).toEqual({ headers: ['Nom'], rows: [{ line: 3, values: { Nom: 'Forges' } }] });
    }
  });

  it('stops a workbook and a CSV at 10 000 data lines, naming the cap', async () => {
    const message = 'Le fichier dépasse 10\u00a0000 lignes de données : découpez-le en plusieurs fichiers.';
    expect((await refusal(readTable(await manyRowsWorkbook(60_000), 'x.xlsx'))).message).toBe(message);
    expect((await refusal(readTable(manyRowsCsv(60_000), 'x.csv'))).message).toBe(message);
    // The cap counts blank lines too: they cost reading as much as the others.
    expect((await refusal(readTable(Buffer.from(`A;B\n${'\n'.repeat(20_000)}1;2\n`), 'x.csv'))).message).toBe(message);
    expect((await readTable(manyRowsCsv(10_000), 'x.csv')).rows).toHaveLength(10_000);
  });

  it('refuses cells longer than Excel allows and lines wider than 200 columns', async () => {
    const long = 'x'.repeat(40_000);
    expect((await refusal(readTable(Buffer.from(`A;B\n1;${long}\n`), 'x.csv'))).message).toContain('dépasse 32\u00a0767 caractères');
    expect((await refusal(readTable(Buffer.from(`A;B\n1;"${long}"\n`), 'x.csv'))).message).toContain('dépasse 32\u00a0767 caractères');
    const inline = await workbookOf(() => [`<row r="1"><c r="A1" t="inlineStr"><is><t>A</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>${long}</t></is></c></row>`]);
    expect((await refusal(readTable(inline, 'x.xlsx'))).message).toContain('dépasse 32\u00a0767 caractères');
    expect((await refusal(readTable(Buffer.from(`A;B\n${'1;'.repeat(300)}\n`), 'x.csv'))).message).toBe('La ligne 2 a des valeurs au-delà de la colonne 200 : un import compte 200 colonnes au plus.');
    const far = await workbookOf(() => ['<row r="1"><c r="A1" t="inlineStr"><is><t>A</t></is></c><c r="XFD1" t="inlineStr"><is><t>B</t></is></c></row>']);
    expect((await refusal(readTable(far, 'x.xlsx'))).message).toContain('colonne 200');
    // Trailing empty cells are not values: Excel writes them for formatted columns.
    expect((await readTable(Buffer.from(`A;B${';'.repeat(300)}\n1;2${';'.repeat(300)}\n`), 'x.csv')).rows).toHaveLength(1);
  });

  it('refuses a file over 20 MB even when it reaches the reader another way (command line)', async () => {
    expect((await refusal(readTable(Buffer.alloc(20 * 1024 * 1024 + 1, 0x41), 'x.csv'))).message).toBe('Le fichier dépasse la taille maximale de 20 Mo.');
  });
});

describe.each(databaseKinds())('import forms on %s answer 413 in French for files over a cap', (kind) => {
  let t: TestApp;
  beforeAll(async () => { t = await testApp(kind); });
  afterAll(async () => { await t.close(); });

  const send = async (url: string, filename: string, content: Buffer, field?: string) => {
    const body = multipart(filename, content, field);
    return t.app.inject({ method: 'POST', url, payload: body.payload, headers: { ...body.headers, cookie: await t.login('secretariat@parcours.test') } });
  };
  const jobCount = async () => Number((await t.ctx.database.db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('refuses the zip bomb, the million-line files and a file over 20 MB on every import route, storing no job', async () => {
    const bomb = await zipBomb(40);
    const wide = await manyRowsWorkbook(12_000);
    const jobs = await jobCount();
    for (const url of ['/api/imports/funding-requests', '/api/imports/funding-requests/check', '/api/imports/pro-contracts', '/api/imports/temp-pathways/check', '/api/imports/pairs']) {
      const exploded = await send(url, 'bombe.xlsx', bomb);
      expect(exploded.statusCode, url).toBe(413);
      expect(exploded.json().error).toMatchObject({ code: 'too_large', field: 'file', message: expect.stringContaining('32 Mo') });
      expect((await send(url, 'lignes.xlsx', wide)).json().error.message).toContain('10\u00a0000 lignes');
      expect((await send(url, 'lignes.csv', manyRowsCsv(12_000))).statusCode).toBe(413);
    }
    const huge = await send('/api/imports/funding-requests/check', 'gros.csv', Buffer.alloc(21 * 1024 * 1024, 0x41));
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error).toMatchObject({ code: 'too_large', message: 'Le fichier dépasse la taille maximale de 20 Mo.' });
    expect(await jobCount()).toBe(jobs);
  });

  it('answers the multipart reader’s refusals in French', async () => {
    const boundary = '----parcours1';
    const two = Buffer.from([1, 2].map((i) => `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${i}.csv"\r\n\r\nA;B\n1;2\r\n`).join('') + `--${boundary}--\r\n`);
    const response = await t.app.inject({ method: 'POST', url: '/api/imports/funding-requests/check', payload: two, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: await t.login('secretariat@parcours.test') } });
    expect(response.statusCode).toBeLessThan(500);
    expect(response.json().error?.message ?? '').not.toBe('Requête invalide.');
  });
});
