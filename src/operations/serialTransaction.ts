import type { Transaction } from 'kysely';
import type { Database } from '../platform/db/database.js';
import type { Schema } from '../platform/db/schema.js';
import { classifyDatabaseError } from '../platform/actions/dbErrors.js';

const MAX_TRIES = 6;

/**
 * Runs `work` in a serializable transaction, again from the start when another writer met
 * it. The operations commands check "does it exist yet?" before writing rows that have no
 * row to lock yet (the first administrator, a pack's organisations): on PostgreSQL
 * serializable isolation makes two processes doing so at once fail one of them (40001),
 * and its retry then sees the other's rows; a unique violation means the same. On SQLite
 * transactions begin IMMEDIATE, so the second writer waits and then reads the first's rows.
 */
export async function inSerialTransaction<T>(database: Database, work: (trx: Transaction<Schema>) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await database.db.transaction().setIsolationLevel('serializable').execute(work);
    } catch (error) {
      const fault = classifyDatabaseError(error);
      if ((fault === 'retryable' || fault === 'unique_violation') && attempt < MAX_TRIES) {
        await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 30));
        continue;
      }
      throw error;
    }
  }
}
