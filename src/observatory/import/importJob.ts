import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Api, RouteModule } from '../../platform/http/app.js';
import { isoNow, type AppContext } from '../../platform/http/context.js';
import { invalid } from '../../platform/http/errors.js';
import { importRowError, uploadedFile } from '../../platform/http/uploads.js';
import { requireActor } from '../../platform/identity/sessions.js';
import type { Actor } from '../../platform/identity/roles.js';
import { enqueueJob, FinalJobError, registerJob } from '../../platform/outbox/jobs.js';
import { evaluateAlerts } from '../alerts.js';
import { assertMayImport } from '../policy.js';
import { DATASET_KEYS, DATASETS, type DatasetKey } from './datasets.js';
import { dryRun, runImport } from './engine.js';

export const IMPORT_JOB = 'observatory.import';

interface Payload { dataset: DatasetKey; filename: string; contentBase64: string; actor: Actor }

/**
 * Runs an import in the background with progress; an accepted BMO or job-seekers file then
 * runs the alert rules on the years it brought. A refused file ends the job 'failed' without
 * retry, its line-numbered errors kept as the job's result.
 */
export function registerObservatoryImportJob(): void {
  registerJob(IMPORT_JOB, async (ctx, payload: Payload, progress, job) => {
    const dataset = DATASETS[payload.dataset];
    if (!dataset) throw new FinalJobError('Jeu de données inconnu.');
    const result = await runImport(ctx, payload.actor, dataset, Buffer.from(payload.contentBase64, 'base64'), payload.filename, { progress: (p, label) => progress.report(p, label) });
    if (!result.ok) {
      await ctx.database.db.updateTable('jobs').set({ result: JSON.stringify(result) }).where('id', '=', job.id).execute();
      throw new FinalJobError(result.message);
    }
    const alerts = payload.dataset === 'bmo' || payload.dataset === 'market' ? await evaluateAlerts(ctx, result.years) : 0;
    return { ...result, alerts, message: alerts ? `${result.message} ${alerts} alerte${alerts > 1 ? 's' : ''} ouverte${alerts > 1 ? 's' : ''}.` : result.message };
  });
}

/** A header pattern as a person reads it: /^NOMBE\d{2}$/ is « NOMBE19 … NOMBE25 ». */
const aliasText = (a: string | RegExp) => (typeof a === 'string' ? a : ((p: string) => `${p.replace('\\d{2}', '19')} … ${p.replace('\\d{2}', '25')}`)(a.source.replace(/^\^|\$$/g, '')));

const datasetParams = z.object({ dataset: z.string().max(20) });
const tags = ['observatoire'];

function datasetOf(raw: string) {
  if (!(DATASET_KEYS as readonly string[]).includes(raw)) throw invalid('dataset', `Jeu de données inconnu « ${raw} ». Jeux : ${DATASET_KEYS.join(', ')}.`);
  return DATASETS[raw as DatasetKey];
}

export const observatoryImportRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const allowed = async (request: FastifyRequest) => {
    const actor = await requireActor(ctx, request);
    assertMayImport(actor);
    return actor;
  };

  app.get('/api/observatory/datasets', { schema: { tags, summary: 'Jeux de données importables et leurs colonnes (en-têtes acceptés)' } }, async (request) => {
    await allowed(request);
    return DATASET_KEYS.map((key) => ({
      key, label: DATASETS[key].label,
      columns: DATASETS[key].columns.map((c) => ({ key: c.key, label: c.label, required: c.required, aliases: c.aliases.map(aliasText) })),
    }));
  });

  app.post('/api/observatory/imports/:dataset', {
    schema: { tags, summary: 'Importer un fichier publié (CSV ou XLSX, champ « file ») : tout ou rien, en tâche de fond suivie sur /api/jobs/{jobId}', params: datasetParams, consumes: ['multipart/form-data'], response: { 202: z.object({ jobId: z.number(), message: z.string() }) } },
  }, async (request, reply) => {
    const actor = await allowed(request);
    const dataset = datasetOf(request.params.dataset);
    const { filename, content } = await uploadedFile(request);
    const payload: Payload = { dataset: dataset.key, filename, contentBase64: content.toString('base64'), actor };
    const jobId = await enqueueJob(ctx.database.db, isoNow(ctx.clock), IMPORT_JOB, payload, { createdBy: actor.userId, organisationId: actor.organisationId });
    return reply.code(202).send({ jobId, message: `Import de « ${filename} » lancé : suivez son avancement sur /api/jobs/${jobId}.` });
  });

  app.post('/api/observatory/imports/:dataset/check', {
    schema: {
      tags, summary: 'Contrôler un fichier sans rien enregistrer', params: datasetParams, consumes: ['multipart/form-data'],
      response: { 200: z.object({ ok: z.boolean(), filename: z.string(), rows: z.number(), errorCount: z.number(), truncated: z.boolean(), errors: z.array(importRowError), warnings: z.array(z.object({ line: z.number(), message: z.string() })), message: z.string() }) },
    },
  }, async (request) => {
    await allowed(request);
    const dataset = datasetOf(request.params.dataset);
    const { filename, content } = await uploadedFile(request);
    return dryRun(dataset, content, filename);
  });

  app.get('/api/observatory/imports', { schema: { tags, summary: 'Imports de données de l’observatoire (les plus récents d’abord)' } }, async (request) => {
    await allowed(request);
    return ctx.database.db.selectFrom('observatoryImports').selectAll().orderBy('id', 'desc').limit(50).execute();
  });
};
