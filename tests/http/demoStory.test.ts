import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playWeeklyCellStory } from '../../src/demo/weeklyCellStory.js';
import { verifyChain } from '../../src/platform/history/history.js';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';

describe.each(databaseKinds())('demo weekly cell story on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => { t = await testApp(kind, { now: '2026-11-26T09:00:00.000Z' }); await playWeeklyCellStory(t.ctx); });
  afterAll(async () => { await t?.close(); });

  it('leaves requests at every stage of the workflow, each with an intact history', async () => {
    const rows = await t.ctx.database.db.selectFrom('fundingRequests').select(['id', 'status']).where('isImported', '=', false).execute();
    const statuses = new Set(rows.map((r) => r.status));
    for (const s of ['draft', 'in_instruction', 'awaiting_information', 'ready_for_cell', 'approved', 'refused', 'closed']) expect(statuses).toContain(s);
    for (const r of rows) expect(await verifyChain(t.ctx.database.db, 'fundingRequest', r.id)).toBeNull();
    const documents = await t.ctx.database.db.selectFrom('documents').select('kind').execute();
    expect(documents.filter((d) => d.kind === 'minutes')).toHaveLength(1);
  });
});
