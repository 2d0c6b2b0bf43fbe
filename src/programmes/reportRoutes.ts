import type { Api, RouteModule } from '../platform/http/app.js';
import type { AppContext } from '../platform/http/context.js';
import { invalid, notFound } from '../platform/http/errors.js';
import { sendExport } from '../platform/http/exports.js';
import { exportParams } from '../platform/http/lists.js';
import { idParams } from '../platform/identity/schema.js';
import { requireActor } from '../platform/identity/sessions.js';
import { programmeReport, reportRows, type ReportRow } from './report.js';
import { reportQuery } from './schema.js';

const tags = ['programmes'];

/** Aggregates only: readers and social partners see the report, never a company's file. */
export const reportRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const { db } = ctx.database;

  async function build(programmeId: number, measureId: number | undefined) {
    const programme = await db.selectFrom('programmes').select(['id', 'code', 'name']).where('id', '=', programmeId).executeTakeFirst();
    if (!programme) throw notFound('Programme');
    const measures = await db.selectFrom('measures').select(['id', 'code', 'name']).where('programmeId', '=', programme.id).orderBy('code').execute();
    if (measureId !== undefined && !measures.some((m) => m.id === measureId)) throw invalid('measureId', 'Ce dispositif n’appartient pas à ce programme.');
    return programmeReport(db, programme, measures, measureId ?? null);
  }

  app.get('/api/programmes/:id/report', { config: { costly: 'report' }, schema: { tags, summary: 'Bilan du programme : entreprises aidées, salariés formés, heures, coût, parts des financeurs', params: idParams, querystring: reportQuery } }, async (request) => {
    await requireActor(ctx, request);
    return build(request.params.id, request.query.measureId);
  });

  app.get('/api/programmes/:id/report/export', { config: { costly: 'export' }, schema: { tags, summary: 'Bilan du programme en CSV ou XLSX', params: idParams, querystring: reportQuery.merge(exportParams) } }, async (request, reply) => {
    await requireActor(ctx, request);
    const report = await build(request.params.id, request.query.measureId);
    async function* rows(): AsyncGenerator<ReportRow> { yield* reportRows(report); }
    return sendExport(reply, rows(), [
      { key: 'indicator', header: 'Indicateur', value: (r) => r.indicator },
      { key: 'value', header: 'Valeur', value: (r) => r.value },
      { key: 'unit', header: 'Unité', value: (r) => r.unit },
    ], `bilan-${report.programme.code.toLowerCase()}`, request.query.format);
  });
};
