import { sql, type ExpressionBuilder } from 'kysely';
import { z } from 'zod';
import { recordIdParam } from '../platform/http/ids.js';
import type { Schema } from '../platform/db/schema.js';
import { likePrefix, looksLikeDigits, looksLikeReference, prefixUpperBound, searchKey } from '../shared/search.js';
import type { Api, RouteModule } from '../platform/http/app.js';
import type { AppContext } from '../platform/http/context.js';
import { notFound } from '../platform/http/errors.js';
import { sendExport } from '../platform/http/exports.js';
import { exportParams, listParams, paginate, walk, type Sorting } from '../platform/http/lists.js';
import { runAction } from '../platform/actions/runAction.js';
import { timeline } from '../platform/history/history.js';
import { requireActor } from '../platform/identity/sessions.js';
import type { Actor } from '../platform/identity/roles.js';
import { idParams } from '../platform/identity/schema.js';
import { createDraft } from './actions/createDraft.js';
import { isoDateSchema } from '../measures/schemas.js';
import { envelopeBalances } from '../programmes/envelopeBalance.js';
import { fundingOutlook } from './financingPlan.js';
import { deleteDraft } from './actions/deleteDraft.js';
import { saveDraft } from './actions/saveDraft.js';
import { submitRequest } from './actions/submitRequest.js';
import { versionBody, withdrawBody, withdrawRequest } from './actions/withdrawRequest.js';
import { assertMayListRequests, requireParty, visibleRequests } from './requestPolicy.js';
import { viewRequest } from './requestPresenter.js';
import { requestDraftSchema } from './requestSchema.js';
import { OPEN_FOR_OPINIONS, REQUEST_STATUS_LABELS, REQUEST_STATUSES, type RequestStatus } from './requestStatus.js';
import { answeredToMe, awaitsOpinionOf, deadlineOf, paymentToRecord, REQUEST_TODOS } from './worklistConditions.js';
import { isOverdue } from './deadlines.js';
import { cellToday } from './sessions/sessionPolicy.js';
import { addDays } from '../shared/dates.js';

const tags = ['demandes'];
const submitBody = versionBody.extend({ confirmFund: z.boolean().optional() });
const outlookQuery = z.object({ date: isoDateSchema.optional(), headcount: z.coerce.number().int().min(1).max(500_000).optional() });
const deleteQuery = z.object({ version: z.coerce.number().int().min(1).optional() });

export const requestFilters = listParams.extend({
  status: z.enum(REQUEST_STATUSES).optional(),
  measureId: recordIdParam.optional(),
  departement: z.string().max(3).optional(),
  q: z.string().max(100).optional(),
  /** What waits for the viewer's organisation (the worklist's links): opinions due, answers received, payments to record. */
  todo: z.enum(REQUEST_TODOS, { message: 'À faire : opinion, answered ou payment.' }).optional(),
  /** With todo=opinion: only the opinions past their deadline. */
  overdue: z.enum(['true', 'false'], { message: 'overdue : true ou false.' }).optional(),
});
type RequestFilters = z.infer<typeof requestFilters>;

const requestSorting: Sorting = {
  sortable: {
    reference: 'r.reference', companyName: 'r.company_name', status: 'r.status', totalCostCents: 'r.total_cost_cents',
    submittedAt: "coalesce(r.submitted_at, r.created_at)", updatedAt: 'r.updated_at', departement: "coalesce(r.departement, '')",
  },
  defaultSort: 'updatedAt', idColumn: 'r.id',
};

/** How far back the worklist and the list look for answers received. */
export const ANSWERS_RECEIVED_DAYS = 30;

export function requestListQuery(ctx: AppContext, actor: Actor, f: Partial<RequestFilters>) {
  // A left join (the measure is never null): with an inner join SQLite drives the query from
  // `measures` and sorts every request; from `funding_requests` it reads the sort index in order.
  return requestListFilters(ctx, actor, f)
    .leftJoin('measures as m', 'm.id', 'r.measureId')
    .select(['r.id', 'r.reference', 'r.companyName', 'r.siret', 'r.nafCode', 'r.departement', 'r.status', 'm.code as measureCode',
      'r.traineeCount', 'r.trainingHours', 'r.totalCostCents', 'r.committedCents', 'r.paidCents', 'r.submittedAt', 'r.updatedAt', 'r.isImported'])
    .select((eb) => deadlineOf(actor)(eb).as('dueOn'));
}

