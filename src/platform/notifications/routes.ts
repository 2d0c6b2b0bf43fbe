import { z } from 'zod';
import type { Api, RouteModule } from '../http/app.js';
import type { AppContext } from '../http/context.js';
import { notFound } from '../http/errors.js';
import { idParams } from '../identity/schema.js';
import { requireActor } from '../identity/sessions.js';
import type { Actor } from '../identity/roles.js';
import { runAction } from '../actions/runAction.js';
import { markAllNotificationsRead, markNotificationRead, setNotificationPreferences } from './actions.js';
import { DEFAULT_DELIVERY_MODE, DELIVERY_MODE_LABELS, DELIVERY_MODES, NOTIFICATION_KIND_LABELS, NOTIFICATION_KINDS, type NotificationKind } from './kinds.js';

const tags = ['notifications'];

const notificationFilters = z.object({
  page: z.coerce.number().int().min(1, 'La page commence à 1.').default(1),
  pageSize: z.coerce.number().int().min(1).max(100, '100 notifications par page au plus.').default(20),
  /** unread: what still needs attention first, then newest; newest: plain reverse chronology. */
  order: z.enum(['unread', 'newest'], { message: 'Ordre : unread ou newest.' }).default('unread'),
  state: z.enum(['all', 'unread', 'read'], { message: 'État : all, unread ou read.' }).default('all'),
  /** Kept for older clients: the same as state=unread. */
  unreadOnly: z.enum(['true', 'false'], { message: 'unreadOnly : true ou false.' }).optional(),
});

const preferencesBody = z.object({
  preferences: z.array(z.object({
    kind: z.enum(NOTIFICATION_KINDS, { message: 'Type de notification inconnu.' }),
    mode: z.enum(DELIVERY_MODES, { message: 'Mode : immediate, digest ou never.' }),
  })).min(1, 'Indiquez au moins une préférence.').max(NOTIFICATION_KINDS.length),
});

/**
 * Notifications belong to an organisation: every member sees the same ones, and reads them
 * on their own (the read state is per member).
 */
export const notificationRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const { db } = ctx.database;
  const mine = (actor: Actor) => db.selectFrom('notifications as n')
    .leftJoin('notificationReads as r', (j) => j.onRef('r.notificationId', '=', 'n.id').on('r.userId', '=', actor.userId))
    .where('n.organisationId', '=', actor.organisationId);
  const present = (n: { readAt: string | null; kind: string }) => ({ ...n, isRead: n.readAt !== null, kindLabel: NOTIFICATION_KIND_LABELS[n.kind as NotificationKind] ?? n.kind });

  app.get('/api/notifications', { schema: { tags, summary: 'Notifications de mon organisation', querystring: notificationFilters } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const { page, pageSize, order, unreadOnly } = request.query;
    const state = unreadOnly === 'true' ? 'unread' : request.query.state;
    const base = mine(actor)
      .$if(state === 'unread', (q) => q.where('r.readAt', 'is', null))
      .$if(state === 'read', (q) => q.where('r.readAt', 'is not', null));
    const [items, counts, unread] = await Promise.all([
      base.select(['n.id', 'n.kind', 'n.subject', 'n.body', 'n.link', 'n.createdAt', 'r.readAt'])
        .$if(order === 'unread', (q) => q.orderBy((eb) => eb.case().when('r.readAt', 'is', null).then(0).else(1).end()))
        .orderBy('n.createdAt', 'desc').orderBy('n.id', 'desc')
        .limit(pageSize).offset((page - 1) * pageSize).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
      unreadCount(actor),
    ]);
    return { items: items.map(present), total: Number(counts.total), unread, page, pageSize };
  });

  const unreadCount = async (actor: Actor) => Number((await mine(actor).where('r.readAt', 'is', null)
    .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  app.get('/api/notifications/unread-count', { schema: { tags, summary: 'Nombre de notifications non lues (en-tête)' } }, async (request) => {
    const actor = await requireActor(ctx, request);
    return { unread: await unreadCount(actor) };
  });

  app.post('/api/notifications/:id/read', { schema: { tags, summary: 'Marquer une notification comme lue', params: idParams } }, async (request) => {
    const actor = await requireActor(ctx, request);
    await runAction(ctx, actor, markNotificationRead, { notificationId: request.params.id });
    const row = await mine(actor).select(['n.id', 'n.kind', 'n.subject', 'n.body', 'n.link', 'n.createdAt', 'r.readAt']).where('n.id', '=', request.params.id).executeTakeFirst();
    if (!row) throw notFound('Notification');
    return present(row);
  });

  app.post('/api/notifications/read-all', { schema: { tags, summary: 'Tout marquer comme lu' } }, async (request) => {
    const actor = await requireActor(ctx, request);
    return { updated: await runAction(ctx, actor, markAllNotificationsRead, undefined) };
  });

  const preferencesOf = async (actor: Actor) => {
    const stored = new Map((await db.selectFrom('notificationPreferences').select(['kind', 'mode']).where('userId', '=', actor.userId).execute()).map((p) => [p.kind, p.mode]));
    return {
      modes: DELIVERY_MODES.map((mode) => ({ mode, label: DELIVERY_MODE_LABELS[mode] })),
      items: NOTIFICATION_KINDS.map((kind) => ({ kind, label: NOTIFICATION_KIND_LABELS[kind], mode: stored.get(kind) ?? DEFAULT_DELIVERY_MODE })),
    };
  };

  app.get('/api/notifications/preferences', { schema: { tags, summary: 'Mes préférences de notification par type' } }, async (request) => preferencesOf(await requireActor(ctx, request)));

  app.put('/api/notifications/preferences', { schema: { tags, summary: 'Choisir, par type, courriel immédiat, récapitulatif quotidien ou aucun courriel', body: preferencesBody } }, async (request) => {
    const actor = await requireActor(ctx, request);
    await runAction(ctx, actor, setNotificationPreferences, request.body);
    return preferencesOf(actor);
  });
};
