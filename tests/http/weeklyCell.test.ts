import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/platform/history/history.js';
import { drainJobs } from '../../src/platform/outbox/jobs.js';
import { envelopeDrift } from '../../src/programmes/envelopeBalance.js';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';
import { sampleDraft } from '../support/requests.js';

describe.each(databaseKinds())('weekly cell on %s', (kind) => {
  let t: TestApp;
  const as = async (email: string) => ({ cookie: await t.login(email) });
  const call = async (email: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: await as(email), ...(payload !== undefined ? { payload: payload as any } : {}) });

  beforeAll(async () => { t = await testApp(kind, { now: '2010-06-15T08:00:00.000Z' }); });
  afterAll(async () => { await t?.close(); });

  it('walks the full cycle: file, instruct, ask for information, decide in session, realise, pay, close', async () => {
    const company = 'entreprise@parcours.test';
    const heldOnEnvelopes = async () => (await t.ctx.database.db.selectFrom('envelopes').select('committedCents').execute()).reduce((sum, e) => sum + Number(e.committedCents), 0);
    const heldBefore = await heldOnEnvelopes();
    const created = await call(company, 'POST', '/api/requests', await sampleDraft(t));
    expect(created.statusCode).toBe(201);
    const draft = created.json();
    expect(draft.status).toBe('draft');
    expect(draft.totals).toMatchObject({ traineeCount: 2, trainingHours: 140, teachingCostCents: 700_000, payCostCents: 210_000, totalCostCents: 910_000 });

    // Not yet submitted: the secretariat and partners do not see it.
    expect((await call('secretariat@parcours.test', 'GET', `/api/requests/${draft.id}`)).statusCode).toBe(404);

    const submitted = await call(company, 'POST', `/api/requests/${draft.id}/submit`, { version: draft.version });
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json().status).toBe('in_instruction');
    expect(submitted.json().partners.map((p: any) => p.name)).toEqual(['OPCAIM (métallurgie)', 'DIRECCTE Franche-Comté']);

    // The Region was not routed (it does not co-finance): it cannot see the request.
    expect((await call('region@parcours.test', 'GET', `/api/requests/${draft.id}`)).statusCode).toBe(404);

    const asked = await call('etat@parcours.test', 'POST', `/api/requests/${draft.id}/information-requests`, { reason: 'Joignez l’autorisation d’activité partielle.', version: submitted.json().version });
    expect(asked.statusCode).toBe(200);
    expect(asked.json().status).toBe('awaiting_information');
    const question = asked.json().informationRequests[0];

    // Partners talk privately; the company never sees the thread.
    expect((await call('opca@parcours.test', 'POST', `/api/requests/${draft.id}/messages`, { body: 'Coût horaire cohérent avec nos barèmes.' })).statusCode).toBe(201);
    expect((await call(company, 'GET', `/api/requests/${draft.id}/messages`)).statusCode).toBe(404);
    expect((await call('etat@parcours.test', 'GET', `/api/requests/${draft.id}/messages`)).json().items).toHaveLength(1);

    const answered = await call(company, 'POST', `/api/requests/${draft.id}/information-requests/${question.id}/answer`, { answer: 'Autorisation n° AP-25-2010-042 jointe.', version: asked.json().version });
    expect(answered.statusCode).toBe(200);
    expect(answered.json().status).toBe('in_instruction');
    expect(answered.json().informationRequests[0].answer).toMatch(/AP-25/);

    const opca = await call('opca@parcours.test', 'POST', `/api/requests/${draft.id}/opinions`, { verdict: 'favourable', comment: '', proposedCents: 400_000 });
    expect(opca.statusCode).toBe(200);
    expect(opca.json().status).toBe('in_instruction');
    expect(opca.json().readiness.missing.map((m: any) => m.message)).toEqual(['Avis attendu : DIRECCTE Franche-Comté.']);
    const state = await call('etat@parcours.test', 'POST', `/api/requests/${draft.id}/opinions`, { verdict: 'reserved', comment: 'Vérifier l’engagement de maintien dans l’emploi.' });
    expect(state.json().status).toBe('ready_for_cell');

    const session = await call('secretariat@parcours.test', 'POST', '/api/sessions', { heldOn: '2010-06-17' });
    expect(session.statusCode).toBe(201);
    expect(session.json().items.map((i: any) => i.requestId)).toEqual([draft.id]);
    const s = session.json();
    const closeEarly = await call('secretariat@parcours.test', 'POST', `/api/sessions/${s.id}/close`, { version: s.version });
    expect(closeEarly.statusCode).toBe(409);
    // The session is dated the 17th and today is the 15th: holding it early needs a motivation, kept in its history.
    const tooEarly = await call('secretariat@parcours.test', 'POST', `/api/sessions/${s.id}/open`, { version: s.version });
    expect(tooEarly.statusCode).toBe(409);
    expect(tooEarly.json().error.field).toBe('earlyMotivation');
    const earlyReason = 'Séance avancée au 15 juin : le 17 est férié localement.';
    const opened = await call('secretariat@parcours.test', 'POST', `/api/sessions/${s.id}/open`, { version: s.version, earlyMotivation: earlyReason });
    expect(opened.json().status).toBe('open');
    const refusedClose = await call('secretariat@parcours.test', 'POST', `/api/sessions/${s.id}/close`, { version: opened.json().version });
    expect(refusedClose.statusCode).toBe(409);
    expect(refusedClose.json().error.message).toMatch(/Décision manquante/);

    const decided = await call('secretariat@parcours.test', 'POST', `/api/sessions/${s.id}/decisions`, {
      itemId: s.items[0].id, decision: 'partially_approved', motivation: 'Part de l’État ramenée à 2 500 €.', lines: [{ funder: 'STATE', approvedCents: 250_000 }],
    });
    expect(decided.statusCode).toBe(200);
    expect(decided.json().committedByFunder).toEqual(expect.arrayContaining([{ funder: 'STATE', funderLabel: 'État (FNE-Formation)', amountCents: 250_000 }]));
    // An administrator cuts the State's envelope to 1 000 € above what is committed: closing is refused as a whole.
    const { db } = t.ctx.database;
    const request = await db.selectFrom('fundingRequests').select('measureId').where('id', '=', draft.id).executeTakeFirstOrThrow();
    const stateEnvelope = await db.selectFrom('envelopes').selectAll().where('measureId', '=', request.measureId).where('funder', '=', 'STATE').executeTakeFirstOrThrow();
    const cut = await call('admin@parcours.test', 'PATCH', `/api/envelopes/${stateEnvelope.id}`, { version: stateEnvelope.version, amountCents: Number(stateEnvelope.committedCents) + 100_000 });
    expect(cut.statusCode).toBe(200);
    const overdrawn = await call('secretariat@parcours.test', 'POST', `/api/sessions/${s.id}/close`, { version: opened.json().version, earlyMotivation: earlyReason });
    expect(overdrawn.statusCode).toBe(409);
    expect(overdrawn.json().error.issues[0].message).toMatch(/accorde 2\u00a0500,00\u00a0€ mais il ne reste que 1\u00a0000,00\u00a0€/);
    expect(await heldOnEnvelopes()).toBe(heldBefore);
    expect(await db.selectFrom('commitments').select('id').where('requestId', '=', draft.id).execute()).toEqual([]);
    const restored = await call('admin@parcours.test', 'PATCH', `/api/envelopes/${stateEnvelope.id}`, { version: cut.json().version, amountCents: Number(stateEnvelope.amountCents) });
    expect(restored.statusCode).toBe(200);

    const closed = await call('secretariat@parcours.test', 'POST', `/api/sessions/${s.id}/close`, { version: opened.json().version, earlyMotivation: earlyReason });
    expect(closed.statusCode).toBe(200);
    expect(closed.json().status).toBe('closed');

    expect(await drainJobs(t.ctx)).toBe(1);
    const withDocs = await call('secretariat@parcours.test', 'GET', `/api/sessions/${s.id}`);
    expect(withDocs.json().documents.map((d: any) => d.kind)).toEqual(['minutes']);
    const pdf = await call('secretariat@parcours.test', 'GET', `/api/sessions/${s.id}/minutes/${withDocs.json().documents[0].id}`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 4).toString()).toBe('%PDF');

    const approved = (await call(company, 'GET', `/api/requests/${draft.id}`)).json();
    expect(approved.status).toBe('approved');
    expect(approved.totals.committedCents).toBe(400_000 + 250_000 + 210_000);
    expect(approved.documents.map((d: any) => d.kind)).toEqual(['decision_letter']);
    const notifications = await t.ctx.database.db.selectFrom('notifications').select('subject').where('organisationId', '=', await t.orgId('Mécanique de Précision du Doubs')).execute();
    expect(notifications.map((n) => n.subject)).toContain(`Décision de la cellule sur ${approved.reference} : Accord partiel`);

    // Realisation: 120 trainee-hours of 140, teaching cost as invoiced.
    const realised = await call(company, 'POST', `/api/requests/${draft.id}/realisation`, {
      version: approved.version, actions: [{ actionId: approved.actions[0].id, realisedTrainees: 2, realisedHours: 120, realisedTeachingCostCents: 700_000 }],
    });
    expect(realised.statusCode).toBe(200);
    // Realised cost 7 000 + 120 × 15 = 8 800 € of 9 100 €: each funder owes its approval × 88/91.
    expect(realised.json().totals.realisedCostCents).toBe(880_000);
    const accounts = Object.fromEntries(realised.json().accounts.map((a: any) => [a.funder, a.dueCents]));
    expect(accounts).toEqual({ OPCA: 386_813, STATE: 241_758, COMPANY: 203_077 });

    const tooMuch = await call('etat@parcours.test', 'POST', `/api/requests/${draft.id}/payments`, { funder: 'STATE', amountCents: 241_759, paidOn: '2010-06-15', reference: 'MANDAT-1' });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json().error.field).toBe('amountCents');
    const wrongFunder = await call('etat@parcours.test', 'POST', `/api/requests/${draft.id}/payments`, { funder: 'OPCA', amountCents: 1, paidOn: '2010-06-15', reference: 'X' });
    expect(wrongFunder.statusCode).toBe(400);
    expect((await call('etat@parcours.test', 'POST', `/api/requests/${draft.id}/payments`, { funder: 'STATE', amountCents: 241_758, paidOn: '2010-06-15', reference: 'MANDAT-1' })).statusCode).toBe(200);
    const opcaPaid = await call('opca@parcours.test', 'POST', `/api/requests/${draft.id}/payments`, { funder: 'OPCA', amountCents: 386_813, paidOn: '2010-06-15', reference: 'OPCA-77' });
    expect(opcaPaid.json().status).toBe('approved');
    // The company's own share is settled by the secretariat, which closes the request and releases what was not used.
    const settled = await call('secretariat@parcours.test', 'POST', `/api/requests/${draft.id}/settle`, { version: opcaPaid.json().version, motivation: 'Part entreprise justifiée par attestation.' });
    expect(settled.statusCode).toBe(200);
    expect(settled.json().status).toBe('closed');
    expect(settled.json().totals.committedCents).toBe(386_813 + 241_758);
    // The envelopes keep exactly what stays committed after the release, as their commitments say.
    expect(await heldOnEnvelopes()).toBe(heldBefore + 386_813 + 241_758);
    expect(await envelopeDrift(t.ctx.database.db)).toEqual([]);

    const history = (await call(company, 'GET', `/api/requests/${draft.id}/history`)).json().items.map((e: any) => e.action);
    expect(history).toEqual(['created', 'submitted', 'information_requested', 'information_answered', 'opinion_given', 'opinion_given', 'ready_for_cell', 'scheduled', 'decision_recorded', 'decision_partially_approved', 'realisation_recorded', 'payment_recorded', 'payment_recorded', 'settled']);
    expect(await verifyChain(t.ctx.database.db, 'fundingRequest', draft.id)).toBeNull();
    await t.ctx.database.db.updateTable('historyEvents').set({ motivation: 'altéré' }).where('entityType', '=', 'fundingRequest').where('entityId', '=', draft.id).where('sequence', '=', 3).execute();
    expect(await verifyChain(t.ctx.database.db, 'fundingRequest', draft.id)).toBe(3);
  });

  it('says precisely what is missing on submission and refuses bad input without a partial write', async () => {
    const company = 'entreprise@parcours.test';
    const incomplete = await sampleDraft(t, { trainingFundId: null, fundingLines: [{ funder: 'OPCA', proposedCents: 100 }] });
    const created = (await call(company, 'POST', '/api/requests', incomplete)).json();
    const refused = await call(company, 'POST', `/api/requests/${created.id}/submit`, { version: created.version });
    expect(refused.statusCode).toBe(400);
    // Every gap at once: the missing fund and the unbalanced plan.
    expect(refused.json().error.issues.map((i: any) => i.path)).toEqual(['trainingFundId', 'fundingLines']);
    const balanced = await call(company, 'PUT', `/api/requests/${created.id}`, { ...(await sampleDraft(t)), fundingLines: [{ funder: 'OPCA', proposedCents: 100 }], version: created.version });
    const unbalanced = await call(company, 'POST', `/api/requests/${created.id}/submit`, { version: balanced.json().version });
    expect(unbalanced.json().error.issues[0].message).toMatch(/il manque 9\u00a0099,00/);

    const count = async () => (await t.ctx.database.db.selectFrom('fundingRequests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const before = Number(await count());
    const bad = [
      { company: { name: 'X', siret: '12345678901234' } },
      { actions: [{ ...(await sampleDraft(t)).actions[0], teachingCostCents: -5 }] },
      { actions: [{ ...(await sampleDraft(t)).actions[0], startDate: '2010-09-01', endDate: '2010-08-01' }] },
      { actions: [{ ...(await sampleDraft(t)).actions[0], hoursPerTrainee: '70' }] },
      { measureId: 99999 },
      { company: { name: 'X', siret: '73282932000074', nafCode: '99.99Z' } },
      { company: { name: 'X', siret: '73282932000074', employmentArea: 'lyon' } },
      { trainingFundId: await t.orgId('Région Franche-Comté') },
    ];
    for (const override of bad) {
      const r = await call(company, 'POST', '/api/requests', await sampleDraft(t, override));
      expect(r.statusCode, JSON.stringify(override)).toBe(400);
      expect(r.json().error.message).toMatch(/[a-zé]/);
      expect(r.json().error.field).toBeTruthy();
    }
    expect(Number(await count())).toBe(before);
  });

  it('keeps every organisation to its own requests, and readers to aggregates', async () => {
    const mine = (await call('entreprise@parcours.test', 'POST', '/api/requests', await sampleDraft(t))).json();
    for (const [email, status] of [['entreprise2@parcours.test', 404], ['region@parcours.test', 404], ['lecteur@parcours.test', 404], ['opca@parcours.test', 404]] as const) {
      expect((await call(email, 'GET', `/api/requests/${mine.id}`)).statusCode, email).toBe(status);
      expect((await call(email, 'GET', `/api/requests/${mine.id}/history`)).statusCode, email).toBe(status);
      expect((await call(email, 'PUT', `/api/requests/${mine.id}`, { ...(await sampleDraft(t)), version: 1 })).statusCode, email).toBe(status === 404 ? 404 : 403);
      expect((await call(email, 'POST', `/api/requests/${mine.id}/submit`, { version: 1 })).statusCode, email).toBe(404);
    }
    const list = (await call('entreprise2@parcours.test', 'GET', '/api/requests')).json();
    expect(list.items.every((r: any) => r.companyName === 'Plastiques du Haut-Jura')).toBe(true);
    expect((await call('lecteur@parcours.test', 'GET', '/api/requests')).statusCode).toBe(403);
    expect((await call('entreprise@parcours.test', 'POST', '/api/sessions', { heldOn: '2010-07-01' })).statusCode).toBe(403);
    expect((await call('opca@parcours.test', 'POST', '/api/requests', await sampleDraft(t))).statusCode).toBe(403);
  });

  it('routes a request again when the company’s answer changes who instructs it', async () => {
    const company = 'entreprise@parcours.test';
    const created = (await call(company, 'POST', '/api/requests', await sampleDraft(t))).json();
    const submitted = (await call(company, 'POST', `/api/requests/${created.id}/submit`, { version: created.version })).json();
    const opinion = await call('opca@parcours.test', 'POST', `/api/requests/${created.id}/opinions`, { verdict: 'favourable', comment: '' });
    expect(opinion.statusCode).toBe(200);
    const asked = (await call('etat@parcours.test', 'POST', `/api/requests/${created.id}/information-requests`, { reason: 'Précisez le cofinancement.', version: opinion.json().version })).json();
    expect(asked.status).toBe('awaiting_information');
    expect((await call('region@parcours.test', 'GET', `/api/requests/${created.id}`)).statusCode).toBe(404);

    // The answer brings the Region in as co-funder and moves the request to another training fund.
    const draft = await sampleDraft(t, { trainingFundId: await t.orgId('AGEFOS PME Franche-Comté') });
    const saved = await call(company, 'PUT', `/api/requests/${created.id}`, {
      ...draft, version: asked.version,
      fundingLines: [{ funder: 'OPCA', proposedCents: 300_000 }, { funder: 'STATE', proposedCents: 300_000 }, { funder: 'REGION', proposedCents: 100_000 }, { funder: 'COMPANY', proposedCents: 210_000 }],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().partners.map((p: any) => p.name).sort()).toEqual(['AGEFOS PME Franche-Comté', 'DIRECCTE Franche-Comté', 'Région Franche-Comté']);
    expect(submitted.partners.map((p: any) => p.name)).toEqual(['OPCAIM (métallurgie)', 'DIRECCTE Franche-Comté']);
    // The Region now instructs it and was told; the OPCAIM lost it, its opinion stays in the history.
    expect((await call('region@parcours.test', 'GET', `/api/requests/${created.id}`)).statusCode).toBe(200);
    expect((await call('opca@parcours.test', 'GET', `/api/requests/${created.id}`)).statusCode).toBe(404);
    expect(saved.json().opinions).toEqual([]);
    const notified = await t.ctx.database.db.selectFrom('notifications').select('subject').where('organisationId', '=', await t.orgId('Région Franche-Comté')).execute();
    expect(notified.map((n) => n.subject)).toContain(`Nouvelle demande à instruire : ${created.reference}`);
    const history = (await call(company, 'GET', `/api/requests/${created.id}/history`)).json().items;
    expect(history.map((e: any) => e.action)).toEqual(['created', 'submitted', 'opinion_given', 'information_requested', 'edited', 'routing_changed']);
    expect(await verifyChain(t.ctx.database.db, 'fundingRequest', created.id)).toBeNull();
  });

  it('serves a document only to its audience', async () => {
    const region = await t.orgId('Région Franche-Comté');
    const doc = await t.ctx.database.db.insertInto('documents').values({
      kind: 'steering_report', ownerType: 'steeringReport', ownerId: 1, organisationId: region, filename: 'rapport.pdf',
      contentType: 'application/pdf', content: Buffer.from('%PDF-1.4'), createdAt: '2010-06-15T08:00:00.000Z',
    }).returning('id').executeTakeFirstOrThrow();
    expect((await call('region@parcours.test', 'GET', `/api/documents/${doc.id}`)).statusCode).toBe(200);
    for (const email of ['opca@parcours.test', 'secretariat@parcours.test', 'entreprise@parcours.test', 'lecteur@parcours.test']) {
      expect((await call(email, 'GET', `/api/documents/${doc.id}`)).statusCode, email).toBe(404);
    }
  });

  it('lets one of two concurrent saves win and answers 409 to the other', async () => {
    const company = 'entreprise@parcours.test';
    const created = (await call(company, 'POST', '/api/requests', await sampleDraft(t))).json();
    const body = { ...(await sampleDraft(t)), version: created.version };
    const [a, b] = await Promise.all([
      call(company, 'PUT', `/api/requests/${created.id}`, { ...body, company: { ...body.company, headcount: 130 } }),
      call(company, 'PUT', `/api/requests/${created.id}`, { ...body, company: { ...body.company, headcount: 140 } }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json().error.message).toMatch(/modifié\(e\) par quelqu'un d'autre/);
    const saved = (await call(company, 'GET', `/api/requests/${created.id}`)).json();
    expect(saved.version).toBe(created.version + 1);
  });

  it('lists with filters, sort, pagination and exports CSV and XLSX', async () => {
    const page = await call('entreprise@parcours.test', 'GET', '/api/requests?pageSize=2&sort=reference&order=desc');
    expect(page.statusCode).toBe(200);
    expect(page.json().items).toHaveLength(2);
    expect(page.json().total).toBeGreaterThanOrEqual(3);
    const refs = page.json().items.map((r: any) => r.reference);
    expect([...refs].sort().reverse()).toEqual(refs);
    expect((await call('entreprise@parcours.test', 'GET', '/api/requests?sort=nope')).statusCode).toBe(400);
    // Counting is capped and exact below the cap; the page says whether another follows.
    expect(page.json()).toMatchObject({ totalIsCapped: false, hasNext: true });
    const all = (await call('entreprise@parcours.test', 'GET', '/api/requests?pageSize=200')).json();
    expect(all).toMatchObject({ hasNext: false, totalIsCapped: false, total: all.items.length });

    // Searches are prefixes on indexed columns: the name (any case, accents ignored), a reference, a SIRET.
    const found = async (q: string) => (await call('entreprise@parcours.test', 'GET', `/api/requests?q=${encodeURIComponent(q)}`)).json().items.map((r: any) => r.id);
    const ids = all.items.map((r: any) => r.id).sort();
    expect((await found('mecanique de PRÉCISION')).sort()).toEqual(ids);
    expect(await found(all.items[0].reference)).toEqual([all.items[0].id]);
    expect((await found('732 829')).sort()).toEqual(ids);
    expect(await found('Doubs')).toEqual([]);
    expect(await found('100%')).toEqual([]);
    const csv = await call('entreprise@parcours.test', 'GET', '/api/requests/export?format=csv&status=draft');
    expect(csv.statusCode).toBe(200);
    expect(csv.body.charCodeAt(0)).toBe(0xfeff);
    expect(csv.body.split('\r\n')[0]).toContain('Référence;Entreprise;SIRET');
    const xlsx = await call('entreprise@parcours.test', 'GET', '/api/requests/export?format=xlsx');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});
