import type { Api, RouteModule } from '../platform/http/app.js';
import { isoNow, type AppContext } from '../platform/http/context.js';
import { invalid, notFound } from '../platform/http/errors.js';
import { sendExport } from '../platform/http/exports.js';
import { exportParams } from '../platform/http/lists.js';
import { idParams } from '../platform/identity/schema.js';
import { requireActor } from '../platform/identity/sessions.js';
import { assertMayReadSteering } from '../steering/steeringPolicy.js';
import { ensureFacts } from '../steering/factUpdates.js';
import { maskingThresholdOn } from '../steering/masking.js';
import { traineesHidden } from '../steering/secrecyViews.js';
import { programmeReport, reportRows, type ReportRow } from './report.js';
import { reportQuery } from './schema.js';

const tags = ['programmes'];

/**
 * Aggregates only, read by those who read the steering (companies are refused), under the
 * secrecy rule of report.ts: a competitor never reads one company's cost and financing.
 */
export const reportRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const { db } = ctx.database;

  async function build(programmeId: number, measureId: number | undefined) {
    const programme = await db.selectFrom('programmes').select(['id', 'code', 'name']).where('id', '=', programmeId).executeTakeFirst();
    if (!programme) throw notFound('Programme');
    const measures = await db.selectFrom('measures').select(['id', 'code', 'name']).where('programmeId', '=', programme.id).orderBy('code').execute();
    if (measureId !== undefined && !measures.some((m) => m.id === measureId)) throw invalid('measureId', 'Ce dispositif n’appartient pas à ce programme.');
    const today = isoNow(ctx.clock).slice(0, 10);
    // The trained employees are the dashboard's figure: hidden exactly where it hides them.
    await ensureFacts(ctx);
    const measure = measureId === undefined ? undefined : measures.find((m) => m.id === measureId)!.code;
    const hidden = await traineesHidden(ctx.database, { programme: programme.code, measure }, maskingThresholdOn(today));
    return programmeReport(db, programme, measures, measureId ?? null, today, hidden);
  }

  app.get('/api/programmes/:id/report', { config: { costly: 'report' }, schema: { tags, summary: 'Bilan du programme : entreprises aidées, salariés formés, heures, coût, parts des financeurs', params: idParams, querystring: reportQuery } }, async (request) => {
    assertMayReadSteering(await requireActor(ctx, request));
    return build(request.params.id, request.query.measureId);
  });

  app.get('/api/programmes/:id/report/export', { config: { costly: 'export' }, schema: { tags, summary: 'Bilan du programme en CSV ou XLSX', params: idParams, querystring: reportQuery.merge(exportParams) } }, async (request, reply) => {
    assertMayReadSteering(await requireActor(ctx, request));
    const report = await build(request.params.id, request.query.measureId);
    async function* rows(): AsyncGenerator<ReportRow> { yield* reportRows(report); }
    return sendExport(reply, rows(), [
      { key: 'indicator', header: 'Indicateur', value: (r) => r.indicator },
      { key: 'value', header: 'Valeur', value: (r) => r.value },
      { key: 'unit', header: 'Unité', value: (r) => r.unit },
    ], `bilan-${report.programme.code.toLowerCase()}`, request.query.format);
  });
};
