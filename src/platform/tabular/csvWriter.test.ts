import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Column } from './columns.js';
import { writeCsv } from './csvWriter.js';
import { readTable } from './reader.js';
import { collector } from './testing.js';

interface Request {
  reference: string;
  company: string;
  employees: number;
  costCents: number | null;
  filedOn: string;
}

const columns: Column<Request>[] = [
  { key: 'reference', header: 'Référence', value: (r) => r.reference },
  { key: 'company', header: 'Entreprise', value: (r) => r.company },
  { key: 'employees', header: 'Salariés', value: (r) => r.employees, kind: 'integer' },
  { key: 'cost', header: 'Coût total (€)', value: (r) => r.costCents, kind: 'cents' },
  { key: 'filedOn', header: 'Déposée le', value: (r) => r.filedOn, kind: 'date' },
];

const requests: Request[] = [
  { reference: 'DEM-001', company: 'Forges de l’Étoile; Montbéliard', employees: 120, costCents: 123456, filedOn: '2026-11-26' },
  { reference: 'DEM-002', company: 'Plasturgie "Les Îles"', employees: 8, costCents: 5, filedOn: '2026-01-02' },
  { reference: 'DEM-003', company: 'Lunetterie\nMorez', employees: 0, costCents: null, filedOn: '2026-03-29T23:30:00Z' },
  { reference: 'DEM-004', company: '=HYPERLINK("http://x")', employees: 1, costCents: -1999, filedOn: '2026-12-31' },
];

async function csvOf(rows: Iterable<Request> | AsyncIterable<Request>): Promise<Buffer> {
  const out = collector();
  await writeCsv(rows, columns, out.stream);
  return out.buffer();
}

describe('writeCsv', () => {
  it('writes a BOM, semicolons, CRLF and French euros without thousands separator', async () => {
    const buffer = await csvOf(requests);
    expect([...buffer.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = buffer.toString('utf8').slice(1);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('Référence;Entreprise;Salariés;Coût total (€);Déposée le');
    expect(lines[1]).toBe('DEM-001;"Forges de l’Étoile; Montbéliard";120;1234,56;26/11/2026');
    expect(lines[2]).toBe('DEM-002;"Plasturgie ""Les Îles""";8;0,05;02/01/2026');
    expect(text).not.toMatch(/[^\r]\n(?!Morez)/);
  });

  it('shows a timestamp as the day it was in France and an empty cell for null', async () => {
    const text = (await csvOf([requests[2]])).toString('utf8');
    // 23:30 UTC on 29 March 2026 is already 30 March in Paris (summer time).
    expect(text).toContain(';0;;30/03/2026\r\n');
  });

  it('neutralises formulas in text and keeps negative amounts as numbers', async () => {
    const text = (await csvOf([requests[3]])).toString('utf8');
    expect(text).toContain(`DEM-004;"'=HYPERLINK(""http://x"")";1;-19,99;31/12/2026`);
  });

  it('round-trips through readTable with accents, semicolons, quotes and line breaks', async () => {
    const table = await readTable(await csvOf(requests.slice(0, 3)), 'demandes.csv');
    expect(table.headers).toEqual(columns.map((c) => c.header));
    expect(table.rows.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(table.rows[0].values).toEqual({
      Référence: 'DEM-001',
      Entreprise: 'Forges de l’Étoile; Montbéliard',
      Salariés: '120',
      'Coût total (€)': '1234,56',
      'Déposée le': '26/11/2026',
    });
    expect(table.rows[1].values.Entreprise).toBe('Plasturgie "Les Îles"');
    expect(table.rows[2].values.Entreprise).toBe('Lunetterie\nMorez');
  });

  it('accepts an async source', async () => {
    async function* source() {
      yield requests[0];
      await new Promise((resolve) => setTimeout(resolve, 1));
      yield requests[1];
    }
    const table = await readTable(await csvOf(source()), 'x.csv');
    expect(table.rows).toHaveLength(2);
  });

  it('streams 200 000 rows with bounded memory', async () => {
    const total = 200_000;
    const baseline = process.memoryUsage().heapUsed;
    let peak = 0;
    function* rows(): Generator<Request> {
      for (let i = 0; i < total; i++) {
        if (i % 10_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
        yield { reference: `DEM-${i}`, company: `Entreprise numéro ${i} — Besançon`, employees: i % 500, costCents: i * 37, filedOn: '2026-11-26' };
      }
    }
    let bytes = 0;
    let newlines = 0;
    let chunks = 0;
    const counter = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        // Sampled on the consumer side too: a writer that buffered the rows would peak here.
        if (++chunks % 200 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
        bytes += chunk.length;
        for (const byte of chunk) if (byte === 0x0a) newlines += 1;
        callback();
      },
    });
    await writeCsv(rows(), columns, counter);
    expect(newlines).toBe(total + 1);
    expect(bytes).toBeGreaterThan(total * 50);
    // Streaming peaks around 13 MB (garbage not yet collected); buffering the rows first peaks above 70 MB.
    expect(peak).toBeLessThan(40 * 1024 * 1024);
  });

  it('lets a slow consumer throttle the source (back-pressure)', async () => {
    let produced = 0;
    let consumed = 0;
    let maxAhead = 0;
    function* rows(): Generator<Request> {
      for (let i = 0; i < 3_000; i++) {
        produced += 1;
        maxAhead = Math.max(maxAhead, produced - consumed);
        yield { ...requests[0], reference: `DEM-${i}` };
      }
    }
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, callback) {
        consumed += chunk.toString('utf8').split('\r\n').length - 1;
        setImmediate(callback);
      },
    });
    await writeCsv(rows(), columns, slow);
    expect(produced).toBe(3_000);
    // Without back-pressure the generator would run to the end before the first write completes.
    expect(maxAhead).toBeLessThan(500);
  });
});

describe('writeCsv errors', () => {
  it('fails and destroys the output when the source fails', async () => {
    function* failing(): Generator<Request> {
      yield requests[0];
      throw new Error('curseur interrompu');
    }
    const out = collector();
    await expect(writeCsv(failing(), columns, out.stream)).rejects.toThrow('curseur interrompu');
    expect(out.stream.destroyed).toBe(true);
  });
});
