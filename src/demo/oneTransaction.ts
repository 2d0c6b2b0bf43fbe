import { CompiledQuery, Kysely, type DatabaseConnection, type Driver } from 'kysely';
import type { Database } from '../platform/db/database.js';
import type { Schema } from '../platform/db/schema.js';

/**
 * Runs `work` inside ONE transaction of the real database, handing it a Database whose
 * every statement runs on that transaction's connection and whose own transactions
 * become savepoints. Code written for its own transactions (actions, the import, the
 * cell's routes) then runs unchanged, and all of it commits together or not at all: a
 * process killed half-way leaves nothing behind. The inner database serves one caller at
 * a time, as SQLite's single connection does.
 */
export async function withinOneTransaction<T>(database: Database, work: (inner: Database) => Promise<T>): Promise<T> {
  return database.db.connection().execute((bound) => bound.getExecutor().provideConnection(async (connection) => {
    await connection.executeQuery(CompiledQuery.raw(database.kind === 'sqlite' ? 'begin immediate' : 'begin'));
    let result: T;
    try {
      result = await work(nestedDatabase(database, connection));
    } catch (error) {
      await connection.executeQuery(CompiledQuery.raw('rollback'));
      throw error;
    }
    await connection.executeQuery(CompiledQuery.raw('commit'));
    return result;
  }));
}

function nestedDatabase(database: Database, connection: DatabaseConnection): Database {
  let queue: Promise<unknown> = Promise.resolve();
  // One user of the connection at a time: a transaction holds it from begin to commit.
  const provider = {
    provideConnection<R>(consumer: (c: DatabaseConnection) => Promise<R>): Promise<R> {
      const turn = queue.then(() => consumer(connection));
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
  // Same adapter, compiler and plugins as the real database; only connections and transactions differ.
  const executor = database.db.getExecutor().withConnectionProvider(provider);
  const driver = new SavepointDriver();
  const unsupported = () => { throw new Error('Not available inside the one-transaction database.'); };
  const dialect = { createDriver: () => driver, createAdapter: () => executor.adapter, createQueryCompiler: unsupported, createIntrospector: unsupported };
  const db = new Kysely<Schema>({ config: { dialect }, dialect, executor, driver });
  return { ...database, db, destroy: async () => {} };
}

/** Nested transactions as savepoints of the one open transaction. */
class SavepointDriver implements Driver {
  #depth = 0;
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> { throw new Error('The nested database provides its connection itself.'); }
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    this.#depth++;
    await connection.executeQuery(CompiledQuery.raw(`savepoint nested_${this.#depth}`));
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint nested_${this.#depth}`));
    this.#depth--;
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint nested_${this.#depth}`));
    await connection.executeQuery(CompiledQuery.raw(`release savepoint nested_${this.#depth}`));
    this.#depth--;
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}
