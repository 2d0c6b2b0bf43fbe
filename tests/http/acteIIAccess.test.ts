import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';

/**
 * Every write route of the three Acte II measures, sent VALID bodies that name another
 * organisation's records: the refusal comes from authorisation (404 for what the caller may
 * not see, 403 for what it sees but may not change), never from validation (400). Then, for
 * every demo account, what the detail offers (`allowedActions`) is exactly what the write
 * route accepts.
 */
const ACCOUNTS = ['admin', 'secretariat', 'etat', 'region', 'opca', 'poleemploi', 'entreprise', 'entreprise2', 'interim', 'lecteur'].map((a) => `${a}@parcours.test`);

describe.each(databaseKinds())('Acte II write routes against other organisations’ ids on %s', (kind) => {
  let t: TestApp;
  let opcaim: number;
  let agefos: number;
  let companyA: number;
  let otherAgency: number;
  let unfunded: number;
  const ids: Record<string, number> = {};
  const call = async (email: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { cookie: await t.login(email) }, ...(payload !== undefined ? { payload: payload as any } : {}) });
  const created = async (email: string, url: string, payload: unknown) => {
    const r = await call(email, 'POST', url, payload);
    if (r.statusCode !== 201) throw new Error(`${email} POST ${url}: ${r.statusCode} ${r.body}`);
    return r.json();
  };
  const version = async (table: 'proContracts' | 'tempPathways' | 'pairs', id: number) =>
    (await t.ctx.database.db.selectFrom(table).select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

  const contract = (fund: number, name: string, overrides: Record<string, unknown> = {}) => ({
    trainingFundId: fund,
    trainee: { lastName: name, firstName: 'Léa', sex: 'F', birthDate: '1993-05-05', level: 'V', hasRecognisedQualification: true, jobSeeker: false, publics: [] },
    newTutor: { lastName: `Tuteur${name}`, firstName: 'Michel', birthDate: '1960-02-01', relatedExperienceMonths: 120, isEmployer: false },
    contractType: 'CDD', startDate: '2011-09-01', endDate: '2012-08-31', trainingHours: 400,
    targetedQualification: 'CQPM opérateur régleur sur machine-outil', targetedLevel: 'V', providerName: 'AFPA Franche-Comté',
    grossMonthlyPayCents: 90_000, reservedForPair: false, ...overrides,
  });
  const junior = (fund: number, name: string) => contract(fund, name, { contractType: 'CDI', reservedForPair: true, grossMonthlyPayCents: 110_000 });
  const pathway = (overrides: Record<string, unknown> = {}) => ({
    worker: { lastName: 'Girard', firstName: 'Kevin', sex: 'M', birthDate: '1988-04-04', level: 'Vbis', route: 'general', hasVocationalDiploma: false },
    entryDate: '2011-03-01',
    periods: [
      { kind: 'training', start: '2011-03-01', end: '2011-03-31', hours: 105, costCents: 315_000, romeCode: 'H2903', providerName: 'AFPA Franche-Comté' },
      { kind: 'mission', start: '2011-04-01', end: '2011-05-31', hours: 280, romeCode: 'H2903', userCompany: 'Mécanique de Précision du Doubs' },
    ],
    fundingLines: [{ funder: 'FAFTT', amountCents: 100_000 }],
    ...overrides,
  });
  const pair = (juniorContractId: number) => ({
    juniorContractId,
    senior: { lastName: 'Ancien', firstName: 'Marc', sex: 'M', birthDate: '1951-06-01', expectedRetirementDate: '2013-07-01' },
    startDate: '2011-09-01', endDate: '2013-06-30', fullTimeSalaryCents: 200_000, activityBp: 5000, payBp: 8000, writtenAgreement: true,
  });
  const exit = { exitDate: '2011-06-30', outcome: 'cdd' };

  beforeAll(async () => {
    t = await testApp(kind, { now: '2011-08-20T08:00:00.000Z' });
    const { db } = t.ctx.database;
    opcaim = await t.orgId('OPCAIM (métallurgie)');
    agefos = await t.orgId('AGEFOS PME Franche-Comté');
    const organisation = (kind: 'company' | 'temp_agency', name: string, siret: string) => db.insertInto('organisations')
      .values({ kind, name, siret, departement: '39', employmentArea: null, address: null, isActive: true, createdAt: '2011-01-01T00:00:00.000Z', version: 1 })
      .returning('id').executeTakeFirstOrThrow();
    otherAgency = (await organisation('temp_agency', 'Intérim du Jura', '44306184100054')).id;
    unfunded = (await organisation('company', 'Scierie sans OPCA', '55210055400021')).id;

    const a = await created('entreprise@parcours.test', '/api/pro-contracts', contract(opcaim, 'Alpha'));
    ids.contractA = a.id; ids.tutorA = a.tutor.id; companyA = a.companyId;
    ids.contractB = (await created('entreprise2@parcours.test', '/api/pro-contracts', contract(agefos, 'Beta'))).id;
    ids.juniorA = (await created('entreprise@parcours.test', '/api/pro-contracts', junior(opcaim, 'JeuneA'))).id;
    ids.juniorB = (await created('entreprise2@parcours.test', '/api/pro-contracts', junior(agefos, 'JeuneB'))).id;
    ids.pairA = (await created('entreprise@parcours.test', '/api/pairs', pair(ids.juniorA))).id;
    ids.pairB = (await created('entreprise2@parcours.test', '/api/pairs', pair(ids.juniorB))).id;
    ids.pathwayA = (await created('interim@parcours.test', '/api/temp-pathways', pathway())).id;
    ids.pathwayB = (await created('secretariat@parcours.test', '/api/temp-pathways', pathway({ agencyId: otherAgency }))).id;
  });
  afterAll(async () => { await t?.close(); });

  const editContract = async (id: number, fund: number, name: string, tutorId: number) =>
    ({ ...contract(fund, name), newTutor: null, tutorId, version: await version('proContracts', id) });

  it('refuses, by authorisation, every write naming another organisation’s record', async () => {
    const probes: [string, 'POST' | 'PUT' | 'PATCH', string, () => Promise<unknown>, 403 | 404][] = [
      // Contracts and follow-ups.
      ['entreprise2', 'PUT', `/api/pro-contracts/${ids.contractA}`, () => editContract(ids.contractA, opcaim, 'Alpha', ids.tutorA), 404],
      ['entreprise2', 'PATCH', `/api/pro-contracts/${ids.contractA}/follow-up`, async () => ({ version: await version('proContracts', ids.contractA), certification: 'obtained' }), 404],
      ['opca', 'PUT', `/api/pro-contracts/${ids.contractB}`, async () => ({ ...contract(agefos, 'Beta'), version: await version('proContracts', ids.contractB) }), 404],
      ['opca', 'PATCH', `/api/pro-contracts/${ids.contractB}/follow-up`, async () => ({ version: await version('proContracts', ids.contractB), certification: 'obtained' }), 404],
      ['lecteur', 'PUT', `/api/pro-contracts/${ids.contractA}`, () => editContract(ids.contractA, opcaim, 'Alpha', ids.tutorA), 404],
      ['region', 'PUT', `/api/pro-contracts/${ids.contractA}`, () => editContract(ids.contractA, opcaim, 'Alpha', ids.tutorA), 403],
      ['etat', 'PATCH', `/api/pro-contracts/${ids.contractA}/follow-up`, async () => ({ version: await version('proContracts', ids.contractA), certification: 'obtained' }), 403],
      ['entreprise2', 'POST', '/api/pro-contracts', async () => ({ ...contract(agefos, 'Gamma'), companyId: companyA }), 403],
      ['entreprise2', 'POST', '/api/pro-contracts', async () => ({ ...contract(agefos, 'Gamma'), newTutor: null, tutorId: ids.tutorA }), 404],
      ['entreprise2', 'POST', '/api/pro-contracts/check', async () => ({ ...contract(agefos, 'Gamma'), newTutor: null, tutorId: ids.tutorA }), 404],
      ['opca', 'POST', '/api/pro-contracts', async () => ({ ...contract(agefos, 'Delta'), companyId: companyA }), 403],
      ['opca', 'POST', '/api/pro-contracts', async () => ({ ...contract(opcaim, 'Delta'), companyId: otherAgency }), 404],
      ['etat', 'POST', '/api/pro-contracts', async () => ({ ...contract(opcaim, 'Delta'), companyId: companyA }), 403],
      // Tutors.
      ['entreprise2', 'POST', '/api/tutors', async () => ({ companyId: companyA, lastName: 'Tuteur', firstName: 'Jean', relatedExperienceMonths: 60, isEmployer: false }), 403],
      ['opca', 'POST', '/api/tutors', async () => ({ companyId: unfunded, lastName: 'Tuteur', firstName: 'Jean', relatedExperienceMonths: 60, isEmployer: false }), 403],
      ['opca', 'POST', '/api/tutors', async () => ({ companyId: otherAgency, lastName: 'Tuteur', firstName: 'Jean', relatedExperienceMonths: 60, isEmployer: false }), 404],
      ['region', 'POST', '/api/tutors', async () => ({ companyId: companyA, lastName: 'Tuteur', firstName: 'Jean', relatedExperienceMonths: 60, isEmployer: false }), 403],
      // Temp pathways: the person, periods and financing lines, the exit.
      ['interim', 'PUT', `/api/temp-pathways/${ids.pathwayB}`, async () => ({ ...pathway(), version: await version('tempPathways', ids.pathwayB) }), 404],
      ['interim', 'PATCH', `/api/temp-pathways/${ids.pathwayB}/exit`, async () => ({ ...exit, version: await version('tempPathways', ids.pathwayB) }), 404],
      ['interim', 'POST', '/api/temp-pathways', async () => pathway({ agencyId: otherAgency }), 403],
      ['secretariat', 'POST', '/api/temp-pathways', async () => pathway({ agencyId: companyA }), 404],
      ['entreprise', 'PUT', `/api/temp-pathways/${ids.pathwayA}`, async () => ({ ...pathway(), version: await version('tempPathways', ids.pathwayA) }), 404],
      ['etat', 'PATCH', `/api/temp-pathways/${ids.pathwayA}/exit`, async () => ({ ...exit, version: await version('tempPathways', ids.pathwayA) }), 403],
      ['opca', 'POST', '/api/temp-pathways', async () => pathway({ agencyId: otherAgency }), 403],
      // Pairs.
      ['entreprise2', 'POST', '/api/pairs', async () => pair(ids.juniorA), 404],
      ['entreprise2', 'PUT', `/api/pairs/${ids.pairA}`, async () => ({ ...pair(ids.juniorA), version: await version('pairs', ids.pairA) }), 404],
      ['entreprise', 'PUT', `/api/pairs/${ids.pairA}`, async () => ({ ...pair(ids.juniorB), version: await version('pairs', ids.pairA) }), 404],
      ['region', 'PUT', `/api/pairs/${ids.pairA}`, async () => ({ ...pair(ids.juniorA), version: await version('pairs', ids.pairA) }), 403],
      ['interim', 'POST', '/api/pairs', async () => pair(ids.juniorA), 403],
    ];
    for (const [who, method, url, body, expected] of probes) {
      const r = await call(`${who}@parcours.test`, method, url, await body());
      expect(r.statusCode, `${who} ${method} ${url}: ${r.body}`).toBe(expected);
      expect(r.json().error.message, `${who} ${method} ${url}`).toMatch(/[a-zé]/);
    }
  });

  it('offers on each record exactly the writes the routes accept, for every demo account', async () => {
    const records: { name: string; detail: string; write: (email: string) => Promise<{ statusCode: number; body: string }>; action: string }[] = [
      { name: 'contract', detail: `/api/pro-contracts/${ids.contractA}`, action: 'edit',
        write: async (email) => call(email, 'PUT', `/api/pro-contracts/${ids.contractA}`, await editContract(ids.contractA, opcaim, 'Alpha', ids.tutorA)) },
      { name: 'follow-up', detail: `/api/pro-contracts/${ids.contractA}`, action: 'followUp',
        write: async (email) => call(email, 'PATCH', `/api/pro-contracts/${ids.contractA}/follow-up`, { version: await version('proContracts', ids.contractA), certification: 'obtained' }) },
      { name: 'pathway', detail: `/api/temp-pathways/${ids.pathwayA}`, action: 'edit',
        write: async (email) => call(email, 'PUT', `/api/temp-pathways/${ids.pathwayA}`, { ...pathway(), version: await version('tempPathways', ids.pathwayA) }) },
      { name: 'exit', detail: `/api/temp-pathways/${ids.pathwayA}`, action: 'exit',
        write: async (email) => call(email, 'PATCH', `/api/temp-pathways/${ids.pathwayA}/exit`, { ...exit, version: await version('tempPathways', ids.pathwayA) }) },
      { name: 'pair', detail: `/api/pairs/${ids.pairA}`, action: 'edit',
        write: async (email) => call(email, 'PUT', `/api/pairs/${ids.pairA}`, { ...pair(ids.juniorA), version: await version('pairs', ids.pairA) }) },
    ];
    let accepted = 0;
    for (const record of records) {
      for (const email of ACCOUNTS) {
        const detail = await call(email, 'GET', record.detail);
        const written = await record.write(email);
        const where = `${email} ${record.name}: ${written.body}`;
        if (detail.statusCode === 404) {
          expect(written.statusCode, where).toBe(404);
          continue;
        }
        expect(detail.statusCode).toBe(200);
        const offered = detail.json().allowedActions as string[];
        expect(detail.json().canEdit).toBe(offered.includes('edit'));
        expect(written.statusCode, where).toBe(offered.includes(record.action) ? 200 : 403);
        if (written.statusCode === 200) accepted++;
      }
    }
    // The owner and the secretariat (two accounts) write each record; the fund the contract too.
    expect(accepted).toBeGreaterThanOrEqual(records.length * 3);
  });
});
