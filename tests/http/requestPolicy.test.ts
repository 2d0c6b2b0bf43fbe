import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoActor } from '../../src/demo/weeklyCellStory.js';
import { runActionIn, type Action } from '../../src/platform/actions/runAction.js';
import type { Actor } from '../../src/platform/identity/roles.js';
import { answerInformation } from '../../src/weeklyCell/actions/answerInformation.js';
import { askInformation } from '../../src/weeklyCell/actions/askInformation.js';
import { giveOpinion } from '../../src/weeklyCell/actions/giveOpinion.js';
import { setOpinionDeadline } from '../../src/weeklyCell/actions/setOpinionDeadline.js';
import { postPrivateMessage } from '../../src/weeklyCell/actions/postPrivateMessage.js';
import { recordPayment } from '../../src/weeklyCell/actions/recordPayment.js';
import { recordRealisation } from '../../src/weeklyCell/actions/recordRealisation.js';
import { saveDraft } from '../../src/weeklyCell/actions/saveDraft.js';
import { settleRequest } from '../../src/weeklyCell/actions/settleRequest.js';
import { deleteDraft } from '../../src/weeklyCell/actions/deleteDraft.js';
import { submitRequest } from '../../src/weeklyCell/actions/submitRequest.js';
import { withdrawRequest } from '../../src/weeklyCell/actions/withdrawRequest.js';
import { REQUEST_ACTIONS, type RequestAction } from '../../src/weeklyCell/requestPolicy.js';
import { postRequestMessage } from '../../src/weeklyCell/actions/postRequestMessage.js';
import { uploadDocument } from '../../src/weeklyCell/actions/uploadDocument.js';
import { openStages } from '../../src/weeklyCell/documentChecklist.js';
import { requestDraftSchema } from '../../src/weeklyCell/requestSchema.js';
import { REQUEST_STATUSES, type RequestStatus } from '../../src/weeklyCell/requestStatus.js';
import { fundersOf } from '../../src/programmes/funders.js';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';
import { sampleDraft } from '../support/requests.js';

/**
 * Every action of the request workflow × every kind of viewer × every status: what the
 * presenter offers (`allowedActions`) is exactly what the action accepts. Each action is
 * run for real, with a valid input, in a transaction rolled back afterwards.
 */
const VIEWERS = [
  'entreprise@parcours.test', 'entreprise2@parcours.test', 'opca@parcours.test', 'etat@parcours.test', 'region@parcours.test',
  'secretariat@parcours.test', 'admin@parcours.test', 'interim@parcours.test', 'lecteur@parcours.test',
];

