import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/platform/history/history.js';
import { drainJobs } from '../../src/platform/outbox/jobs.js';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';
import { DEMO_PASSWORD } from '../../src/demo/organisations.js';

describe.each(databaseKinds())('professionalisation contracts on %s', (kind) => {
  let t: TestApp;
  let opcaim: number;
  let agefos: number;
  const call = async (email: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { cookie: await t.login(email) }, ...(payload !== undefined ? { payload: payload as any } : {}) });
  const company = 'entreprise@parcours.test';
  /** Sessions last 10 hours of the test clock: after moving it, sign in again. */
  const callLater = async (email: string, method: 'GET' | 'PATCH', url: string, payload?: unknown) => {
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: DEMO_PASSWORD } });
    const cookie = `parcours_session=${login.cookies.find((c) => c.name === 'parcours_session')!.value}`;
    return t.app.inject({ method, url, headers: { cookie }, ...(payload !== undefined ? { payload: payload as any } : {}) });
  };

  const contract = (overrides: Record<string, unknown> = {}) => ({
    trainingFundId: opcaim,
    trainee: { lastName: 'Durand', firstName: 'Léa', sex: 'F', birthDate: '1993-05-05', level: 'V', hasRecognisedQualification: true, jobSeeker: false, publics: [] },
    newTutor: { lastName: 'Bernard', firstName: 'Michel', birthDate: '1960-02-01', relatedExperienceMonths: 120, isEmployer: false },
    tutorTrainingHours: 20,
    contractType: 'CDD', startDate: '2011-09-01', endDate: '2012-08-31', trainingHours: 400,
    targetedQualification: 'CQPM opérateur régleur sur machine-outil', targetedLevel: 'V', providerName: 'AFPA Franche-Comté',
    grossMonthlyPayCents: 90_000, reservedForPair: false,
    ...overrides,
  });

  beforeAll(async () => {
    t = await testApp(kind, { now: '2011-08-20T08:00:00.000Z' });
    opcaim = await t.orgId('OPCAIM (métallurgie)');
    agefos = await t.orgId('AGEFOS PME Franche-Comté');
  });
  afterAll(async () => { await t?.close(); });

  it('records a contract with its tutor, computes funding and pay floor, and scopes who sees it', async () => {
    const created = await call(company, 'POST', '/api/pro-contracts', contract());
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json();
    expect(c.reference).toMatch(/^CPRO-\d{6}$/);
    expect(c.tutor).toMatchObject({ lastName: 'Bernard', isEmployer: false, ageAtStart: 51 });
    // 400 h × 9,15 € + tutoring 345 €/month (tutor 45+) × 6 + 20 h × 15 €.
    expect(c.funding).toMatchObject({ hourlyRateCents: 915, trainingFundingCents: 366_000, tutoringAidCents: 207_000, tutorTrainingCents: 30_000, totalCents: 603_000 });
    expect(c.payFloor).toHaveLength(12);
    expect(c.payFloor[0]).toMatchObject({ month: '2011-09', ageBand: 'under21', smicShareBp: 5500 });
    expect(c.history.map((h: any) => h.action)).toEqual(['created']);
    expect(Array.isArray(c.warnings)).toBe(true);

    const floor = await call(company, 'GET', `/api/pro-contracts/${c.id}/pay-floor`);
    expect(floor.json().rows[0].isPayBelowFloor).toBe(false);

    expect((await call('opca@parcours.test', 'GET', `/api/pro-contracts/${c.id}`)).statusCode).toBe(200);
    expect((await call('secretariat@parcours.test', 'GET', `/api/pro-contracts/${c.id}`)).statusCode).toBe(200);
    expect((await call('etat@parcours.test', 'GET', `/api/pro-contracts/${c.id}`)).statusCode).toBe(200);
    expect((await call('region@parcours.test', 'GET', `/api/pro-contracts/${c.id}`)).statusCode).toBe(200);
    expect((await call('entreprise2@parcours.test', 'GET', `/api/pro-contracts/${c.id}`)).statusCode).toBe(404);
    expect((await call('poleemploi@parcours.test', 'GET', `/api/pro-contracts/${c.id}`)).statusCode).toBe(404);
    expect((await call('lecteur@parcours.test', 'GET', `/api/pro-contracts/${c.id}`)).statusCode).toBe(404);
    expect((await call('lecteur@parcours.test', 'GET', '/api/pro-contracts')).statusCode).toBe(403);
    expect((await call('lecteur@parcours.test', 'GET', '/api/pro-contracts/counters')).statusCode).toBe(200);
    expect((await call(company, 'GET', '/api/pro-contracts/999999')).statusCode).toBe(404);
    // State and Region read but do not record.
    expect((await call('etat@parcours.test', 'POST', '/api/pro-contracts', contract({ companyId: c.companyId }))).statusCode).toBe(403);

    const others = await call('entreprise2@parcours.test', 'GET', '/api/pro-contracts?pageSize=200');
    expect(others.json().items.every((i: any) => i.companyId !== c.companyId)).toBe(true);
    const mine = await call(company, 'GET', '/api/pro-contracts?q=Durand&sort=startDate&order=desc');
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items.map((i: any) => i.id)).toContain(c.id);
    expect((await call(company, 'GET', '/api/pro-contracts?sort=nope')).statusCode).toBe(400);
    expect((await call(company, 'GET', '/api/pro-contracts?reservedForPair=maybe')).statusCode).toBe(400);

    // A company cannot use another company's tutor; a fund records only its own contracts.
    expect((await call('entreprise2@parcours.test', 'POST', '/api/pro-contracts', contract({ newTutor: null, tutorId: c.tutor.id }))).json().error.field).toBe('tutorId');
    const wrongFund = await call('opca@parcours.test', 'POST', '/api/pro-contracts', contract({ companyId: c.companyId, trainingFundId: agefos }));
    expect(wrongFund.statusCode).toBe(403);
    expect(wrongFund.json().error.field).toBe('trainingFundId');
    expect((await verifyChain(t.ctx.database.db, 'proContract', c.id))).toBeNull();
  });

  it('refuses breaches with the field path and a French message, and bad input never gives a 500', async () => {
    const low = await call(company, 'POST', '/api/pro-contracts', contract({ trainingHours: 100 }));
    expect(low.statusCode).toBe(400);
    expect(low.json().error.issues.map((i: any) => i.path)).toContain('trainingHours');
    expect(low.json().error.issues.find((i: any) => i.path === 'trainingHours').message).toMatch(/au moins 150/);
    const pay = await call(company, 'POST', '/api/pro-contracts', contract({ grossMonthlyPayCents: 50_000 }));
    expect(pay.json().error.issues[0]).toMatchObject({ path: 'grossMonthlyPayCents' });
    expect(pay.json().error.issues[0].message).toMatch(/inférieur au minimum/);
    const pairCdd = await call(company, 'POST', '/api/pro-contracts', contract({ reservedForPair: true }));
    expect(pairCdd.json().error.issues.map((i: any) => i.path)).toContain('contractType');
    for (const bad of [{}, { ...contract(), startDate: '2011-02-30' }, { ...contract(), grossMonthlyPayCents: -5 }, { ...contract(), trainingFundId: 'x' }, { ...contract(), trainee: null }]) {
      const r = await call(company, 'POST', '/api/pro-contracts', bad);
      expect(r.statusCode).toBe(400);
      expect(r.json().error.message).toBeTruthy();
    }
    const malformed = await t.app.inject({ method: 'POST', url: '/api/pro-contracts', headers: { cookie: await t.login(company), 'content-type': 'application/json' }, payload: '{"trainee":' });
    expect(malformed.statusCode).toBe(400);
    // Law unknown before the C.Pro existed.
    const old = await call(company, 'POST', '/api/pro-contracts', contract({ startDate: '2003-01-01', endDate: '2003-12-31' }));
    expect(old.statusCode).toBe(400);
    expect(old.json().error.field).toBe('startDate');
  });

  it('counts the tutor’s other contracts from the database', async () => {
    const first = (await call(company, 'POST', '/api/pro-contracts', contract({ newTutor: { lastName: 'Patron', firstName: 'Paul', relatedExperienceMonths: 240, isEmployer: true } }))).json();
    const tutorId = first.tutor.id;
    expect((await call(company, 'POST', '/api/pro-contracts', contract({ newTutor: null, tutorId, trainee: { ...contract().trainee, lastName: 'Second' } }))).statusCode).toBe(201);
    const third = await call(company, 'POST', '/api/pro-contracts', contract({ newTutor: null, tutorId, trainee: { ...contract().trainee, lastName: 'Troisième' } }));
    expect(third.statusCode).toBe(400);
    expect(third.json().error.issues[0]).toMatchObject({ path: 'tutor.otherTrainees' });
    expect(third.json().error.issues[0].message).toMatch(/3 alternants/);
    const tutors = await call(company, 'GET', '/api/tutors');
    expect(tutors.json().items.find((x: any) => x.id === tutorId)).toMatchObject({ isEmployer: true });
  });

  it('lets a training fund declare tutors only for the companies it funds', async () => {
    const { db } = t.ctx.database;
    const tutor = (companyId?: number) => ({ ...(companyId ? { companyId } : {}), lastName: 'Tuteur', firstName: 'Jean', relatedExperienceMonths: 60, isEmployer: false });
    const funded = await db.selectFrom('proContracts').select('companyId').where('trainingFundId', '=', opcaim).executeTakeFirstOrThrow();
    // A company no fund finances: neither a contract nor a request of the weekly cell.
    const stranger = await db.insertInto('organisations').values({ kind: 'company', name: 'Entreprise sans OPCA', siret: '55210055400013', departement: '25', employmentArea: null, address: null, isActive: true, createdAt: '2011-01-01T00:00:00.000Z', version: 1 })
      .returning('id').executeTakeFirstOrThrow();

    const ok = await call('opca@parcours.test', 'POST', '/api/tutors', tutor(funded.companyId));
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ companyId: funded.companyId, lastName: 'Tuteur' });
    const refused = await call('opca@parcours.test', 'POST', '/api/tutors', tutor(stranger.id));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ field: 'companyId', message: expect.stringMatching(/qu’il finance/) });
    expect((await call('opca@parcours.test', 'POST', '/api/tutors', tutor(999_999))).statusCode).toBe(404);
    expect((await call('opca@parcours.test', 'POST', '/api/tutors', tutor(opcaim))).statusCode).toBe(404);
    // The refused tutor is nowhere: not in the company's list.
    const listed = await db.selectFrom('tutors').select('id').where('companyId', '=', stranger.id).execute();
    expect(listed).toEqual([]);
    // The secretariat declares for any company; a company only for itself.
    expect((await call('secretariat@parcours.test', 'POST', '/api/tutors', tutor(stranger.id))).statusCode).toBe(201);
    expect((await call(company, 'POST', '/api/tutors', tutor(stranger.id))).statusCode).toBe(403);
    expect((await call(company, 'POST', '/api/tutors', tutor())).statusCode).toBe(201);
    expect((await call('etat@parcours.test', 'POST', '/api/tutors', tutor(funded.companyId))).statusCode).toBe(403);
  });

  it('edits with a version check and records the follow-up; lists due and late follow-ups', async () => {
    const c = (await call(company, 'POST', '/api/pro-contracts', contract({ trainee: { ...contract().trainee, lastName: 'Suivi' } }))).json();
    const edited = await call(company, 'PUT', `/api/pro-contracts/${c.id}`, { ...contract({ trainee: { ...contract().trainee, lastName: 'Suivi' }, newTutor: null, tutorId: c.tutor.id }), grossMonthlyPayCents: 95_000, version: c.version });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().version).toBe(c.version + 1);
    const stale = await call(company, 'PUT', `/api/pro-contracts/${c.id}`, { ...contract({ newTutor: null, tutorId: c.tutor.id }), version: c.version });
    expect(stale.statusCode).toBe(409);

    const badEnd = await call(company, 'PATCH', `/api/pro-contracts/${c.id}/follow-up`, { version: edited.json().version, actualEndDate: '2013-01-01', endReason: 'resignation' });
    expect(badEnd.statusCode).toBe(400);
    expect(badEnd.json().error.field).toBe('actualEndDate');
    const ended = await call(company, 'PATCH', `/api/pro-contracts/${c.id}/follow-up`, {
      version: edited.json().version, actualEndDate: '2012-01-31', endReason: 'resignation', certification: 'failed', situationAtExit: 'jobSeeker',
    });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json().followUp).toMatchObject({ status: 'not_due', window: { exitDate: '2012-01-31', dueFrom: '2012-07-31', lateAfter: '2012-08-31' } });
    expect((await call(company, 'PATCH', `/api/pro-contracts/${c.id}/follow-up`, { version: edited.json().version, situationAfter6Months: 'cdd' })).statusCode).toBe(409);

    try {
    t.clock.set('2012-08-05T08:00:00.000Z');
    const due = await callLater(company, 'GET', '/api/pro-contracts/follow-ups?state=due');
    expect(due.json().items.map((i: any) => i.id)).toContain(c.id);
    t.clock.set('2012-09-05T08:00:00.000Z');
    const late = await callLater(company, 'GET', '/api/pro-contracts/follow-ups?state=late');
    expect(late.json().items.map((i: any) => i.id)).toContain(c.id);
    expect(late.json().items.find((i: any) => i.id === c.id).followUpStatus).toBe('late');
    const answered = await callLater(company, 'PATCH', `/api/pro-contracts/${c.id}/follow-up`, { version: ended.json().version, situationAfter6Months: 'cdiElsewhere' });
    expect(answered.json().followUp.status).toBe('not_due');
    expect((await callLater(company, 'GET', '/api/pro-contracts/follow-ups?state=late')).json().items.map((i: any) => i.id)).not.toContain(c.id);
    expect(answered.json().history.map((h: any) => h.action)).toEqual(['created', 'edited', 'followUp', 'followUp']);
    } finally { t.clock.set('2011-08-20T08:00:00.000Z'); }
  });

  it('protects the reserved quota unless a motivated override is sent', async () => {
    const counters = (await call(company, 'GET', '/api/pro-contracts/counters')).json();
    expect(counters).toMatchObject({ target: 6000, reservedTarget: 1000 });
    const { db } = t.ctx.database;
    const measure = await db.selectFrom('measures').select('id').where('code', '=', 'ACTE2-CPRO').executeTakeFirstOrThrow();
    // Leave exactly no ordinary place: target = total + 5, reserved part = 5 + reserved already used.
    await db.updateTable('targets').set({ value: counters.total + 5 }).where('measureId', '=', measure.id).where('indicator', '=', 'contracts').execute();
    await db.updateTable('targets').set({ value: counters.reserved + 5 }).where('measureId', '=', measure.id).where('indicator', '=', 'reserved_pairs').execute();
    const refused = await call(company, 'POST', '/api/pro-contracts', contract({ trainee: { ...contract().trainee, lastName: 'Quota' } }));
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('quota_exceeded');
    expect(refused.json().error.message).toMatch(/empiéterait sur la réserve/);
    const pair = await call(company, 'POST', '/api/pro-contracts', contract({ contractType: 'CDI', reservedForPair: true, trainee: { ...contract().trainee, lastName: 'Binôme' } }));
    expect(pair.statusCode, pair.body).toBe(201);
    const forced = await call(company, 'POST', '/api/pro-contracts', contract({ trainee: { ...contract().trainee, lastName: 'Quota' }, override: { motivation: 'Décision du comité de pilotage du 12/09/2011' } }));
    expect(forced.statusCode, forced.body).toBe(201);
    expect(forced.json().quotaOverride).toBe(true);
    expect(forced.json().history[0].motivation).toMatch(/comité de pilotage/);
    const after = (await call('lecteur@parcours.test', 'GET', '/api/pro-contracts/counters')).json();
    expect(after).toMatchObject({ total: counters.total + 2, reserved: counters.reserved + 1, quotaOverrides: counters.quotaOverrides + 1 });
    await db.updateTable('targets').set({ value: 6000 }).where('measureId', '=', measure.id).where('indicator', '=', 'contracts').execute();
    await db.updateTable('targets').set({ value: 1000 }).where('measureId', '=', measure.id).where('indicator', '=', 'reserved_pairs').execute();
  });

  it('exports the visible contracts and imports a file all or nothing', async () => {
    const csv = await call(company, 'GET', '/api/pro-contracts/export?format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toMatch(/Référence;Employeur;OPCA/);
    expect(csv.body).toMatch(/Durand/);
    const xlsx = await call('secretariat@parcours.test', 'GET', '/api/pro-contracts/export?format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toMatch(/spreadsheet/);

    const header = 'OPCA;Nom;Prénom;Date de naissance;Sexe;Niveau;Qualification reconnue;Demandeur d’emploi;Type de contrat;Date de début;Date de fin;Heures de formation;Qualification visée;Niveau visé;Organisme de formation;Salaire brut mensuel;Nom du tuteur;Prénom du tuteur;Expérience du tuteur (mois);Tuteur employeur';
    const good = 'OPCAIM (métallurgie);Import;Anne;1992-03-03;F;V;oui;non;CDD;2011-10-01;2012-09-30;400;CQPM;V;AFPA;900,00;Roux;Jean;60;non';
    const bad = 'OPCAIM (métallurgie);Import;Bruno;1992-13-03;X;V;oui;non;CDD;2011-10-01;2012-09-30;100;CQPM;V;AFPA;900,00;;;;';
    // The import runs as a background job (src/proContracts/import): upload, let the job run, read its result.
    const upload = async (content: string) => {
      const boundary = '----parcours';
      const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="contrats.csv"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`;
      const queued = await t.app.inject({ method: 'POST', url: '/api/imports/pro-contracts', headers: { cookie: await t.login(company), 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
      expect(queued.statusCode, queued.body).toBe(202);
      await drainJobs(t.ctx);
      return (await call(company, 'GET', `/api/jobs/${queued.json().jobId}`)).json();
    };
    const before = (await call(company, 'GET', '/api/pro-contracts/counters')).json().total;
    const rejected = await upload(`${header}\n${good}\n${bad}\n`);
    expect(rejected.status).toBe('failed');
    expect(rejected.result.errors.map((e: any) => e.message).join(' ')).toMatch(/Ligne 3, colonne « Date de naissance »/);
    const shortTraining = await upload(`${header}\n${good}\n${good.replace(';400;', ';100;').replace('Anne', 'Zoé')}\n`);
    expect(shortTraining.status).toBe('failed');
    expect(shortTraining.result.errors[0].message).toMatch(/^Ligne 3/);
    expect((await call(company, 'GET', '/api/pro-contracts/counters')).json().total).toBe(before);
    const accepted = await upload(`${header}\n${good}\n${good.replace('Anne', 'Zoé')}\n`);
    expect(accepted.status, JSON.stringify(accepted)).toBe('done');
    expect(accepted.result.imported).toBe(2);
    const detail = (await call(company, 'GET', `/api/pro-contracts/${accepted.result.ids[1]}`)).json();
    expect(detail).toMatchObject({ isImported: true, tutor: { lastName: 'Roux' } });
    expect((await call(company, 'GET', `/api/pro-contracts/${accepted.result.ids[0]}`)).json().tutor.id).toBe(detail.tutor.id);
    expect((await call('lecteur@parcours.test', 'POST', '/api/imports/pro-contracts')).statusCode).toBe(403);
  });
});
