import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDatabase, type Database } from '../../src/platform/db/database.js';
import { recordHistory } from '../../src/platform/history/history.js';
import type { AppContext } from '../../src/platform/http/context.js';
import { applyPendingChanges, rebuildFacts } from '../../src/steering/factUpdates.js';
import { steeringDashboardJson } from '../../src/steering/snapshots.js';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';

/**
 * Two server processes on one PostgreSQL, as two database handles on the same schema:
 * writers and readers of both meet, and the facts end equal to a full rebuild, every view
 * kept once per key. (SQLite serialises its writers: one process is its case.)
 */
describe.each(databaseKinds().filter((k) => k === 'postgres'))('steering facts under two processes on %s', (kind) => {
  let t: TestApp;
  let other: Database;
  let otherCtx: AppContext;
  beforeAll(async () => {
    t = await testApp(kind, { now: '2011-03-01T08:00:00.000Z' });
    other = createDatabase({ databaseUrl: inject('postgresUrl')!, pgSchema: t.ctx.database.schema, poolSize: 4 });
    otherCtx = { ...t.ctx, database: other };
  });
  afterAll(async () => { await other?.destroy(); await t?.close(); });

  const allFacts = async () => (await t.ctx.database.db.selectFrom('steeringFacts').selectAll().execute())
    .map((f) => JSON.stringify({ ...f, n: Number(f.n), v1: Number(f.v1) })).sort();

  it('applies every change exactly, whoever applies it, and both processes read the same kept view', async () => {
    await steeringDashboardJson(t.ctx, {}, {});
    const contracts = (await t.ctx.database.db.selectFrom('proContracts').select('id').orderBy('id').limit(10).execute()).map((c) => c.id);
    const situations = ['cdd', 'cdiElsewhere', null] as const;
    for (let round = 0; round < 50; round++) {
      const id = contracts[round % contracts.length];
      const handle = round % 2 === 0 ? t.ctx.database : other;
      await Promise.all([
        handle.db.transaction().execute(async (trx) => {
          await trx.updateTable('proContracts').set({ situationAtExit: situations[round % 3] }).where('id', '=', id).execute();
          await recordHistory(trx, null, '2011-03-01T08:00:00.000Z', { entityType: 'proContract', entityId: id, action: 'test.race' });
        }),
        applyPendingChanges(t.ctx.database),
        applyPendingChanges(other),
        steeringDashboardJson(t.ctx, { measure: 'ACTE2-CPRO' }, {}),
        steeringDashboardJson(otherCtx, { measure: 'ACTE2-CPRO' }, {}),
      ]);
    }
    await applyPendingChanges(other);
    await applyPendingChanges(t.ctx.database);
    expect(await t.ctx.database.db.selectFrom('changedEntities').select('id').execute()).toEqual([]);
    const incremental = await allFacts();
    // Both processes read the same figures, one kept view per key.
    const [a, b] = await Promise.all([steeringDashboardJson(t.ctx, { measure: 'ACTE2-CPRO' }, {}), steeringDashboardJson(otherCtx, { measure: 'ACTE2-CPRO' }, {})]);
    const figures = (json: string) => { const { freshness: _f, generatedAt: _g, ...rest } = JSON.parse(json); return rest; };
    expect(figures(a)).toEqual(figures(b));
    expect(await t.ctx.database.db.selectFrom('steeringSnapshots').select('scopeKey').where('scopeKey', '=', 'measure=ACTE2-CPRO').execute()).toHaveLength(1);
    await rebuildFacts(t.ctx);
    expect(await allFacts()).toEqual(incremental);
  }, 120_000);
});
