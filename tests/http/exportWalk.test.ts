import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';

/** Exports walk the list in keyset chunks: every row must come out once, in order, past the first chunk. */
describe.each(databaseKinds())('exports of long lists on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(kind);
    const at = '2010-06-01T09:00:00.000Z';
    const rows = Array.from({ length: 4500 }, (_, i) => ({
      kind: 'training_provider', name: `Organisme ${String(i).padStart(5, '0')}`, siret: null, departement: String(10 + (i % 80)),
      address: null, isActive: true, createdAt: at, version: 1,
    }));
    for (let i = 0; i < rows.length; i += 500) await t.ctx.database.db.insertInto('organisations').values(rows.slice(i, i + 500)).execute();
  });
  afterAll(async () => { await t?.close(); });

  it('exports every row, beyond the first chunk, in the requested order', async () => {
    const cookie = await t.login('admin@parcours.test');
    const r = await t.app.inject({ method: 'GET', url: '/api/organisations/export?format=csv&kind=training_provider&sort=name&order=desc', headers: { cookie } });
    expect(r.statusCode).toBe(200);
    const lines = r.body.replace(/^\ufeff/, '').trim().split('\r\n');
    const names = lines.slice(1).map((l) => l.split(';')[0]).filter((n) => n.startsWith('Organisme '));
    expect(names).toHaveLength(4500);
    expect(names[0]).toBe('Organisme 04499');
    expect(names[4499]).toBe('Organisme 00000');
    expect(new Set(names).size).toBe(4500);
  });

  it('walks ties of a non-unique sort key without losing or repeating rows', async () => {
    const cookie = await t.login('admin@parcours.test');
    const r = await t.app.inject({ method: 'GET', url: '/api/organisations/export?format=csv&kind=training_provider&sort=departement', headers: { cookie } });
    const names = r.body.replace(/^\ufeff/, '').trim().split('\r\n').slice(1).map((l) => l.split(';')[0]).filter((n) => n.startsWith('Organisme '));
    expect(new Set(names).size).toBe(4500);
  });
});
