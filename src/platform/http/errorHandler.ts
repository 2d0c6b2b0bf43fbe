import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { AppError, RetryLater, type FieldIssue } from './errors.js';
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
import { MAX_UPLOAD_BYTES } from './uploads.js';

function toDotted(instancePath: string | undefined): string {
  return (instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
}

function zodIssues(error: ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** What the multipart reader refuses, in the words of the import forms (limits set in app.ts). */
const UPLOAD_REFUSALS: Record<string, { status: number; code: string; message: string }> = {
  FST_REQ_FILE_TOO_LARGE: { status: 413, code: 'too_large', message: `Le fichier dépasse la taille maximale de ${MAX_UPLOAD_BYTES / 1024 / 1024} Mo.` },
  FST_FILES_LIMIT: { status: 413, code: 'too_large', message: 'Envoyez un seul fichier à la fois.' },
  FST_PARTS_LIMIT: { status: 413, code: 'too_large', message: 'Le formulaire envoyé compte trop de parties : envoyez seulement le fichier, dans le champ « file ».' },
  FST_FIELDS_LIMIT: { status: 413, code: 'too_large', message: 'Le formulaire envoyé compte trop de champs : envoyez seulement le fichier, dans le champ « file ».' },
  FST_PROTO_VIOLATION: { status: 400, code: 'invalid', message: 'Nom de champ refusé dans le formulaire envoyé.' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { status: 400, code: 'invalid', message: 'Envoyez le fichier en multipart/form-data, dans le champ « file ».' },
  FST_MP_PREMATURE_CLOSE: { status: 400, code: 'invalid', message: 'L’envoi du fichier a été interrompu : recommencez.' },
};

/**
 * PostgreSQL's data exceptions (class 22: a number out of its column's range, an invalid date or
 * byte sequence) are always caused by a value sent: the routes check ids and NUL characters
 * themselves, and this answers any other such value with a 400 rather than a 500.
 */
function isRefusedValue(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code) && 'severity' in (error as object);
}

/**
 * One shape for every error: `{ error: { code, message, field, issues } }`. Anything
 * unexpected is logged and answered with a French sentence that reveals nothing.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError & { validation?: any[]; validationContext?: string }, request, reply) => {
    if (error instanceof AppError) {
      if (error instanceof RetryLater) reply.header('retry-after', String(error.retryAfterSeconds));
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
    const upload = UPLOAD_REFUSALS[error.code];
    if (upload) {
      return reply.status(upload.status).send({ error: { code: upload.code, message: upload.message, field: 'file', issues: [{ path: 'file', message: upload.message }] } });
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
    if (isRefusedValue(error)) {
      request.log.warn({ err: error }, 'value refused by the database');
      return reply.status(400).send({
        error: { code: 'invalid', message: 'Une valeur envoyée dépasse ce que la base de données peut enregistrer (nombre trop grand, date ou texte invalide).', field: null, issues: [] },
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
