import type { Transaction } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import type { AppContext } from '../platform/http/context.js';
import { isoNow } from '../platform/http/context.js';
import { notifyOrganisations } from '../platform/notifications/notify.js';
import { enqueueJob, registerJob } from '../platform/outbox/jobs.js';
import { addDays, formatDateFr } from '../shared/dates.js';
import { reminderOccasion, type ReminderOccasion } from './deadlines.js';
import { OPEN_FOR_OPINIONS } from './requestStatus.js';
import { cellToday } from './sessions/sessionPolicy.js';

export const REMINDERS_JOB = 'reminders.send';

export type ReminderKind = 'opinion' | 'information';
export const REMINDER_KIND_LABELS: Record<ReminderKind, string> = { opinion: 'Avis attendu', information: 'Réponse de l’entreprise attendue' };

interface DueItem { itemKind: ReminderKind; itemId: number; requestId: number; organisationId: number; reference: string; companyName: string; dueOn: string }

const day = (v: string | null) => String(v).slice(0, 10);

/** Opinions still awaited and questions still open whose deadline is today or tomorrow. */
async function dueItems(trx: Transaction<Schema>, today: string): Promise<DueItem[]> {
  const days = [today, addDays(today, 1)];
  const opinions = await trx.selectFrom('requestPartners as p').innerJoin('fundingRequests as r', 'r.id', 'p.requestId')
    .select(['p.id as itemId', 'p.requestId', 'p.organisationId', 'r.reference', 'r.companyName', 'p.opinionDueOn as dueOn'])
    .where('p.opinionDueOn', 'in', days).where('r.status', 'in', [...OPEN_FOR_OPINIONS])
    .where((eb) => eb.not(eb.exists(eb.selectFrom('opinions as o').select('o.id').whereRef('o.requestId', '=', 'p.requestId').whereRef('o.organisationId', '=', 'p.organisationId'))))
    .orderBy('p.id').execute();
  const questions = await trx.selectFrom('informationRequests as i').innerJoin('fundingRequests as r', 'r.id', 'i.requestId')
    .select(['i.id as itemId', 'i.requestId', 'r.companyId as organisationId', 'r.reference', 'r.companyName', 'i.replyDueOn as dueOn'])
    .where('i.replyDueOn', 'in', days).where('i.answeredAt', 'is', null).where('r.status', '=', 'awaiting_information')
    .orderBy('i.id').execute();
  return [
    ...opinions.map((o) => ({ ...o, itemKind: 'opinion' as const, dueOn: day(o.dueOn) })),
    ...questions.map((q) => ({ ...q, itemKind: 'information' as const, dueOn: day(q.dueOn) })),
  ];
}

function message(item: DueItem, occasion: ReminderOccasion) {
  const when = occasion === 'due' ? 'aujourd’hui' : `demain (${formatDateFr(item.dueOn)})`;
  return item.itemKind === 'opinion'
    ? { subject: `Rappel : votre avis sur ${item.reference} est attendu ${when}`, body: `La demande de ${item.companyName} attend l’avis de votre organisation avant la séance de la cellule. Échéance : ${formatDateFr(item.dueOn)}.` }
    : { subject: `Rappel : compléments attendus ${when} sur ${item.reference}`, body: `Vos partenaires attendent votre réponse à leur demande de compléments. Échéance : ${formatDateFr(item.dueOn)} ; l’instruction reste suspendue jusque-là.` };
}

/**
 * Sends the reminders of a day: the day before and on each deadline. Each one is claimed by
 * inserting its (item, day) row first; the unique key lets only one writer have it, so two
 * processes sending at once, or a job run twice, remind an item once a day. The notice is
 * written in the same transaction as the claim.
 */
export async function sendReminders(ctx: AppContext): Promise<{ sent: number }> {
  const at = isoNow(ctx.clock);
  const today = cellToday(at);
  return ctx.database.db.transaction().execute(async (trx) => {
    let sent = 0;
    for (const item of await dueItems(trx, today)) {
      const occasion = reminderOccasion(item.dueOn, today);
      if (!occasion) continue;
      const claimed = await trx.insertInto('reminders').values({
        itemKind: item.itemKind, itemId: item.itemId, requestId: item.requestId, organisationId: item.organisationId, sentOn: today, dueOn: item.dueOn, sentAt: at,
      }).onConflict((oc) => oc.columns(['itemKind', 'itemId', 'sentOn']).doNothing()).returning('id').executeTakeFirst();
      if (!claimed) continue;
      await notifyOrganisations(trx, at, [item.organisationId], { ...message(item, occasion), link: `/demandes/${item.requestId}`, kind: 'reminder' }, { effectKey: `reminder:${claimed.id}` });
      sent++;
    }
    return { sent };
  });
}

/** Every morning at 07:00 (Paris, in winter; 06:00 UTC): early enough for the day's deadlines. */
export function nextRemindersAt(now: Date): string {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 6));
  if (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString();
}

/** Queues the next morning's run; its key (the day) keeps one run per day in the queue across processes. */
export async function ensureRemindersScheduled(ctx: AppContext, after: Date = ctx.clock.now()): Promise<void> {
  const runAt = nextRemindersAt(after);
  await enqueueJob(ctx.database.db, runAt, REMINDERS_JOB, {}, { uniqueKey: `${REMINDERS_JOB}:${runAt.slice(0, 10)}` });
}

export function registerRemindersJob(): void {
  registerJob(REMINDERS_JOB, async (ctx) => {
    const result = await sendReminders(ctx);
    await ensureRemindersScheduled(ctx, new Date(ctx.clock.now().getTime() + 60_000));
    return result;
  });
}

export interface ReminderUsage { month: string; kind: ReminderKind; kindLabel: string; sent: number; dealtWith: number }

/**
 * How reminders work: per kind and month over the last twelve months, how many went out and
 * how many of the items reminded were dealt with afterwards (the opinion given, the answer received).
 */
export async function reminderUsage(ctx: AppContext): Promise<ReminderUsage[]> {
  const { db } = ctx.database;
  const since = addDays(cellToday(isoNow(ctx.clock)), -366);
  const rows = await db.selectFrom('reminders as m')
    .select(['m.itemKind', 'm.sentOn', 'm.sentAt'])
    .select((eb) => eb.case()
      .when('m.itemKind', '=', 'opinion').then(eb.exists(eb.selectFrom('opinions as o').innerJoin('requestPartners as p', (j) => j.onRef('p.requestId', '=', 'o.requestId').onRef('p.organisationId', '=', 'o.organisationId'))
        .select('o.id').whereRef('p.id', '=', 'm.itemId').whereRef('o.createdAt', '>=', 'm.sentAt')))
      .else(eb.exists(eb.selectFrom('informationRequests as i').select('i.id').whereRef('i.id', '=', 'm.itemId').whereRef('i.answeredAt', '>=', 'm.sentAt')))
      .end().as('isDealtWith'))
    .where('m.sentOn', '>=', since)
    .orderBy('m.sentOn', 'desc').execute();
  const groups = new Map<string, ReminderUsage>();
  for (const r of rows) {
    const month = day(r.sentOn).slice(0, 7);
    const kind = r.itemKind as ReminderKind;
    const key = `${month}|${kind}`;
    const g = groups.get(key) ?? { month, kind, kindLabel: REMINDER_KIND_LABELS[kind], sent: 0, dealtWith: 0 };
    g.sent++;
    if (r.isDealtWith === true || Number(r.isDealtWith) === 1) g.dealtWith++;
    groups.set(key, g);
  }
  return [...groups.values()];
}
