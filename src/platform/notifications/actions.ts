import { defineAction } from '../actions/runAction.js';
import { recordHistory } from '../history/history.js';
import { notFound } from '../http/errors.js';
import type { DeliveryMode, NotificationKind } from './kinds.js';

/*
 * Reading is recorded per member, in `notification_reads`: a colleague's reading leaves the
 * notification unread for the others. A reading is a receipt, not a change of the record,
 * so it writes no history; reading twice keeps the first reading time.
 */

export const markNotificationRead = defineAction<{ notificationId: number }, void>({
  name: 'markNotificationRead',
  async run({ trx, actor, at }, { notificationId }) {
    const row = await trx.selectFrom('notifications').select('id').where('id', '=', notificationId).where('organisationId', '=', actor!.organisationId).executeTakeFirst();
    if (!row) throw notFound('Notification');
    await trx.insertInto('notificationReads').values({ notificationId, userId: actor!.userId, readAt: at })
      .onConflict((oc) => oc.columns(['notificationId', 'userId']).doNothing()).execute();
  },
});

export const markAllNotificationsRead = defineAction<void, number>({
  name: 'markAllNotificationsRead',
  async run({ trx, actor, at }) {
    const { userId, organisationId } = actor!;
    const unread = await trx.selectFrom('notifications as n').select('n.id').where('n.organisationId', '=', organisationId)
      .where((w) => w.not(w.exists(w.selectFrom('notificationReads as r').select('r.userId').whereRef('r.notificationId', '=', 'n.id').where('r.userId', '=', userId))))
      .execute();
    for (let i = 0; i < unread.length; i += 500) {
      await trx.insertInto('notificationReads').values(unread.slice(i, i + 500).map((n) => ({ notificationId: n.id, userId, readAt: at })))
        .onConflict((oc) => oc.columns(['notificationId', 'userId']).doNothing()).execute();
    }
    return unread.length;
  },
});

/** A member chooses, per kind, how they hear of notifications; the change is kept in their history. */
export const setNotificationPreferences = defineAction<{ preferences: { kind: NotificationKind; mode: DeliveryMode }[] }, void>({
  name: 'setNotificationPreferences',
  async run({ trx, actor, at }, { preferences }) {
    const userId = actor!.userId;
    for (const p of preferences) {
      await trx.insertInto('notificationPreferences').values({ userId, kind: p.kind, mode: p.mode, updatedAt: at })
        .onConflict((oc) => oc.columns(['userId', 'kind']).doUpdateSet({ mode: p.mode, updatedAt: at })).execute();
    }
    await recordHistory(trx, actor, at, { entityType: 'user', entityId: userId, action: 'notification_preferences_set', changes: Object.fromEntries(preferences.map((p) => [p.kind, p.mode])) });
  },
});
