import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.js';
import { drainJobs, enqueueJob, FinalJobError, jobEffectKey, MAX_ATTEMPTS, registerJob, runOneJob } from '../../src/platform/outbox/jobs.js';
import { notifyOrganisations } from '../../src/platform/notifications/notify.js';
import type { Database } from '../../src/platform/db/database.js';
import { BLOCKING_JOB } from './support/jobKinds.js';
import { contextOn, killed, sharedDatabase, spawnTs, testClock, waitForLine, type SharedDatabase } from './support/shared.js';

const NOW = '2010-06-01T09:00:00.000Z';
const LEASE_SECONDS = 60;

const job = (database: Database, id: number) => database.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe.each(databaseKinds())('jobs with a lease on %s', (kind) => {
  let shared: SharedDatabase;
  let organisationId: number;

  beforeAll(async () => {
    shared = await sharedDatabase(kind);
    const { db } = shared.database;
    const org = await db.insertInto('organisations').values({ kind: 'company', name: 'Forges de Franche-Comté', createdAt: NOW, version: 1, isActive: true }).returning('id').executeTakeFirstOrThrow();
    organisationId = org.id;
    const user = await db.insertInto('users').values({ email: 'dirigeant@forges.test', displayName: 'Dirigeant', createdAt: NOW, version: 1, isActive: true }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('memberships').values({ userId: user.id, organisationId, role: 'administrator', createdAt: NOW } as any).execute();
  });
  afterAll(async () => { await shared?.destroy(); });

  it('runs again, exactly once, a job whose process was killed (kill -9) once its lease has run out', async () => {
    const clock = testClock(NOW);
    const ctx = contextOn(shared.database, clock, { leaseSeconds: LEASE_SECONDS });
    const runs: number[] = [];
    registerJob(BLOCKING_JOB, async (_ctx, payload: { n: number }) => { runs.push(payload.n); return { ran: payload.n }; });
    const id = await enqueueJob(shared.database.db, NOW, BLOCKING_JOB, { n: 1 });

    const child = spawnTs('tests/faults/support/blockingWorker.ts', { ...shared.env, PARCOURS_TEST_NOW: NOW, PARCOURS_TEST_LEASE_SECONDS: String(LEASE_SECONDS) });
    try {
      expect((await waitForLine(child, /claimed (\d+)/))[1]).toBe(String(id));
    } finally {
      await killed(child);
    }
    const held = await job(shared.database, id);
    expect(held).toMatchObject({ status: 'running', attempts: 1 });
    expect(held.lockedBy).toMatch(/:\d+:/);

    // Its lease still runs: nobody else takes it, and later work is not held up behind it.
    const later = await enqueueJob(shared.database.db, NOW, 'test.afterStuck', {});
    registerJob('test.afterStuck', async () => 'ok');
    expect(await drainJobs(ctx)).toBe(1);
    expect((await job(shared.database, later)).status).toBe('done');
    expect((await job(shared.database, id)).status).toBe('running');
    expect(runs).toEqual([]);

    clock.advance((LEASE_SECONDS + 1) * 1000);
    expect(await drainJobs(ctx)).toBe(1);
    const done = await job(shared.database, id);
    expect(done).toMatchObject({ status: 'done', attempts: 2, leaseUntil: null, result: JSON.stringify({ ran: 1 }) });
    expect(done.error).toMatch(/interrompu/);
    expect(runs).toEqual([1]);
    expect(await drainJobs(ctx)).toBe(0);
  }, 60_000);

  it('keeps a failed job with its attempts and last error, and runs newer jobs past it', async () => {
    const clock = testClock(NOW);
    const ctx = contextOn(shared.database, clock);
    let tries = 0;
    registerJob('test.failing', async () => { tries++; throw new Error(`Le fichier de l’essai ${tries} est illisible`); });
    registerJob('test.fine', async () => 'ok');
    const failing = await enqueueJob(shared.database.db, NOW, 'test.failing', {});
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      expect(await runOneJob(ctx)).toBe(true);
      clock.advance(60_000);
    }
    const fine = await enqueueJob(shared.database.db, clock.now().toISOString(), 'test.fine', {});
    expect(await drainJobs(ctx)).toBe(1);
    expect(await job(shared.database, failing)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, error: `Le fichier de l’essai ${MAX_ATTEMPTS} est illisible` });
    expect((await job(shared.database, failing)).finishedAt).not.toBeNull();
    expect((await job(shared.database, fine)).status).toBe('done');
    expect(tries).toBe(MAX_ATTEMPTS);
  });

  it('fails at once a job that refuses its input, with the reason', async () => {
    const ctx = contextOn(shared.database, testClock(NOW));
    registerJob('test.refused', async () => { throw new FinalJobError('Filtres invalides.'); });
    const id = await enqueueJob(shared.database.db, NOW, 'test.refused', {});
    expect(await drainJobs(ctx)).toBe(1);
    expect(await job(shared.database, id)).toMatchObject({ status: 'failed', attempts: 1, error: 'Filtres invalides.' });
  });

  it('gives up a job whose process died on every attempt instead of handing it to the next one', async () => {
    const clock = testClock(NOW);
    const { db } = shared.database;
    const id = await enqueueJob(db, NOW, 'test.poison', {});
    await db.updateTable('jobs').set({ status: 'running', attempts: MAX_ATTEMPTS, lockedBy: 'hôte:4242:1:abcdef', leaseUntil: NOW }).where('id', '=', id).execute();
    let ran = false;
    registerJob('test.poison', async () => { ran = true; });
    clock.advance(1000);
    expect(await drainJobs(contextOn(shared.database, clock))).toBe(1);
    const given = await job(shared.database, id);
    expect(given).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect(given.error).toMatch(/hôte:4242/);
    expect(ran).toBe(false);
  });

  it('renews the lease while the handler runs, so a long job is not taken by another poller', async () => {
    const clock = testClock(NOW);
    const ctx = contextOn(shared.database, clock, { leaseSeconds: 0.3 });
    let release!: () => void;
    let started!: () => void;
    const isStarted = new Promise<void>((resolve) => { started = resolve; });
    registerJob('test.long', async () => { started(); await new Promise<void>((resolve) => { release = resolve; }); });
    const id = await enqueueJob(shared.database.db, NOW, 'test.long', {});
    const running = runOneJob(ctx);
    await isStarted;
    // Far past the first lease: only the heartbeat keeps the job from being claimed again.
    clock.advance(3_600_000);
    const renewedAfter = clock.now().toISOString();
    await expect.poll(async () => (await job(shared.database, id)).leaseUntil! > renewedAfter, { timeout: 5000, interval: 50 }).toBe(true);
    expect(await runOneJob(ctx)).toBe(false);
    release();
    expect(await running).toBe(true);
    expect(await job(shared.database, id)).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('gives a job an identity in the queue: a second enqueue of a pending or running key returns the first', async () => {
    const clock = testClock(NOW);
    const ctx = contextOn(shared.database, clock);
    const { db } = shared.database;
    registerJob('test.keyed', async () => 'ok');
    const first = await enqueueJob(db, NOW, 'test.keyed', { all: true }, { uniqueKey: 'refresh:all' });
    expect(await enqueueJob(db, NOW, 'test.keyed', { all: true }, { uniqueKey: 'refresh:all' })).toBe(first);
    const other = await enqueueJob(db, NOW, 'test.keyed', { key: 'd25' }, { uniqueKey: 'refresh:d25' });
    expect(other).not.toBe(first);
    expect(await drainJobs(ctx)).toBe(2);
    const again = await enqueueJob(db, NOW, 'test.keyed', { all: true }, { uniqueKey: 'refresh:all' });
    expect(again).not.toBe(first);
    expect(await db.selectFrom('jobs').select('id').where('uniqueKey', '=', 'refresh:all').where('status', '=', 'pending').execute()).toHaveLength(1);
    expect(await drainJobs(ctx)).toBe(1);
  });

  it('writes the notifications and e-mails of a job once, however many times the job runs', async () => {
    const clock = testClock(NOW);
    const ctx = contextOn(shared.database, clock);
    const { db } = shared.database;
    let runs = 0;
    registerJob('test.notifying', async (c, _payload, _progress, run) => {
      runs++;
      await c.database.db.transaction().execute(async (trx) => {
        await notifyOrganisations(trx, NOW, [organisationId], { subject: 'Décision de la cellule', body: 'Le courrier est disponible.' }, { effectKey: jobEffectKey(run, 'decision') });
        await notifyOrganisations(trx, NOW, [organisationId], { subject: 'Séance close', body: 'Le procès-verbal est disponible.' }, { effectKey: jobEffectKey(run, 'closed') });
      });
      // The effects are committed, then the run fails: the rerun must add nothing.
      if (runs === 1) throw new Error('Coupure pendant la production des courriers');
    });
    const id = await enqueueJob(db, NOW, 'test.notifying', {});
    expect(await runOneJob(ctx)).toBe(true);
    clock.advance(60_000);
    expect(await runOneJob(ctx)).toBe(true);
    expect(runs).toBe(2);
    expect((await job(shared.database, id)).status).toBe('done');
    const notifications = await db.selectFrom('notifications').select(['subject', 'effectKey']).where('organisationId', '=', organisationId).orderBy('id').execute();
    expect(notifications).toEqual([
      { subject: 'Décision de la cellule', effectKey: `job:${id}:decision` },
      { subject: 'Séance close', effectKey: `job:${id}:closed` },
    ]);
    const emails = await db.selectFrom('emails').select('subject').where('toAddress', '=', 'dirigeant@forges.test').orderBy('id').execute();
    expect(emails.map((e) => e.subject)).toEqual(['[Parcours] Décision de la cellule', '[Parcours] Séance close']);
  });

  it.runIf(kind === 'postgres')('never runs one job twice with two pollers in two processes', async () => {
    const clock = testClock(NOW);
    const first = contextOn(shared.database, clock);
    const second = contextOn(shared.another(), clock);
    const runs = new Map<number, number>();
    registerJob('test.counted', async (_ctx, _payload, _progress, run) => {
      runs.set(run.id, (runs.get(run.id) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
    });
    const ids: number[] = [];
    for (let n = 0; n < 60; n++) ids.push(await enqueueJob(shared.database.db, NOW, 'test.counted', { n }));
    const [a, b] = await Promise.all([drainJobs(first), drainJobs(second)]);
    expect(a + b).toBe(60);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    expect(ids.map((id) => runs.get(id))).toEqual(ids.map(() => 1));
  });

  it.runIf(kind === 'postgres')('hands out one id when two processes enqueue the same key at once', async () => {
    const other = shared.another();
    for (let round = 0; round < 20; round++) {
      const key = `race:${round}`;
      const [a, b] = await Promise.all([shared.database, other].map((database) =>
        database.db.transaction().execute((trx) => enqueueJob(trx, NOW, 'test.keyed', {}, { uniqueKey: key }))));
      expect(a).toBe(b);
    }
  });
});
