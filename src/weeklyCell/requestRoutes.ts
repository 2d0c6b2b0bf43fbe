import { sql, type ExpressionBuilder } from 'kysely';
import { z } from 'zod';
import { recordIdParam } from '../platform/http/ids.js';
import type { Schema } from '../platform/db/schema.js';
import { likePrefix, looksLikeDigits, looksLikeReference, prefixUpperBound, searchKey } from '../shared/search.js';
import type { Api, RouteModule } from '../platform/http/app.js';
import { isoNow, type AppContext } from '../platform/http/context.js';
import { forbidden, invalid, invalidMany, notFound, refusedTransition } from '../platform/http/errors.js';
import { sendExport } from '../platform/http/exports.js';
import { exportParams, listParams, paginate, walk, type Sorting } from '../platform/http/lists.js';
import { recordHistory, timeline } from '../platform/history/history.js';
import { requireActor } from '../platform/identity/sessions.js';
import { can, PARTNER_KINDS, type Actor } from '../platform/identity/roles.js';
import { notifyOrganisations } from '../platform/notifications/notify.js';
import { idParams } from '../platform/identity/schema.js';
import { missingForSubmission } from './completeness.js';
import { planIssues, refreshReadiness, routeRequest } from './instruction.js';
import { assertMayListRequests, mayAct, requireParty } from './requestPolicy.js';
import { presentRequest } from './requestPresenter.js';
import { createRequest, loadAggregate, replaceDraft, setStatus, toDraft } from './requestRepository.js';
import { requestDraftSchema } from './requestSchema.js';
import { EDITABLE_BY_COMPANY, nextStatus, REQUEST_STATUS_LABELS, REQUEST_STATUSES, type RequestEvent, type RequestStatus } from './requestStatus.js';

const tags = ['demandes'];

export const requestFilters = listParams.extend({
  status: z.enum(REQUEST_STATUSES).optional(),
  measureId: recordIdParam.optional(),
  departement: z.string().max(3).optional(),
  q: z.string().max(100).optional(),
});
type RequestFilters = z.infer<typeof requestFilters>;

const requestSorting: Sorting = {
  sortable: {
    reference: 'r.reference', companyName: 'r.company_name', status: 'r.status', totalCostCents: 'r.total_cost_cents',
    submittedAt: "coalesce(r.submitted_at, r.created_at)", updatedAt: 'r.updated_at', departement: "coalesce(r.departement, '')",
  },
  defaultSort: 'updatedAt', idColumn: 'r.id',
};

