import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { demoActorIn } from '../../src/demo/organisations.js';
import { runAction } from '../../src/platform/actions/runAction.js';
import { AppError } from '../../src/platform/http/errors.js';
import type { Actor } from '../../src/platform/identity/roles.js';
import { addIdccFund } from '../../src/reference/idccFundActions.js';
import { databaseKinds } from '../support/databases.js';
import { raceOn, secondWriter, testApp, type TestApp } from '../support/app.js';

/**
 * Two administrators recording overlapping periods of one branch at the same moment, with
 * different start dates (so no unique constraint can tell them apart): one period is kept,
 * the other is refused in French, and a day never has two funds. On PostgreSQL a second pool
 * on the same schema stands for a second server process.
 */
const RACES = 50;

describe.each(databaseKinds())('branch → fund periods racing on %s', (kind) => {
  let t: TestApp;
  let other: Database;
  let admin: Actor;
  const clock = { now: () => new Date('2012-01-10T08:00:00.000Z') };

  beforeAll(async () => {
    t = await testApp(kind, { now: '2012-01-10T08:00:00.000Z' });
    other = secondWriter(t, kind);
    admin = await demoActorIn(t.ctx.database.db, 'admin@parcours.test');
  });
  afterAll(async () => {
    if (other && other !== t?.ctx.database) await other.destroy();
    await t?.close();
  });

  it(`keeps one of two overlapping periods recorded at once (${RACES} races)`, async () => {
    for (let r = 0; r < RACES; r++) {
      const idcc = String(9000 + r);
      const period = (validFrom: string) => ({ idcc, branch: 'Branche de test', fund: `Fonds ${validFrom}`, validFrom, validTo: '2013-12-31', note: null });
      const outcomes = await Promise.all([[t.ctx.database, '2012-01-01'], [other, '2012-06-01']].map(([database, from]) =>
        runAction({ database: database as Database, clock }, admin, addIdccFund, period(from as string)).then((value) => ({ value }), (error: unknown) => ({ error }))));
      expect(outcomes.filter((o) => 'value' in o), `race ${r}`).toHaveLength(1);
      const refusal = (outcomes.find((o) => 'error' in o) as { error: AppError }).error;
      expect(refusal).toBeInstanceOf(AppError);
      expect(refusal.statusCode).toBe(409);
      expect(refusal.message).toContain('les périodes ne se chevauchent pas');
      expect(await t.ctx.database.db.selectFrom('idccFunds').select('id').where('idcc', '=', idcc).execute()).toHaveLength(1);
    }
  });
});
