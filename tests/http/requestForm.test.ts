import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/platform/history/history.js';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';
import { sampleDraft } from '../support/requests.js';

const COMPANY = 'entreprise@parcours.test';
const OTHER_COMPANY = 'entreprise2@parcours.test';

describe.each(databaseKinds())('the request form’s edges on %s', (kind) => {
  let t: TestApp;
  const call = async (email: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { cookie: await t.login(email) }, ...(payload !== undefined ? { payload: payload as any } : {}) });
  const measureId = async (code: string) => (await t.ctx.database.db.selectFrom('measures').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
  const historyOf = async (id: number) => (await t.ctx.database.db.selectFrom('historyEvents').select(['action', 'changes'])
    .where('entityType', '=', 'fundingRequest').where('entityId', '=', id).orderBy('sequence').execute());

  beforeAll(async () => { t = await testApp(kind, { now: '2010-06-15T08:00:00.000Z' }); });
  afterAll(async () => { await t?.close(); });

  it('saves the company’s edits during a request for information and, with its answer, puts the request back in instruction', async () => {
    const created = (await call(COMPANY, 'POST', '/api/requests', await sampleDraft(t))).json();
    const submitted = (await call(COMPANY, 'POST', `/api/requests/${created.id}/submit`, { version: created.version })).json();
    const asked = (await call('etat@parcours.test', 'POST', `/api/requests/${created.id}/information-requests`, { reason: 'Précisez les heures autorisées.', version: submitted.version })).json();
    expect(asked.status).toBe('awaiting_information');
    const mine = (await call(COMPANY, 'GET', `/api/requests/${created.id}`)).json();
    expect(mine.allowedActions).toContain('edit');
    expect(mine.allowedActions).toContain('answerInformation');
    expect(mine.allowedActions).not.toContain('submit');
    expect(mine.allowedActions).not.toContain('delete');

    // What « Enregistrer les compléments » sends: the edited request, then the answer — never a submit.
    const draft = await sampleDraft(t);
    const saved = await call(COMPANY, 'PUT', `/api/requests/${created.id}`, { ...draft, activityDrop: { ...draft.activityDrop, partialActivityHours: 16000 }, version: mine.version });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().status).toBe('awaiting_information');
    const answered = await call(COMPANY, 'POST', `/api/requests/${created.id}/information-requests/${mine.informationRequests[0].id}/answer`, { answer: 'Heures portées à 16 000.', version: saved.json().version });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json().status).toBe('in_instruction');
    expect(answered.json().draft.activityDrop.partialActivityHours).toBe(16000);
    expect(answered.json().informationRequests[0].answer).toBe('Heures portées à 16 000.');
    expect((await historyOf(created.id)).map((e) => e.action)).toEqual(['created', 'submitted', 'information_requested', 'edited', 'information_answered']);
  });

  it('lists every gap of an empty or partial form at the first try, in words', async () => {
    const empty = await call(COMPANY, 'POST', '/api/requests', { measureId: 0, company: { name: '', siret: '' } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.issues.map((i: any) => i.path)).toEqual(expect.arrayContaining(['measureId', 'company.name', 'company.siret']));
    expect(empty.json().error.issues.find((i: any) => i.path === 'measureId').message).toBe('Choisissez le dispositif.');

    // A draft with only the company: one submission names every missing field and the plan.
    const sparse = await call(COMPANY, 'POST', '/api/requests', {
      measureId: await measureId('ACTE2-AXE1'), company: { name: 'Mécanique de Précision du Doubs', siret: '73282932000074' }, fundingLines: [{ funder: 'OPCA', proposedCents: 100 }],
    });
    expect(sparse.statusCode, sparse.body).toBe(201);
    const refused = await call(COMPANY, 'POST', `/api/requests/${sparse.json().id}/submit`, { version: sparse.json().version });
    expect(refused.statusCode).toBe(400);
    const paths = refused.json().error.issues.map((i: any) => i.path);
    expect(paths).toEqual(expect.arrayContaining([
      'trainingFundId', 'company.nafCode', 'company.idcc', 'company.headcount', 'company.departement', 'activityDrop.start', 'activityDrop.end',
      'activityDrop.justificationKind', 'activityDrop.authorisationReference', 'activityDrop.retentionCommitmentMonths', 'employees', 'actions', 'fundingLines',
    ]));
    const message = refused.json().error.message;
    expect(message).not.toMatch(/point\(s\)/);
    expect(message).toMatch(/^La demande ne peut pas encore être déposée : l’entreprise, la baisse d’activité, les salariés, les actions de formation et le plan de financement sont à compléter ou corriger \(quinze points, détaillés ci-dessous\)\.$/);
  });

  it('shows a company what each funder has left and its cap, without any other company’s data, and marks a measure with nothing left', async () => {
    const r = await call(COMPANY, 'GET', '/api/requests/funding-outlook?date=2010-06-01&headcount=120');
    expect(r.statusCode, r.body).toBe(200);
    const axis1 = r.json().items.find((m: any) => m.code === 'ACTE2-AXE1');
    expect(axis1.exhausted).toBe(false);
    const state = axis1.funders.find((f: any) => f.funder === 'STATE');
    expect(state).toMatchObject({ label: 'État (FNE-Formation)', limit: { maxRateBp: 4500, text: 'au plus 45 % du coût total' } });
    expect(state.remainingCents).toBeGreaterThan(0);
    const opca = axis1.funders.find((f: any) => f.funder === 'OPCA');
    expect(opca.limit.text).toBe('au plus 70 % du coût total et 50,00\u00a0€ par heure de stagiaire');
    // A small company gets the State's narrower rule.
    const small = (await call(COMPANY, 'GET', '/api/requests/funding-outlook?date=2010-06-01&headcount=30')).json();
    expect(small.items.find((m: any) => m.code === 'ACTE2-AXE1').funders.find((f: any) => f.funder === 'STATE').limit.maxRateBp).toBe(8000);

    // Only aggregates: no request, no company, no committed or granted amounts of others.
    const text = r.body;
    for (const secret of ['Plastiques', 'DEM-', 'committed', 'amountCents', 'companyId', 'siret', 'paid']) expect(text, secret).not.toContain(secret);
    expect(Object.keys(state).sort()).toEqual(['funder', 'label', 'limit', 'remainingCents']);
    // Same answer for the other company: nothing in it depends on who asks.
    expect((await call(OTHER_COMPANY, 'GET', '/api/requests/funding-outlook?date=2010-06-01&headcount=120')).body).toBe(text);
    // Readers of aggregates do not build plans.
    expect((await call('lecteur@parcours.test', 'GET', '/api/requests/funding-outlook')).statusCode).toBe(403);

    // When every funder's envelope is spent, the measure says so, and a plan on it is refused in plain words.
    const acte1 = await measureId('ACTE1-CELLULE');
    const db = t.ctx.database.db;
    const kept = await db.selectFrom('envelopes').select(['id', 'committedCents']).where('measureId', '=', acte1).execute();
    try {
      for (const e of kept) await db.updateTable('envelopes').set((eb) => ({ committedCents: eb.ref('amountCents') })).where('id', '=', e.id).execute();
      const spent = (await call(COMPANY, 'GET', '/api/requests/funding-outlook?date=2010-06-01')).json().items.find((m: any) => m.code === 'ACTE1-CELLULE');
      expect(spent.exhausted).toBe(true);
      expect(spent.funders.find((f: any) => f.funder === 'OPCA').remainingCents).toBe(0);
      const created = (await call(COMPANY, 'POST', '/api/requests', await sampleDraft(t, { measureId: acte1 }))).json();
      const refused = await call(COMPANY, 'POST', `/api/requests/${created.id}/submit`, { version: created.version });
      const messages = refused.json().error.issues.map((i: any) => i.message);
      expect(messages).toContain('OPCA / OPCO n’a plus de crédits disponibles sur ce dispositif : retirez cette ligne ou choisissez un autre financeur.');
      // Its measure also asks for two documents at filing, named with the plan's point.
      expect(refused.json().error.message).toMatch(/les pièces justificatives et le plan de financement sont à compléter ou corriger \(quatre points/);

      // The draft moves to a measure with money left, and goes.
      const moved = await call(COMPANY, 'PUT', `/api/requests/${created.id}`, { ...(await sampleDraft(t)), version: created.version });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json().measure.code).toBe('ACTE2-AXE1');
      const submitted = await call(COMPANY, 'POST', `/api/requests/${created.id}/submit`, { version: moved.json().version });
      expect(submitted.statusCode, submitted.body).toBe(200);
      // Once submitted, the measure is fixed.
      const locked = await call(COMPANY, 'PUT', `/api/requests/${created.id}`, { ...(await sampleDraft(t, { measureId: acte1 })), version: submitted.json().version });
      expect(locked.statusCode).toBe(409);
    } finally {
      for (const e of kept) await db.updateTable('envelopes').set({ committedCents: e.committedCents }).where('id', '=', e.id).execute();
    }
  });

  it('suggests the fund of the branch at the request’s date and makes the company confirm another one', async () => {
    const opcaim = await t.orgId('OPCAIM (métallurgie)');
    const in2010 = (await call(COMPANY, 'GET', '/api/reference/idcc/54?date=2010-06-01')).json();
    expect(in2010).toMatchObject({ idcc: '0054', branch: 'Métallurgie', fund: 'OPCAIM', date: '2010-06-01', organisations: [{ id: opcaim, name: 'OPCAIM (métallurgie)' }] });
    expect((await call(COMPANY, 'GET', '/api/reference/idcc/0054?date=2019-04-01')).json()).toMatchObject({ fund: 'OPCO 2i', organisations: [] });
    expect((await call(COMPANY, 'GET', '/api/reference/idcc/0292?date=2012-01-01')).json().fund).toBe('OPCA DEFI');
    expect((await call(COMPANY, 'GET', '/api/reference/idcc/9999?date=2010-06-01')).statusCode).toBe(404);

    const agefos = await t.orgId('AGEFOS PME Franche-Comté');
    const created = (await call(COMPANY, 'POST', '/api/requests', await sampleDraft(t, { trainingFundId: agefos }))).json();
    const asked = await call(COMPANY, 'POST', `/api/requests/${created.id}/submit`, { version: created.version });
    expect(asked.statusCode).toBe(400);
    expect(asked.json().error.issues).toEqual([{ path: 'trainingFundId', message: 'L’IDCC 0054 relève d’OPCAIM : confirmez-vous AGEFOS PME Franche-Comté ?' }]);
    const confirmed = await call(COMPANY, 'POST', `/api/requests/${created.id}/submit`, { version: created.version, confirmFund: true });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().partners.map((p: any) => p.name)).toContain('AGEFOS PME Franche-Comté');
    const submittedEvent = (await historyOf(created.id)).find((e) => e.action === 'submitted')!;
    const changes = typeof submittedEvent.changes === 'string' ? submittedEvent.changes : JSON.stringify(submittedEvent.changes);
    expect(changes).toContain('"fundConfirmedAgainstBranch":"OPCAIM"');

    // Administrators keep the table: a new fund from a date closes the open period; overlaps are refused.
    const period = { idcc: '1607', branch: 'Jeux, jouets', fund: 'OPCO 2i', validFrom: '2024-01-01' };
    expect((await call(COMPANY, 'POST', '/api/reference/idcc-funds', period)).statusCode).toBe(403);
    const added = await call('admin@parcours.test', 'POST', '/api/reference/idcc-funds', { ...period, idcc: '0054', fund: 'Opco futur' });
    expect(added.statusCode, added.body).toBe(201);
    const periods = (await call(COMPANY, 'GET', '/api/reference/idcc-funds')).json().items.filter((p: any) => p.idcc === '0054');
    expect(periods.map((p: any) => [p.fund, p.validFrom, p.validTo])).toEqual([['OPCAIM', '1995-01-01', '2019-03-31'], ['OPCO 2i', '2019-04-01', '2023-12-31'], ['Opco futur', '2024-01-01', null]]);
    const overlap = await call('admin@parcours.test', 'POST', '/api/reference/idcc-funds', { ...period, idcc: '0054', validFrom: '2015-01-01', validTo: '2016-12-31' });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().error.message).toMatch(/relève déjà de OPCAIM/);
  });

  it('lets the company delete its draft, only a draft, with a trace; another organisation gets 404', async () => {
    const created = (await call(COMPANY, 'POST', '/api/requests', await sampleDraft(t))).json();
    expect(created.allowedActions).toContain('delete');
    for (const email of [OTHER_COMPANY, 'secretariat@parcours.test', 'opca@parcours.test', 'admin@parcours.test']) {
      expect((await call(email, 'DELETE', `/api/requests/${created.id}?version=${created.version}`)).statusCode, email).toBe(404);
    }
    expect((await call(COMPANY, 'DELETE', '/api/requests/99999?version=1')).statusCode).toBe(404);
    expect((await call(COMPANY, 'DELETE', `/api/requests/${created.id}`)).statusCode).toBe(400);
    expect((await call(COMPANY, 'DELETE', `/api/requests/${created.id}?version=${created.version + 1}`)).statusCode).toBe(409);
    const deleted = await call(COMPANY, 'DELETE', `/api/requests/${created.id}?version=${created.version}`);
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect((await call(COMPANY, 'GET', `/api/requests/${created.id}`)).statusCode).toBe(404);
    const db = t.ctx.database.db;
    expect(await db.selectFrom('requestEmployees').select('id').where('requestId', '=', created.id).execute()).toEqual([]);
    expect(await db.selectFrom('fundingLines').select('id').where('requestId', '=', created.id).execute()).toEqual([]);
    expect((await historyOf(created.id)).map((e) => e.action)).toEqual(['created', 'deleted']);
    expect(await verifyChain(db, 'fundingRequest', created.id)).toBeNull();

    const submitted = (await call(COMPANY, 'POST', '/api/requests', await sampleDraft(t))).json();
    const s = (await call(COMPANY, 'POST', `/api/requests/${submitted.id}/submit`, { version: submitted.version })).json();
    expect(s.allowedActions).not.toContain('delete');
    expect((await call(COMPANY, 'DELETE', `/api/requests/${submitted.id}?version=${s.version}`)).statusCode).toBe(409);
    expect((await call(COMPANY, 'GET', `/api/requests/${submitted.id}`)).statusCode).toBe(200);
  });
});
