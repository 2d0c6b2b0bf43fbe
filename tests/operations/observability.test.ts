import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../src/demo/demoData.js';
import { DEMO_PASSWORD } from '../../src/demo/organisations.js';
import { buildApp, type Api } from '../../src/platform/http/app.js';
import type { AppContext } from '../../src/platform/http/context.js';
import { createMetrics, reportJobRuns } from '../../src/platform/metrics/metrics.js';
import { drainJobs, enqueueJob, registerJob } from '../../src/platform/outbox/jobs.js';
import { registerJobs } from '../../src/server/jobs.js';
import { routeModules } from '../../src/server/modules.js';
import { databaseKinds, freshDatabase } from '../support/databases.js';

const TOKEN = 'jeton-des-metriques-de-test';

describe.each(databaseKinds())('logs and metrics on %s', (kind) => {
  let app: Api;
  let ctx: AppContext;
  let stopReporting: () => void;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    ctx = { database: await freshDatabase(kind), clock: { now: () => new Date('2010-06-01T09:00:00.000Z') }, config: { publicUrl: 'http://localhost', secureCookies: false, sessionHours: 10 } };
    registerJobs();
    await loadDemoData(ctx);
    const metrics = createMetrics(ctx.database, ctx.clock);
    app = await buildApp(ctx, routeModules, {
      logger: { level: 'info', stream: { write: (line: string) => { lines.push(JSON.parse(line)); } } },
      metrics: { metrics, token: TOKEN },
    });
    stopReporting = reportJobRuns(app.log, metrics);
  });
  afterAll(async () => {
    stopReporting?.();
    await app?.close();
    await ctx?.database.destroy();
  });

  it('writes one JSON line per request, with its request id, and no personal data', async () => {
    lines.length = 0;
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'admin@parcours.test', password: DEMO_PASSWORD }, headers: { 'x-request-id': 'proxy-id-42' } });
    expect(login.statusCode).toBe(200);
    expect(login.headers['x-request-id']).toBe('proxy-id-42');
    const cookie = `parcours_session=${login.cookies.find((c) => c.name === 'parcours_session')!.value}`;
    const search = await app.inject({ url: '/api/users?q=Alice%20Administratrice&pageSize=5', headers: { cookie } });
    expect(search.statusCode).toBe(200);
    const refused = await app.inject({ method: 'POST', url: '/api/users', headers: { cookie }, payload: { email: 'claire.martin@example.fr', displayName: 'Claire Martin', password: 'court' } });
    expect(refused.statusCode).toBe(400);

    const requests = lines.filter((l) => l.msg === 'requête');
    expect(requests).toHaveLength(3);
    expect(requests[0]).toMatchObject({ reqId: 'proxy-id-42', method: 'POST', route: '/api/auth/login', path: '/api/auth/login', statusCode: 200 });
    expect(requests[1]).toMatchObject({ route: '/api/users', path: '/api/users', statusCode: 200 });
    expect(requests[2]).toMatchObject({ method: 'POST', statusCode: 400 });
    expect(typeof requests[1].reqId).toBe('string');
    expect(requests[1].reqId).not.toBe(requests[2].reqId);
    expect(requests.every((l) => typeof l.durationMs === 'number')).toBe(true);
    const everything = JSON.stringify(lines);
    for (const personal of ['admin@parcours.test', 'Alice', 'Administratrice', 'claire.martin', 'Claire Martin', DEMO_PASSWORD, 'parcours_session']) {
      expect(everything).not.toContain(personal);
    }
  });

  it('writes one line per job run, and counts them in the metrics', async () => {
    lines.length = 0;
    registerJob('test.observed', async (_ctx, payload: { fail?: boolean }) => {
      if (payload.fail) throw new Error('panne simulée');
      return { ok: true };
    });
    await enqueueJob(ctx.database.db, '2010-06-01T08:00:00.000Z', 'test.observed', { contact: 'personne@example.fr' });
    await enqueueJob(ctx.database.db, '2010-06-01T08:00:00.000Z', 'test.observed', { fail: true });
    await drainJobs(ctx);
    const jobs = lines.filter((l) => l.msg === 'tâche' && l.kind === 'test.observed');
    expect(jobs.map((j) => [j.status, j.error ?? null])).toEqual(expect.arrayContaining([['done', null], ['pending', 'panne simulée']]));
    expect(JSON.stringify(lines)).not.toContain('personne@example.fr');
  });

  it('serves Prometheus metrics to the token only: request durations, job queue, pool', async () => {
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/metrics', headers: { authorization: 'Bearer faux' } })).statusCode).toBe(401);
    await app.inject({ url: '/api/health' });
    const response = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    const text = response.body;
    expect(text).toMatch(/parcours_http_request_duration_seconds_count\{method="GET",route="\/api\/health",status_code="200"\} [1-9]/);
    expect(text).toMatch(/parcours_http_request_duration_seconds_count\{method="POST",route="\/api\/auth\/login",status_code="200"\} 1/);
    // The retried job is pending again: the queue depth and the oldest due job's age say so.
    expect(text).toMatch(/parcours_jobs\{status="pending"\} [1-9]/);
    expect(text).toMatch(/parcours_jobs_oldest_due_age_seconds \d/);
    expect(text).toMatch(/parcours_job_duration_seconds_count\{kind="test.observed",status="done"\} 1/);
    expect(text).toMatch(/parcours_db_pool_connections\{state="max"\} [1-9]/);
    expect(text).toContain('parcours_process_cpu_seconds_total');
    expect(text).toContain('parcours_nodejs_eventloop_lag_seconds');
  });

  it('answers 404 on /metrics when no token is set, never the web app', async () => {
    const webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'parcours-web-'));
    fs.writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>Parcours</title>');
    const bare = await buildApp({ ...ctx, config: { ...ctx.config, webRoot } }, routeModules);
    try {
      const response = await bare.inject({ url: '/metrics' });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.message).toContain('PARCOURS_METRICS_TOKEN');
      expect((await bare.inject({ url: '/programmes' })).body).toContain('<title>Parcours</title>');
    } finally {
      await bare.close();
      fs.rmSync(webRoot, { recursive: true, force: true });
    }
  });
});
