import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/platform/db/database.js';
import { DEFAULT_COSTLY_LIMITS, finishCostlyWork, startCostlyWork, type CostlyLimits } from '../../src/platform/limits/costlyWork.js';
import { RetryLater } from '../../src/platform/http/errors.js';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';

describe.each(databaseKinds())('costly work under limits on %s', (kind) => {
  let t: TestApp;
  const limits = (overrides: Partial<CostlyLimits>) => { t.ctx.config.costlyLimits = { ...DEFAULT_COSTLY_LIMITS, ...overrides }; };
  const dashboard = async (email: string, query = '') => t.app.inject({ method: 'GET', url: `/api/steering/dashboard${query}`, headers: { cookie: await t.login(email) } });
  const userId = async (email: string) => (await t.ctx.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

  beforeAll(async () => { t = await testApp(kind); });
  afterAll(async () => { await t.close(); });
  beforeEach(async () => {
    await t.ctx.database.db.deleteFrom('costlyWork').execute();
    t.clock.set('2010-06-01T09:00:00.000Z');
  });

  it('gives each user a rate per minute, then a 429 in French with Retry-After', async () => {
    limits({ perUserPerMinute: 3 });
    for (let i = 0; i < 3; i++) expect((await dashboard('lecteur@parcours.test', `?departement=${['25', '39', '70'][i]}`)).statusCode).toBe(200);
    t.clock.set('2010-06-01T09:00:20.000Z');
    const refused = await dashboard('lecteur@parcours.test');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('40');
    expect(refused.json().error).toMatchObject({ code: 'too_many_requests', message: 'Vous avez lancé 3 calculs coûteux (tableaux de bord, rapports, exports, imports) en une minute, le maximum : réessayez dans 40 secondes.' });
    // Exports and imports draw on the same allowance; other users keep theirs.
    expect((await t.app.inject({ method: 'GET', url: '/api/organisations/export', headers: { cookie: await t.login('lecteur@parcours.test') } })).statusCode).toBe(429);
    expect((await dashboard('etat@parcours.test')).statusCode).toBe(200);
    t.clock.set('2010-06-01T09:01:00.001Z');
    expect((await dashboard('lecteur@parcours.test')).statusCode).toBe(200);
    // Cheap routes are not counted.
    expect((await t.app.inject({ method: 'GET', url: '/api/organisations', headers: { cookie: await t.login('lecteur@parcours.test') } })).statusCode).toBe(200);
  });

  it('caps the computations running at once, per user and on the whole platform, and frees the slot after the response', async () => {
    limits({ perUserConcurrent: 1, concurrent: 2 });
    const reader = await userId('lecteur@parcours.test');
    // A computation of the same user still running (in this process or another) holds its only slot.
    const running = await startCostlyWork(t.ctx, reader, 'dashboard', t.ctx.config.costlyLimits!);
    const busy = await dashboard('lecteur@parcours.test');
    expect(busy.statusCode).toBe(429);
    expect(busy.headers['retry-after']).toBe('5');
    expect(busy.json().error.message).toContain('déjà 1 calculs coûteux en cours');
    await finishCostlyWork(t.ctx, running);
    // Sequential requests give their slot back each time.
    for (let i = 0; i < 4; i++) expect((await dashboard('lecteur@parcours.test')).statusCode).toBe(200);
    // Two other users' computations fill the platform.
    await startCostlyWork(t.ctx, await userId('etat@parcours.test'), 'report', t.ctx.config.costlyLimits!);
    await startCostlyWork(t.ctx, await userId('region@parcours.test'), 'export', t.ctx.config.costlyLimits!);
    const full = await dashboard('lecteur@parcours.test');
    expect(full.statusCode).toBe(429);
    expect(full.json().error.message).toContain('Le service calcule déjà autant');
    // A process that died mid-computation does not hold its slot forever.
    t.clock.set('2010-06-01T09:05:01.000Z');
    expect((await dashboard('lecteur@parcours.test')).statusCode).toBe(200);
  });

  it('checks the request before taking a slot, and lets anonymous callers reach their 401', async () => {
    limits({ perUserPerMinute: 1 });
    expect((await dashboard('lecteur@parcours.test', '?departement=abc')).statusCode).toBe(400);
    expect((await dashboard('lecteur@parcours.test')).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/steering/dashboard' })).statusCode).toBe(401);
  });

  it.runIf(kind === 'postgres')('holds the global cap across two server processes racing for the last slots', async () => {
    const other = createDatabase({ databaseUrl: process.env.PARCOURS_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', pgSchema: t.ctx.database.schema, poolSize: 4 });
    try {
      const capped: CostlyLimits = { ...DEFAULT_COSTLY_LIMITS, perUserPerMinute: 100, perUserConcurrent: 100, concurrent: 3 };
      const processes = [t.ctx, { ...t.ctx, database: other }];
      const attempts = Array.from({ length: 16 }, (_, i) => startCostlyWork(processes[i % 2], 1 + (i % 5), 'dashboard', capped).then(() => 'started', (e) => (e instanceof RetryLater ? 'refused' : String(e))));
      const outcomes = await Promise.all(attempts);
      expect(outcomes.filter((o) => o === 'started')).toHaveLength(3);
      expect(outcomes.filter((o) => o === 'refused')).toHaveLength(13);
    } finally {
      await other.destroy();
    }
  });
});
