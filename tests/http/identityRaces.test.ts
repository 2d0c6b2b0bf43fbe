import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { demoActorIn } from '../../src/demo/organisations.js';
import { runAction } from '../../src/platform/actions/runAction.js';
import { AppError } from '../../src/platform/http/errors.js';
import type { Actor } from '../../src/platform/identity/roles.js';
import { addMembership, createUser } from '../../src/platform/identity/identityActions.js';
import { databaseKinds } from '../support/databases.js';
import { raceOn, secondWriter, testApp, type TestApp } from '../support/app.js';

/**
 * Two administrators creating the same account, or attaching one account to the same
 * organisation, at the same moment: one write is kept, the other answers a French 409, and
 * no duplicate exists. On PostgreSQL a second pool on the same schema stands for a second
 * server process.
 */
const RACES = 50;

describe.each(databaseKinds())('administrators racing on accounts on %s', (kind) => {
  let t: TestApp;
  let other: Database;
  let admin: Actor;
  const clock = { now: () => new Date('2010-06-01T09:00:00.000Z') };
  const race = <T>(run: (database: Database) => Promise<T>) => raceOn([t.ctx.database, other], run);
  const expectOneKept = (outcomes: ({ value: unknown } | { error: unknown })[], label: string) => {
    expect(outcomes.filter((o) => 'value' in o), label).toHaveLength(1);
    const refusal = (outcomes.find((o) => 'error' in o) as { error: AppError }).error;
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal.statusCode).toBe(409);
    expect(refusal.message.length).toBeGreaterThan(10);
  };

  beforeAll(async () => {
    t = await testApp(kind);
    other = secondWriter(t, kind);
    admin = await demoActorIn(t.ctx.database.db, 'admin@parcours.test');
  });
  afterAll(async () => {
    if (other && other !== t?.ctx.database) await other.destroy();
    await t?.close();
  });

  it(`keeps one account when two administrators create the same address at once (${RACES} races)`, async () => {
    for (let r = 0; r < RACES; r++) {
      const email = `course${r}@exemple.fr`;
      const outcomes = await race((database) => runAction({ database, clock }, admin, createUser, { email, displayName: `Course ${r}`, passwordHash: null }));
      expectOneKept(outcomes, `race ${r}`);
      expect(await t.ctx.database.db.selectFrom('users').select('id').where('email', '=', email).execute()).toHaveLength(1);
    }
  });

  it(`attaches an account once to an organisation when two administrators do it at once (${RACES} races)`, async () => {
    const opcaim = await t.orgId('OPCAIM (métallurgie)');
    for (let r = 0; r < RACES; r++) {
      const user = await runAction({ database: t.ctx.database, clock }, admin, createUser, { email: `rattache${r}@exemple.fr`, displayName: `Rattaché ${r}`, passwordHash: null });
      const outcomes = await race((database) => runAction({ database, clock }, admin, addMembership, { userId: user.id, organisationId: opcaim, role: 'instructor' }));
      expectOneKept(outcomes, `race ${r}`);
      expect(await t.ctx.database.db.selectFrom('memberships').select('id').where('userId', '=', user.id).execute()).toHaveLength(1);
    }
  });
});
