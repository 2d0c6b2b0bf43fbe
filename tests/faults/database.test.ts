import net from 'node:net';
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '../../src/platform/db/database.js';
import { buildApp } from '../../src/platform/http/app.js';
import { installErrorHandler } from '../../src/platform/http/errorHandler.js';
import { startJobPoller } from '../../src/platform/outbox/jobs.js';
import { routeModules } from '../../src/server/modules.js';
import { DEMO_PASSWORD } from '../../src/demo/organisations.js';
import { testApp, type TestApp } from '../support/app.js';
import { sampleDraft } from '../support/requests.js';
import { contextOn, killed, spawnTs, testClock, waitForLine } from './support/shared.js';

describe('database faults answered 503', () => {
  const thrower = async (code: string, message = 'erreur du pilote') => {
    const app = Fastify();
    installErrorHandler(app);
    app.get('/', async () => { throw Object.assign(new Error(message), { code }); });
    const response = await app.inject({ method: 'GET', url: '/' });
    await app.close();
    return response;
  };

  it.each([
    ['53100', 'storage_full', '60'], // PostgreSQL: could not extend file, disk full
    ['SQLITE_FULL', 'storage_full', '60'],
    ['ENOSPC', 'storage_full', '60'],
    ['57P01', 'unavailable', '10'], // PostgreSQL: terminating connection due to administrator command
    ['ECONNREFUSED', 'unavailable', '10'],
    ['08006', 'unavailable', '10'],
  ])('maps %s to 503 %s with Retry-After', async (code, answer, retryAfter) => {
    const response = await thrower(code);
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe(retryAfter);
    expect(response.json().error).toMatchObject({ code: answer, field: null });
    expect(response.json().error.message).toMatch(/Rien n’a été enregistré/);
  });

  it('keeps 500 for a fault a retry would not cure, without revealing it', async () => {
    const response = await thrower('42P01', 'relation "secret_table" does not exist');
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toMatch(/secret_table/);
  });
});

describe('a refused PostgreSQL connection', () => {
  it('answers 503 and stays alive: live yes, ready no, the poller backs off and keeps polling', async () => {
    const errors: unknown[] = [];
    const database = createDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:1/parcours', log: (_m, e) => errors.push(e) });
    const ctx = contextOn(database, testClock('2010-06-01T09:00:00.000Z'));
    const app = await buildApp(ctx, routeModules);
    const failures: string[] = [];
    const stop = startJobPoller(ctx, 20, (message) => failures.push(message));
    try {
      expect((await app.inject({ method: 'GET', url: '/api/health/live' })).statusCode).toBe(200);
      const ready = await app.inject({ method: 'GET', url: '/api/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ status: 'unavailable', checks: [{ name: 'database', ok: false, message: 'La base de données ne répond pas.' }] });
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'secretariat@parcours.test', password: DEMO_PASSWORD } });
      expect(login.statusCode).toBe(503);
      expect(login.headers['retry-after']).toBe('10');
      expect(login.json().error.code).toBe('unavailable');
      await expect.poll(() => failures.length, { timeout: 10_000, interval: 20 }).toBeGreaterThanOrEqual(2);
      expect(failures[1]).toMatch(/échec 2/);
    } finally {
      await stop();
      await app.close();
      await database.destroy();
    }
  });
});

