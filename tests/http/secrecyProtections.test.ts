import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { recordHistory } from '../../src/platform/history/history.js';
import { applyPendingChanges } from '../../src/steering/factUpdates.js';
import { currentCubes } from '../../src/steering/secrecyViews.js';
import { databaseKinds } from '../support/databases.js';
import { raceOn, secondWriter, testApp, type TestApp } from '../support/app.js';

/**
 * Two server processes that read the secrecy cubes of a new state at once publish the same
 * masks: one protects the cubes under the lock and keeps its changes, the other waits and
 * reads them. Each round writes figures of people first (the person of a contract changes sex).
 */
const AT = '2011-03-01T08:00:00.000Z';
const masks = (cubes: Awaited<ReturnType<typeof currentCubes>>) => Object.fromEntries(Object.entries(cubes.cubes).map(([population, cube]) =>
  [population, cube.cells(() => true).map((c) => `${c.table}|${c.m}|${c.d}|${c.row}|${c.value}|${c.masked}`).sort()]));

describe.each(databaseKinds())('secrecy protections on %s', (kind) => {
  let t: TestApp;
  let other: Database;
  beforeAll(async () => { t = await testApp(kind, { now: AT }); other = secondWriter(t, kind); });
  afterAll(async () => { if (other !== t?.ctx.database) await other?.destroy(); await t?.close(); });

  async function writePeople(database: Database, round: number): Promise<void> {
    const { db } = database;
    const contract = await db.selectFrom('proContracts').select('id').orderBy('id').offset(round % 5).limit(1).executeTakeFirstOrThrow();
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('proContracts').set({ sex: round % 2 ? 'F' : 'M' }).where('id', '=', contract.id).execute();
      await recordHistory(trx, null, AT, { entityType: 'proContract', entityId: contract.id, action: 'test.people' });
    });
    await applyPendingChanges(database);
  }

  it('gives both readers of a new state the masks kept once for it', async () => {
    await applyPendingChanges(t.ctx.database);
    let keptOnce = 0;
    for (let round = 0; round < 6; round++) {
      await writePeople(t.ctx.database, round);
      const outcomes = await raceOn([t.ctx.database, other], (database) => currentCubes(database, 5));
      const [a, b] = outcomes.map((o) => { if ('error' in o) throw o.error; return o.value; });
      expect(masks(a), `round ${round}`).toEqual(masks(b));
      // Whatever moved was protected by one of them; the other read it.
      if (kind === 'postgres') expect(a.protectedHere.length === 0 || b.protectedHere.length === 0, `round ${round}: ${a.protectedHere} / ${b.protectedHere}`).toBe(true);
      if (a.protectedHere.length + b.protectedHere.length > 0) keptOnce++;
      // A third reading of the same state protects nothing again.
      const third = await currentCubes(t.ctx.database, 5);
      expect(third.protectedHere).toEqual([]);
      expect(masks(third)).toEqual(masks(a));
    }
    expect(keptOnce).toBeGreaterThan(0);
    const rows = await t.ctx.database.db.selectFrom('secrecyProtections').select(['population', 'peopleVersion']).where('threshold', '=', 5).execute();
    const { peopleVersion } = await t.ctx.database.db.selectFrom('steeringState').select('peopleVersion').where('id', '=', 1).executeTakeFirstOrThrow();
    expect(rows.length).toBe(5);
    for (const r of rows) expect(Number(r.peopleVersion)).toBe(Number(peopleVersion));
  }, 120_000);
});
