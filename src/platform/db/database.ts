import path from 'node:path';
import fs from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { CamelCasePlugin, CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type LogEvent } from 'kysely';
import { BooleanPlugin } from './booleanPlugin.js';
import type { Schema } from './schema.js';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<Schema>;
  kind: DatabaseKind;
  /** PostgreSQL schema holding the tables, when not the default one. */
  schema?: string;
  /**
   * SQLite only: the driver's handle, for bulk writes with prepared statements inside a
   * Kysely transaction (same connection, so same transaction): src/platform/db/insertRows.ts.
   */
  sqliteHandle?: SqliteDatabase.Database;
  /** PostgreSQL only: the connection pool's state, for the metrics. */
  poolStats?(): { total: number; idle: number; waiting: number; max: number };
  destroy(): Promise<void>;
}

export interface DatabaseConfig {
  /** postgres://… selects PostgreSQL; absent selects the embedded SQLite file. */
  databaseUrl?: string;
  /** Folder of the SQLite file (PARCOURS_DATA_DIR). */
  dataDir?: string;
  /** Overrides the SQLite file name, ':memory:' for throw-away databases. */
  sqliteFile?: string;
  /** PostgreSQL schema to use (tests isolate themselves in their own schema). */
  pgSchema?: string;
  /** Connections kept to PostgreSQL by this process (PARCOURS_DB_POOL_SIZE, 10). */
  poolSize?: number;
  /** Where connection faults are reported; they never stop the process. */
  log?: (message: string, error: unknown) => void;
  /** Kysely's log of every statement sent, with its duration (how many statements a reading sends: tests). */
  queryLog?: (event: LogEvent) => void;
}

const defaultLog = (message: string, error: unknown) => console.error(`[base] ${message}`, error instanceof Error ? error.message : error);

// PostgreSQL hands back bigint (money in cents) as strings and timestamps as Date
// objects; SQLite hands back numbers and text. Parsing them the same way here lets
// every repository ignore which database it runs on.
pg.types.setTypeParser(20, (v) => Number(v)); // int8
pg.types.setTypeParser(1700, (v) => Number(v)); // numeric (aggregates)
pg.types.setTypeParser(1082, (v) => v); // date stays 'YYYY-MM-DD'
pg.types.setTypeParser(1184, (v) => new Date(v).toISOString()); // timestamptz
pg.types.setTypeParser(1114, (v) => new Date(`${v}Z`).toISOString()); // timestamp

export function createDatabase(config: DatabaseConfig): Database {
  if (config.databaseUrl) return createPostgres(config.databaseUrl, config);
  return createSqlite(config);
}

function createSqlite(config: DatabaseConfig): Database {
  let file = config.sqliteFile;
  if (!file) {
    const dir = config.dataDir ?? './data';
    fs.mkdirSync(dir, { recursive: true });
    file = path.join(dir, 'parcours.sqlite');
  }
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // FULL: a write acknowledged to the user survives a power cut, not only a crash of the
  // process (NORMAL in WAL mode may lose the last transactions). Cost measured in
  // docs/benchmarks.md, promise in docs/operations.md.
  sqlite.pragma('synchronous = FULL');
  const db = new Kysely<Schema>({
    dialect: new ImmediateSqliteDialect(sqlite),
    plugins: [new CamelCasePlugin(), new BooleanPlugin('sqlite')],
    ...(config.queryLog ? { log: config.queryLog } : {}),
  });
  return { db, kind: 'sqlite', sqliteHandle: sqlite, destroy: () => db.destroy() };
}

/** The file of a SQLite database, absent for PostgreSQL and for in-memory SQLite (which no other connection can open). */
export function sqliteFileOf(database: Database): string | undefined {
  const handle = database.sqliteHandle;
  return handle && !handle.memory ? path.resolve(handle.name) : undefined;
}

/**
 * A second, read-only connection on a SQLite file, for a worker thread: in WAL mode it reads
 * the last committed state while the server's connection writes. Its transactions begin
 * deferred (a read takes no write lock), so one transaction reads one consistent snapshot.
 */
export function createSqliteReader(file: string): Database {
  const sqlite = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('query_only = ON');
  const db = new Kysely<Schema>({
    dialect: new SqliteDialect({ database: sqlite }),
    plugins: [new CamelCasePlugin(), new BooleanPlugin('sqlite')],
  });
  return { db, kind: 'sqlite', sqliteHandle: sqlite, destroy: () => db.destroy() };
}

function createPostgres(url: string, config: DatabaseConfig): Database {
  const log = config.log ?? defaultLog;
  const pool = new pg.Pool({
    connectionString: url,
    max: config.poolSize ?? 10,
    options: config.pgSchema ? `-c search_path=${config.pgSchema}` : undefined,
    // An unreachable server fails the request (503) instead of holding it indefinitely.
    connectionTimeoutMillis: 5000,
  });
  // A connection the server drops (pg_terminate_backend, failover, restart) emits 'error':
  // on the pool while idle, on the client while checked out. Unheard, either event kills
  // the process. Heard, the pool discards the connection and opens a fresh one on demand.
  pool.on('error', (error) => log('connexion inactive perdue', error));
  pool.on('connect', (client) => client.on('error', (error) => log('connexion en cours d’usage perdue', error)));
  const db = new Kysely<Schema>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin(), new BooleanPlugin('postgres')],
    ...(config.queryLog ? { log: config.queryLog } : {}),
  });
  const max = config.poolSize ?? 10;
  return {
    db, kind: 'postgres', schema: config.pgSchema, destroy: () => db.destroy(),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max }),
  };
}

/**
 * SQLite transactions begin IMMEDIATE: the write lock is taken before the first read, so a
 * transaction that reads then writes never fails half-way on SQLITE_BUSY because another
 * process wrote in between, and two writers (two server processes on one file) run one
 * after the other. This is what makes the row locks of actions unnecessary on SQLite.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  constructor(private readonly handle: SqliteDatabase.Database) { super({ database: handle }); }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  /**
   * SQLite may roll a transaction back by itself (SQLITE_FULL, SQLITE_IOERR): a second
   * rollback would fail with « no transaction is active » and hide the error that matters.
   */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.handle.inTransaction) await super.rollbackTransaction(connection);
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly handle: SqliteDatabase.Database) { super({ database: handle }); }
  override createDriver(): Driver { return new ImmediateSqliteDriver(this.handle); }
}

/**
 * A short write from a worker thread whose own connection is read-only: a writing connection
 * on the same file for the time of `work`, waiting for the server's writes like any writer.
 */
export async function withSqliteWriter<T>(file: string, work: (db: Kysely<Schema>) => Promise<T>): Promise<T> {
  const writer = createSqlite({ sqliteFile: file });
  try { return await work(writer.db); } finally { await writer.destroy(); }
}
