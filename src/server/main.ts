import { createDatabase } from '../platform/db/database.js';
import { migrateToLatest } from './migrate.js';
import { buildApp } from '../platform/http/app.js';
import { systemClock, type AppContext } from '../platform/http/context.js';
import { createMetrics, reportJobRuns } from '../platform/metrics/metrics.js';
import { startJobPoller } from '../platform/outbox/jobs.js';
import { smtpTransport, startMailPoller } from '../platform/mail/delivery.js';
import { loadDemoDataIfEmpty } from '../demo/demoData.js';
import { playWeeklyCellStory } from '../demo/weeklyCellStory.js';
import { readSettings } from './config.js';
import { routeModules } from './modules.js';
import { registerJobs } from './jobs.js';
import { warmSteering } from '../steering/snapshots.js';
import { ensureRemindersScheduled } from '../weeklyCell/reminders.js';
import { ensureDocumentSweepScheduled } from '../weeklyCell/documentSweep.js';
import { keepServingThroughUnhandledRejections } from './faults.js';

keepServingThroughUnhandledRejections();

const started = performance.now();
const settings = readSettings();
const database = createDatabase({ databaseUrl: settings.databaseUrl, dataDir: settings.dataDir, poolSize: settings.poolSize, pgSchema: settings.pgSchema });
// The schema must be right before the first request; with nothing to apply this is one read.
const applied = await migrateToLatest(database);
const ctx: AppContext = { database, clock: systemClock, config: settings.app };
registerJobs();
if (settings.demo && settings.logLevel !== 'silent') console.log('Vérification des données de démonstration…');
// The story plays the cell through its actions, on the demo's one transaction.
const demoLoaded = settings.demo && (await loadDemoDataIfEmpty(ctx, playWeeklyCellStory));
const metrics = settings.metricsToken ? createMetrics(database, systemClock) : undefined;
const app = await buildApp(ctx, routeModules, {
  logger: settings.logLevel === 'silent' ? false : { level: settings.logLevel },
  metrics: metrics && { metrics, token: settings.metricsToken! },
});
if (applied.length) app.log.info({ migrations: applied }, 'migrations appliquées');
if (demoLoaded) app.log.info('données de démonstration chargées (comptes listés dans le README)');

// Listen first: whatever the server does to warm up happens behind requests, never before them.
await app.listen({ port: settings.port, host: settings.host });
const cpu = process.cpuUsage();
app.log.info({ url: settings.app.publicUrl, database: database.kind, startupMs: Math.round(performance.now() - started), startupCpuMs: Math.round((cpu.user + cpu.system) / 1000) }, `Parcours écoute sur ${settings.app.publicUrl} (base ${database.kind})`);

reportJobRuns(app.log, metrics);
// The plenary's standard views are queued for the job poller, so the first reader does not wait.
const stopJobs = startJobPoller(ctx, 500, (message, error) => app.log.error({ err: error }, message));
const smtp = settings.mail && smtpTransport(settings.mail.smtpUrl);
const stopMail = settings.mail && smtp
  ? startMailPoller({ db: database.db, kind: database.kind, clock: systemClock, send: smtp.send, from: settings.mail.from, publicUrl: settings.app.publicUrl },
    5000, (message, error) => app.log.error({ err: error }, message))
  : async () => {};
ensureRemindersScheduled(ctx).catch((error: unknown) => app.log.error({ err: error }, 'planification des rappels impossible'));
ensureDocumentSweepScheduled(ctx).catch((error: unknown) => app.log.error({ err: error }, 'planification du nettoyage des fichiers impossible'));
warmSteering(ctx).catch((error: unknown) => app.log.error({ err: error }, 'préparation des vues de pilotage impossible'));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await app.close();
    await stopJobs();
    await stopMail();
    smtp?.close();
    await database.destroy();
    process.exit(0);
  });
}
