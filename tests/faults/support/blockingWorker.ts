/**
 * A server process reduced to its job poller, for the tests that kill it: it claims one job,
 * says so on stdout, and its handler never returns (as if it were producing a long document
 * when the machine went down). Its heartbeat keeps renewing the lease until it is killed.
 *
 * Environment: PARCOURS_TEST_SQLITE_FILE, or PARCOURS_TEST_PG_URL with PARCOURS_TEST_PG_SCHEMA;
 * PARCOURS_TEST_NOW, the instant of its clock; PARCOURS_TEST_LEASE_SECONDS.
 */
import { createDatabase } from '../../../src/platform/db/database.js';
import type { AppContext } from '../../../src/platform/http/context.js';
import { registerJob, runOneJob } from '../../../src/platform/outbox/jobs.js';
import { BLOCKING_JOB } from './jobKinds.js';

const env = process.env;
const database = env.PARCOURS_TEST_SQLITE_FILE
  ? createDatabase({ sqliteFile: env.PARCOURS_TEST_SQLITE_FILE })
  : createDatabase({ databaseUrl: env.PARCOURS_TEST_PG_URL, pgSchema: env.PARCOURS_TEST_PG_SCHEMA, poolSize: 2 });
const now = new Date(env.PARCOURS_TEST_NOW!);
const ctx: AppContext = {
  database, clock: { now: () => new Date(now) },
  config: { publicUrl: 'http://localhost', secureCookies: false, sessionHours: 1, jobs: { leaseSeconds: Number(env.PARCOURS_TEST_LEASE_SECONDS ?? 60) } },
};
registerJob(BLOCKING_JOB, async (_ctx, _payload, _progress, job) => {
  process.stdout.write(`claimed ${job.id}\n`);
  await new Promise(() => {});
});
// The handler's promise never settles; this timer keeps the event loop alive until the kill.
setInterval(() => {}, 1000);
const ran = await runOneJob(ctx);
process.stdout.write(`nothing to claim ${String(ran)}\n`);
