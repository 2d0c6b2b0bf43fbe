import { z } from 'zod';
import type { Api, RouteModule } from '../platform/http/app.js';
import { isoNow, type AppContext } from '../platform/http/context.js';
import { invalid, notFound } from '../platform/http/errors.js';
import { sendExport } from '../platform/http/exports.js';
import { exportParams } from '../platform/http/lists.js';
import { idParams } from '../platform/identity/schema.js';
import { requireActor } from '../platform/identity/sessions.js';
import { enqueueJob, FinalJobError, registerJob } from '../platform/outbox/jobs.js';
import type { Column } from '../platform/tabular/index.js';
import { FUNDER_LABELS, FUNDERS } from '../programmes/funders.js';
import { offeredDepartements } from './steeringQueries.js';
import { actIFigures } from './actI.js';
import { TABLE_IDS, type TableId } from './dashboard.js';
import { steeringDashboard, steeringDashboardJson } from './snapshots.js';
import { formatValue, plenaryReportPdf, SECRET } from './plenaryReport.js';
import { assertMayReadSteering } from './steeringPolicy.js';
import { steeringFilters, type SteeringFilters } from './steeringFilters.js';
import type { SteeringRow } from './steeringTable.js';
import { acteIIIAnnexFigures } from '../observatory/annex.js';

const tags = ['pilotage'];
export const STEERING_REPORT_JOB = 'steering.report';
export const STEERING_REPORT_OWNER = 'steeringReport';

/** Only aggregates leave these routes: every figure went through the secrecy rule in dashboard.ts. */
export const steeringRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const { db } = ctx.database;

  app.get('/api/steering/dashboard', { config: { costly: 'dashboard' }, schema: { tags, summary: 'Tableau de bord de la conférence plénière (chiffres agrégés)', querystring: steeringFilters } }, async (request, reply) => {
    const actor = await requireActor(ctx, request);
    assertMayReadSteering(actor);
    const options = await filterOptions(ctx);
    return reply.type('application/json; charset=utf-8').send(await steeringDashboardJson(ctx, request.query, { options }));
  });

  app.get('/api/steering/tables/:table/export', {
    config: { costly: 'export' },
    schema: { tags, summary: 'Export CSV ou XLSX d’un tableau du pilotage', params: z.object({ table: z.string().max(40) }), querystring: z.intersection(steeringFilters, exportParams) },
  }, async (request, reply) => {
    const actor = await requireActor(ctx, request);
    assertMayReadSteering(actor);
    const id = request.params.table as TableId;
    if (!TABLE_IDS.includes(id)) throw invalid('table', `Tableau inconnu « ${request.params.table} ». Tableaux : ${TABLE_IDS.join(', ')}.`);
    const { format, ...filters } = request.query;
    const { dashboard } = await steeringDashboard(ctx, filters as SteeringFilters, id);
    const table = dashboard.tables.find((t) => t.id === id)!;
    const rows = [...table.rows, ...(table.total ? [table.total] : [])];
    // Money goes out in euros with two decimals (French Excel reads them as numbers); a masked cell says so.
    const columns: Column<SteeringRow>[] = [
      { key: 'label', header: table.dimension, value: (r) => r.label },
      ...table.columns.map((c): Column<SteeringRow> => ({
        key: c.key, header: c.unit === 'cents' ? `${c.label} (€)` : c.label,
        kind: c.unit === 'cents' && format === 'csv' ? 'cents' : 'text',
        value: (r) => {
          const v = r.values[c.key];
          if (r.masked.includes(c.key)) return `${SECRET} statistique`;
          if (v === null || v === undefined) return null;
          if (c.unit === 'cents') return format === 'csv' ? v : v / 100;
          return c.unit === 'percent' || c.unit === 'days' ? formatValue(c, v, false).replace(/\s?%$/, '').replace(/\u00a0/g, '') : v;
        },
      })),
    ];
    async function* each() { for (const r of rows) yield r; }
    return sendExport(reply, each(), columns, `pilotage-${id}`, format);
  });

  app.post('/api/steering/report', { config: { costly: 'report' }, schema: { tags, summary: 'Produire le rapport PDF de la conférence plénière (tâche de fond)', body: z.object({ filters: steeringFilters.default({}) }) } }, async (request, reply) => {
    const actor = await requireActor(ctx, request);
    assertMayReadSteering(actor);
    const jobId = await enqueueJob(db, isoNow(ctx.clock), STEERING_REPORT_JOB, { filters: request.body.filters }, { createdBy: actor.userId, organisationId: actor.organisationId });
    return reply.status(202).send({ jobId, statusUrl: `/api/jobs/${jobId}` });
  });

  app.get('/api/steering/reports/:id', { schema: { tags, summary: 'Télécharger un rapport de la conférence plénière', params: idParams } }, async (request, reply) => {
    const actor = await requireActor(ctx, request);
    assertMayReadSteering(actor);
    // Another organisation's report answers like a missing one.
    const document = await db.selectFrom('documents').selectAll().where('id', '=', request.params.id)
      .where('ownerType', '=', STEERING_REPORT_OWNER).where('organisationId', '=', actor.organisationId).executeTakeFirst();
    if (!document) throw notFound('Rapport');
    reply.header('content-type', document.contentType);
    reply.header('content-disposition', `attachment; filename="${document.filename}"`);
    return reply.send(Buffer.from(document.content));
  });
};

