import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboard } from '../../src/steering/dashboard.js';
import { steeringDashboard } from '../../src/steering/snapshots.js';
import type { SteeringFilters } from '../../src/steering/steeringFilters.js';
import { viewsComputedOffThread } from '../../src/steering/viewComputation.js';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';

const FILTERS: SteeringFilters[] = [{}, { departement: '25' }, { measure: 'ACTE2-CPRO' }, { funder: 'OPCA', from: '2009-01-01', to: '2011-12-31' }];

// SQLite in a file, as a server runs: views are computed in a worker on a second connection.
describe.each(databaseKinds())('steering views computed off the server thread on %s', (kind) => {
  let t: TestApp;
  /** The SQL the server's own SQLite connection prepared (PostgreSQL: none recorded). */
  const prepared: string[] = [];

  beforeAll(async () => {
    t = await testApp(kind, { onDisk: true, now: '2011-03-01T10:00:00.000Z' });
    const handle = t.ctx.database.sqliteHandle;
    if (handle) {
      const prepare = handle.prepare.bind(handle);
      handle.prepare = ((source: string) => { prepared.push(source); return prepare(source); }) as typeof handle.prepare;
    }
    // The first reading builds the facts, on the server's connection (it writes).
    await steeringDashboard(t.ctx, { section: 'C' });
  });
  afterAll(async () => { await t?.close(); });

  it('computes in a worker exactly the view the server thread computes', async () => {
    expect(viewsComputedOffThread(t.ctx)).toBe(kind === 'sqlite');
    for (const filters of FILTERS) {
      const { dashboard, freshness } = await steeringDashboard(t.ctx, filters);
      expect(freshness.source, JSON.stringify(filters)).toBe('live');
      const here = JSON.parse(JSON.stringify(await buildDashboard(t.ctx, filters)));
      expect(dashboard, JSON.stringify(filters)).toEqual(here);
      expect(dashboard.tables.length).toBeGreaterThan(0);
    }
  });

  it('keeps the event loop turning and the server connection free of the scans while a view is computed', async () => {
    // Health's first answer compiles its route; warm, it is a few reads and a rolled-back write.
    await t.app.inject({ method: 'GET', url: '/api/health' });
    prepared.length = 0;
    let turns = 0;
    let turnsWhilePending = -1;
    let computing = true;
    const spin = () => { turns++; if (computing) setImmediate(spin); };
    setImmediate(spin);
    const order: string[] = [];
    // On the server's thread, a SQLite computation is one chain of synchronous reads: no turn of the loop until it ends.
    const view = steeringDashboard(t.ctx, { departement: '39', from: '2009-06-01' }).then((result) => { turnsWhilePending = turns; order.push('view'); return result; });
    const health = await t.app.inject({ method: 'GET', url: '/api/health' });
    order.push('health');
    const { freshness } = await view;
    computing = false;
    expect(freshness.source).toBe('live');
    expect(health.statusCode).toBe(200);
    expect(order).toEqual(['health', 'view']);
    expect(turnsWhilePending).toBeGreaterThan(0);
    // On SQLite the grouped reads of the facts ran on the worker's connection, none on the server's.
    if (kind === 'sqlite') {
      expect(prepared.some((source) => /insert into "steering_snapshots"/i.test(source))).toBe(true);
      expect(prepared.filter((source) => /from "steering_facts"/i.test(source))).toEqual([]);
    }
  });

  it('answers a kept view from the table, without computing again', async () => {
    const first = await steeringDashboard(t.ctx, { departement: '90' });
    const again = await steeringDashboard(t.ctx, { departement: '90' });
    expect(again.freshness.source).toBe('snapshot');
    expect(again.dashboard).toEqual(JSON.parse(JSON.stringify(first.dashboard)));
  });
});
