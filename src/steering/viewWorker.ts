import { createSqliteReader, type Database } from '../platform/db/database.js';
import type { AppContext } from '../platform/http/context.js';
import { serveTasks } from '../platform/workers/serveTasks.js';
import { buildDashboard } from './dashboard.js';
import { factsState } from './factUpdates.js';
import type { ViewTask, ViewResult } from './viewComputation.js';

/**
 * A worker thread computing steering views on its own read-only connection to the SQLite file,
 * so that the grouped scans of the facts never hold the server's event loop.
 */
let reader: { file: string; database: Database } | undefined;

function readerOf(file: string): Database {
  if (reader?.file !== file) {
    void reader?.database.destroy();
    reader = { file, database: createSqliteReader(file) };
  }
  return reader.database;
}

serveTasks(async (task: ViewTask): Promise<ViewResult> => {
  const database = readerOf(task.file);
  // One read transaction: every grouped read sees the facts of the version checked here.
  return database.db.transaction().execute(async (trx) => {
    const { version } = await factsState(trx);
    if (version < task.version) throw new Error(`les faits lus (version ${version}) précèdent ceux appliqués (version ${task.version})`);
    const now = new Date(task.now);
    // The dashboard reads the database and the clock only: the worker has no server configuration.
    const ctx: Pick<AppContext, 'database' | 'clock'> = { database: { ...database, db: trx }, clock: { now: () => new Date(now) } };
    const dashboard = await buildDashboard(ctx as AppContext, task.filters);
    return { json: JSON.stringify(dashboard), version };
  });
});
