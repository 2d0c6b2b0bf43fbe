import { z } from 'zod';
import { recordId, recordIdParam } from '../platform/http/ids.js';
import type { Api, RouteModule } from '../platform/http/app.js';
import type { AppContext } from '../platform/http/context.js';
import { forbidden, notFound } from '../platform/http/errors.js';
import { sendExport } from '../platform/http/exports.js';
import { exportParams, listParams, paginate, walk, type Sorting } from '../platform/http/lists.js';
import { timeline } from '../platform/history/history.js';
import { runAction } from '../platform/actions/runAction.js';
import { requireActor } from '../platform/identity/sessions.js';
import { idParams } from '../platform/identity/schema.js';
import { can, type Actor } from '../platform/identity/roles.js';
import { FUNDERS } from '../programmes/funders.js';
import { isIsoDate } from '../shared/dates.js';
import { closeSession } from './sessionClosing.js';
import { DECISIONS } from './decisions.js';
import { SESSION_STATUS_LABELS, SESSION_STATUSES, type SessionStatus } from './sessionStatus.js';
import { isCellMember, itemCountFor, requireSessionAudience, visibleSessions } from './sessions/sessionAccess.js';
import { openSession, prepareSession, recordDecision, scheduleRequest, setCellMembers, unscheduleRequest } from './sessions/sessionActions.js';
import { MINUTES_OWNER } from './sessions/sessionDocuments.js';
import { presentSession } from './sessions/sessionPresenter.js';

const tags = ['cellule'];

const sessionFilters = listParams.extend({ status: z.enum(SESSION_STATUSES).optional(), year: z.coerce.number().int().min(2000).max(2100).optional() });
const sessionSorting: Sorting = { sortable: { heldOn: 's.held_on', reference: 's.reference', status: 's.status' }, defaultSort: 'heldOn', idColumn: 's.id' };
const itemParams = idParams.extend({ itemId: recordIdParam });
const version = z.number({ message: 'Version attendue : rechargez la page.' }).int().min(1);
const early = z.string().trim().max(1000, 'Motif : 1 000 caractères au plus.').optional();
const person = (label: string) => z.string().trim().max(200, `${label} : 200 caractères au plus.`).nullable().optional();
const sitting = z.object({ organisationId: recordId, representative: person('Représentant(e)'), title: person('Fonction') });
const decisionBody = z.object({
  itemId: recordId,
  decision: z.enum(DECISIONS, { message: 'Décision : accord, accord partiel, ajournement ou refus.' }),
  motivation: z.string().trim().max(4000).default(''),
  lines: z.array(z.object({ funder: z.enum(FUNDERS), approvedCents: z.number().int().min(0, 'Montant négatif.').max(100_000_000_00) })).optional(),
});
const openBody = z.object({
  version,
  attendees: z.array(sitting).max(40, 'Quarante participants au plus.').optional(),
  chair: z.object({ name: z.string().trim().min(2, 'Nom de la présidence obligatoire.').max(200), title: z.string().trim().min(2, 'Fonction de la présidence obligatoire.').max(200) }).optional(),
  earlyMotivation: early,
});

