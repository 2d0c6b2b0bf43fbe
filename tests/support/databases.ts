import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { createDatabase, type Database, type DatabaseConfig, type DatabaseKind } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/server/migrate.js';

/** The database kinds this run covers: SQLite always, PostgreSQL when reachable. */
export function databaseKinds(): DatabaseKind[] {
  return inject('postgresUrl') ? ['sqlite', 'postgres'] : ['sqlite'];
}

/**
 * A fresh, migrated database: in-memory SQLite (or a throw-away file with `onDisk`, for what a
 * second connection must read), or a throw-away PostgreSQL schema.
 */
export async function freshDatabase(kind: DatabaseKind, options: { onDisk?: boolean } & Pick<DatabaseConfig, 'queryLog'> = {}): Promise<Database> {
  if (kind === 'sqlite') {
    const dir = options.onDisk ? fs.mkdtempSync(path.join(os.tmpdir(), 'parcours-test-')) : undefined;
    const database = createDatabase({ sqliteFile: dir ? path.join(dir, 'parcours.sqlite') : ':memory:', queryLog: options.queryLog });
    await migrateToLatest(database);
    if (!dir) return database;
    const destroy = database.destroy;
    return { ...database, destroy: async () => { await destroy(); fs.rmSync(dir, { recursive: true, force: true }); } };
  }
  const url = inject('postgresUrl');
  if (!url) throw new Error('PostgreSQL indisponible');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const database = createDatabase({ databaseUrl: url, pgSchema: schema, poolSize: 4, queryLog: options.queryLog });
  await migrateToLatest(database);
  const destroy = database.destroy;
  return {
    ...database,
    destroy: async () => {
      await destroy();
      const cleaner = new pg.Client({ connectionString: url });
      await cleaner.connect();
      await cleaner.query(`drop schema ${schema} cascade`);
      await cleaner.end();
    },
  };
}
