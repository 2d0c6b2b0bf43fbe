import { z } from 'zod';
import { recordId, recordIdParam } from '../platform/http/ids.js';
import type { Api, RouteModule } from '../platform/http/app.js';
import { isoNow, type AppContext } from '../platform/http/context.js';
import { AppError, forbidden, invalid, invalidMany, notFound, refusedTransition, staleVersion } from '../platform/http/errors.js';
import { sendExport } from '../platform/http/exports.js';
import { exportParams, listParams, paginate, walk, type Sorting } from '../platform/http/lists.js';
import { recordHistory, timeline } from '../platform/history/history.js';
import { requireActor } from '../platform/identity/sessions.js';
import { idParams } from '../platform/identity/schema.js';
import { can, PARTNER_KINDS, type Actor } from '../platform/identity/roles.js';
import { FUNDER_LABELS, FUNDERS, type Funder } from '../programmes/funders.js';
import { isIsoDate } from '../shared/dates.js';
import { closeSession } from './sessionClosing.js';
import { DECISION_LABELS, DECISIONS, decisionLines, type Decision } from './decisions.js';
import { setStatus } from './requestRepository.js';
import { transition } from './requestRoutes.js';
import { REQUEST_STATUS_LABELS, type RequestStatus } from './requestStatus.js';
import { SESSION_STATUS_LABELS, SESSION_STATUSES, sessionAllows, sessionReference, type SessionEvent, type SessionStatus } from './sessionStatus.js';

const tags = ['cellule'];

const sessionFilters = listParams.extend({ status: z.enum(SESSION_STATUSES).optional(), year: z.coerce.number().int().min(2000).max(2100).optional() });
const sessionSorting: Sorting = { sortable: { heldOn: 's.held_on', reference: 's.reference', status: 's.status' }, defaultSort: 'heldOn', idColumn: 's.id' };
const itemParams = idParams.extend({ itemId: recordIdParam });
const decisionBody = z.object({
  itemId: recordId,
  decision: z.enum(DECISIONS, { message: 'Décision : accord, accord partiel, ajournement ou refus.' }),
  motivation: z.string().trim().max(4000).default(''),
  lines: z.array(z.object({ funder: z.enum(FUNDERS), approvedCents: z.number().int().min(0, 'Montant négatif.').max(100_000_000_00) })).optional(),
});

function assertCanRead(actor: Actor) {
  if (!(can.runCell(actor) || (PARTNER_KINDS.includes(actor.organisationKind) && can.readFiles(actor)))) {
    throw forbidden('de consulter les séances de la cellule');
  }
}
function assertCanRun(actor: Actor) {
  if (!can.runCell(actor)) throw forbidden('de conduire les séances : c’est le rôle du secrétariat de la cellule');
}