/** The requests of the list, filtered, without what its rows show: the list's pages read their ids from it (`paginate`). */
export function requestListFilters(ctx: AppContext, actor: Actor, f: Partial<RequestFilters>) {
  const { db } = ctx.database;
  const today = cellToday(ctx.clock.now());
  return db.selectFrom('fundingRequests as r')
    .where(visibleRequests(actor))
    .$if(f.todo === 'opinion', (q) => q.where(awaitsOpinionOf(actor, f.overdue === 'true' ? today : undefined)))
    .$if(f.todo === 'answered', (q) => q.where(answeredToMe(actor, `${addDays(today, -ANSWERS_RECEIVED_DAYS)}T00:00:00.000Z`)))
    .$if(f.todo === 'payment', (q) => q.where(paymentToRecord(actor)))
    .$if(!!f.status, (q) => q.where('r.status', '=', f.status!))
    .$if(!!f.measureId, (q) => q.where('r.measureId', '=', f.measureId!))
    .$if(!!f.departement, (q) => q.where('r.departement', '=', f.departement!))
    .$if(!!f.q?.trim(), (q) => q.where(requestSearch(f.q!)));
}

/**
 * A name search is listed in name order unless another sort is asked: the search index
 * `(search_name, id)` then returns the matches already sorted, so a short prefix matching
 * tens of thousands of requests is not sorted for each page.
 */
function sortingFor(q: string | undefined): Sorting {
  const text = q?.trim();
  if (!text || looksLikeReference(text) || looksLikeDigits(text) || !searchKey(text)) return requestSorting;
  return { ...requestSorting, sortable: { ...requestSorting.sortable, name: 'r.search_name' }, defaultSort: 'name' };
}

/**
 * `q` is a prefix, searched where an index can serve it: a reference (DEM-2009-…), a SIRET
 * (digits) or the start of the company name, normalised (« horlogerie du j » finds
 * « Horlogerie du Jura »). A word in the middle of a name is not found: that would need a
 * scan of every request (`like '%…%'`), which is what made the search slow at scale.
 */
function requestSearch(q: string) {
  return (eb: ExpressionBuilder<Schema & { r: Schema['fundingRequests'] }, 'r'>) => {
    const prefix = (column: 'r.reference' | 'r.siret' | 'r.searchName', value: string) => eb.and([
      eb(column, '>=', value), eb(column, '<', prefixUpperBound(value)), eb(column, 'like', sql<string>`${likePrefix(value)} escape '\\'`)]);
    const text = q.trim();
    if (looksLikeReference(text)) return prefix('r.reference', text.toUpperCase());
    if (looksLikeDigits(text)) return prefix('r.siret', text.replace(/\s/g, ''));
    const key = searchKey(text);
    return key ? prefix('r.searchName', key) : sql<boolean>`1 = 0`;
  };
}

// Kept here for the session routes, which apply the same transitions.
export { transition } from './requestPolicy.js';

