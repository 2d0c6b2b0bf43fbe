import { z } from 'zod';
import type { ExpressionBuilder } from 'kysely';
import type { Api, RouteModule } from '../http/app.js';
import type { AppContext } from '../http/context.js';
import type { Schema } from '../db/schema.js';
import { forbidden, notFound } from '../http/errors.js';
import { listParams, paginate, type Sorting } from '../http/lists.js';
import { idParams } from '../identity/schema.js';
import { requireActor } from '../identity/sessions.js';
import { can } from '../identity/roles.js';
import { MAX_EMAIL_ATTEMPTS } from './delivery.js';

export const EMAIL_STATUSES = ['waiting', 'retrying', 'sent', 'abandoned'] as const;
type EmailStatus = (typeof EMAIL_STATUSES)[number];
const STATUS_LABELS: Record<EmailStatus, string> = { waiting: 'En attente', retrying: 'Nouvel essai prévu', sent: 'Envoyé', abandoned: 'Abandonné' };

type Row = { sentAt: string | null; attempts: number; lastError: string | null };
function statusOf(e: Row): EmailStatus {
  if (e.sentAt) return 'sent';
  if (e.attempts >= MAX_EMAIL_ATTEMPTS) return 'abandoned';
  return e.lastError ? 'retrying' : 'waiting';
}

function whereStatus(eb: ExpressionBuilder<Schema, 'emails'>, status: EmailStatus) {
  switch (status) {
    case 'sent': return eb('sentAt', 'is not', null);
    case 'abandoned': return eb.and([eb('sentAt', 'is', null), eb('attempts', '>=', MAX_EMAIL_ATTEMPTS)]);
    case 'retrying': return eb.and([eb('sentAt', 'is', null), eb('attempts', '<', MAX_EMAIL_ATTEMPTS), eb('lastError', 'is not', null)]);
    case 'waiting': return eb.and([eb('sentAt', 'is', null), eb('lastError', 'is', null)]);
  }
}

const filters = listParams.extend({
  status: z.enum(EMAIL_STATUSES, { message: 'État : en attente, nouvel essai prévu, envoyé ou abandonné.' }).optional(),
  to: z.string().trim().max(200, { message: 'Adresse : 200 caractères au plus.' }).optional(),
});
const sorting: Sorting = { sortable: { createdAt: 'created_at', attempts: 'attempts', id: 'id' }, defaultSort: 'createdAt', idColumn: 'id' };

/**
 * The e-mails outbox as administrators read it: what went out, what waits and why. Without
 * SMTP settings nothing is delivered and this is where the messages can be read.
 */
export const mailRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const { db } = ctx.database;
  const tags = ['courriels'];
  const requireAdmin = async (request: Parameters<typeof requireActor>[1]) => {
    const actor = await requireActor(ctx, request);
    if (!can.administerPlatform(actor)) throw forbidden('de consulter les courriels');
    return actor;
  };
  const present = <T extends Row>(e: T) => ({ ...e, status: statusOf(e), statusLabel: STATUS_LABELS[statusOf(e)] });

  app.get('/api/admin/emails', { schema: { tags, summary: 'Courriels de la plateforme (administration)', querystring: filters } }, async (request) => {
    await requireAdmin(request);
    const { status, to } = request.query;
    const query = db.selectFrom('emails')
      .select(['id', 'toAddress', 'subject', 'body', 'link', 'createdAt', 'sentAt', 'attempts', 'lastError', 'nextAttemptAt'])
      .$if(!!status, (q) => q.where((eb) => whereStatus(eb, status!)))
      .$if(!!to, (q) => q.where('toAddress', 'like', `%${to!.replace(/[%_\\]/g, '')}%`));
    const page = await paginate(db, query, sorting, request.query);
    return { ...page, items: page.items.map(present) };
  });

  app.get('/api/admin/emails/statuses', { schema: { tags, summary: 'États des courriels, pour filtrer la liste' } }, async (request) => {
    await requireAdmin(request);
    return { statuses: EMAIL_STATUSES.map((value) => ({ value, label: STATUS_LABELS[value] })) };
  });

  app.get('/api/admin/emails/:id', { schema: { tags, summary: 'Un courriel, avec son texte', params: idParams } }, async (request) => {
    await requireAdmin(request);
    const email = await db.selectFrom('emails')
      .select(['id', 'toAddress', 'subject', 'body', 'link', 'createdAt', 'sentAt', 'attempts', 'lastError', 'nextAttemptAt'])
      .where('id', '=', request.params.id).executeTakeFirst();
    if (!email) throw notFound('Courriel');
    return present(email);
  });
};