describe('a full SQLite database', () => {
  let t: TestApp;
  beforeAll(async () => { t = await testApp('sqlite'); });
  afterAll(async () => { await t?.close(); });

  it('answers 503 to writes and to readiness while full, keeps nothing partial, and recovers when room is made', async () => {
    const sqlite = t.ctx.database.sqliteHandle!;
    const company = await t.login('entreprise@parcours.test');
    const employees = Array.from({ length: 300 }, (_, n) => ({
      lastName: `Salarié ${n}`, firstName: 'Camille', birthDate: '1970-01-01', sex: 'F', socioProfessionalCategory: 'ouvrier', level1969: 'V', contractType: 'CDI',
    }));
    const draft = await sampleDraft(t, { employees });
    const requests = async () => Number((await t.ctx.database.db.selectFrom('fundingRequests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await requests();

    // No free page left and no room to grow: the next write that needs a page fails with SQLITE_FULL.
    sqlite.exec('vacuum');
    sqlite.pragma(`max_page_count = ${sqlite.pragma('page_count', { simple: true }) as number}`);
    const refused = await t.app.inject({ method: 'POST', url: '/api/requests', headers: { cookie: company }, payload: draft });
    expect(refused.statusCode).toBe(503);
    expect(refused.json().error.code).toBe('storage_full');
    expect(refused.headers['retry-after']).toBe('60');
    expect(await requests()).toBe(before);
    const ready = await t.app.inject({ method: 'GET', url: '/api/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks).toContainEqual({ name: 'writable', ok: false, message: 'Espace de stockage plein : la base refuse les écritures.' });
    expect((await t.app.inject({ method: 'GET', url: '/api/health/live' })).statusCode).toBe(200);

    sqlite.pragma('max_page_count = 1073741823');
    const accepted = await t.app.inject({ method: 'POST', url: '/api/requests', headers: { cookie: company }, payload: draft });
    expect(accepted.statusCode, accepted.body).toBe(201);
    expect(await requests()).toBe(before + 1);
    expect((await t.app.inject({ method: 'GET', url: '/api/health/ready' })).json()).toMatchObject({ status: 'ok' });
  });
});

describe('readiness and the jobs', () => {
  let t: TestApp;
  beforeAll(async () => { t = await testApp('sqlite'); });
  afterAll(async () => { await t?.close(); });

  it('reports jobs as not progressing when a due job waits past the limit, and ready again once it ran', async () => {
    const { db } = t.ctx.database;
    const at = t.clock.now().toISOString();
    const id = (await db.insertInto('jobs').values({ kind: 'test.nobody', payload: '{}', status: 'pending', attempts: 0, runAfter: at, progress: 0, createdAt: at }).returning('id').executeTakeFirstOrThrow()).id;
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    t.clock.set(new Date(t.clock.now().getTime() + 11 * 60_000).toISOString());
    const late = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(late.statusCode).toBe(503);
    expect(late.json().checks).toContainEqual({ name: 'jobs', ok: false, message: '1 tâche(s) de fond en retard de plus de 10 minutes : aucun processus ne les traite.' });
    await db.updateTable('jobs').set({ status: 'failed' }).where('id', '=', id).execute();
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });
});

const postgresUrl = inject('postgresUrl');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

describe.runIf(postgresUrl)('the server process when PostgreSQL drops its connections', () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const applicationName = `parcours_${schema}`;
  const admin = new pg.Client({ connectionString: postgresUrl! });

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`create schema ${schema}`);
  });
  afterAll(async () => {
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  });

  it('survives pg_terminate_backend of all its connections and serves again within 10 s', async () => {
    const port = await freePort();
    const server = spawnTs('src/server/main.ts', {
      DATABASE_URL: `${postgresUrl}?application_name=${applicationName}`, PARCOURS_DB_SCHEMA: schema,
      PARCOURS_DEMO: '0', PORT: String(port), HOST: '127.0.0.1', PARCOURS_LOG_LEVEL: 'info', PARCOURS_WEB_ROOT: '/nonexistent',
    });
    const base = `http://127.0.0.1:${port}`;
    try {
      await waitForLine(server, /Parcours écoute/);
      expect((await fetch(`${base}/api/health/ready`)).status).toBe(200);
      // Several connections in the pool, some idle, some mid-request when they are cut.
      await Promise.all(Array.from({ length: 6 }, () => fetch(`${base}/api/health/ready`)));
      const inFlight = Array.from({ length: 6 }, () => fetch(`${base}/api/health/ready`).then((r) => r.status, () => 0));
      const cut = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [applicationName]);
      expect(cut.rowCount).toBeGreaterThan(0);
      for (const status of await Promise.all(inFlight)) expect([200, 503]).toContain(status);

      const deadline = Date.now() + 10_000;
      let status = 0;
      while (Date.now() < deadline) {
        status = await fetch(`${base}/api/health/ready`).then((r) => r.status, () => 0);
        if (status === 200) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(status).toBe(200);
      expect(server.exitCode).toBeNull();
      expect(server.signalCode).toBeNull();
      expect((await fetch(`${base}/api/auth/options`)).status).toBe(200);
    } finally {
      await killed(server);
    }
  }, 90_000);
});
