import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';

describe.each(databaseKinds())('intergenerational pairs on %s', (kind) => {
  let t: TestApp;
  let opcaim: number;
  const company = 'entreprise@parcours.test';
  const call = async (email: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { cookie: await t.login(email) }, ...(payload !== undefined ? { payload: payload as any } : {}) });
  const junior = (overrides: Record<string, unknown> = {}) => ({
    trainingFundId: opcaim,
    trainee: { lastName: 'Jeune', firstName: 'Tom', sex: 'M', birthDate: '1992-02-02', level: 'V', hasRecognisedQualification: true, jobSeeker: false, publics: [] },
    newTutor: { lastName: 'Ancien', firstName: 'Marc', birthDate: '1951-06-01', relatedExperienceMonths: 300, isEmployer: false },
    contractType: 'CDI', startDate: '2011-01-03', endDate: '2011-12-31', trainingHours: 400,
    targetedQualification: 'CQPM usineur', targetedLevel: 'V', providerName: 'AFPA', grossMonthlyPayCents: 110_000, reservedForPair: true, ...overrides,
  });
  const pair = (juniorContractId: number, overrides: Record<string, unknown> = {}) => ({
    juniorContractId,
    senior: { lastName: 'Ancien', firstName: 'Marc', sex: 'M', birthDate: '1951-06-01', expectedRetirementDate: '2012-07-01' },
    startDate: '2011-01-03', endDate: '2012-06-30', fullTimeSalaryCents: 200_000, activityBp: 5000, payBp: 8000, writtenAgreement: true,
    ...overrides,
  });

  beforeAll(async () => {
    t = await testApp(kind, { now: '2010-12-15T08:00:00.000Z' });
    opcaim = await t.orgId('OPCAIM (métallurgie)');
  });
  afterAll(async () => { await t?.close(); });

  it('simulates the worked example of the domain brief through HTTP', async () => {
    const sim = await call(company, 'POST', '/api/pairs/simulate', { startDate: '2011-01-01', endDate: '2011-01-31', fullTimeSalaryCents: 200_000, activityBp: 5000, payBp: 8000 });
    expect(sim.statusCode, sim.body).toBe(200);
    const month = sim.json().rows[0].computation;
    expect(month.paidSalaryCents).toBe(160_000);
    expect(month.baseCents).toBe(200_000);
    expect(month.onBase.employer.totalCents).toBe(19_800);
    expect(month.onPaidSalary.employer.totalCents).toBe(15_840);
    expect(month.onBase.employee.totalCents).toBe(13_500);
    expect(month.supplement.employeeCents).toBe(2_700);
    expect(sim.json().totals.employerContributionsCents).toBe(19_800);
    expect((await call(company, 'POST', '/api/pairs/simulate', { startDate: '2011-01-01', endDate: '2010-01-31', fullTimeSalaryCents: 200_000 })).statusCode).toBe(400);
    expect((await call(company, 'POST', '/api/pairs/simulate', { startDate: '2011-01-01', endDate: '2011-01-31', fullTimeSalaryCents: 200_000, activityBp: 8000, payBp: 5000 })).json().error.field).toBe('payBp');
    expect((await call(company, 'POST', '/api/pairs/simulate', { startDate: '1990-01-01', endDate: '1990-01-31', fullTimeSalaryCents: 200_000 })).statusCode).toBe(400);
    expect((await call(company, 'POST', '/api/pairs/simulate', { fullTimeSalaryCents: 'deux mille' })).statusCode).toBe(400);
  });

  it('links a senior near retirement and a reserved CDI junior of the same company, with a monthly schedule', async () => {
    const j = await call(company, 'POST', '/api/pro-contracts', junior());
    expect(j.statusCode, j.body).toBe(201);
    const created = await call(company, 'POST', '/api/pairs', pair(j.json().id));
    expect(created.statusCode, created.body).toBe(201);
    const p = created.json();
    expect(p.reference).toMatch(/^BIN-/);
    expect(p.schedule.rows).toHaveLength(18);
    expect(p.schedule.rows[1]).toMatchObject({ month: '2011-02' });
    expect(p.schedule.rows[1].computation.onBase.employer.totalCents).toBe(19_800);
    expect(p.junior).toMatchObject({ contractId: j.json().id, contractType: 'CDI', reservedForPair: true });
    expect(p.history[0].action).toBe('created');
    expect((await call(company, 'GET', `/api/pro-contracts/${j.json().id}`)).json().pair.id).toBe(p.id);

    expect((await call('secretariat@parcours.test', 'GET', `/api/pairs/${p.id}`)).statusCode).toBe(200);
    expect((await call('region@parcours.test', 'GET', `/api/pairs/${p.id}`)).statusCode).toBe(200);
    expect((await call('entreprise2@parcours.test', 'GET', `/api/pairs/${p.id}`)).statusCode).toBe(404);
    expect((await call('lecteur@parcours.test', 'GET', `/api/pairs/${p.id}`)).statusCode).toBe(404);
    expect((await call('lecteur@parcours.test', 'GET', '/api/pairs')).statusCode).toBe(403);
    const counters = (await call('lecteur@parcours.test', 'GET', '/api/pairs/counters')).json();
    expect(counters.target).toBe(1000);
    expect(counters.total).toBeGreaterThan(0);
    expect((await call(company, 'GET', '/api/pairs?q=Ancien')).json().items.map((i: any) => i.id)).toContain(p.id);
    expect((await call(company, 'GET', '/api/pairs/export?format=csv')).body).toMatch(/Départ en retraite prévu/);

    // Another company cannot pair with this contract; a contract is in one pair only.
    const foreign = await call('entreprise2@parcours.test', 'POST', '/api/pairs', pair(j.json().id));
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.field).toBe('juniorContractId');
    const twice = await call(company, 'POST', '/api/pairs', pair(j.json().id));
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error).toMatchObject({ field: 'juniorContractId', message: `Ce contrat est déjà celui du jeune du binôme ${p.reference}.` });

    const edited = await call(company, 'PUT', `/api/pairs/${p.id}`, { ...pair(j.json().id, { fullTimeSalaryCents: 210_000 }), version: p.version });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await call(company, 'PUT', `/api/pairs/${p.id}`, { ...pair(j.json().id), version: p.version })).statusCode).toBe(409);
  });

  it('refuses a senior too far from retirement and a junior not reserved or not in CDI', async () => {
    const cdd = (await call(company, 'POST', '/api/pro-contracts', junior({ contractType: 'CDD', reservedForPair: false, trainee: { ...junior().trainee, lastName: 'Cdd' } }))).json();
    const refused = await call(company, 'POST', '/api/pairs', pair(cdd.id, { senior: { ...pair(0).senior, expectedRetirementDate: '2015-01-01' } }));
    expect(refused.statusCode).toBe(400);
    const paths = refused.json().error.issues.map((i: any) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['senior.expectedRetirementDate', 'junior.contractType', 'junior.reservedForPair']));
    expect(refused.json().error.issues.find((i: any) => i.path === 'senior.expectedRetirementDate').message).toMatch(/plus de 2 ans/);
    expect((await call(company, 'POST', '/api/pairs', pair(999999))).statusCode).toBe(404);
    expect((await call(company, 'GET', '/api/pairs/999999')).statusCode).toBe(404);
  });
});