export function requestListQuery(ctx: AppContext, actor: Actor, f: Partial<RequestFilters>) {
  const { db } = ctx.database;
  // A left join (the measure is never null): with an inner join SQLite drives the query from
  // `measures` and sorts every request; from `funding_requests` it reads the sort index in order.
  return db.selectFrom('fundingRequests as r')
    .leftJoin('measures as m', 'm.id', 'r.measureId')
    .select(['r.id', 'r.reference', 'r.companyName', 'r.siret', 'r.nafCode', 'r.departement', 'r.status', 'm.code as measureCode',
      'r.traineeCount', 'r.trainingHours', 'r.totalCostCents', 'r.committedCents', 'r.paidCents', 'r.submittedAt', 'r.updatedAt', 'r.isImported'])
    .$if(actor.organisationKind === 'company', (q) => q.where('r.companyId', '=', actor.organisationId))
    .$if(actor.organisationKind === 'secretariat', (q) => q.where('r.status', '!=', 'draft'))
    .$if(PARTNER_KINDS.includes(actor.organisationKind), (q) => q.where((eb) => eb.exists(
      eb.selectFrom('requestPartners as p').select('p.id').whereRef('p.requestId', '=', 'r.id').where('p.organisationId', '=', actor.organisationId))))
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

const versionBody = z.object({ version: z.number().int().min(1) });
const motivated = versionBody.extend({ motivation: z.string().trim().min(3, 'Indiquez le motif.').max(2000) });

/** Applies a transition of the table or explains in French why it is refused. */
export function transition(status: RequestStatus, event: RequestEvent, party: Parameters<typeof nextStatus>[2]): RequestStatus {
  const to = nextStatus(status, event, party);
  if (!to) throw refusedTransition(`Action impossible : la demande est « ${REQUEST_STATUS_LABELS[status]} ».`);
  return to;
}

export const requestRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const { db } = ctx.database;

  app.get('/api/requests', { schema: { tags, summary: 'Demandes de financement visibles par l’utilisateur', querystring: requestFilters } }, async (request) => {
    const actor = await requireActor(ctx, request);
    assertMayListRequests(actor);
    const page = await paginate(db, requestListQuery(ctx, actor, request.query), sortingFor(request.query.q), request.query);
    return { ...page, items: page.items.map((r) => ({ ...r, statusLabel: REQUEST_STATUS_LABELS[r.status as RequestStatus] })) };
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

  app.post('/api/requests', { schema: { tags, summary: 'Créer un brouillon de demande (entreprise)', body: requestDraftSchema } }, async (request, reply) => {
    const actor = await requireActor(ctx, request);
    if (!can.fileRequests(actor)) throw forbidden('de déposer une demande : seules les entreprises déposent');
    const draft = request.body;
    const measure = await db.selectFrom('measures').select(['id', 'kind']).where('id', '=', draft.measureId).executeTakeFirst();
    if (!measure || measure.kind !== 'weekly_cell') throw invalid('measureId', 'Ce dispositif ne reçoit pas de demandes de la cellule hebdomadaire.');
    await assertTrainingFund(draft.trainingFundId ?? null);
    await assertKnownNaf(draft.company.nafCode);
    const at = isoNow(ctx.clock);
    const id = await db.transaction().execute(async (trx) => {
      const id = await createRequest(trx, actor.organisationId, draft, at, actor.userId);
      await recordHistory(trx, actor, at, { entityType: 'fundingRequest', entityId: id, action: 'created', changes: { company: draft.company.name } });
      return id;
    });
    const aggregate = await loadAggregate(db, id);
    return reply.status(201).send(await presentRequest(db, aggregate!, actor, 'company'));
  });

  /** The NAF code must be one of the 732 sub-classes of the nomenclature, not just well-formed. */
  async function assertKnownNaf(code: string | null | undefined) {
    if (!code) return;
    const known = await db.selectFrom('nafCodes').select('code').where('code', '=', code).executeTakeFirst();
    if (!known) throw invalid('company.nafCode', `Le code NAF ${code.slice(0, 2)}.${code.slice(2)} n’existe pas dans la nomenclature NAF rév. 2.`);
  }

  async function assertTrainingFund(id: number | null) {
    if (id === null) return;
    const fund = await db.selectFrom('organisations').select('kind').where('id', '=', id).executeTakeFirst();
    if (!fund || fund.kind !== 'training_fund') throw invalid('trainingFundId', 'L’organisme choisi n’est pas un OPCA/OPCO.');
  }

  app.get('/api/requests/:id', { schema: { tags, summary: 'Une demande, telle que l’utilisateur peut la voir', params: idParams } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const { party } = await requireParty(db, actor, request.params.id);
    const aggregate = await loadAggregate(db, request.params.id);
    return presentRequest(db, aggregate!, actor, party);
  });

  app.put('/api/requests/:id', { schema: { tags, summary: 'Enregistrer la demande (brouillon ou compléments)', params: idParams, body: requestDraftSchema.and(versionBody) } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const { party, request: current } = await requireParty(db, actor, request.params.id);
    if (party !== 'company' || !mayAct(actor, party)) throw forbidden('de modifier cette demande');
    if (!EDITABLE_BY_COMPANY.includes(current.status as RequestStatus)) {
      throw refusedTransition(`La demande est « ${REQUEST_STATUS_LABELS[current.status as RequestStatus]} » : elle n’est plus modifiable.`);
    }
    const { version, ...draft } = request.body;
    if (draft.measureId !== current.measureId) throw invalid('measureId', 'Le dispositif d’une demande ne change pas ; créez une nouvelle demande.');
    await assertTrainingFund(draft.trainingFundId ?? null);
    await assertKnownNaf(draft.company.nafCode);
    const at = isoNow(ctx.clock);
    await db.transaction().execute(async (trx) => {
      const before = toDraft((await loadAggregate(trx, current.id))!);
      await replaceDraft(trx, current.id, version, draft, at);
      await recordHistory(trx, actor, at, { entityType: 'fundingRequest', entityId: current.id, action: 'edited', changes: summariseChanges(before, draft) });
    });
    return presentRequest(db, (await loadAggregate(db, current.id))!, actor, party);
  });

  app.post('/api/requests/:id/submit', { schema: { tags, summary: 'Déposer la demande (contrôle de complétude)', params: idParams, body: versionBody } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const { party, request: current } = await requireParty(db, actor, request.params.id);
    if (!mayAct(actor, party)) throw forbidden('de déposer cette demande');
    const to = transition(current.status as RequestStatus, 'submit', party);
    const aggregate = (await loadAggregate(db, current.id))!;
    const missing = missingForSubmission(toDraft(aggregate));
    const plan = missing.length ? [] : await planIssues(db, { ...aggregate, request: { ...aggregate.request, submittedAt: isoNow(ctx.clock) } });
    if (missing.length || plan.length) {
      throw invalidMany([...missing, ...plan], `La demande ne peut pas être déposée : ${missing.length + plan.length} point(s) à compléter ou corriger.`);
    }
    const at = isoNow(ctx.clock);
    await db.transaction().execute(async (trx) => {
      await setStatus(trx, current.id, request.body.version, to, at, { submittedAt: at });
      const routed = await routeRequest(trx, aggregate);
      await recordHistory(trx, actor, at, { entityType: 'fundingRequest', entityId: current.id, action: 'submitted', changes: { routedTo: routed } });
      await notifyOrganisations(trx, at, routed, {
        subject: `Nouvelle demande à instruire : ${aggregate.request.reference}`,
        body: `${aggregate.request.companyName} a déposé une demande de financement de formation. Votre avis est attendu.`,
        link: `/demandes/${current.id}`,
      });
      await refreshReadiness(trx, current.id, at);
    });
    return presentRequest(db, (await loadAggregate(db, current.id))!, actor, party);
  });

  app.post('/api/requests/:id/withdraw', { schema: { tags, summary: 'Retirer la demande', params: idParams, body: motivated } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const { party, request: current } = await requireParty(db, actor, request.params.id);
    if (!mayAct(actor, party)) throw forbidden('de retirer cette demande');
    const to = transition(current.status as RequestStatus, 'withdraw', party);
    const at = isoNow(ctx.clock);
    await db.transaction().execute(async (trx) => {
      await setStatus(trx, current.id, request.body.version, to, at, { closedAt: at });
      await recordHistory(trx, actor, at, { entityType: 'fundingRequest', entityId: current.id, action: 'withdrawn', motivation: request.body.motivation });
      const partners = await trx.selectFrom('requestPartners').select('organisationId').where('requestId', '=', current.id).execute();
      await notifyOrganisations(trx, at, partners.map((p) => p.organisationId), {
        subject: `Demande ${current.reference} retirée`, body: `${current.companyName} a retiré sa demande : ${request.body.motivation}`, link: `/demandes/${current.id}`,
      });
    });
    return presentRequest(db, (await loadAggregate(db, current.id))!, actor, party);
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
    if (document.ownerType === 'fundingRequest') await requireParty(db, actor, document.ownerId);
    else if (document.ownerType === 'cellSession') {
      if (!can.runCell(actor) && !(PARTNER_KINDS.includes(actor.organisationKind) && can.readFiles(actor))) throw notFound('Document');
    } else if (document.organisationId === null || document.organisationId !== actor.organisationId) throw notFound('Document');
    reply.header('content-type', document.contentType);
    reply.header('content-disposition', `inline; filename="${document.filename}"`);
    return reply.send(Buffer.from(document.content));
  });

};

function summariseChanges(before: ReturnType<typeof toDraft>, after: ReturnType<typeof toDraft>): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof typeof after)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      changes[key] = Array.isArray(after[key]) ? `${(after[key] as unknown[]).length} élément(s)` : after[key];
    }
  }
  return changes;
}
