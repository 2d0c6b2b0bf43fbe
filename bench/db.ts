import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect, type LogEvent } from 'kysely';
import { BooleanPlugin } from '../src/platform/db/booleanPlugin.js';
// Imported for its side effect too: the pg type parsers (bigint → number, timestamptz → ISO).
import type { Database, DatabaseKind } from '../src/platform/db/database.js';
import '../src/platform/db/database.js';
import { migrateToLatest } from '../src/server/migrate.js';
import type { Schema } from '../src/platform/db/schema.js';

/**
 * The bench opens the database itself instead of calling createDatabase(), for two reasons:
 * it needs the driver underneath (the better-sqlite3 handle or a pg client) to write
 * millions of rows and to run the "raw SQL floor", and it needs Kysely's query log to
 * capture the exact SQL an endpoint runs so the floor replays that same SQL. The settings
 * (pragmas, plugins, type parsers) are those of src/platform/db/database.ts.
 */
export const BENCH_OUT = path.resolve('bench/out');
export const DEFAULT_PG_URL = process.env.PARCOURS_BENCH_DATABASE_URL ?? process.env.PARCOURS_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Target { kind: DatabaseKind; sqliteFile?: string; pgUrl?: string; pgSchema?: string }

export interface CapturedQuery { sql: string; parameters: readonly unknown[] }

/** Runs SQL straight on the driver: no Kysely, no plugins, no HTTP. */
export interface RawRunner {
  kind: DatabaseKind;
  all(sql: string, params?: readonly unknown[]): Promise<unknown[]>;
  exec(sql: string): Promise<void>;
  /** Streams every row of a read query to `onRow` without holding them (the export floor). */
  stream(sql: string, params: readonly unknown[], onRow: (row: Record<string, unknown>) => void): Promise<number>;
  /** SQLite only: the better-sqlite3 handle, for prepared statements in large transactions. */
  sqlite?: SqliteDatabase.Database;
  /** PostgreSQL only: a dedicated client whose search_path is the bench schema. */
  pg?: pg.Client;
}

export interface BenchDb {
  kind: DatabaseKind;
  database: Database;
  raw: RawRunner;
  /** Records the SQL Kysely sends while `fn` runs (only one request in flight, so nothing else mixes in). */
  capture<T>(fn: () => Promise<T>): Promise<{ result: T; queries: CapturedQuery[] }>;
  close(): Promise<void>;
}

export function targetFor(kind: DatabaseKind, tag: string, pgUrl = DEFAULT_PG_URL): Target {
  return kind === 'sqlite'
    ? { kind, sqliteFile: path.join(BENCH_OUT, `bench-${tag}.sqlite`) }
    : { kind, pgUrl, pgSchema: `bench_${tag.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}` };
}

/** Empties the target (file deleted, schema dropped and recreated) and migrates it. */
export async function resetTarget(target: Target): Promise<void> {
  if (target.kind === 'sqlite') {
    fs.mkdirSync(path.dirname(target.sqliteFile!), { recursive: true });
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${target.sqliteFile}${suffix}`, { force: true });
  } else {
    const admin = new pg.Client({ connectionString: target.pgUrl });
    await admin.connect();
    await admin.query(`drop schema if exists ${target.pgSchema} cascade`);
    await admin.query(`create schema ${target.pgSchema}`);
    await admin.end();
  }
  const bench = await openBench(target);
  await migrateToLatest(bench.database);
  await bench.close();
}

export async function dropTarget(target: Target): Promise<void> {
  if (target.kind === 'sqlite') {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${target.sqliteFile}${suffix}`, { force: true });
    return;
  }
  const admin = new pg.Client({ connectionString: target.pgUrl });
  await admin.connect();
  await admin.query(`drop schema if exists ${target.pgSchema} cascade`);
  await admin.end();
}

export async function openBench(target: Target): Promise<BenchDb> {
  let capturing: CapturedQuery[] | null = null;
  const log = (event: LogEvent) => {
    if (capturing && event.level === 'query') capturing.push({ sql: event.query.sql, parameters: event.query.parameters });
  };
  const capture = async <T>(fn: () => Promise<T>) => {
    const queries: CapturedQuery[] = [];
    capturing = queries;
    try {
      return { result: await fn(), queries };
    } finally {
      capturing = null;
    }
  };

  if (target.kind === 'sqlite') {
    const handle = new SqliteDatabase(target.sqliteFile!);
    handle.pragma('journal_mode = WAL');
    handle.pragma('foreign_keys = ON');
    handle.pragma('busy_timeout = 5000');
    handle.pragma('synchronous = NORMAL');
    const db = new Kysely<Schema>({
      dialect: new SqliteDialect({ database: handle }),
      plugins: [new CamelCasePlugin(), new BooleanPlugin('sqlite')],
      log,
    });
    const raw: RawRunner = {
      kind: 'sqlite', sqlite: handle,
      async all(sql, params = []) {
        const statement = handle.prepare(sql);
        return statement.reader ? statement.all(...(params as unknown[])) : (statement.run(...(params as unknown[])), []);
      },
      async exec(sql) { handle.exec(sql); },
      async stream(sql, params, onRow) {
        let count = 0;
        for (const row of handle.prepare(sql).iterate(...(params as unknown[]))) { onRow(row as Record<string, unknown>); count += 1; }
        return count;
      },
    };
    const database: Database = { db, kind: 'sqlite', sqliteHandle: handle, destroy: () => db.destroy() };
    return { kind: 'sqlite', database, raw, capture, close: () => db.destroy() };
  }

  const options = `-c search_path=${target.pgSchema}`;
  const pool = new pg.Pool({ connectionString: target.pgUrl, max: 10, options });
  const db = new Kysely<Schema>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin(), new BooleanPlugin('postgres')],
    log,
  });
  const client = new pg.Client({ connectionString: target.pgUrl, options });
  await client.connect();
  const raw: RawRunner = {
    kind: 'postgres', pg: client,
    async all(sql, params = []) { return (await client.query(sql, params as unknown[])).rows; },
    async exec(sql) { await client.query(sql); },
    async stream(sql, params, onRow) {
      // pg has no cursor without the pg-cursor package: a server-side cursor fetched in chunks does the same.
      let count = 0;
      await client.query('begin');
      try {
        await client.query(`declare bench_export no scroll cursor for ${inlineParameters(sql, params)}`);
        for (;;) {
          const { rows } = await client.query('fetch 5000 from bench_export');
          for (const row of rows) onRow(row);
          count += rows.length;
          if (rows.length < 5000) break;
        }
      } finally {
        await client.query('commit');
      }
      return count;
    },
  };
  const database: Database = { db, kind: 'postgres', schema: target.pgSchema, destroy: () => db.destroy() };
  return {
    kind: 'postgres', database, raw, capture,
    close: async () => { await client.end(); await db.destroy(); },
  };
}

/** DECLARE … CURSOR takes no bind parameters: the captured values are written into the SQL as literals. */
export function inlineParameters(sql: string, params: readonly unknown[]): string {
  return sql.replace(/\$(\d+)/g, (_, n: string) => {
    const value = params[Number(n) - 1];
    if (value === null || value === undefined) return 'null';
    if (typeof value === 'number' || typeof value === 'bigint') return String(value);
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    return `'${String(value).replace(/'/g, "''")}'`;
  });
}
