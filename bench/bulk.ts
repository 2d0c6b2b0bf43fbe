import type SqliteDatabase from 'better-sqlite3';
import type { RawRunner } from './db.js';

/**
 * Writes generated rows as fast as each database allows, without any extra package:
 * - SQLite: one prepared INSERT per table, run row by row on the better-sqlite3 handle
 *   inside large transactions. better-sqlite3 is synchronous and in-process, so a prepared
 *   statement costs a few microseconds a row; Kysely would add query building, an async
 *   hop and a mutex per row (10–50× slower), and multi-row VALUES hit the 32,766-variable limit.
 * - PostgreSQL: batches of INSERT … SELECT FROM unnest($1::int[], $2::text[], …): one
 *   round trip and one parse per batch whatever its size, with arrays serialised by pg.
 * Foreign keys are not checked during the load (PRAGMA foreign_keys = OFF on SQLite,
 * session_replication_role = replica on PostgreSQL, as pg_restore --disable-triggers does):
 * ids are assigned by the generator, consistent by construction, and the smoke test
 * runs PRAGMA foreign_key_check to prove it.
 *
 * `checked: true` is the import floor: the same statements under the app's guarantees —
 * foreign keys checked, the app's durability settings, all rows in one transaction — so
 * that the service is compared with raw SQL doing the same work, not a bulk load.
 */
export type ColumnType = 'int' | 'bigint' | 'text' | 'date' | 'instant' | 'bool';
export interface TableSpec { name: string; columns: readonly (readonly [string, ColumnType])[] }

export interface TableSink {
  /** Values in the order of the spec's columns. Await the result when it is a promise (a batch went out). */
  add(row: unknown[]): void | Promise<void>;
  end(): Promise<void>;
  readonly count: number;
}

const PG_ARRAY: Record<ColumnType, string> = { int: 'int4[]', bigint: 'int8[]', text: 'text[]', date: 'date[]', instant: 'timestamptz[]', bool: 'bool[]' };

export interface BulkWriter {
  table(spec: TableSpec): TableSink;
  /** Restores constraint checking and commits what is pending. */
  finish(): Promise<void>;
}

export async function bulkWriter(raw: RawRunner, options: { batch?: number; checked?: boolean } = {}): Promise<BulkWriter> {
  if (raw.kind === 'sqlite') return options.checked ? checkedSqliteWriter(raw.sqlite!) : sqliteWriter(raw.sqlite!);
  if (options.checked) {
    await raw.exec('begin');
    // Foreign keys are checked at once: each table goes out whole when it ends, parents first.
    const writer = pgWriter(raw, options.batch ?? Number.POSITIVE_INFINITY);
    return { table: writer.table, finish: () => raw.exec('commit') };
  }
  await raw.exec('set session_replication_role = replica');
  await raw.exec('set synchronous_commit = off');
  return pgWriter(raw, options.batch ?? 5000);
}

/** One prepared INSERT per table, run row by row; `afterRow` lets the bulk load commit as it goes. */
function sqliteTable(handle: SqliteDatabase.Database, spec: TableSpec, afterRow: () => void = () => {}): TableSink {
  const names = spec.columns.map(([n]) => n);
  const statement = handle.prepare(`insert into ${spec.name} (${names.join(', ')}) values (${names.map(() => '?').join(', ')})`);
  const booleans = spec.columns.map(([, t]) => t === 'bool');
  let count = 0;
  return {
    add(row) {
      for (let i = 0; i < row.length; i++) if (booleans[i] && row[i] !== null) row[i] = row[i] ? 1 : 0;
      statement.run(row);
      count += 1;
      afterRow();
    },
    async end() {},
    get count() { return count; },
  };
}

/** Prepared statements in one transaction, with the pragmas the app runs with (database.ts). */
function checkedSqliteWriter(handle: SqliteDatabase.Database): BulkWriter {
  handle.exec('begin');
  return { table: (spec) => sqliteTable(handle, spec), finish: async () => { handle.exec('commit'); } };
}

function sqliteWriter(handle: SqliteDatabase.Database): BulkWriter {
  handle.pragma('foreign_keys = OFF');
  // Generation only: no fsync (a crash means generating again) and a page cache large
  // enough to hold the index pages being filled; both are restored by finish().
  handle.pragma('synchronous = OFF');
  handle.pragma('cache_size = -524288');
  let pending = 0;
  handle.exec('begin');
  // A commit every 200k rows keeps the WAL file bounded without paying a sync per row.
  const tick = () => {
    pending += 1;
    if (pending >= 200_000) { handle.exec('commit'); handle.exec('begin'); pending = 0; }
  };
  return {
    table: (spec) => sqliteTable(handle, spec, tick),
    async finish() {
      handle.exec('commit');
      handle.pragma('foreign_keys = ON');
      handle.pragma('synchronous = NORMAL');
      handle.pragma('cache_size = -2000');
      handle.pragma('wal_checkpoint(TRUNCATE)');
    },
  };
}

function pgWriter(raw: RawRunner, batch: number): BulkWriter {
  return {
    table(spec) {
      const names = spec.columns.map(([n]) => n);
      const sql = `insert into ${spec.name} (${names.join(', ')}) select * from unnest(${spec.columns.map(([, t], i) => `$${i + 1}::${PG_ARRAY[t]}`).join(', ')})`;
      let columns: unknown[][] = names.map(() => []);
      let size = 0;
      let count = 0;
      const flush = async () => {
        if (size === 0) return;
        const values = columns;
        columns = names.map(() => []);
        size = 0;
        await raw.pg!.query(sql, values);
      };
      return {
        add(row) {
          for (let i = 0; i < row.length; i++) columns[i].push(row[i]);
          size += 1;
          count += 1;
          if (size >= batch) return flush();
        },
        end: flush,
        get count() { return count; },
      };
    },
    async finish() {
      await raw.exec('set session_replication_role = origin');
    },
  };
}
