import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playWeeklyCellStory } from '../../src/demo/weeklyCellStory.js';
import { pdfText } from '../../src/platform/documents/pdfText.js';
import { drainJobs } from '../../src/platform/outbox/jobs.js';
import { formatEuros } from '../../src/shared/money.js';
import { produceSessionDocuments } from '../../src/weeklyCell/sessions/sessionDocuments.js';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';
import { sampleDraft } from '../support/requests.js';

const SECRETARIAT = 'secretariat@parcours.test';

/**
 * The cell's sessions with the demo partnership: who reads them (the secretariat, the
 * cell's standing members — the State in the demo —, those recorded as attending, and the
 * partners of a request for that request only), what the minutes and letters say, and a
 * documents job that may run twice.
 */
describe.each(databaseKinds())('cell sessions on %s', (kind) => {
  let t: TestApp;
  let demoSession: { id: number; items: { requestId: number }[]; documents: { id: number }[] };
  const call = async (email: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { cookie: await t.login(email) }, ...(payload !== undefined ? { payload: payload as any } : {}) });

  beforeAll(async () => {
    t = await testApp(kind, { now: '2026-11-26T09:00:00.000Z' });
    await playWeeklyCellStory(t.ctx);
    const list = (await call(SECRETARIAT, 'GET', '/api/sessions')).json();
    demoSession = (await call(SECRETARIAT, 'GET', `/api/sessions/${list.items[0].id}`)).json();
  });
  afterAll(async () => { await t?.close(); });

  it('shows a session and its minutes to those who sit in the cell, and nothing to the Region, which does not', async () => {
    const minutes = `/api/sessions/${demoSession.id}/minutes/${demoSession.documents[0]!.id}`;
    expect(demoSession.items.length).toBeGreaterThanOrEqual(3);
    for (const email of [SECRETARIAT, 'admin@parcours.test', 'etat@parcours.test']) {
      const detail = await call(email, 'GET', `/api/sessions/${demoSession.id}`);
      expect(detail.statusCode, email).toBe(200);
      expect(detail.json().items, email).toHaveLength(demoSession.items.length);
      const pdf = await call(email, 'GET', minutes);
      expect(pdf.statusCode, email).toBe(200);
      expect(pdf.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
    }
    // Nothing is routed to the Region and it does not sit: the session does not exist for it.
    const regionList = await call('region@parcours.test', 'GET', '/api/sessions');
    expect(regionList.statusCode).toBe(200);
    expect(regionList.json().items).toEqual([]);
    const regionExport = await call('region@parcours.test', 'GET', '/api/sessions/export?format=csv');
    expect(regionExport.body.trim().split('\n')).toHaveLength(1);
    for (const url of [`/api/sessions/${demoSession.id}`, `/api/sessions/${demoSession.id}/history`, minutes]) {
      expect((await call('region@parcours.test', 'GET', url)).statusCode, url).toBe(404);
    }
    // The minutes were never served by the generic document route, whoever asks.
    expect((await call('region@parcours.test', 'GET', `/api/documents/${demoSession.documents[0]!.id}`)).statusCode).toBe(404);
    // Companies, temp agencies, training providers and readers read no session at all.
    for (const email of ['entreprise@parcours.test', 'interim@parcours.test', 'lecteur@parcours.test']) {
      expect((await call(email, 'GET', '/api/sessions')).statusCode, email).toBe(403);
      expect((await call(email, 'GET', `/api/sessions/${demoSession.id}`)).statusCode, email).toBe(404);
      expect((await call(email, 'GET', minutes)).statusCode, email).toBe(404);
    }
  });

  it('shows a partner that does not sit the items routed to it, and neither the others nor the minutes', async () => {
    const { db } = t.ctx.database;
    const pole = await t.orgId('Pôle emploi Franche-Comté');
    const routed = (await db.selectFrom('requestPartners').select('requestId').where('organisationId', '=', pole).execute()).map((r) => r.requestId);
    const expected = demoSession.items.map((i) => i.requestId).filter((id) => routed.includes(id));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(demoSession.items.length);
    const seen = await call('poleemploi@parcours.test', 'GET', `/api/sessions/${demoSession.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().items.map((i: any) => i.requestId)).toEqual(expected);
    expect(seen.json()).toMatchObject({ party: 'partner', documents: [], candidates: [], allowedActions: [] });
    const listed = (await call('poleemploi@parcours.test', 'GET', '/api/sessions')).json().items.find((s: any) => s.id === demoSession.id);
    expect(listed.itemCount).toBe(expected.length);
    expect((await call('poleemploi@parcours.test', 'GET', `/api/sessions/${demoSession.id}/minutes/${demoSession.documents[0]!.id}`)).statusCode).toBe(404);
    expect((await call('poleemploi@parcours.test', 'GET', `/api/sessions/${demoSession.id}/history`)).statusCode).toBe(404);
  });

  it('keeps the standing members as data the secretariat edits, and those added read every session', async () => {
    const region = await t.orgId('Région Franche-Comté');
    const before = (await call(SECRETARIAT, 'GET', '/api/cell-members')).json().items;
    expect(before.map((m: any) => m.organisationName)).toEqual(['Secrétariat de la cellule opérationnelle', 'DIRECCTE Franche-Comté']);
    const members = before.map((m: any) => ({ organisationId: m.organisationId, representative: m.representative, title: m.title }));
    // Only the secretariat designates members, and only partners and the secretariat sit.
    expect((await call('etat@parcours.test', 'PUT', '/api/cell-members', { members: [...members, { organisationId: region }] })).statusCode).toBe(403);
    expect((await call('region@parcours.test', 'GET', '/api/cell-members')).statusCode).toBe(403);
    const company = await call(SECRETARIAT, 'PUT', '/api/cell-members', { members: [...members, { organisationId: await t.orgId('Plastiques du Haut-Jura') }] });
    expect(company.statusCode).toBe(400);
    expect(company.json().error.field).toBe('members.2.organisationId');
    const twice = await call(SECRETARIAT, 'PUT', '/api/cell-members', { members: [...members, members[0]] });
    expect(twice.statusCode).toBe(400);

    const added = await call(SECRETARIAT, 'PUT', '/api/cell-members', { members: [...members, { organisationId: region, representative: 'Rachel Région', title: 'Vice-présidente formation' }] });
    expect(added.statusCode).toBe(200);
    expect((await call('region@parcours.test', 'GET', `/api/sessions/${demoSession.id}`)).json().items).toHaveLength(demoSession.items.length);
    expect((await call(SECRETARIAT, 'PUT', '/api/cell-members', { members })).statusCode).toBe(200);
    expect((await call('region@parcours.test', 'GET', `/api/sessions/${demoSession.id}`)).statusCode).toBe(404);
  });

  it('records the attendees and the chair when the session opens, refuses an early session without a motivation, and prints them', async () => {
    const company = 'entreprise@parcours.test';
    const { db } = t.ctx.database;
    const draft = (await call(company, 'POST', '/api/requests', await sampleDraft(t))).json();
    const submitted = await call(company, 'POST', `/api/requests/${draft.id}/submit`, { version: draft.version });
    expect(submitted.statusCode).toBe(200);
    await call('opca@parcours.test', 'POST', `/api/requests/${draft.id}/opinions`, { verdict: 'favourable', comment: '' });
    expect((await call('etat@parcours.test', 'POST', `/api/requests/${draft.id}/opinions`, { verdict: 'favourable', comment: '' })).json().status).toBe('ready_for_cell');
    const session = (await call(SECRETARIAT, 'POST', '/api/sessions', { heldOn: '2026-12-03' })).json();
    expect(session.items.map((i: any) => i.requestId)).toContain(draft.id);
    expect(session.beforeItsDate).toBe(true);
    // Every action the page offers is one the server takes, and only those.
    expect(session.allowedActions).toEqual(['schedule', 'unschedule', 'open']);
    for (const refused of [
      ['POST', `/api/sessions/${session.id}/decisions`, { itemId: session.items[0].id, decision: 'approved', motivation: 'Accord.' }],
      ['POST', `/api/sessions/${session.id}/close`, { version: session.version }],
    ] as const) expect((await call(SECRETARIAT, refused[0], refused[1], refused[2])).statusCode, refused[1]).toBe(409);

    const region = await t.orgId('Région Franche-Comté');
    const state = await t.orgId('DIRECCTE Franche-Comté');
    const opening = { version: session.version, chair: { name: 'Claire Vuillemin', title: 'Directrice régionale adjointe, DIRECCTE' }, attendees: [
      { organisationId: state, representative: 'Étienne État', title: 'Chargé de mission FNE' },
      { organisationId: region, representative: 'Rachel Région', title: 'Vice-présidente formation' },
    ] };
    // A member reads the session and is offered nothing; every write it tries is refused as forbidden.
    const asMember = (await call('etat@parcours.test', 'GET', `/api/sessions/${session.id}`)).json();
    expect(asMember).toMatchObject({ party: 'member', allowedActions: [] });
    const writes = (s: { id: number; version: number; items: { id: number }[] }) => ([
      ['POST', `/api/sessions/${s.id}/agenda`, { requestId: draft.id }],
      ['DELETE', `/api/sessions/${s.id}/agenda/${s.items[0]!.id}`, undefined],
      ['POST', `/api/sessions/${s.id}/open`, opening],
      ['POST', `/api/sessions/${s.id}/decisions`, { itemId: s.items[0]!.id, decision: 'approved', motivation: 'Accord.' }],
      ['POST', `/api/sessions/${s.id}/close`, { version: s.version, earlyMotivation: 'Motif suffisamment long.' }],
    ] as const);
    for (const [method, url, body] of writes(session)) expect((await call('etat@parcours.test', method, url, body)).statusCode, `${method} ${url}`).toBe(403);
    const early = await call(SECRETARIAT, 'POST', `/api/sessions/${session.id}/open`, opening);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toMatch(/datée du 03\/12\/2026 : elle ne peut pas être ouverte avant cette date sans motif/);
    expect(early.json().error.field).toBe('earlyMotivation');
    const reason = 'Séance avancée : le 3 décembre, la DIRECCTE tient son comité régional.';
    const opened = await call(SECRETARIAT, 'POST', `/api/sessions/${session.id}/open`, { ...opening, earlyMotivation: reason });
    expect(opened.statusCode).toBe(200);
    expect(opened.json()).toMatchObject({ status: 'open', chairName: 'Claire Vuillemin', allowedActions: ['schedule', 'unschedule', 'recordDecision', 'close'] });
    expect(opened.json().attendees.map((a: any) => a.representative)).toEqual(['Étienne État', 'Rachel Région']);
    expect((await call(SECRETARIAT, 'POST', `/api/sessions/${session.id}/open`, { version: opened.json().version })).statusCode).toBe(409);
    const history = (await call(SECRETARIAT, 'GET', `/api/sessions/${session.id}/history`)).json().items;
    expect(history.find((e: any) => e.action === 'opened')).toMatchObject({ motivation: reason });
    // The Region attends this session: it reads it, and still not the demo session it did not sit in.
    expect((await call('region@parcours.test', 'GET', `/api/sessions/${session.id}`)).statusCode).toBe(200);
    expect((await call('region@parcours.test', 'GET', `/api/sessions/${demoSession.id}`)).statusCode).toBe(404);

    for (const item of opened.json().items) {
      expect((await call(SECRETARIAT, 'POST', `/api/sessions/${session.id}/decisions`, { itemId: item.id, decision: 'approved', motivation: 'Dossier complet.' })).statusCode).toBe(200);
    }
    expect((await call(SECRETARIAT, 'POST', `/api/sessions/${session.id}/close`, { version: opened.json().version })).statusCode).toBe(409);
    const closed = await call(SECRETARIAT, 'POST', `/api/sessions/${session.id}/close`, { version: opened.json().version, earlyMotivation: reason });
    expect(closed.statusCode).toBe(200);
    expect(closed.json().allowedActions).toEqual([]);
    // Closed: nothing is offered and the secretariat's every write is refused for the status.
    for (const [method, url, body] of writes(closed.json())) expect((await call(SECRETARIAT, method, url, body)).statusCode, `${method} ${url}`).toBe(409);
    expect(await drainJobs(t.ctx)).toBe(1);

    const detail = (await call(SECRETARIAT, 'GET', `/api/sessions/${session.id}`)).json();
    const minutes = pdfText((await call(SECRETARIAT, 'GET', `/api/sessions/${session.id}/minutes/${detail.documents[0].id}`)).rawPayload);
    expect(minutes).toContain('Présidence Claire Vuillemin, Directrice régionale adjointe, DIRECCTE');
    expect(minutes).toContain('DIRECCTE Franche-Comté Étienne État, Chargé de mission FNE');
    expect(minutes).toContain('Région Franche-Comté Rachel Région, Vice-présidente formation');
    expect(minutes).not.toContain('Non désigné');
    // The company's own share (2 100 €) is in the plan, not in what was granted (4 000 € + 3 000 €).
    expect(minutes).toContain(`Autofinancement de l’entreprise : ${formatEuros(210_000)} (non compris dans le montant accordé)`);
    expect(minutes).toMatch(/Décisions 1\. Demande/);

    const letterId = (await call(company, 'GET', `/api/requests/${draft.id}`)).json().documents.find((d: any) => d.kind === 'decision_letter').id;
    const letter = pdfText((await call(company, 'GET', `/api/documents/${letterId}`)).rawPayload);
    expect(letter).toContain(`un financement de ${formatEuros(700_000)}`);
    expect(letter).not.toContain(formatEuros(910_000));
    expect(letter).toContain(`Ce montant ne comprend pas votre participation au plan de financement (${formatEuros(210_000)})`);
    expect(letter).toContain('Voies et délais de recours');
    expect(letter).toContain('Directrice régionale adjointe, DIRECCTE Claire Vuillemin');
    const request = await db.selectFrom('fundingRequests').select('status').where('id', '=', draft.id).executeTakeFirstOrThrow();
    expect(request.status).toBe('approved');
  });

  it('produces the documents of a session once, however many times its job runs', async () => {
    const { db } = t.ctx.database;
    const count = async () => ({
      documents: Number((await db.selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
      notifications: Number((await db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
      emails: Number((await db.selectFrom('emails').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    });
    const before = await count();
    // The process died after the job's commit, before it was marked done: it runs again.
    const job = await db.selectFrom('jobs').select('id').where('kind', '=', 'cell.sessionDocuments').orderBy('id', 'desc').executeTakeFirstOrThrow();
    await db.updateTable('jobs').set({ status: 'pending', finishedAt: null, lockedAt: null, lockedBy: null }).where('id', '=', job.id).execute();
    expect(await drainJobs(t.ctx)).toBe(1);
    expect(await count()).toEqual(before);
    // Two runs at once (two processes claiming it): one stores, the other finds the mark.
    await db.updateTable('cellSessions').set({ documentsAt: null }).where('id', '=', demoSession.id).execute();
    await db.deleteFrom('documents').where('ownerType', '=', 'sessionMinutes').where('ownerId', '=', demoSession.id).execute();
    const minutesGone = await count();
    const runs = await Promise.all([produceSessionDocuments(t.ctx, demoSession.id), produceSessionDocuments(t.ctx, demoSession.id)]);
    expect(runs.map((r) => r.documents).sort((a, b) => a - b)[0]).toBe(0);
    const after = await count();
    expect(after.documents).toBe(minutesGone.documents + 1);
    const minutes = await db.selectFrom('documents').select('id').where('ownerType', '=', 'sessionMinutes').where('ownerId', '=', demoSession.id).execute();
    expect(minutes).toHaveLength(1);
  });
});
