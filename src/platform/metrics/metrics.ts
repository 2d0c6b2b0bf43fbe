import { timingSafeEqual } from 'node:crypto';
import client from 'prom-client';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.js';
import type { Clock } from '../http/context.js';
import { onJobFinished, type JobOutcome } from '../outbox/jobs.js';

/**
 * Prometheus metrics of one server process: request durations by route pattern (never the
 * path itself, which may hold ids), job runs, and, read from the database at each scrape,
 * the job queue (depth and age of the oldest due job, shared by every process) and the
 * connection pool. Each process has its own registry; Prometheus scrapes each one.
 */
export interface Metrics {
  registry: client.Registry;
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  observeJob(run: JobOutcome): void;
}

export function createMetrics(database: Database, clock: Clock): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'parcours_' });

  const requests = new client.Histogram({
    name: 'parcours_http_request_duration_seconds', help: 'Durée des requêtes HTTP, par motif de route et code de réponse.',
    labelNames: ['method', 'route', 'status_code'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [registry],
  });
  const jobs = new client.Histogram({
    name: 'parcours_job_duration_seconds', help: 'Durée des tâches de fond exécutées par ce processus, par type et issue.',
    labelNames: ['kind', 'status'], buckets: [0.01, 0.1, 0.5, 1, 5, 15, 60, 300, 900], registers: [registry],
  });

  const queue = async () => {
    const { db } = database;
    return db.selectFrom('jobs').select((eb) => ['status', eb.fn.countAll<number>().as('n'), eb.fn.min('runAfter').as('oldest'), eb.fn.min('lockedAt').as('oldestLock')])
      .where('status', 'in', ['pending', 'running', 'failed']).groupBy('status').execute();
  };
  new client.Gauge({
    name: 'parcours_jobs', help: 'Tâches de fond par état (toute la base : tous les processus).', labelNames: ['status'], registers: [registry],
    async collect() {
      this.reset();
      for (const row of await queue()) this.set({ status: row.status }, Number(row.n));
    },
  });
  new client.Gauge({
    name: 'parcours_jobs_oldest_due_age_seconds', help: 'Âge de la plus ancienne tâche due non prise (0 si aucune).', registers: [registry],
    async collect() {
      const now = clock.now();
      const oldest = await database.db.selectFrom('jobs').select((eb) => eb.fn.min('runAfter').as('oldest'))
        .where('status', '=', 'pending').where('runAfter', '<=', now.toISOString()).executeTakeFirst();
      this.set(oldest?.oldest ? Math.max(0, (now.getTime() - new Date(String(oldest.oldest)).getTime()) / 1000) : 0);
    },
  });
  new client.Gauge({
    name: 'parcours_db_pool_connections', help: 'Connexions du pool PostgreSQL de ce processus (SQLite : une connexion).', labelNames: ['state'], registers: [registry],
    collect() {
      const stats = database.poolStats?.() ?? { total: 1, idle: 0, waiting: 0, max: 1 };
      this.set({ state: 'total' }, stats.total);
      this.set({ state: 'idle' }, stats.idle);
      this.set({ state: 'waiting' }, stats.waiting);
      this.set({ state: 'max' }, stats.max);
    },
  });

  return {
    registry,
    observeRequest: (method, route, status, seconds) => requests.observe({ method, route, status_code: String(status) }, seconds),
    observeJob: (run) => jobs.observe({ kind: run.kind, status: run.status }, run.durationMs / 1000),
  };
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Times every request of the app and serves `GET /metrics` to whoever presents the token
 * (`Authorization: Bearer <PARCOURS_METRICS_TOKEN>`). Registered at the root, before the
 * business routes, so the hook sees them all.
 */
export function installMetrics(app: FastifyInstance, metrics: Metrics, token: string): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'inconnue';
    if (route === '/metrics') return;
    metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const header = request.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!sameToken(given, token)) {
      return reply.status(401).header('www-authenticate', 'Bearer').send({ error: { code: 'unauthenticated', message: 'Jeton des métriques absent ou incorrect.', field: null, issues: [] } });
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}

/** The part of a logger job lines need (Fastify's pino logger has it). */
export interface JobLog { info(object: object, message: string): void; warn(object: object, message: string): void }

/**
 * One log line per job run of this process (id, kind, outcome, attempts, duration; the error
 * message when it failed, never its payload), and its duration in the metrics.
 */
export function reportJobRuns(log: JobLog, metrics?: Metrics): () => void {
  return onJobFinished((run) => {
    metrics?.observeJob(run);
    const line = { job: run.id, kind: run.kind, status: run.status, attempts: run.attempts, durationMs: run.durationMs };
    if (run.status === 'done') log.info(line, 'tâche');
    else log.warn({ ...line, error: run.error }, 'tâche');
  });
}
