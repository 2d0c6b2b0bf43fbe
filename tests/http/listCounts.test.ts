import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordHistory } from '../../src/platform/history/history.js';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';

/** Pages of a list count it once per state of the data, not on every request (src/platform/http/lists.ts). */
describe.each(databaseKinds())('list counts on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => { t = await testApp(kind, { now: '2011-03-01T08:00:00.000Z' }); });
  afterAll(async () => { await t?.close(); });

  it('reuses a count while no write happened, and counts again after one', async () => {
    const cookie = await t.login('secretariat@parcours.test');
    const page = async (n: number) => {
      const response = await t.app.inject({ method: 'GET', url: `/api/requests?pageSize=5&page=${n}`, headers: { cookie } });
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as { total: number; hasNext: boolean; items: { id: number }[] };
    };
    const first = await page(1);
    expect(first.hasNext).toBe(true);
    const { db } = t.ctx.database;
    const request = await db.selectFrom('fundingRequests').selectAll().where('id', '=', first.items[0].id).executeTakeFirstOrThrow();
    // A row written behind the application's back (no history): the kept count does not see it…
    const { id: _id, ...copy } = request;
    const inserted = await db.insertInto('fundingRequests').values({ ...copy, reference: `${request.reference}-COPIE` }).returning('id').executeTakeFirstOrThrow();
    expect((await page(2)).total).toBe(first.total);
    expect((await page(1)).total).toBe(first.total);
    // …a business write (history in its transaction) makes the next page count again.
    await db.transaction().execute((trx) => recordHistory(trx, null, '2011-03-01T08:00:00.000Z', { entityType: 'fundingRequest', entityId: inserted.id, action: 'test.copy' }));
    expect((await page(2)).total).toBe(first.total + 1);
  });
});
