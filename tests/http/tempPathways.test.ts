import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';

describe.each(databaseKinds())('temp workers’ pathways on %s', (kind) => {
  let t: TestApp;
  const agency = 'interim@parcours.test';
  const call = async (email: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { cookie: await t.login(email) }, ...(payload !== undefined ? { payload: payload as any } : {}) });
  const pathway = (overrides: Record<string, unknown> = {}) => ({
    worker: { lastName: 'Girard', firstName: 'Kevin', sex: 'M', birthDate: '1988-04-04', level: 'Vbis', route: 'general', hasVocationalDiploma: false },
    entryDate: '2011-03-01',
    periods: [
      { kind: 'training', start: '2011-03-01', end: '2011-03-31', hours: 105, costCents: 315_000, romeCode: 'H2903', providerName: 'AFPA Franche-Comté', targetedQualification: 'CQP conducteur de ligne' },
      { kind: 'mission', start: '2011-04-01', end: '2011-05-31', hours: 280, romeCode: 'H2903', userCompany: 'Mécanique de Précision du Doubs' },
      { kind: 'mission', start: '2011-06-01', end: '2011-06-30', hours: 140, romeCode: 'N1103', userCompany: 'Plastiques du Haut-Jura' },
    ],
    fundingLines: [{ funder: 'FAFTT', amountCents: 250_000 }, { funder: 'REGION', amountCents: 65_000 }],
    ...overrides,
  });

  beforeAll(async () => { t = await testApp(kind, { now: '2011-02-20T08:00:00.000Z' }); });
  afterAll(async () => { await t?.close(); });

  it('checks eligibility with the reason of a refusal', async () => {
    const ok = await call(agency, 'POST', '/api/temp-pathways/eligibility', { level: 'V', route: 'general', hasVocationalDiploma: false });
    expect(ok.json()).toMatchObject({ eligible: true, ground: 'levelVGeneral' });
    const no = await call(agency, 'POST', '/api/temp-pathways/eligibility', { level: 'V', route: 'vocational', hasVocationalDiploma: true });
    expect(no.json().eligible).toBe(false);
    expect(no.json().issues[0].message).toMatch(/voie professionnelle/);
    const refused = await call(agency, 'POST', '/api/temp-pathways', pathway({ worker: { ...pathway().worker, level: 'IV' } }));
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.field).toBe('worker.level');
    expect(refused.json().error.message).toMatch(/non éligible/);
  });

  it('records a pathway with its timeline, versatility and financing, scoped to its agency', async () => {
    const created = await call(agency, 'POST', '/api/temp-pathways', pathway());
    expect(created.statusCode, created.body).toBe(201);
    const p = created.json();
    expect(p.reference).toMatch(/^PI-/);
    expect(p.versatility).toBe(2);
    expect(p.romeCodes).toEqual(['H2903', 'N1103']);
    expect(p.periods[0].romeLabel).toBeTruthy();
    expect(p.totals).toMatchObject({ trainingHours: 105, missionHours: 420, costCents: 315_000 });
    expect(p.financedCents).toBe(315_000);
    expect(p.history[0].action).toBe('created');

    const envelope = (await call('lecteur@parcours.test', 'GET', '/api/temp-pathways/envelope')).json();
    const faftt = envelope.items.find((e: any) => e.funder === 'FAFTT');
    expect(faftt.envelopeCents).toBe(1_720_000_000);
    expect(faftt.remainingCents).toBe(faftt.envelopeCents - faftt.committedCents);

    for (const email of ['secretariat@parcours.test', 'etat@parcours.test', 'region@parcours.test']) {
      expect((await call(email, 'GET', `/api/temp-pathways/${p.id}`)).statusCode).toBe(200);
    }
    for (const email of ['entreprise@parcours.test', 'opca@parcours.test', 'lecteur@parcours.test']) {
      expect((await call(email, 'GET', `/api/temp-pathways/${p.id}`)).statusCode).toBe(404);
    }
    expect((await call('lecteur@parcours.test', 'GET', '/api/temp-pathways')).statusCode).toBe(403);
    expect((await call('entreprise@parcours.test', 'POST', '/api/temp-pathways', pathway())).statusCode).toBe(403);
    const counters = (await call('lecteur@parcours.test', 'GET', '/api/temp-pathways/counters')).json();
    expect(counters).toMatchObject({ target: 1000, experimentStart: '2010-01-01', experimentEnd: '2014-12-31' });
    expect(counters.total).toBeGreaterThan(0);

    const list = await call(agency, 'GET', '/api/temp-pathways?status=running&sort=versatility&order=desc');
    expect(list.json().items.map((i: any) => i.id)).toContain(p.id);
    const csv = await call(agency, 'GET', '/api/temp-pathways/export?format=csv');
    expect(csv.body).toMatch(/Polyvalence/);
    expect(csv.body).toMatch(/Girard/);
  });

  it('refuses overlapping periods, unknown ROME codes, unknown funders and over-commitment', async () => {
    const overlap = pathway();
    overlap.periods[1] = { ...overlap.periods[1], start: '2011-03-15' };
    const r1 = await call(agency, 'POST', '/api/temp-pathways', overlap);
    expect(r1.statusCode).toBe(400);
    expect(r1.json().error.issues.map((i: any) => i.path)).toContain('periods.1.start');
    expect(r1.json().error.issues.find((i: any) => i.path === 'periods.1.start').message).toMatch(/chevauche/);

    const unknown = pathway();
    unknown.periods[2] = { ...unknown.periods[2], romeCode: 'N9999' };
    const r2 = await call(agency, 'POST', '/api/temp-pathways', unknown);
    expect(r2.statusCode).toBe(400);
    expect(r2.json().error.issues[0]).toMatchObject({ path: 'periods.2.romeCode' });

    const malformed = pathway();
    malformed.periods[2] = { ...malformed.periods[2], romeCode: 'Z12' };
    expect((await call(agency, 'POST', '/api/temp-pathways', malformed)).statusCode).toBe(400);

    const r3 = await call(agency, 'POST', '/api/temp-pathways', pathway({ fundingLines: [{ funder: 'LOTO', amountCents: 100 }] }));
    expect(r3.json().error.field).toBe('fundingLines.0.funder');

    const r4 = await call(agency, 'POST', '/api/temp-pathways', pathway({ fundingLines: [{ funder: 'FPSPP', amountCents: 90_000_000 }] }));
    expect(r4.statusCode).toBe(409);
    expect(r4.json().error.code).toBe('envelope_exceeded');
    expect(r4.json().error.message).toMatch(/FPSPP/);

    const r5 = await call(agency, 'POST', '/api/temp-pathways', pathway({ entryDate: '2015-03-01' }));
    expect(r5.statusCode).toBe(400);
    expect(r5.json().error.issues.map((i: any) => i.path)).toContain('entryDate');
    for (const bad of [{}, { ...pathway(), periods: [] }, { ...pathway(), periods: 'x' }, { ...pathway(), fundingLines: [{ funder: 'FAFTT', amountCents: -1 }] }]) {
      expect((await call(agency, 'POST', '/api/temp-pathways', bad)).statusCode).toBe(400);
    }
  });

  it('edits with a version check and records the exit', async () => {
    const p = (await call(agency, 'POST', '/api/temp-pathways', pathway())).json();
    const edited = await call(agency, 'PUT', `/api/temp-pathways/${p.id}`, { ...pathway({ fundingLines: [{ funder: 'FAFTT', amountCents: 300_000 }] }), version: p.version });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().financedCents).toBe(300_000);
    expect((await call(agency, 'PUT', `/api/temp-pathways/${p.id}`, { ...pathway(), version: p.version })).statusCode).toBe(409);
    const tooEarly = await call(agency, 'PATCH', `/api/temp-pathways/${p.id}/exit`, { version: edited.json().version, exitDate: '2011-07-01', outcome: 'cdiInterimaire' });
    expect(tooEarly.statusCode).toBe(400);
    expect(tooEarly.json().error.issues[0].message).toMatch(/CDI intérimaire/);
    const exited = await call(agency, 'PATCH', `/api/temp-pathways/${p.id}/exit`, { version: edited.json().version, exitDate: '2011-07-01', outcome: 'cdd' });
    expect(exited.statusCode).toBe(200);
    expect(exited.json()).toMatchObject({ exitDate: '2011-07-01', outcome: 'cdd', outcomeLabel: 'CDD' });
    expect(exited.json().history.map((h: any) => h.action)).toEqual(['created', 'edited', 'exited']);
    expect((await call('interim@parcours.test', 'GET', '/api/temp-pathways/999999')).statusCode).toBe(404);
  });
});
