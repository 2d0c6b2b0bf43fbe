import { createDatabase } from '../platform/db/database.js';
import { migrateToLatest } from '../server/migrate.js';
import { systemClock } from '../platform/http/context.js';
import { readSettings } from '../server/config.js';
import { rebuildFacts } from './factUpdates.js';

/**
 * Recomputes the steering facts of every record: after rows were written without history
 * (a load straight into the tables, a repair by hand). `npx tsx src/steering/rebuildCli.ts`
 * with the server's environment; the running servers read the new facts at their next view.
 */
const settings = readSettings();
const database = createDatabase({ databaseUrl: settings.databaseUrl, dataDir: settings.dataDir });
await migrateToLatest(database);
const started = performance.now();
let last = 0;
const { records } = await rebuildFacts({ database, clock: systemClock }, (done, total) => {
  if (done - last >= 50_000 || done === total) { last = done; console.log(`${done} / ${total} dossiers`); }
});
console.log(`Pilotage recalculé : ${records} dossiers en ${((performance.now() - started) / 1000).toFixed(1)} s.`);
await database.destroy();