export const requestRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const { db } = ctx.database;

  app.get('/api/requests', { schema: { tags, summary: 'Demandes de financement visibles par l’utilisateur', querystring: requestFilters } }, async (request) => {
    const actor = await requireActor(ctx, request);
    assertMayListRequests(actor);
    // The rows carry the viewer's deadline (correlated subqueries) and the measure: built for the page only.
    const page = await paginate(db, requestListQuery(ctx, actor, request.query), sortingFor(request.query.q), request.query, requestListFilters(ctx, actor, request.query));
    const today = cellToday(ctx.clock.now());
    return { ...page, items: page.items.map((r) => {
      const dueOn = r.dueOn === null || r.dueOn === undefined ? null : String(r.dueOn).slice(0, 10);
      const open = r.status === 'awaiting_information' || (actor.organisationKind !== 'company' && (OPEN_FOR_OPINIONS as readonly string[]).includes(r.status));
      return { ...r, dueOn: open ? dueOn : null, isOverdue: open && isOverdue(dueOn, today), statusLabel: REQUEST_STATUS_LABELS[r.status as RequestStatus] };
    }) };
  });

  app.get('/api/requests/export', { config: { costly: 'export' }, schema: { tags, summary: 'Export CSV ou XLSX des demandes', querystring: requestFilters.merge(exportParams) } }, async (request, reply) => {
    const actor = await requireActor(ctx, request);
    assertMayListRequests(actor);
    return sendExport(reply, walk(requestListQuery(ctx, actor, request.query), requestSorting, request.query), [
      { key: 'reference', header: 'Référence', value: (r) => r.reference },
      { key: 'company', header: 'Entreprise', value: (r) => r.companyName },
      { key: 'siret', header: 'SIRET', value: (r) => r.siret },
      { key: 'naf', header: 'NAF', value: (r) => r.nafCode },
      { key: 'departement', header: 'Département', value: (r) => r.departement },
      { key: 'measure', header: 'Dispositif', value: (r) => r.measureCode },
      { key: 'status', header: 'Statut', value: (r) => REQUEST_STATUS_LABELS[r.status as RequestStatus] },
      { key: 'trainees', header: 'Stagiaires', value: (r) => r.traineeCount, kind: 'integer' },
      { key: 'hours', header: 'Heures-stagiaires', value: (r) => r.trainingHours, kind: 'integer' },
      { key: 'total', header: 'Coût total (€)', value: (r) => r.totalCostCents, kind: 'cents' },
      { key: 'committed', header: 'Engagé (€)', value: (r) => r.committedCents, kind: 'cents' },
      { key: 'paid', header: 'Versé (€)', value: (r) => r.paidCents, kind: 'cents' },
      { key: 'submittedAt', header: 'Déposée le', value: (r) => r.submittedAt?.slice(0, 10) ?? null, kind: 'date' },
    ], 'demandes', request.query.format);
  });

  app.get('/api/requests/funding-outlook', {
    schema: { tags, summary: 'Ce qui reste à chaque financeur sur les dispositifs de la cellule, et ses plafonds à une date (pour le plan de financement)', querystring: outlookQuery },
  }, async (request) => {
    const actor = await requireActor(ctx, request);
    assertMayListRequests(actor);
    const day = request.query.date ?? ctx.clock.now().toISOString().slice(0, 10);
    const measures = await db.selectFrom('measures').select(['id', 'code', 'name']).where('kind', '=', 'weekly_cell').orderBy('code').execute();
    const ids = measures.map((m) => m.id);
    const [envelopes, rules] = await Promise.all([
      envelopeBalances(db, ids),
      ids.length ? db.selectFrom('fundingRules').selectAll().where('measureId', 'in', ids).execute() : [],
    ]);
    return {
      date: day,
      items: measures.map((m) => ({ ...m, ...fundingOutlook(envelopes.filter((e) => e.measureId === m.id), rules.filter((r) => r.measureId === m.id), day, request.query.headcount ?? null) })),
    };
  });

  app.post('/api/requests', { schema: { tags, summary: 'Créer un brouillon de demande (entreprise)', body: requestDraftSchema } }, async (request, reply) => {
    const actor = await requireActor(ctx, request);
    const { requestId } = await runAction(ctx, actor, createDraft, { draft: request.body });
    return reply.status(201).send(await viewRequest(db, actor, requestId));
  });

  app.get('/api/requests/:id', { schema: { tags, summary: 'Une demande, telle que l’utilisateur peut la voir', params: idParams } }, async (request) => {
    const actor = await requireActor(ctx, request);
    return viewRequest(db, actor, request.params.id);
  });

  app.put('/api/requests/:id', { schema: { tags, summary: 'Enregistrer la demande (brouillon ou compléments)', params: idParams, body: requestDraftSchema.and(versionBody) } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const { version, ...draft } = request.body;
    await runAction(ctx, actor, saveDraft, { requestId: request.params.id, version, draft });
    return viewRequest(db, actor, request.params.id);
  });

  app.delete('/api/requests/:id', { schema: { tags, summary: 'Supprimer un brouillon (entreprise)', params: idParams, querystring: deleteQuery } }, async (request) => {
    const actor = await requireActor(ctx, request);
    await runAction(ctx, actor, deleteDraft, { requestId: request.params.id, version: request.query.version });
    return { ok: true };
  });

  app.post('/api/requests/:id/submit', { schema: { tags, summary: 'Déposer la demande (contrôle de complétude ; confirmFund : l’entreprise confirme un OPCA autre que celui de sa branche)', params: idParams, body: submitBody } }, async (request) => {
    const actor = await requireActor(ctx, request);
    await runAction(ctx, actor, submitRequest, { requestId: request.params.id, ...request.body });
    return viewRequest(db, actor, request.params.id);
  });

  app.post('/api/requests/:id/withdraw', { schema: { tags, summary: 'Retirer la demande', params: idParams, body: withdrawBody } }, async (request) => {
    const actor = await requireActor(ctx, request);
    await runAction(ctx, actor, withdrawRequest, { requestId: request.params.id, ...request.body });
    return viewRequest(db, actor, request.params.id);
  });

  app.get('/api/requests/:id/history', { schema: { tags, summary: 'Historique de la demande', params: idParams } }, async (request) => {
    const actor = await requireActor(ctx, request);
    await requireParty(db, actor, request.params.id);
    return { items: await timeline(db, 'fundingRequest', request.params.id) };
  });

  app.get('/api/documents/:id', { schema: { tags, summary: 'Télécharger un document (PV, courrier)', params: idParams } }, async (request, reply) => {
    const actor = await requireActor(ctx, request);
    const document = await db.selectFrom('documents').selectAll().where('id', '=', request.params.id).executeTakeFirst();
    if (!document) throw notFound('Document');
    // Each kind of document has its own audience; anything else is nobody's.
    // Minutes are served by the session's own route, under the session's secrecy.
    if (document.ownerType === 'fundingRequest') await requireParty(db, actor, document.ownerId);
    else if (document.organisationId === null || document.organisationId !== actor.organisationId) throw notFound('Document');
    reply.header('content-type', document.contentType);
    reply.header('content-disposition', `inline; filename="${document.filename}"`);
    return reply.send(Buffer.from(document.content));
  });

};
