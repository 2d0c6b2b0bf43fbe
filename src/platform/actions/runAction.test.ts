import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, databaseKinds } from '../../../tests/support/databases.js';
import type { Database } from '../db/database.js';
import { AppError } from '../http/errors.js';
import { defineAction, runAction } from './runAction.js';
import { createDatabase } from '../db/database.js';
import { inject } from 'vitest';

const clock = { now: () => new Date('2026-01-05T10:00:00.000Z') };

describe.each(databaseKinds())('the action runner on %s', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase(kind);
    await sql`create table counters (id integer primary key, n integer not null)`.execute(database.db);
    await sql`insert into counters (id, n) values (1, 0)`.execute(database.db);
  });
  afterAll(async () => { await database.destroy(); });

  const bump = defineAction<{ id: number }, number>({
    name: 'bumpCounter',
    locks: (input) => [{ table: 'counters' as any, ids: [input.id] }],
    async run({ trx }, input) {
      const row = await sql<{ n: number }>`select n from counters where id = ${input.id}`.execute(trx);
      const n = Number(row.rows[0]!.n) + 1;
      // A pause between read and write lets a concurrent writer in, were the row not locked.
      await new Promise((resolve) => setTimeout(resolve, 2));
      await sql`update counters set n = ${n} where id = ${input.id}`.execute(trx);
      return n;
    },
  });

  it('answers a unique violation with a French 409, and writes nothing of the action', async () => {
    const duplicate = defineAction<void, void>({
      name: 'duplicate',
      async run({ trx }) {
        await sql`update counters set n = n + 1000 where id = 1`.execute(trx);
        await sql`insert into counters (id, n) values (1, 0)`.execute(trx);
      },
    });
    const before = await sql<{ n: number }>`select n from counters where id = 1`.execute(database.db);
    const error = await runAction({ database, clock }, null, duplicate, undefined).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error.statusCode).toBe(409);
    expect(error.message).toMatch(/Rechargez la page/);
    const after = await sql<{ n: number }>`select n from counters where id = 1`.execute(database.db);
    expect(Number(after.rows[0]!.n)).toBe(Number(before.rows[0]!.n));
  });

  it('serialises read-then-write actions on one row: no update is lost', async () => {
    // On PostgreSQL two pools stand for two server processes.
    const other = kind === 'postgres'
      ? createDatabase({ databaseUrl: inject('postgresUrl')!, pgSchema: database.schema, poolSize: 4 })
      : database;
    try {
      const start = Number((await sql<{ n: number }>`select n from counters where id = 1`.execute(database.db)).rows[0]!.n);
      const runs = Array.from({ length: 40 }, (_, i) => runAction({ database: i % 2 ? other : database, clock }, null, bump, { id: 1 }));
      const results = await Promise.all(runs);
      expect(new Set(results).size).toBe(40);
      const end = Number((await sql<{ n: number }>`select n from counters where id = 1`.execute(database.db)).rows[0]!.n);
      expect(end - start).toBe(40);
    } finally {
      if (other !== database) await other.db.destroy();
    }
  });
});
