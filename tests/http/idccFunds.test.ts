import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUsers } from '../../src/demo/organisations.js';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';

const ADMIN = 'admin@parcours.test';

describe.each(databaseKinds())('branch → training fund table on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => { t = await testApp(kind); });
  afterAll(async () => { await t?.close(); });

  const call = async (email: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { cookie: await t.login(email) }, ...(payload ? { payload } : {}) });

  it('lists the periods a page at a time, filtered by IDCC or by fund, sorted on demand', async () => {
    const first = (await call('entreprise@parcours.test', 'GET', '/api/reference/idcc-funds?pageSize=10')).json();
    expect(first.items).toHaveLength(10);
    expect(first.total).toBe(35);
    expect(first.hasNext).toBe(true);
    const last = (await call('entreprise@parcours.test', 'GET', '/api/reference/idcc-funds?pageSize=10&page=4')).json();
    expect(last.items).toHaveLength(5);
    expect(last.hasNext).toBe(false);

    // « 54 » is IDCC 0054; its periods come in the order of time.
    const metal = (await call('lecteur@parcours.test', 'GET', '/api/reference/idcc-funds?idcc=54')).json();
    expect(metal.items.map((p: any) => [p.idcc, p.fund, p.validFrom, p.validTo])).toEqual([['0054', 'OPCAIM', '1995-01-01', '2019-03-31'], ['0054', 'OPCO 2i', '2019-04-01', null]]);

    const opcaim = (await call(ADMIN, 'GET', '/api/reference/idcc-funds?fund=opcaim&pageSize=200')).json();
    expect(opcaim.items.length).toBeGreaterThan(1);
    expect(opcaim.items.every((p: any) => p.fund === 'OPCAIM')).toBe(true);

    const byFund = (await call(ADMIN, 'GET', '/api/reference/idcc-funds?sort=fund&order=desc&pageSize=200')).json().items.map((p: any) => p.fund.toLowerCase());
    expect(byFund).toEqual([...byFund].sort().reverse());

    const bad = await call(ADMIN, 'GET', '/api/reference/idcc-funds?idcc=12345');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('IDCC : 4 chiffres au plus.');
    expect((await call(ADMIN, 'GET', '/api/reference/idcc-funds?sort=note')).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/reference/idcc-funds' })).statusCode).toBe(401);
  });

  it('lets only administrators add a period: it closes the open one, and an overlap is refused on its start date', async () => {
    const period = { idcc: '1607', branch: 'Jeux, jouets', fund: 'OPCO futur', validFrom: '2025-01-01' };
    for (const user of demoUsers.filter((u) => u.email !== ADMIN)) {
      const refused = await call(user.email, 'POST', '/api/reference/idcc-funds', period);
      expect(refused.statusCode, user.email).toBe(403);
    }
    const added = await call(ADMIN, 'POST', '/api/reference/idcc-funds', period);
    expect(added.statusCode, added.body).toBe(201);
    const periods = (await call(ADMIN, 'GET', '/api/reference/idcc-funds?idcc=1607')).json().items;
    expect(periods.at(-2).validTo).toBe('2024-12-31');
    expect(periods.at(-1)).toMatchObject({ fund: 'OPCO futur', validFrom: '2025-01-01', validTo: null });

    const overlap = await call(ADMIN, 'POST', '/api/reference/idcc-funds', { ...period, validFrom: '2024-06-01', validTo: '2025-06-30' });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().error.field).toBe('validFrom');
    expect(overlap.json().error.message).toBe('L’IDCC 1607 relève déjà de OPCO 2i du 01/04/2019 au 31/12/2024 : les périodes ne se chevauchent pas.');
    expect((await call(ADMIN, 'GET', '/api/reference/idcc-funds?idcc=1607')).json().items).toHaveLength(periods.length);
  });
});
