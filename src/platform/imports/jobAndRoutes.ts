import type { FastifyRequest } from 'fastify';
import { importRowError, uploadedFile } from '../http/uploads.js';
import { z } from 'zod';
import type { Api, RouteModule } from '../http/app.js';
import { isoNow, type AppContext } from '../http/context.js';
import { forbidden } from '../http/errors.js';
import { requireActor } from '../identity/sessions.js';
import type { Actor } from '../identity/roles.js';
import { enqueueJob, FinalJobError, registerJob } from '../outbox/jobs.js';
import { dryRunFileImport, runFileImport, type FileImport } from './engine.js';

/** The uploaded file travels in the job row, so any server process can run the import. `variant`: the family's key. */
export interface FileImportPayload { filename: string; contentBase64: string; actor: Actor; variant?: string }

/**
 * Several imports behind one route and one job kind, told apart by a path parameter (the
 * observatory's data sets: `/api/observatory/imports/{dataset}`). `of` answers the import of a
 * key, or throws the 400 that names the known ones.
 */
export interface FileImportFamily {
  job: string;
  param: string;
  /** What is imported, for the route summaries: « fichiers publiés ». */
  noun: { many: string };
  forbidden: string;
  mayImport(actor: Actor): boolean;
  of(key: string): FileImport<any, any>;
}

type Source = FileImport<any, any> | FileImportFamily;
const isFamily = (source: Source): source is FileImportFamily => 'of' in source;
const importOf = (source: Source, key: string | undefined): FileImport<any, any> => (isFamily(source) ? source.of(key ?? '') : source);

/**
 * Runs an uploaded import in the background, reporting progress. An invalid file ends
 * the job 'failed' without retry (retrying cannot fix the file), with the error list as result.
 */
export function registerFileImportJob(source: Source): void {
  registerJob(source.job, async (ctx, payload: FileImportPayload, progress, job) => {
    let def: FileImport<any, any>;
    try {
      def = importOf(source, payload.variant);
    } catch {
      throw new FinalJobError(`Import inconnu « ${payload.variant ?? ''} ».`);
    }
    const result = await runFileImport(ctx, payload.actor, def, Buffer.from(payload.contentBase64, 'base64'), payload.filename,
      async (percent, label, inTransaction) => {
        // On SQLite the write transaction holds the only connection: reporting then would wait for itself.
        if (inTransaction && ctx.database.kind === 'sqlite') return;
        await progress.report(percent, label);
      });
    if (result.ok) return def.afterImport ? def.afterImport(ctx, result) : result;
    // runOneJob keeps only the message of a failure: the error list is stored first.
    await ctx.database.db.updateTable('jobs').set({ result: JSON.stringify(result) }).where('id', '=', job.id).execute();
    throw new FinalJobError(result.message);
  });
}

const rowError = importRowError;
const warning = z.object({ line: z.number(), message: z.string() });

/** POST `path` (202 {jobId}) and POST `path`/check (dry run); a family's path ends with its parameter. */
export function fileImportRoutes(source: Source, path: string, tags: string[]): RouteModule {
  const family = isFamily(source) ? source : null;
  const route = family ? `${path}/:${family.param}` : path;
  const params = family ? { params: z.object({ [family.param]: z.string().max(40) }) } : {};
  const many = family ? family.noun.many : (source as FileImport<any, any>).noun.many;
  return (app: Api, ctx: AppContext) => {
    const allowed = async (request: FastifyRequest) => {
      const actor = await requireActor(ctx, request);
      if (!source.mayImport(actor)) throw forbidden(source.forbidden);
      const key = family ? (request.params as Record<string, string>)[family.param] : undefined;
      return { actor, key, def: importOf(source, key) };
    };

    app.post(route, {
      config: { costly: 'import' },
      schema: {
        tags, summary: `Importer des ${many} (CSV ou XLSX, champ « file ») : tout ou rien, en tâche de fond suivie sur /api/jobs/{jobId}`,
        consumes: ['multipart/form-data'], ...params,
        response: { 202: z.object({ jobId: z.number(), message: z.string() }) },
      },
    }, async (request, reply) => {
      const { actor, key } = await allowed(request);
      const { filename, content } = await uploadedFile(request);
      const payload: FileImportPayload = { filename, contentBase64: content.toString('base64'), actor, ...(key === undefined ? {} : { variant: key }) };
      const jobId = await enqueueJob(ctx.database.db, isoNow(ctx.clock), source.job, payload, { createdBy: actor.userId, organisationId: actor.organisationId });
      return reply.code(202).send({ jobId, message: `Import de « ${filename} » lancé : suivez son avancement sur /api/jobs/${jobId}.` });
    });

    app.post(`${route}/check`, {
      config: { costly: 'import' },
      schema: {
        tags, summary: `Contrôler un fichier de ${many} sans rien enregistrer`,
        consumes: ['multipart/form-data'], ...params,
        response: {
          200: z.object({
            ok: z.boolean(), filename: z.string(), rows: z.number(), errorCount: z.number(), truncated: z.boolean(),
            errors: z.array(rowError), warnings: z.array(warning), message: z.string(),
          }),
        },
      },
    }, async (request) => {
      const { actor, def } = await allowed(request);
      const { filename, content } = await uploadedFile(request);
      return dryRunFileImport(ctx, actor, def, content, filename);
    });
  };
}
