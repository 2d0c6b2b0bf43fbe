import { sql, type Insertable, type Transaction } from 'kysely';
import type { Database } from './database.js';
import type { Schema } from './schema.js';

type SqliteHandle = NonNullable<Database['sqliteHandle']>;
type SqliteStatement = ReturnType<SqliteHandle['prepare']>;

/**
 * Many rows into one table inside the caller's transaction, as the database takes them best.
 * SQLite: one prepared statement run per row on the driver's handle (in-process, a few
 * microseconds a row; the transaction is the caller's, on the same connection). PostgreSQL: one
 * `INSERT … SELECT FROM unnest($1::type[], …)` per chunk — one array parameter per column,
 * parsed and planned once whatever the number of rows, where multi-row VALUES sends and
 * plans thousands of parameters (docs/benchmarks.md, import). The array types come from the
 * table's own columns, read once per table.
 *
 * `returning` may name `id` and columns given in the rows, nothing else (see insertSqlite);
 * match what comes back on a unique column, not on its position.
 */
export async function insertRows<T extends keyof Schema & string>(
  trx: Transaction<Schema>, database: Database, table: T, rows: Insertable<Schema[T]>[], options: { returning?: string[]; chunk?: number } = {},
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0]);
  // The same contract on both databases, though PostgreSQL could return any column.
  const unknown = (options.returning ?? []).filter((name) => name !== 'id' && !columns.includes(name));
  if (unknown.length) throw new Error(`insertRows : ${unknown.join(', ')} ne figure pas dans les lignes insérées dans ${table}.`);
  if (database.kind === 'sqlite') return insertSqlite(database, table, columns, rows as Record<string, unknown>[], options.returning ?? []);
  const out: Record<string, unknown>[] = [];
  const name = snake(table);
  const types = await columnTypes(trx, name);
  const chunk = options.chunk ?? 5_000;
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk) as Record<string, unknown>[];
    const arrays = columns.map((column) => sql`${part.map((row) => row[column] ?? null)}::${sql.raw(arrayType(types, name, snake(column)))}`);
    const returning = options.returning ? sql` returning ${sql.raw(options.returning.map(snake).join(', '))}` : sql``;
    const { rows: written } = await sql<Record<string, unknown>>`insert into ${sql.raw(name)} (${sql.raw(columns.map(snake).join(', '))}) select * from unnest(${sql.join(arrays)})${returning}`.execute(trx);
    out.push(...written);
  }
  return out;
}

/**
 * RETURNING would make SQLite run each insert through a temporary table: on a table with many
 * indexes (funding_requests) that doubles its cost. The rowid of the insert is the `id`
 * (every table's `integer primary key`), and the other columns asked for are those given.
 */
function insertSqlite(database: Database, table: string, columns: string[], rows: Record<string, unknown>[], returning: string[]): Record<string, unknown>[] {
  const handle = database.sqliteHandle;
  if (!handle) throw new Error('insertRows : la base SQLite est ouverte sans son pilote.');
  const statement = prepared(handle, `insert into ${snake(table)} (${columns.map(snake).join(', ')}) values (${columns.map(() => '?').join(', ')})`);
  const rowid = !columns.includes('id');
  const out: Record<string, unknown>[] = [];
  // One array bound per run: the driver copies the values before run() returns.
  const values: unknown[] = new Array(columns.length);
  for (const row of rows) {
    for (let i = 0; i < columns.length; i++) values[i] = sqliteValue(row[columns[i]]);
    const { lastInsertRowid } = statement.run(values);
    if (!returning.length) continue;
    const written: Record<string, unknown> = {};
    for (const name of returning) written[name] = name === 'id' && rowid ? Number(lastInsertRowid) : row[name];
    out.push(written);
  }
  return out;
}

/** Statements prepared once per connection: an import writes each table in several chunks. */
const statements = new WeakMap<SqliteHandle, Map<string, SqliteStatement>>();

function prepared(handle: SqliteHandle, text: string): SqliteStatement {
  let cache = statements.get(handle);
  if (!cache) statements.set(handle, (cache = new Map()));
  let statement = cache.get(text);
  if (!statement) {
    // A bound on what a long-running server keeps; the insert texts are a handful.
    if (cache.size >= 50) cache.clear();
    cache.set(text, (statement = handle.prepare(text)));
  }
  return statement;
}

/** What the booleans plugin does for SQLite, which stores booleans as 0 and 1. */
const sqliteValue = (value: unknown) => (value === undefined ? null : typeof value === 'boolean' ? (value ? 1 : 0) : value);

/** The camel-case plugin's mapping: `requestId` → `request_id`. */
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const known = new Map<string, Map<string, string>>();

async function columnTypes(trx: Transaction<Schema>, table: string): Promise<Map<string, string>> {
  let types = known.get(table);
  if (!types) {
    const { rows } = await sql<{ column: string; type: string }>`select column_name as "column", format_type(a.atttypid, a.atttypmod) as "type"
      from information_schema.columns c join pg_attribute a on a.attname = c.column_name
        and a.attrelid = (quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass
      where c.table_name = ${table} and c.table_schema = current_schema()`.execute(trx);
    types = new Map(rows.map((r) => [r.column, r.type]));
    known.set(table, types);
  }
  return types;
}

function arrayType(types: Map<string, string>, table: string, column: string): string {
  const type = types.get(column);
  if (!type) throw new Error(`Colonne inconnue ${table}.${column}`);
  return `${type}[]`;
}