export const sessionRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const { db } = ctx.database;

  const listQuery = (f: z.infer<typeof sessionFilters>) => db.selectFrom('cellSessions as s')
    .select((eb) => ['s.id', 's.reference', 's.heldOn', 's.status', 's.openedAt', 's.closedAt', 's.version',
      eb.selectFrom('agendaItems as a').select((e) => e.fn.countAll<number>().as('n')).whereRef('a.sessionId', '=', 's.id').as('itemCount')])
    .$if(!!f.status, (q) => q.where('s.status', '=', f.status!))
    .$if(!!f.year, (q) => q.where('s.heldOn', '>=', `${f.year}-01-01`).where('s.heldOn', '<=', `${f.year}-12-31`));

  app.get('/api/sessions', { schema: { tags, summary: 'Séances de la cellule', querystring: sessionFilters } }, async (request) => {
    assertCanRead(await requireActor(ctx, request));
    const page = await paginate(db, listQuery(request.query), sessionSorting, { ...request.query, order: request.query.sort ? request.query.order : 'desc' });
    return { ...page, items: page.items.map((s) => ({ ...s, itemCount: Number(s.itemCount), statusLabel: SESSION_STATUS_LABELS[s.status as SessionStatus] })) };
  });

  app.get('/api/sessions/export', { config: { costly: 'export' }, schema: { tags, summary: 'Export des séances', querystring: sessionFilters.merge(exportParams) } }, async (request, reply) => {
    assertCanRead(await requireActor(ctx, request));
    return sendExport(reply, walk(listQuery(request.query), sessionSorting, request.query), [
      { key: 'reference', header: 'Séance', value: (s) => s.reference },
      { key: 'heldOn', header: 'Date', value: (s) => s.heldOn, kind: 'date' },
      { key: 'status', header: 'Statut', value: (s) => SESSION_STATUS_LABELS[s.status as SessionStatus] },
      { key: 'items', header: 'Demandes inscrites', value: (s) => Number(s.itemCount), kind: 'integer' },
    ], 'seances', request.query.format);
  });

  app.post('/api/sessions', { schema: { tags, summary: 'Ouvrir la préparation d’une séance ; l’ordre du jour reprend les demandes prêtes', body: z.object({ heldOn: z.string().refine(isIsoDate, 'Date de séance invalide (AAAA-MM-JJ).') }) } }, async (request, reply) => {
    const actor = await requireActor(ctx, request);
    assertCanRun(actor);
    const reference = sessionReference(request.body.heldOn);
    const taken = await db.selectFrom('cellSessions').select('id').where('reference', '=', reference).executeTakeFirst();
    if (taken) throw new AppError(409, 'duplicate', `La séance de cette semaine existe déjà (${reference}).`, 'heldOn');
    const at = isoNow(ctx.clock);
    const id = await db.transaction().execute(async (trx) => {
      const session = await trx.insertInto('cellSessions').values({ reference, heldOn: request.body.heldOn, status: 'planned', openedAt: null, closedAt: null, createdBy: actor.userId, createdAt: at, version: 1 })
        .returning('id').executeTakeFirstOrThrow();
      const ready = await trx.selectFrom('fundingRequests').select(['id', 'version', 'status']).where('status', '=', 'ready_for_cell').orderBy('submittedAt').execute();
      for (const [position, r] of ready.entries()) await schedule(trx, session.id, r, position, actor, at);
      await recordHistory(trx, actor, at, { entityType: 'cellSession', entityId: session.id, action: 'created', changes: { heldOn: request.body.heldOn, agenda: ready.map((r) => r.id) } });
      return session.id;
    });
    return reply.status(201).send(await presentSession(id));
  });

  async function schedule(trx: any, sessionId: number, r: { id: number; version: number; status: string }, position: number, actor: Actor, at: string) {
    await setStatus(trx, r.id, r.version, transition(r.status as RequestStatus, 'schedule', 'secretariat'), at);
    await trx.insertInto('agendaItems').values({ sessionId, requestId: r.id, position, decision: null, motivation: null, decidedBy: null, decidedAt: null }).execute();
    await recordHistory(trx, actor, at, { entityType: 'fundingRequest', entityId: r.id, action: 'scheduled', changes: { sessionId } });
  }

  async function loadSession(id: number) {
    const session = await db.selectFrom('cellSessions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!session) throw notFound('Séance');
    return session;
  }

  function assertAllows(status: string, event: SessionEvent) {
    if (!sessionAllows(status as SessionStatus, event)) {
      const what = { open: 'ouvrir la séance', close: 'clore la séance', editAgenda: 'modifier l’ordre du jour', recordDecision: 'enregistrer une décision' }[event];
      throw refusedTransition(`Impossible de ${what} : la séance est « ${SESSION_STATUS_LABELS[status as SessionStatus]} ».`);
    }
  }

  async function presentSession(id: number) {
    const session = await loadSession(id);
    const items = await db.selectFrom('agendaItems as a').innerJoin('fundingRequests as r', 'r.id', 'a.requestId')
      .select(['a.id', 'a.position', 'a.decision', 'a.motivation', 'a.decidedAt', 'r.id as requestId', 'r.reference', 'r.companyName', 'r.siret', 'r.totalCostCents', 'r.traineeCount', 'r.trainingHours', 'r.status'])
      .where('a.sessionId', '=', id).orderBy('a.position').execute();
    const requestIds = items.map((i) => i.requestId);
    const itemIds = items.map((i) => i.id);
    const [lines, decided, opinions, candidates, documents] = await Promise.all([
      requestIds.length ? db.selectFrom('fundingLines').selectAll().where('requestId', 'in', requestIds).orderBy('position').execute() : [],
      itemIds.length ? db.selectFrom('decisionLines').selectAll().where('agendaItemId', 'in', itemIds).execute() : [],
      requestIds.length ? db.selectFrom('opinions as o').innerJoin('organisations as g', 'g.id', 'o.organisationId')
        .select(['o.requestId', 'g.name as organisationName', 'o.verdict', 'o.comment', 'o.funder', 'o.proposedCents']).where('o.requestId', 'in', requestIds).execute() : [],
      session.status === 'closed' ? [] : db.selectFrom('fundingRequests').select(['id', 'reference', 'companyName', 'totalCostCents'])
        .where('status', '=', 'ready_for_cell').orderBy('submittedAt').execute(),
      db.selectFrom('documents').select(['id', 'kind', 'filename', 'createdAt']).where('ownerType', '=', 'cellSession').where('ownerId', '=', id).execute(),
    ]);
    const presentedItems = items.map((i) => ({
      ...i,
      statusLabel: REQUEST_STATUS_LABELS[i.status as RequestStatus],
      decisionLabel: i.decision ? DECISION_LABELS[i.decision as Decision] : null,
      fundingLines: lines.filter((l) => l.requestId === i.requestId).map((l) => ({ funder: l.funder, funderLabel: FUNDER_LABELS[l.funder as Funder], proposedCents: l.proposedCents })),
      decisionLines: decided.filter((d) => d.agendaItemId === i.id).map((d) => ({ funder: d.funder, funderLabel: FUNDER_LABELS[d.funder as Funder], approvedCents: d.approvedCents })),
      opinions: opinions.filter((o) => o.requestId === i.requestId),
    }));
    const byFunder = new Map<string, number>();
    for (const item of presentedItems) for (const d of item.decisionLines) byFunder.set(d.funder, (byFunder.get(d.funder) ?? 0) + d.approvedCents);
    return {
      ...session, statusLabel: SESSION_STATUS_LABELS[session.status as SessionStatus], items: presentedItems, candidates, documents,
      committedByFunder: [...byFunder].map(([funder, amountCents]) => ({ funder, funderLabel: FUNDER_LABELS[funder as Funder], amountCents })),
      undecided: presentedItems.filter((i) => !i.decision).length,
    };
  }

  app.get('/api/sessions/:id', { schema: { tags, summary: 'Une séance : ordre du jour, décisions, documents', params: idParams } }, async (request) => {
    assertCanRead(await requireActor(ctx, request));
    return presentSession(request.params.id);
  });

  app.get('/api/sessions/:id/history', { schema: { tags, summary: 'Historique de la séance', params: idParams } }, async (request) => {
    assertCanRead(await requireActor(ctx, request));
    await loadSession(request.params.id);
    return { items: await timeline(db, 'cellSession', request.params.id) };
  });

  app.post('/api/sessions/:id/agenda', { schema: { tags, summary: 'Inscrire une demande prête à l’ordre du jour', params: idParams, body: z.object({ requestId: recordId }) } }, async (request) => {
    const actor = await requireActor(ctx, request);
    assertCanRun(actor);
    const session = await loadSession(request.params.id);
    assertAllows(session.status, 'editAgenda');
    const r = await db.selectFrom('fundingRequests').select(['id', 'version', 'status']).where('id', '=', request.body.requestId).executeTakeFirst();
    if (!r || r.status === 'draft') throw invalid('requestId', 'Demande introuvable.');
    if (r.status !== 'ready_for_cell') throw invalid('requestId', `Seule une demande prête pour la cellule s’inscrit à l’ordre du jour (celle-ci est « ${REQUEST_STATUS_LABELS[r.status as RequestStatus]} »).`);
    const at = isoNow(ctx.clock);
    await db.transaction().execute(async (trx) => {
      const last = await trx.selectFrom('agendaItems').select((eb) => eb.fn.max('position').as('p')).where('sessionId', '=', session.id).executeTakeFirst();
      await schedule(trx, session.id, r, Number(last?.p ?? -1) + 1, actor, at);
    });
    return presentSession(session.id);
  });

  app.delete('/api/sessions/:id/agenda/:itemId', { schema: { tags, summary: 'Retirer une demande de l’ordre du jour', params: itemParams } }, async (request) => {
    const actor = await requireActor(ctx, request);
    assertCanRun(actor);
    const session = await loadSession(request.params.id);
    assertAllows(session.status, 'editAgenda');
    const item = await db.selectFrom('agendaItems').selectAll().where('id', '=', request.params.itemId).where('sessionId', '=', session.id).executeTakeFirst();
    if (!item) throw notFound('Point de l’ordre du jour');
    const at = isoNow(ctx.clock);
    await db.transaction().execute(async (trx) => {
      const r = await trx.selectFrom('fundingRequests').select(['id', 'version', 'status']).where('id', '=', item.requestId).executeTakeFirstOrThrow();
      await setStatus(trx, r.id, r.version, transition(r.status as RequestStatus, 'unschedule', 'secretariat'), at);
      await trx.deleteFrom('agendaItems').where('id', '=', item.id).execute();
      await recordHistory(trx, actor, at, { entityType: 'fundingRequest', entityId: r.id, action: 'unscheduled', changes: { sessionId: session.id } });
    });
    return presentSession(session.id);
  });

  app.post('/api/sessions/:id/open', { schema: { tags, summary: 'Ouvrir la séance', params: idParams, body: z.object({ version: z.number().int().min(1) }) } }, async (request) => {
    const actor = await requireActor(ctx, request);
    assertCanRun(actor);
    const session = await loadSession(request.params.id);
    assertAllows(session.status, 'open');
    const at = isoNow(ctx.clock);
    await db.transaction().execute(async (trx) => {
      const done = await trx.updateTable('cellSessions').set({ status: 'open', openedAt: at, version: request.body.version + 1 })
        .where('id', '=', session.id).where('version', '=', request.body.version).executeTakeFirst();
      if (Number(done.numUpdatedRows) === 0) throw staleVersion('Cette séance');
      await recordHistory(trx, actor, at, { entityType: 'cellSession', entityId: session.id, action: 'opened' });
    });
    return presentSession(session.id);
  });

  app.post('/api/sessions/:id/decisions', { schema: { tags, summary: 'Enregistrer la décision sur une demande inscrite', params: idParams, body: decisionBody } }, async (request) => {
    const actor = await requireActor(ctx, request);
    assertCanRun(actor);
    const session = await loadSession(request.params.id);
    assertAllows(session.status, 'recordDecision');
    const item = await db.selectFrom('agendaItems').selectAll().where('id', '=', request.body.itemId).where('sessionId', '=', session.id).executeTakeFirst();
    if (!item) throw invalid('itemId', 'Cette demande n’est pas inscrite à l’ordre du jour de la séance.');
    const proposed = await db.selectFrom('fundingLines').select(['funder', 'proposedCents']).where('requestId', '=', item.requestId).orderBy('position').execute();
    const { lines, issues } = decisionLines(request.body.decision, proposed.map((p) => ({ funder: p.funder as Funder, proposedCents: p.proposedCents })), request.body.lines, request.body.motivation);
    if (issues.length) throw invalidMany(issues);
    const at = isoNow(ctx.clock);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('agendaItems').set({ decision: request.body.decision, motivation: request.body.motivation, decidedBy: actor.userId, decidedAt: at }).where('id', '=', item.id).execute();
      await trx.deleteFrom('decisionLines').where('agendaItemId', '=', item.id).execute();
      if (lines.length) await trx.insertInto('decisionLines').values(lines.map((l) => ({ agendaItemId: item.id, ...l }))).execute();
      await recordHistory(trx, actor, at, { entityType: 'fundingRequest', entityId: item.requestId, action: 'decision_recorded', motivation: request.body.motivation, changes: { decision: request.body.decision, lines, sessionId: session.id } });
    });
    return presentSession(session.id);
  });

  app.post('/api/sessions/:id/close', { schema: { tags, summary: 'Clore la séance : engagements, procès-verbal, courriers, notifications', params: idParams, body: z.object({ version: z.number().int().min(1) }) } }, async (request) => {
    const actor = await requireActor(ctx, request);
    assertCanRun(actor);
    const session = await loadSession(request.params.id);
    assertAllows(session.status, 'close');
    await closeSession(ctx, actor, session.id, request.body.version);
    return presentSession(session.id);
  });
};
