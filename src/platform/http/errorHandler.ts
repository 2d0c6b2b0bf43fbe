import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { AppError, type FieldIssue } from './errors.js';
import { classifyDatabaseError } from '../actions/dbErrors.js';

/**
 * The database cannot serve for now (unreachable, or no room left to write): the request
 * may succeed later unchanged, so it answers 503 with when to try again, and nothing the
 * user sent was kept (the transaction did not commit).
 */
const UNAVAILABLE = {
  unavailable: {
    code: 'unavailable', retryAfterSeconds: 10,
    message: 'Le service est momentanément indisponible : la base de données ne répond pas. Rien n’a été enregistré ; réessayez dans quelques instants.',
  },
  disk_full: {
    code: 'storage_full', retryAfterSeconds: 60,
    message: 'Le service ne peut rien enregistrer pour le moment : l’espace de stockage est plein. Rien n’a été enregistré ; réessayez plus tard.',
  },
} as const;

function toDotted(instancePath: string | undefined): string {
  return (instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
}

function zodIssues(error: ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/**
 * One shape for every error: `{ error: { code, message, field, issues } }`. Anything
 * unexpected is logged and answered with a French sentence that reveals nothing.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError & { validation?: any[]; validationContext?: string }, request, reply) => {
    if (error instanceof AppError) {
      return reply.status(error.statusCode).send({
        error: { code: error.code, message: error.message, field: error.field ?? null, issues: error.issues },
      });
    }
    if (error instanceof ZodError) {
      const issues = zodIssues(error);
      return reply.status(400).send({
        error: { code: 'invalid', message: 'Certaines informations sont à corriger.', field: issues[0]?.path ?? null, issues },
      });
    }
    if (error.validation) {
      const where = error.validationContext === 'querystring' ? 'query' : error.validationContext;
      const issues: FieldIssue[] = error.validation.map((v: any) => {
        const zodIssue = v.params?.issue;
        const path = zodIssue?.path ? zodIssue.path.join('.') : toDotted(v.instancePath);
        return { path, message: zodIssue?.message ?? v.message ?? 'Valeur invalide.' };
      });
      return reply.status(400).send({
        error: {
          code: 'invalid',
          message: where === 'body' ? 'Certaines informations sont à corriger.' : 'Paramètres de la requête invalides.',
          field: issues[0]?.path ?? null,
          issues,
        },
      });
    }
    if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (error.statusCode === 400 && error instanceof SyntaxError)) {
      return reply.status(400).send({
        error: { code: 'malformed_json', message: 'Le contenu envoyé n’est pas un JSON valide.', field: null, issues: [] },
      });
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send({
        error: { code: 'too_large', message: 'Le contenu envoyé est trop volumineux (1 Mo au plus).', field: null, issues: [] },
      });
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.status(415).send({
        error: { code: 'unsupported_media_type', message: 'Format de contenu non pris en charge : envoyez du JSON.', field: null, issues: [] },
      });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send({
        error: { code: 'bad_request', message: 'Requête invalide.', field: null, issues: [] },
      });
    }
    const fault = classifyDatabaseError(error);
    if (fault === 'unavailable' || fault === 'disk_full') {
      const answer = UNAVAILABLE[fault];
      request.log.error({ err: error }, `database ${fault}`);
      return reply.status(503).header('Retry-After', String(answer.retryAfterSeconds)).send({
        error: { code: answer.code, message: answer.message, field: null, issues: [] },
      });
    }
    request.log.error({ err: error }, 'unexpected error');
    return reply.status(500).send({
      error: { code: 'internal', message: 'Une erreur inattendue est survenue. Réessayez ; si elle persiste, contactez le secrétariat de la cellule.', field: null, issues: [] },
    });
  });

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/')) {
      return reply.status(404).send({ error: { code: 'not_found', message: 'Cette adresse de l’API n’existe pas.', field: null, issues: [] } });
    }
    return reply.status(404).send('Page introuvable');
  });
}