describe.each(databaseKinds())('the request policy on %s', (kind) => {
  let t: TestApp;
  let requestId: number;
  let itemId: number;
  let actionId: number;
  let partnerId: number;
  const actors = new Map<string, Actor>();

  beforeAll(async () => {
    t = await testApp(kind, { now: '2010-06-15T08:00:00.000Z' });
    const cookie = await t.login('entreprise@parcours.test');
    const created = (await t.app.inject({ method: 'POST', url: '/api/requests', headers: { cookie }, payload: await sampleDraft(t) })).json();
    const submitted = await t.app.inject({ method: 'POST', url: `/api/requests/${created.id}/submit`, headers: { cookie }, payload: { version: created.version } });
    expect(submitted.json().partners.map((p: { name: string }) => p.name)).toEqual(['OPCAIM (métallurgie)', 'DIRECCTE Franche-Comté']);
    requestId = created.id;
    actionId = created.actions[0].id;
    partnerId = submitted.json().partners[0].organisationId;
    const { db } = t.ctx.database;
    const asker = await demoActor(t.ctx, 'etat@parcours.test');
    itemId = (await db.insertInto('informationRequests').values({
      requestId, reason: 'Joignez l’autorisation.', askedBy: asker.userId, askedByOrganisationId: asker.organisationId, askedAt: '2010-06-15T08:00:00.000Z',
      answer: null, answeredBy: null, answeredAt: null,
    }).returning('id').executeTakeFirstOrThrow()).id;
    // Approved amounts, so that the follow-up actions have accounts to work on.
    await db.updateTable('fundingLines').set((eb) => ({ approvedCents: eb.ref('proposedCents') })).where('requestId', '=', requestId).execute();
    for (const email of VIEWERS) actors.set(email, await demoActor(t.ctx, email));
  });
  afterAll(async () => { await t?.close(); });

  const inputFor = async (action: RequestAction, actor: Actor, version: number): Promise<[Action<any, unknown>, unknown]> => {
    const base = { requestId, version };
    switch (action) {
      case 'edit': return [saveDraft, { ...base, draft: requestDraftSchema.parse(await sampleDraft(t)) }];
      case 'submit': return [submitRequest, base];
      case 'delete': return [deleteDraft, base];
      case 'withdraw': return [withdrawRequest, { ...base, motivation: 'Le projet est abandonné.' }];
      case 'askInformation': return [askInformation, { ...base, reason: 'Précisez le calendrier des sessions.' }];
      case 'answerInformation': return [answerInformation, { ...base, itemId, answer: 'Autorisation jointe.' }];
      case 'giveOpinion': return [giveOpinion, { requestId, verdict: 'favourable', comment: '' }];
      case 'setOpinionDeadline': return [setOpinionDeadline, { requestId, organisationId: partnerId, dueOn: '2010-06-30', reason: 'Séance reportée d’une semaine.' }];
      case 'privateThread': return [postPrivateMessage, { requestId, body: 'Vu.' }];
      case 'thread': return [postRequestMessage, { requestId, body: 'Bonjour.' }];
      case 'uploadDocument': {
        const { status } = await t.ctx.database.db.selectFrom('fundingRequests').select('status').where('id', '=', requestId).executeTakeFirstOrThrow();
        const file = { filename: 'piece.pdf', contentType: 'application/pdf', sizeBytes: 4, sha256: '0'.repeat(64), storageKey: 'requests/test' };
        return [uploadDocument, { requestId, fields: { stage: openStages(status as RequestStatus)[0] ?? 'filing', label: 'Pièce' }, file }];
      }
      case 'recordRealisation': return [recordRealisation, { ...base, actions: [{ actionId, realisedTrainees: 1, realisedHours: 10, realisedTeachingCostCents: 100_000 }] }];
      case 'recordPayment': return [recordPayment, { requestId, funder: fundersOf(actor.organisationKind)[0] ?? 'OPCA', amountCents: 100, paidOn: '2010-06-15', reference: 'MANDAT-T' }];
      case 'settle': return [settleRequest, { ...base, motivation: 'Solde anticipé.' }];
    }
  };

  /** Whether the action goes through for this actor now; nothing it writes is kept. */
  const accepts = async (action: RequestAction, actor: Actor): Promise<{ ok: boolean; error?: unknown }> => {
    const { db } = t.ctx.database;
    const version = (await db.selectFrom('fundingRequests').select('version').where('id', '=', requestId).executeTakeFirstOrThrow()).version;
    const [definition, input] = await inputFor(action, actor, version);
    let outcome: { ok: boolean; error?: unknown } = { ok: false };
    const rollback = new Error('rollback');
    await db.transaction().execute(async (trx) => {
      try {
        await runActionIn(trx, t.ctx, actor, definition, input);
        outcome = { ok: true };
      } catch (error) {
        outcome = { ok: false, error };
      }
      throw rollback;
    }).catch((error) => { if (error !== rollback) throw error; });
    return outcome;
  };

  const walk = async (label: string) => {
    const mismatches: string[] = [];
    let accepted = 0;
    for (const email of VIEWERS) {
      const view = await t.app.inject({ method: 'GET', url: `/api/requests/${requestId}`, headers: { cookie: await t.login(email) } });
      const offered: string[] = view.statusCode === 200 ? view.json().allowedActions : [];
      for (const action of REQUEST_ACTIONS) {
        const outcome = await accepts(action, actors.get(email)!);
        if (outcome.ok) accepted++;
        if (outcome.ok !== offered.includes(action)) {
          mismatches.push(`${label} · ${email} · ${action}: proposé ${offered.includes(action)}, accepté ${outcome.ok} ${(outcome.error as Error | undefined)?.message ?? ''}`);
        }
        // Viewers who do not see the request are told it does not exist, whatever they try.
        if (view.statusCode === 404) expect((outcome.error as { statusCode?: number }).statusCode, `${label} ${email} ${action}`).toBe(404);
      }
    }
    expect(mismatches).toEqual([]);
    return accepted;
  };

  it('offers exactly what each action accepts, for every status and every viewer', async () => {
    const { db } = t.ctx.database;
    const acceptedByStatus: Record<string, number> = {};
    for (const status of REQUEST_STATUSES) {
      await db.updateTable('fundingRequests').set({ status }).where('id', '=', requestId).execute();
      acceptedByStatus[status] = await walk(status);
    }
    // The walk is not vacuous: each status but the final ones lets someone act.
    for (const status of ['draft', 'in_instruction', 'awaiting_information', 'ready_for_cell', 'approved']) expect(acceptedByStatus[status], status).toBeGreaterThan(0);
  });

  it('offers a payment only while one remains due for the viewer’s funders, and the action agrees', async () => {
    const { db } = t.ctx.database;
    await db.updateTable('fundingRequests').set({ status: 'approved' }).where('id', '=', requestId).execute();
    const etat = actors.get('etat@parcours.test')!;
    const offered = async () => (await t.app.inject({ method: 'GET', url: `/api/requests/${requestId}`, headers: { cookie: await t.login('etat@parcours.test') } })).json().allowedActions;
    expect(await offered()).toContain('recordPayment');
    const line = await db.selectFrom('fundingLines').select('approvedCents').where('requestId', '=', requestId).where('funder', '=', 'STATE').executeTakeFirstOrThrow();
    await db.insertInto('payments').values({ requestId, funder: 'STATE', amountCents: line.approvedCents!, paidOn: '2010-06-15', reference: 'TOUT', recordedBy: etat.userId, organisationId: etat.organisationId, createdAt: '2010-06-15T08:00:00.000Z' }).execute();
    expect(await offered()).not.toContain('recordPayment');
    const refused = await accepts('recordPayment', etat);
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatchObject({ statusCode: 409, message: expect.stringMatching(/Aucun versement ne reste dû/) });
    await walk('approved, State paid');
  });
});
