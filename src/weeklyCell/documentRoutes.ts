import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { runAction } from '../platform/actions/runAction.js';
import type { Api, RouteModule } from '../platform/http/app.js';
import { isoNow, type AppContext } from '../platform/http/context.js';
import { invalid, notFound } from '../platform/http/errors.js';
import { recordIdParam } from '../platform/http/ids.js';
import { readMultipartForm, type UploadedPart } from '../platform/http/uploads.js';
import type { Actor } from '../platform/identity/roles.js';
import { requireActor } from '../platform/identity/sessions.js';
import { idParams } from '../platform/identity/schema.js';
import { contentDisposition, documentTypeOf, sanitiseFilename } from '../platform/storage/fileChecks.js';
import { newStorageKey, storageOf } from '../platform/storage/storage.js';
import { deleteDocument } from './actions/deleteDocument.js';
import { postRequestMessage, threadMessageBody } from './actions/postRequestMessage.js';
import { uploadDocument, uploadFields, type StoredFile } from './actions/uploadDocument.js';
import { documentsOfRequest, presentDocuments } from './requestDocuments.js';
import { requestActionsAllowed, requireParty } from './requestPolicy.js';
import type { RequestStatus } from './requestStatus.js';

const tags = ['pièces'];

/** A supporting document may weigh this much; the reader stops there while the file streams in. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
const MAX_ATTACHMENTS = 3;

const documentParams = z.object({ id: recordIdParam, documentId: recordIdParam });
// Optional in the schema so that a request the caller cannot see answers 404 before any field is judged.
const versionQuery = z.object({ version: z.coerce.number({ message: 'Version de la pièce attendue.' }).int().min(1, 'Version de la pièce attendue.').optional() });

export const documentRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const { db } = ctx.database;
  const storage = storageOf(ctx);

  /** Type from the content, cleaned name, bytes put in the storage: what an action then records. */
  const store = async (part: UploadedPart, field: string): Promise<StoredFile> => {
    if (part.content.length === 0) throw invalid(field, 'Le fichier est vide.');
    const type = await documentTypeOf(part.content, field);
    const storageKey = newStorageKey('requests');
    const { sha256, sizeBytes } = await storage.put(storageKey, part.content, isoNow(ctx.clock));
    return { filename: sanitiseFilename(part.filename, type.ext), contentType: type.mime, sizeBytes, sha256, storageKey };
  };

  /** Runs an action that records stored files; if it refuses, the bytes go too. */
  const recording = async <T>(files: StoredFile[], run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      await storage.delete(files.map((f) => f.storageKey)).catch(() => undefined);
      throw error;
    }
  };

  const checklistFor = async (actor: Actor, requestId: number) => {
    const { party, request } = await requireParty(db, actor, requestId);
    const mayUpload = requestActionsAllowed({ actor, party, accounts: [] }, request.status as RequestStatus).includes('uploadDocument');
    return presentDocuments(db, actor, request, mayUpload);
  };

  app.get('/api/requests/:id/documents', { schema: { tags, summary: 'Pièces justificatives d’une demande : liste attendue par étape, pièces fournies et manquantes', params: idParams } }, async (request) => {
    const actor = await requireActor(ctx, request);
    return checklistFor(actor, request.params.id);
  });

  app.post('/api/requests/:id/documents', { schema: { tags, summary: 'Déposer ou remplacer une pièce (multipart : champ « file », et stage, expectedDocumentId, informationItemId, label, documentId + version)', params: idParams } }, async (request, reply) => {
    const actor = await requireActor(ctx, request);
    // Before reading a byte: a request the user cannot see is « introuvable ».
    await requireParty(db, actor, request.params.id);
    const form = await readMultipartForm(request, { maxFileBytes: MAX_DOCUMENT_BYTES, maxFiles: 1, maxFieldBytes: 1024 });
    const part = form.files.find((f) => f.fieldname === 'file');
    if (!part) throw invalid('file', 'Joignez le fichier dans le champ « file ».');
    const fields = uploadFields.parse(form.fields);
    const file = await store(part, 'file');
    const result = await recording([file], () => runAction(ctx, actor, uploadDocument, { requestId: request.params.id, fields, file }));
    return reply.status(201).send({ ...result, filename: file.filename, checklist: await checklistFor(actor, request.params.id) });
  });

  app.delete('/api/requests/:id/documents/:documentId', { schema: { tags, summary: 'Supprimer une pièce (l’organisation qui l’a déposée, tant que son étape est ouverte)', params: documentParams, querystring: versionQuery } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const { storageKeys } = await runAction(ctx, actor, deleteDocument, { requestId: request.params.id, documentId: request.params.documentId, version: request.query.version });
    await storage.delete(storageKeys).catch(() => undefined);
    return checklistFor(actor, request.params.id);
  });

  app.get('/api/document-versions/:id', { schema: { tags, summary: 'Télécharger une version d’une pièce', params: idParams } }, async (request, reply) => {
    const actor = await requireActor(ctx, request);
    const version = await db.selectFrom('requestDocumentVersions as v').innerJoin('requestDocuments as d', 'd.id', 'v.documentId')
      .select(['v.filename', 'v.contentType', 'v.sha256', 'v.storageKey', 'd.requestId']).where('v.id', '=', request.params.id).executeTakeFirst();
    if (!version) throw notFound('Pièce');
    await requireParty(db, actor, version.requestId).catch(() => { throw notFound('Pièce'); });
    const bytes = await storage.get(version.storageKey, version.sha256);
    reply.header('content-type', version.contentType);
    reply.header('content-disposition', contentDisposition(version.filename));
    reply.header('x-content-type-options', 'nosniff');
    return reply.send(bytes);
  });

  app.get('/api/requests/:id/thread', { schema: { tags, summary: 'Échanges entre l’entreprise et ses partenaires', params: idParams } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const { party, request: r } = await requireParty(db, actor, request.params.id);
    const [messages, documents] = await Promise.all([
      db.selectFrom('requestMessages as m').innerJoin('users as u', 'u.id', 'm.authorId').innerJoin('organisations as o', 'o.id', 'm.organisationId')
        .select(['m.id', 'm.body', 'm.createdAt', 'm.organisationId', 'o.name as organisationName', 'o.kind as organisationKind', 'u.displayName as authorName'])
        .where('m.requestId', '=', r.id).orderBy('m.createdAt').orderBy('m.id').execute(),
      documentsOfRequest(db, r.id),
    ]);
    const mayPost = requestActionsAllowed({ actor, party, accounts: [] }, r.status as RequestStatus).includes('thread');
    return { mayPost, items: messages.map((m) => ({ ...m, attachments: documents.filter((d) => d.messageId === m.id).map((d) => d.current) })) };
  });

  app.post('/api/requests/:id/thread', { schema: { tags, summary: 'Écrire à l’autre partie (JSON { body }, ou multipart : body et jusqu’à 3 fichiers « file »)', params: idParams } }, async (request: FastifyRequest<{ Params: { id: number } }>, reply) => {
    const actor = await requireActor(ctx, request);
    await requireParty(db, actor, request.params.id);
    let body: unknown = request.body;
    let parts: UploadedPart[] = [];
    if (request.isMultipart()) {
      const form = await readMultipartForm(request, { maxFileBytes: MAX_DOCUMENT_BYTES, maxFiles: MAX_ATTACHMENTS, maxFieldBytes: 32_000 });
      body = form.fields;
      parts = form.files;
    }
    const message = threadMessageBody.parse(body ?? {});
    // Files stored so far go too when a later one is refused, as when the action refuses.
    const attachments: StoredFile[] = [];
    const { id } = await recording(attachments, async () => {
      for (const part of parts) attachments.push(await store(part, 'file'));
      return runAction(ctx, actor, postRequestMessage, { requestId: request.params.id, body: message.body, attachments });
    });
    return reply.status(201).send({ id });
  });
};
