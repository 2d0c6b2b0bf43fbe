import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { recordHistory, verifyAllChains, verifyChain } from '../../src/platform/history/history.js';
import { databaseKinds, freshDatabase } from '../support/databases.js';

describe.each(databaseKinds())('every history chain recomputed, page by page, on %s', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase(kind);
    // Chains of several entity types and ids, written interleaved as a busy platform would.
    for (let step = 1; step <= 4; step++) {
      for (const [entityType, entityId] of [['organisation', 2], ['fundingRequest', 10], ['organisation', 1], ['fundingRequest', 9]] as const) {
        await recordHistory(database.db, null, `2026-01-0${step}T10:00:00.000Z`, { entityType, entityId, action: step === 1 ? 'created' : 'updated', changes: { step } });
      }
    }
  });
  afterAll(async () => { await database?.destroy(); });

  it('reads every chain whatever the page size and finds them intact', async () => {
    for (const pageSize of [1, 3, 4, 5000]) {
      expect(await verifyAllChains(database.db, pageSize)).toEqual({ chains: 4, events: 16, broken: [] });
    }
  });

  it('names the first altered event of each broken chain, and only those', async () => {
    const { db } = database;
    const target = await db.selectFrom('historyEvents').select('id').where('entityType', '=', 'organisation').where('entityId', '=', 2).where('sequence', '=', 3).executeTakeFirstOrThrow();
    await db.updateTable('historyEvents').set({ changes: '{"step":99}' }).where('id', '=', target.id).execute();
    await db.deleteFrom('historyEvents').where('entityType', '=', 'fundingRequest').where('entityId', '=', 9).where('sequence', '=', 2).execute();
    const result = await verifyAllChains(db, 3);
    expect(result.broken).toEqual([
      { entityType: 'fundingRequest', entityId: 9, sequence: 3 },
      { entityType: 'organisation', entityId: 2, sequence: 3 },
    ]);
    expect(result.events).toBe(15);
    expect(await verifyChain(db, 'organisation', 2)).toBe(3);
    expect(await verifyChain(db, 'organisation', 1)).toBeNull();
  });
});
