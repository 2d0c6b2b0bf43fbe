import { createDatabase } from '../platform/db/database.js';
import { migrateToLatest } from '../platform/db/migrate.js';
import { buildApp } from '../platform/http/app.js';
import { systemClock, type AppContext } from '../platform/http/context.js';
import { startJobPoller } from '../platform/outbox/jobs.js';
import { loadDemoDataIfEmpty } from '../demo/demoData.js';
import { playWeeklyCellStory } from '../demo/weeklyCellStory.js';
import { readSettings } from './config.js';
import { routeModules } from './modules.js';
import { registerJobs } from './jobs.js';
import { warmSteering } from '../steering/snapshots.js';
import { keepServingThroughUnhandledRejections } from './faults.js';

keepServingThroughUnhandledRejections();

const settings = readSettings();
const database = createDatabase({ databaseUrl: settings.databaseUrl, dataDir: settings.dataDir, poolSize: settings.poolSize, pgSchema: settings.pgSchema });
await migrateToLatest(database);
const ctx: AppContext = { database, clock: systemClock, config: settings.app };
registerJobs();
const demoLoaded = settings.demo && (await loadDemoDataIfEmpty(ctx));
const app = await buildApp(ctx, routeModules, { logger: process.env.PARCOURS_LOG !== '0' });
if (demoLoaded) {
  await playWeeklyCellStory(app, ctx);
  console.log('Données de démonstration chargées (comptes listés dans le README).');
}
// The plenary's standard views are computed in the background, so the first reader does not wait.
await warmSteering(ctx);
const stopJobs = startJobPoller(ctx);
await app.listen({ port: settings.port, host: settings.host });
console.log(`Parcours écoute sur ${settings.app.publicUrl} (base ${database.kind}).`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await app.close();
    await stopJobs();
    await database.destroy();
    process.exit(0);
  });
}
