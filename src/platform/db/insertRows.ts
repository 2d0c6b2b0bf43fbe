import { sql, type Insertable, type Transaction } from 'kysely';
import type { Database } from './database.js';
import type { Schema } from './schema.js';

/**
 * Many rows into one table inside the caller's transaction, as the database takes them best.
 * SQLite: one prepared statement run per row on the driver's handle (in-process, a few
 * microseconds a row; the transaction is the caller's, on the same connection). PostgreSQL: one
 * `INSERT … SELECT FROM unnest($1::type[], …)` per chunk — one array parameter per column,
 * parsed and planned once whatever the number of rows, where multi-row VALUES sends and
 * plans thousands of parameters (docs/benchmarks.md, import). The array types come from the
 * table's own columns, read once per table.
 */
export async function insertRows<T extends keyof Schema & string>(
  trx: Transaction<Schema>, database: Database, table: T, rows: Insertable<Schema[T]>[], options: { returning?: string[]; chunk?: number } = {},
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0]);
  const out: Record<string, unknown>[] = [];
  if (database.kind === 'sqlite') {
    const handle = database.sqliteHandle;
    if (!handle) throw new Error('insertRows : la base SQLite est ouverte sans son pilote.');
    const returning = options.returning ?? [];
    const text = `insert into ${snake(table)} (${columns.map(snake).join(', ')}) values (${columns.map(() => '?').join(', ')})${returning.length ? ` returning ${returning.map(snake).join(', ')}` : ''}`;
    const statement = handle.prepare(text);
    for (const row of rows as Record<string, unknown>[]) {
      const values = columns.map((column) => sqliteValue(row[column]));
      if (!returning.length) { statement.run(values); continue; }
      const written = statement.get(values) as Record<string, unknown>;
      // Named as asked (camel case), as the query builder's plugin would.
      out.push(Object.fromEntries(returning.map((name) => [name, written[snake(name)]])));
    }
    return out;
  }
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
