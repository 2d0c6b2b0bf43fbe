import { importRowError, uploadedFile } from '../../platform/http/uploads.js';
import { z } from 'zod';
import type { Api, RouteModule } from '../../platform/http/app.js';
import { isoNow, type AppContext } from '../../platform/http/context.js';
import { forbidden } from '../../platform/http/errors.js';
import { requireActor } from '../../platform/identity/sessions.js';
import { can, type Actor } from '../../platform/identity/roles.js';
import { enqueueJob } from '../../platform/outbox/jobs.js';
import { IMPORT_JOB, type ImportJobPayload } from './importJob.js';
import { dryRunImport } from './importService.js';

const tags = ['imports'];

/** Past requests are the whole partnership's history: only the cell's secretariat (and the platform's administrators) bring them in. */
function mayImport(actor: Actor): boolean {
  return can.runCell(actor) || can.administerPlatform(actor);
}

const rowError = importRowError;

export const importRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  app.post('/api/imports/funding-requests', {
    config: { costly: 'import' },
    schema: {
      tags, summary: 'Importer des demandes passées (CSV ou XLSX, champ « file ») : traitement en tâche de fond',
      consumes: ['multipart/form-data'],
      response: { 202: z.object({ jobId: z.number(), message: z.string() }) },
    },
  }, async (request, reply) => {
    const actor = await requireActor(ctx, request);
    if (!mayImport(actor)) throw forbidden('d’importer des demandes');
    const { filename, content } = await uploadedFile(request);
    const payload: ImportJobPayload = { filename, contentBase64: content.toString('base64'), actor };
    const jobId = await enqueueJob(ctx.database.db, isoNow(ctx.clock), IMPORT_JOB, payload, { createdBy: actor.userId, organisationId: actor.organisationId });
    return reply.code(202).send({ jobId, message: `Import de « ${filename} » lancé : suivez son avancement sur /api/jobs/${jobId}.` });
  });

  app.post('/api/imports/funding-requests/check', {
    config: { costly: 'import' },
    schema: {
      tags, summary: 'Contrôler un fichier d’import sans rien enregistrer',
      consumes: ['multipart/form-data'],
      response: {
        200: z.object({
          ok: z.boolean(), filename: z.string(), rows: z.number(), errorCount: z.number(), truncated: z.boolean(),
          errors: z.array(rowError), warnings: z.array(z.object({ line: z.number(), message: z.string() })), message: z.string(),
        }),
      },
    },
  }, async (request) => {
    const actor = await requireActor(ctx, request);
    if (!mayImport(actor)) throw forbidden('d’importer des demandes');
    const { filename, content } = await uploadedFile(request);
    return dryRunImport(ctx, content, filename);
  });
};
