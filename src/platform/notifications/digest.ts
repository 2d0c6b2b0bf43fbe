import type { AppContext } from '../http/context.js';
import { isoNow } from '../http/context.js';
import { registerJob, type JobRun } from '../outbox/jobs.js';
import { DIGEST_JOB } from './notify.js';

const addDay = (day: string) => {
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};
const frenchDay = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/**
 * One e-mail gathering a member's notifications of a day, of the kinds they asked to receive
 * as a digest (read at sending time, so a preference changed during the day counts). Its
 * effect key is the member and the day: a second run, or a second job for the same day,
 * finds the e-mail there and writes nothing.
 */
export async function sendDigest(ctx: AppContext, userId: number, day: string): Promise<{ items: number }> {
  const { db } = ctx.database;
  return db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select(['email', 'isActive']).where('id', '=', userId).executeTakeFirst();
    if (!user?.isActive) return { items: 0 };
    const kinds = (await trx.selectFrom('notificationPreferences').select('kind').where('userId', '=', userId).where('mode', '=', 'digest').execute()).map((p) => p.kind);
    if (kinds.length === 0) return { items: 0 };
    const items = await trx.selectFrom('notifications as n').innerJoin('memberships as m', 'm.organisationId', 'n.organisationId')
      .select(['n.id', 'n.subject', 'n.link']).distinct()
      .where('m.userId', '=', userId).where('n.kind', 'in', kinds)
      .where('n.createdAt', '>=', `${day}T00:00:00.000Z`).where('n.createdAt', '<', `${addDay(day)}T00:00:00.000Z`)
      .orderBy('n.id').execute();
    if (items.length === 0) return { items: 0 };
    const lines = items.map((n) => `• ${n.subject}${n.link ? ` — ${ctx.config.publicUrl}${n.link}` : ''}`);
    await trx.insertInto('emails').values({
      toAddress: user.email,
      subject: `[Parcours] Récapitulatif du ${frenchDay(day)} : ${items.length} notification${items.length > 1 ? 's' : ''}`,
      body: `Voici ce qui s’est passé le ${frenchDay(day)} pour vos organisations :\n${lines.join('\n')}\n\nVous recevez ce récapitulatif selon vos préférences (Mon compte).`,
      link: '/notifications', createdAt: isoNow(ctx.clock), sentAt: null, effectKey: `digest:${userId}:${day}`,
    }).onConflict((oc) => oc.columns(['toAddress', 'effectKey']).doNothing()).execute();
    return { items: items.length };
  });
}

export function registerDigestJob(): void {
  registerJob(DIGEST_JOB, (ctx, payload: { userId: number; day: string }, _progress, _job: JobRun) => sendDigest(ctx, payload.userId, payload.day));
}
