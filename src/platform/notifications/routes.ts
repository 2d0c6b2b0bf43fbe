import { sql } from 'kysely';
import { z } from 'zod';
import type { Api, RouteModule } from '../http/app.js';
import { isoNow, type AppContext } from '../http/context.js';
import { notFound } from '../http/errors.js';
import { idParams } from '../identity/schema.js';
import { requireActor } from '../identity/sessions.js';

const tags = ['notifications'];

const notificationFilters = z.object({
  page: z.coerce.number().int().min(1, 'La page commence à 1.').default(1),
  pageSize: z.coerce.number().int().min(1).max(100, '100 notifications par page au plus.').default(20),
  /** unread: what still needs attention first, then newest; newest: plain reverse chronology. */
  order: z.enum(['unread', 'newest'], { message: 'Ordre : unread ou newest.' }).default('unread'),
  unreadOnly: z.enum(['true', 'false'], { message: 'unreadOnly : true ou false.' }).optional(),
});

/** Notifications belong to an organisation: every member sees and reads the same ones. */
export const notificationRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const { db } = ctx.database;

  app.get('/api/notifications', { schema: { tags, summary: 'Notifications de mon organisation', querystring: notificationFilters } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const { page, pageSize, order, unreadOnly } = request.query;
    const base = db.selectFrom('notifications as n').where('n.organisationId', '=', actor.organisationId)
      .$if(unreadOnly === 'true', (q) => q.where('n.readAt', 'is', null));
    const [items, counts] = await Promise.all([
      base.select(['n.id', 'n.subject', 'n.body', 'n.link', 'n.createdAt', 'n.readAt'])
        .$if(order === 'unread', (q) => q.orderBy(sql`case when n.read_at is null then 0 else 1 end`))
        .orderBy('n.createdAt', 'desc').orderBy('n.id', 'desc')
        .limit(pageSize).offset((page - 1) * pageSize).execute(),
      base.select((eb) => [
        eb.fn.countAll<number>().as('total'),
        eb.fn.sum<number>(eb.case().when('n.readAt', 'is', null).then(1).else(0).end()).as('unread'),
      ]).executeTakeFirstOrThrow(),
    ]);
    return {
      items: items.map((n) => ({ ...n, isRead: n.readAt !== null })),
      total: Number(counts.total), unread: Number(counts.unread ?? 0), page, pageSize,
    };
  });

  app.post('/api/notifications/:id/read', { schema: { tags, summary: 'Marquer une notification comme lue', params: idParams } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const at = isoNow(ctx.clock);
    // Reading twice keeps the first reading time.
    await db.updateTable('notifications').set({ readAt: at })
      .where('id', '=', request.params.id).where('organisationId', '=', actor.organisationId).where('readAt', 'is', null).execute();
    const row = await db.selectFrom('notifications').select(['id', 'subject', 'body', 'link', 'createdAt', 'readAt'])
      .where('id', '=', request.params.id).where('organisationId', '=', actor.organisationId).executeTakeFirst();
    if (!row) throw notFound('Notification');
    return { ...row, isRead: row.readAt !== null };
  });

  app.post('/api/notifications/read-all', { schema: { tags, summary: 'Tout marquer comme lu' } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const done = await db.updateTable('notifications').set({ readAt: isoNow(ctx.clock) })
      .where('organisationId', '=', actor.organisationId).where('readAt', 'is', null).executeTakeFirst();
    return { updated: Number(done.numUpdatedRows) };
  });
};
