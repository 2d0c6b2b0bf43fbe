import { randomBytes } from 'node:crypto';
import { inject, describe, expect, it } from 'vitest';
import pg from 'pg';
import { freshDatabase } from '../support/databases.js';
import { vanishedElsewhere } from '../../src/platform/db/migrate.js';

/**
 * Migrations while other schemas of the same server are dropped: Kysely's migrator lists the
 * tables of every schema first, and a schema dropped during that listing used to fail the
 * migration with « schema … does not exist » (migrate.ts lists again).
 */
const url = inject('postgresUrl');

describe('which failures of the listing are another schema vanishing', () => {
  it('retries on a schema or a table of another schema gone, never on its own', () => {
    expect(vanishedElsewhere({ code: '3F000', message: 'schema "t_gone_1" does not exist' }, 't_run')).toBe(true);
    expect(vanishedElsewhere({ code: '42P01', message: 'relation "t_gone_1.t0" does not exist' }, 't_run')).toBe(true);
    expect(vanishedElsewhere({ code: '3F000', message: 'schema "t_run" does not exist' }, 't_run')).toBe(false);
    expect(vanishedElsewhere({ code: '42P01', message: 'relation "t_run.kysely_migration" does not exist' }, 't_run')).toBe(false);
    // A migration's own unqualified table, or another error, is a real failure.
    expect(vanishedElsewhere({ code: '42P01', message: 'relation "funding_requests" does not exist' }, 't_run')).toBe(false);
    expect(vanishedElsewhere({ code: '23505', message: 'duplicate key value' }, 't_run')).toBe(false);
  });
});

describe.runIf(url)('migrations while other schemas are dropped on PostgreSQL', () => {
  it('migrate every fresh database while 30 other schemas are dropped one after the other', async () => {
    const admin = new pg.Client({ connectionString: url! });
    await admin.connect();
    const others = Array.from({ length: 30 }, () => `t_gone_${randomBytes(4).toString('hex')}`);
    for (const schema of others) {
      await admin.query(`create schema ${schema}`);
      for (let i = 0; i < 15; i++) await admin.query(`create table ${schema}.t${i} (id integer primary key, label text)`);
    }
    const dropping = (async () => { for (const schema of others) await admin.query(`drop schema ${schema} cascade`); })();
    const databases = await Promise.all(Array.from({ length: 3 }, () => freshDatabase('postgres')));
    await dropping;
    await admin.end();
    for (const database of databases) {
      expect(Number((await database.db.selectFrom('steeringState').select('version').executeTakeFirstOrThrow()).version)).toBeGreaterThanOrEqual(0);
      await database.destroy();
    }
  });
});
