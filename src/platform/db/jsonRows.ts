import { PostgresAdapter, type Kysely, type RawBuilder, type SelectQueryBuilder, type Transaction } from 'kysely';
import { jsonArrayFrom as postgresArrayFrom } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteArrayFrom } from 'kysely/helpers/sqlite';

type Db = Kysely<any> | Transaction<any>;

const isPostgres = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * The rows of a correlated subquery as one JSON column of the outer query, so that a record
 * and its lists are read in one statement. The subquery must name its columns (SQLite's
 * json_object needs them: no selectAll). Read the column back with `readJsonRows`.
 */
export function jsonRows<O>(db: Db, query: SelectQueryBuilder<any, any, O>): RawBuilder<O[]> {
  return (isPostgres(db) ? postgresArrayFrom(query) : sqliteArrayFrom(query)) as RawBuilder<O[]>;
}

const BOOLEAN_NAME = /^(is|has)[A-Z_]/;
const INSTANT_NAME = /At$/;
const JSON_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d(:\d\d)?|Z)$/;

/**
 * Values as the same columns read as rows would give them (`database.ts`, `booleanPlugin.ts`):
 * SQLite hands the JSON back as text with booleans as 0/1 (named is_* / has_*); PostgreSQL writes
 * instants in JSON with an offset (`…+00:00`) where rows give ISO instants in UTC (`…Z`).
 * Money is bigint cents on PostgreSQL, written as a JSON number like every other integer.
 */
export function readJsonRows<O>(db: Db, value: unknown): O[] {
  const rows = (typeof value === 'string' ? JSON.parse(value) : value ?? []) as Record<string, unknown>[];
  const postgres = isPostgres(db);
  for (const row of rows) {
    for (const [key, v] of Object.entries(row)) {
      if (postgres) {
        if (typeof v === 'string' && INSTANT_NAME.test(key) && JSON_INSTANT.test(v)) row[key] = new Date(v).toISOString();
      } else if ((v === 0 || v === 1) && BOOLEAN_NAME.test(key)) {
        row[key] = v === 1;
      }
    }
  }
  return rows as O[];
}
