import { sql, type Transaction } from 'kysely';
import type { Schema } from '../db/schema.js';

/** Tables whose rows an action may lock: aggregates and the shared counters they draw on. */
export type LockableTable = keyof Schema & string;

export interface RowLock { table: LockableTable; ids: readonly number[] }

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Locks rows until the transaction ends. On PostgreSQL this is `select … for update`, taken
 * in ascending id order so that two actions wanting the same rows queue instead of
 * deadlocking. On SQLite every transaction of the app already begins IMMEDIATE, which
 * takes the database's single write lock before the first read: writers never interleave,
 * across processes too, so there is nothing more to take.
 */
export async function lockRows(trx: Transaction<Schema>, kind: 'sqlite' | 'postgres', lock: RowLock): Promise<void> {
  if (kind !== 'postgres') return;
  const ids = [...new Set(lock.ids)].filter((id) => Number.isSafeInteger(id)).sort((a, b) => a - b);
  if (ids.length === 0) return;
  await sql`select id from ${sql.table(snake(lock.table))} where id in (${sql.join(ids)}) order by id for update`.execute(trx);
}
