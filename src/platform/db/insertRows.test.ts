import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, freshDatabase } from '../../../tests/support/databases.js';
import type { Database } from './database.js';
import { insertRows } from './insertRows.js';

const company = (siret: string, isActive = true) => ({
  kind: 'company', name: `Entreprise ${siret}`, siret, departement: '25', employmentArea: null, address: null, isActive, createdAt: '2026-11-26T00:00:00.000Z', version: 1,
});

describe.each(databaseKinds())('insertRows on %s', (kind) => {
  let database: Database;
  beforeAll(async () => { database = await freshDatabase(kind); });
  afterAll(async () => { await database.destroy(); });

  it('writes every row in the caller’s transaction and hands back the ids asked for, chunk after chunk', async () => {
    const sirets = Array.from({ length: 7 }, (_, i) => `7328293200${String(i).padStart(4, '0')}`);
    const written = await database.db.transaction().execute(async (trx) => {
      const first = await insertRows(trx, database, 'organisations', sirets.slice(0, 4).map((s) => company(s, false)), { returning: ['id', 'siret'], chunk: 3 });
      // The same statement again (prepared once on SQLite).
      const second = await insertRows(trx, database, 'organisations', sirets.slice(4).map((s) => company(s)), { returning: ['id', 'siret'] });
      return [...first, ...second];
    });
    const stored = await database.db.selectFrom('organisations').select(['id', 'siret', 'isActive']).where('siret', 'in', sirets).execute();
    expect(stored).toHaveLength(7);
    expect(new Map(written.map((w) => [w.siret, Number(w.id)]))).toEqual(new Map(stored.map((s) => [s.siret, s.id])));
    expect(stored.filter((s) => s.isActive).map((s) => s.siret).sort()).toEqual(sirets.slice(4));
  });

  it('writes nothing when the transaction fails', async () => {
    await expect(database.db.transaction().execute(async (trx) => {
      await insertRows(trx, database, 'organisations', [company('40483304800022')]);
      throw new Error('abandon');
    })).rejects.toThrow('abandon');
    expect(await database.db.selectFrom('organisations').select('id').where('siret', '=', '40483304800022').execute()).toEqual([]);
  });

  it('refuses to return a column it was not given', async () => {
    await expect(database.db.transaction().execute((trx) => insertRows(trx, database, 'organisations', [company('44306184100054')], { returning: ['createdBy'] })))
      .rejects.toThrow('createdBy');
  });
});