/** Routes of the cell's sessions: parse, run the action, present. Rules live in sessions/. */
export const sessionRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const { db } = ctx.database;
  const present = async (actor: Actor, id: number) => presentSession(db, await requireSessionAudience(db, actor, id), id, ctx.clock.now());

  async function listQuery(actor: Actor, f: z.infer<typeof sessionFilters>) {
    const member = await isCellMember(db, actor.organisationId);
    const base = db.selectFrom('cellSessions as s')
      .select(['s.id', 's.reference', 's.heldOn', 's.status', 's.openedAt', 's.closedAt', 's.version', itemCountFor(actor, member).as('itemCount')])
      .$if(!!f.status, (q) => q.where('s.status', '=', f.status!))
      .$if(!!f.year, (q) => q.where('s.heldOn', '>=', `${f.year}-01-01`).where('s.heldOn', '<=', `${f.year}-12-31`));
    const visible = await visibleSessions(db, actor, base);
    if (!visible) throw forbidden('de consulter les séances de la cellule');
    return visible;
  }

  app.get('/api/sessions', { schema: { tags, summary: 'Séances de la cellule que l’utilisateur peut lire', querystring: sessionFilters } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const page = await paginate(db, await listQuery(actor, request.query), sessionSorting, { ...request.query, order: request.query.sort ? request.query.order : 'desc' });
    return { ...page, items: page.items.map((s) => ({ ...s, itemCount: Number(s.itemCount), statusLabel: SESSION_STATUS_LABELS[s.status as SessionStatus] })) };
  });

  app.get('/api/sessions/export', { config: { costly: 'export' }, schema: { tags, summary: 'Export des séances', querystring: sessionFilters.merge(exportParams) } }, async (request, reply) => {
    const actor = await requireActor(ctx, request);
    return sendExport(reply, walk(await listQuery(actor, request.query), sessionSorting, request.query), [
      { key: 'reference', header: 'Séance', value: (s) => s.reference },
      { key: 'heldOn', header: 'Date', value: (s) => s.heldOn, kind: 'date' },
      { key: 'status', header: 'Statut', value: (s) => SESSION_STATUS_LABELS[s.status as SessionStatus] },
      { key: 'items', header: 'Demandes inscrites', value: (s) => Number(s.itemCount), kind: 'integer' },
    ], 'seances', request.query.format);
  });

  app.post('/api/sessions', { schema: { tags, summary: 'Préparer une séance ; l’ordre du jour reprend les demandes prêtes', body: z.object({ heldOn: z.string().refine(isIsoDate, 'Date de séance invalide (AAAA-MM-JJ).') }) } }, async (request, reply) => {
    const actor = await requireActor(ctx, request);
    const id = await runAction(ctx, actor, prepareSession, request.body);
    return reply.status(201).send(await present(actor, id));
  });

  app.get('/api/sessions/:id', { schema: { tags, summary: 'Une séance : ordre du jour, décisions, documents', params: idParams } }, async (request) => {
    return present(await requireActor(ctx, request), request.params.id);
  });

  app.get('/api/sessions/:id/history', { schema: { tags, summary: 'Historique de la séance', params: idParams } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const audience = await requireSessionAudience(db, actor, request.params.id);
    if (audience.requestIds !== null) throw notFound('Séance');
    return { items: await timeline(db, 'cellSession', request.params.id) };
  });

  app.get('/api/sessions/:id/minutes/:documentId', { schema: { tags, summary: 'Télécharger le procès-verbal (ceux qui siègent)', params: idParams.extend({ documentId: recordIdParam }) } }, async (request, reply) => {
    const actor = await requireActor(ctx, request);
    const audience = await requireSessionAudience(db, actor, request.params.id);
    const document = audience.requestIds === null
      ? await db.selectFrom('documents').selectAll().where('id', '=', request.params.documentId).where('ownerType', '=', MINUTES_OWNER).where('ownerId', '=', request.params.id).executeTakeFirst()
      : undefined;
    if (!document) throw notFound('Document');
    reply.header('content-type', document.contentType);
    reply.header('content-disposition', `inline; filename="${document.filename}"`);
    return reply.send(Buffer.from(document.content));
  });

  app.post('/api/sessions/:id/agenda', { schema: { tags, summary: 'Inscrire une demande prête à l’ordre du jour', params: idParams, body: z.object({ requestId: recordId }) } }, async (request) => {
    const actor = await requireActor(ctx, request);
    await runAction(ctx, actor, scheduleRequest, { sessionId: request.params.id, requestId: request.body.requestId });
    return present(actor, request.params.id);
  });

  app.delete('/api/sessions/:id/agenda/:itemId', { schema: { tags, summary: 'Retirer une demande de l’ordre du jour', params: itemParams } }, async (request) => {
    const actor = await requireActor(ctx, request);
    await runAction(ctx, actor, unscheduleRequest, { sessionId: request.params.id, itemId: request.params.itemId });
    return present(actor, request.params.id);
  });

  app.post('/api/sessions/:id/open', { schema: { tags, summary: 'Ouvrir la séance en enregistrant les participants', params: idParams, body: openBody } }, async (request) => {
    const actor = await requireActor(ctx, request);
    await runAction(ctx, actor, openSession, { sessionId: request.params.id, ...request.body });
    return present(actor, request.params.id);
  });

  app.post('/api/sessions/:id/decisions', { schema: { tags, summary: 'Enregistrer la décision sur une demande inscrite', params: idParams, body: decisionBody } }, async (request) => {
    const actor = await requireActor(ctx, request);
    await runAction(ctx, actor, recordDecision, { sessionId: request.params.id, ...request.body });
    return present(actor, request.params.id);
  });

  app.post('/api/sessions/:id/close', { schema: { tags, summary: 'Clore la séance : engagements, procès-verbal, courriers, notifications', params: idParams, body: z.object({ version, earlyMotivation: early }) } }, async (request) => {
    const actor = await requireActor(ctx, request);
    await runAction(ctx, actor, closeSession, { sessionId: request.params.id, ...request.body });
    return present(actor, request.params.id);
  });

  // ---- The cell's standing members ---------------------------------------------
  const listMembers = () => db.selectFrom('cellMembers as m').innerJoin('organisations as o', 'o.id', 'm.organisationId')
    .select(['m.organisationId', 'o.name as organisationName', 'o.kind', 'm.representative', 'm.title']).orderBy('m.id').execute();

  app.get('/api/cell-members', { schema: { tags, summary: 'Membres permanents de la cellule (ils lisent toutes les séances)' } }, async (request) => {
    const actor = await requireActor(ctx, request);
    if (!can.runCell(actor) && !(await isCellMember(db, actor.organisationId))) throw forbidden('de consulter la composition de la cellule');
    return { items: await listMembers() };
  });

  app.put('/api/cell-members', { schema: { tags, summary: 'Désigner les membres permanents de la cellule', body: z.object({ members: z.array(sitting).max(40, 'Quarante membres au plus.') }) } }, async (request) => {
    const actor = await requireActor(ctx, request);
    await runAction(ctx, actor, setCellMembers, request.body);
    return { items: await listMembers() };
  });
};
