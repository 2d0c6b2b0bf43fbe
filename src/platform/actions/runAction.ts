import type { Transaction } from 'kysely';
import type { Schema } from '../db/schema.js';
import type { Database } from '../db/database.js';
import type { Clock } from '../http/context.js';
import { AppError } from '../http/errors.js';
import type { Actor } from '../identity/roles.js';
import { classifyDatabaseError } from './dbErrors.js';
import { lockRows, type RowLock } from './locks.js';

/** What an action receives: its transaction, who acts, when, and a way to lock more rows. */
export interface ActionScope {
  trx: Transaction<Schema>;
  actor: Actor | null;
  /** The instant of the action, the same for every row and history event it writes. */
  at: string;
  database: Database;
  /** Locks rows found while running (envelopes of a measure…), in id order per call. */
  lock(lock: RowLock): Promise<void>;
}

/**
 * A named write: a function of (transaction, actor, input) in its business module, called by
 * routes, imports, the demo and the command line alike. `locks` names the rows to lock before
 * anything is read (its aggregate row, a measure whose quota it draws on); `run` checks the
 * workflow's policy, writes, records history and queues jobs in the same transaction.
 */
export interface Action<Input, Output> {
  name: string;
  locks?: (input: Input, actor: Actor | null) => RowLock[];
  run(scope: ActionScope, input: Input): Promise<Output>;
}

export function defineAction<Input, Output>(action: Action<Input, Output>): Action<Input, Output> {
  return action;
}

export interface RunContext { database: Database; clock: Clock }

const MAX_TRIES = 4;

export const conflict = (message = 'Quelqu’un vient de faire la même opération sur ce dossier. Rechargez la page pour voir son état, puis recommencez si besoin.') =>
  new AppError(409, 'conflict', message);

/**
 * Runs an action in its own transaction. A deadlock or serialisation failure (two writers
 * met) runs it again from the start, a few times; a unique violation that survives is a
 * conflict with another writer and answers 409, never 500.
 */
export async function runAction<Input, Output>(rc: RunContext, actor: Actor | null, action: Action<Input, Output>, input: Input): Promise<Output> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await rc.database.db.transaction().execute((trx) => runActionIn(trx, rc, actor, action, input));
    } catch (error) {
      if (error instanceof AppError) throw error;
      const fault = classifyDatabaseError(error);
      if (fault === 'retryable' && attempt < MAX_TRIES) {
        await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20 * attempt));
        continue;
      }
      if (fault === 'unique_violation' || fault === 'retryable') throw conflict();
      throw error;
    }
  }
}

/**
 * Runs an action inside a transaction the caller already holds (an import writing many
 * records at once, the demo load): same locks and same checks, one commit for all.
 */
export async function runActionIn<Input, Output>(trx: Transaction<Schema>, rc: RunContext, actor: Actor | null, action: Action<Input, Output>, input: Input, at = rc.clock.now().toISOString()): Promise<Output> {
  const kind = rc.database.kind;
  for (const lock of action.locks?.(input, actor) ?? []) await lockRows(trx, kind, lock);
  return action.run({ trx, actor, at, database: rc.database, lock: (lock) => lockRows(trx, kind, lock) }, input);
}
