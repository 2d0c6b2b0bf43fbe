import type { FastifyRequest } from 'fastify';
import { importRowError, uploadedFile } from '../../platform/http/uploads.js';
import { z } from 'zod';
import type { Api, RouteModule } from '../../platform/http/app.js';
import { isoNow, type AppContext } from '../../platform/http/context.js';
import { forbidden } from '../../platform/http/errors.js';
import { requireActor } from '../../platform/identity/sessions.js';
import type { Actor } from '../../platform/identity/roles.js';
import { enqueueJob, FinalJobError, registerJob } from '../../platform/outbox/jobs.js';
import { dryRunMeasureImport, runMeasureImport, type MeasureImport } from './engine.js';

/** The uploaded file travels in the job row, so any server process can run the import. */
export interface MeasureImportPayload { filename: string; contentBase64: string; actor: Actor }

/**
 * Runs an uploaded Acte II import in the background, reporting progress. An invalid file ends
 * the job 'failed' without retry (retrying cannot fix the file), with the error list as result.
 */
export function registerMeasureImportJob<R>(def: MeasureImport<R>): void {
  registerJob(def.job, async (ctx, payload: MeasureImportPayload, progress, job) => {
    const result = await runMeasureImport(ctx, payload.actor, def, Buffer.from(payload.contentBase64, 'base64'), payload.filename,
      async (percent, label, inTransaction) => {
        // On SQLite the write transaction holds the only connection: reporting then would wait for itself.
        if (inTransaction && ctx.database.kind === 'sqlite') return;
        await progress.report(percent, label);
      });
    if (result.ok) return result;
    // runOneJob keeps only the message of a failure: the error list is stored first.
    await ctx.database.db.updateTable('jobs').set({ result: JSON.stringify(result) }).where('id', '=', job.id).execute();
    throw new FinalJobError(result.message);
  });
}

const rowError = importRowError;
const warning = z.object({ line: z.number(), message: z.string() });

/** POST `path` (202 {jobId}) and POST `path`/check (dry run), for one measure. */
export function measureImportRoutes<R>(def: MeasureImport<R>, path: string, tags: string[]): RouteModule {
  return (app: Api, ctx: AppContext) => {
    const allowed = async (request: FastifyRequest) => {
      const actor = await requireActor(ctx, request);
      if (!def.mayImport(actor)) throw forbidden(def.forbidden);
      return actor;
    };

    app.post(path, {
      config: { costly: 'import' },
      schema: {
        tags, summary: `Importer des ${def.noun.many} (CSV ou XLSX, champ « file ») : tout ou rien, en tâche de fond suivie sur /api/jobs/{jobId}`,
        consumes: ['multipart/form-data'],
        response: { 202: z.object({ jobId: z.number(), message: z.string() }) },
      },
    }, async (request, reply) => {
      const actor = await allowed(request);
      const { filename, content } = await uploadedFile(request);
      const payload: MeasureImportPayload = { filename, contentBase64: content.toString('base64'), actor };
      const jobId = await enqueueJob(ctx.database.db, isoNow(ctx.clock), def.job, payload, { createdBy: actor.userId, organisationId: actor.organisationId });
      return reply.code(202).send({ jobId, message: `Import de « ${filename} » lancé : suivez son avancement sur /api/jobs/${jobId}.` });
    });

    app.post(`${path}/check`, {
      config: { costly: 'import' },
      schema: {
        tags, summary: `Contrôler un fichier de ${def.noun.many} sans rien enregistrer`,
        consumes: ['multipart/form-data'],
        response: {
          200: z.object({
            ok: z.boolean(), filename: z.string(), rows: z.number(), errorCount: z.number(), truncated: z.boolean(),
            errors: z.array(rowError), warnings: z.array(warning), message: z.string(),
          }),
        },
      },
    }, async (request) => {
      const actor = await allowed(request);
      const { filename, content } = await uploadedFile(request);
      return dryRunMeasureImport(ctx, actor, def, content, filename);
    });
  };
}
