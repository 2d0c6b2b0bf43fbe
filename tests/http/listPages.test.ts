import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';

/**
 * The request and contract lists read a page's ids first, then its rows (`paginate`'s ids query in
 * src/platform/http/lists.ts). Walking every page must give the rows of the export, which reads
 * the same list by keyset in one pass: same rows, same order, ties included, in both directions.
 */
describe.each(databaseKinds())('pages read by ids on %s', (kind) => {
  let t: TestApp;
  let cookie: string;
  beforeAll(async () => {
    t = await testApp(kind, { now: '2011-03-01T08:00:00.000Z' });
    cookie = await t.login('secretariat@parcours.test');
  });
  afterAll(async () => { await t?.close(); });

  async function pages(path: string, query: string) {
    const references: string[] = [];
    for (let page = 1; page < 200; page++) {
      const r = await t.app.inject({ method: 'GET', url: `${path}?pageSize=3&page=${page}&${query}`, headers: { cookie } });
      expect(r.statusCode, r.body).toBe(200);
      const body = r.json() as { items: { reference: string }[]; hasNext: boolean };
      expect(body.items.length).toBeLessThanOrEqual(3);
      references.push(...body.items.map((i) => i.reference));
      if (!body.hasNext) return references;
    }
    throw new Error('la liste ne finit pas');
  }

  async function exported(path: string, query: string) {
    const r = await t.app.inject({ method: 'GET', url: `${path}/export?format=csv&${query}`, headers: { cookie } });
    expect(r.statusCode, r.body).toBe(200);
    return r.body.replace(/^\ufeff/, '').trim().split('\r\n').slice(1).map((l) => l.split(';')[0]);
  }

  const requestSorts = ['reference', 'companyName', 'status', 'totalCostCents', 'submittedAt', 'updatedAt', 'departement'];
  it.each(requestSorts.flatMap((sort) => [[sort, 'asc'], [sort, 'desc']]))('requests sorted by %s %s', async (sort, order) => {
    const query = `sort=${sort}&order=${order}`;
    const walked = await pages('/api/requests', query);
    expect(walked.length).toBeGreaterThan(6);
    expect(walked).toEqual(await exported('/api/requests', query));
  });

  it('a filtered request list and a name search', async () => {
    for (const query of ['status=approved&sort=submittedAt&order=desc', 'q=a&sort=companyName']) {
      expect(await pages('/api/requests', query)).toEqual(await exported('/api/requests', query));
    }
  });

  it('a contract name search, counted on the filters alone', async () => {
    const all = await exported('/api/pro-contracts', 'sort=lastName');
    const letter = all[0] ? (await t.app.inject({ method: 'GET', url: '/api/pro-contracts?pageSize=1&sort=lastName', headers: { cookie } })).json().items[0].lastName.slice(0, 1) : 'a';
    const query = `q=${encodeURIComponent(letter)}&sort=companyName`;
    const walked = await pages('/api/pro-contracts', query);
    expect(walked.length).toBeGreaterThan(0);
    expect(walked).toEqual(await exported('/api/pro-contracts', query));
    const first = (await t.app.inject({ method: 'GET', url: `/api/pro-contracts?pageSize=1&${query}`, headers: { cookie } })).json();
    expect(first.total).toBe(walked.length);
  });

  const contractSorts = ['reference', 'lastName', 'startDate', 'companyName', 'fundingCents'];
  it.each(contractSorts.flatMap((sort) => [[sort, 'asc'], [sort, 'desc']]))('contracts sorted by %s %s', async (sort, order) => {
    const query = `sort=${sort}&order=${order}`;
    const walked = await pages('/api/pro-contracts', query);
    expect(walked.length).toBeGreaterThan(6);
    expect(walked).toEqual(await exported('/api/pro-contracts', query));
  });
});