/** What the filter bar offers: programmes, measures, funders, départements and sections that exist. */
async function filterOptions(ctx: AppContext) {
  const { db } = ctx.database;
  const [programmes, measures, departements, sections] = await Promise.all([
    db.selectFrom('programmes').select(['code', 'name']).orderBy('startsOn').execute(),
    db.selectFrom('measures as m').innerJoin('programmes as p', 'p.id', 'm.programmeId').select(['m.code', 'm.name', 'p.code as programme']).orderBy('m.id').execute(),
    offeredDepartements(db),
    db.selectFrom('nafSections').select(['code', 'label']).orderBy('code').execute(),
  ]);
  return {
    programmes, measures, sections,
    funders: FUNDERS.map((code) => ({ code, label: FUNDER_LABELS[code] })),
    departements,
  };
}

/** Renders the report in the background and keeps it for the requester's organisation. */
export function registerSteeringReportJob(): void {
  registerJob(STEERING_REPORT_JOB, async (ctx, payload: { filters: unknown }, progress, job) => {
    const { db } = ctx.database;
    const parsed = steeringFilters.safeParse(payload.filters ?? {});
    if (!parsed.success) throw new FinalJobError('Filtres du rapport invalides.');
    const owner = await db.selectFrom('jobs as j').leftJoin('users as u', 'u.id', 'j.createdBy').leftJoin('organisations as o', 'o.id', 'j.organisationId')
      .select(['j.organisationId', 'u.displayName', 'o.name']).where('j.id', '=', job.id).executeTakeFirstOrThrow();
    await progress.report(5, 'Lecture des indicateurs');
    const { dashboard } = await steeringDashboard(ctx, parsed.data);
    await progress.report(40, 'Bilan de l’Acte I');
    const actI = await actIFigures(ctx.database, dashboard.privacy.threshold);
    await progress.report(60, 'Mise en page des graphiques et tableaux');
    const acteIII = await acteIIIAnnexFigures(db, isoNow(ctx.clock).slice(0, 10));
    const pdf = await plenaryReportPdf({ dashboard, actI, requestedBy: owner.displayName ?? 'Utilisateur', organisation: owner.name ?? '', acteIII });
    await progress.report(90, 'Enregistrement du rapport');
    const at = isoNow(ctx.clock);
    const day = at.slice(0, 10);
    const stored = await db.transaction().execute(async (trx) => {
      // A retried job replaces what an interrupted run may have stored.
      await trx.deleteFrom('documents').where('ownerType', '=', STEERING_REPORT_OWNER).where('ownerId', '=', job.id).execute();
      return trx.insertInto('documents').values({
        kind: 'plenary_report', ownerType: STEERING_REPORT_OWNER, ownerId: job.id, organisationId: owner.organisationId,
        filename: `rapport-pleniere-${day}.pdf`, contentType: 'application/pdf', content: pdf, createdAt: at,
      }).returning('id').executeTakeFirstOrThrow();
    });
    await progress.report(100, 'Rapport prêt');
    return { documentId: stored.id, downloadUrl: `/api/steering/reports/${stored.id}`, filename: `rapport-pleniere-${day}.pdf` };
  });
}
