import type { Kysely, Transaction } from 'kysely';
import type { Schema } from '../db/schema.js';
import { enqueueJob } from '../outbox/jobs.js';
import { DEFAULT_DELIVERY_MODE, digestSendsAt, type NotificationKind } from './kinds.js';

export interface Message {
  subject: string; body: string; link?: string;
  /** Which preference of each member applies; `general` when absent. */
  kind?: NotificationKind;
}

export interface NotifyOptions {
  /**
   * Makes the notice written once per recipient: a job passes `jobEffectKey(job, purpose)`
   * (src/platform/outbox/jobs.ts), and a rerun of that job finds its notifications and
   * e-mails already there (unique per organisation, per address) and adds none.
   */
  effectKey?: string;
}

export const DIGEST_JOB = 'notifications.digest';

/**
 * Tells organisations something happened: an in-app notification for the organisation,
 * always, and for each active member what their preference for the kind asks: an e-mail
 * queued now, a place in the daily digest (one job per member and day), or nothing.
 * Everything is written in the same transaction as the change.
 * The e-mails table is the outbox src/platform/mail/ delivers; without SMTP settings they stay readable there.
 */
export async function notifyOrganisations(trx: Transaction<Schema> | Kysely<Schema>, at: string, organisationIds: readonly number[], message: Message, options: NotifyOptions = {}): Promise<void> {
  const ids = [...new Set(organisationIds)];
  if (ids.length === 0) return;
  const effectKey = options.effectKey ?? null;
  const kind = message.kind ?? 'general';
  await trx.insertInto('notifications').values(ids.map((organisationId) => ({
    organisationId, kind, subject: message.subject, body: message.body, link: message.link ?? null, createdAt: at, readAt: null, effectKey,
  }))).onConflict((oc) => oc.columns(['organisationId', 'effectKey']).doNothing()).execute();
  const members = await trx.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.userId')
    .leftJoin('notificationPreferences as p', (j) => j.onRef('p.userId', '=', 'u.id').on('p.kind', '=', kind))
    .select(['u.id', 'u.email', 'p.mode']).distinct().where('m.organisationId', 'in', ids).where('u.isActive', '=', true).execute();
  const modeOf = (m: (typeof members)[number]) => m.mode ?? DEFAULT_DELIVERY_MODE;
  const now = [...new Map(members.filter((m) => modeOf(m) === 'immediate').map((m) => [m.email, m])).values()];
  if (now.length > 0) {
    await trx.insertInto('emails').values(now.map((m) => ({
      toAddress: m.email, subject: `[Parcours] ${message.subject}`,
      body: message.body, link: message.link ?? null,
      createdAt: at, sentAt: null, effectKey,
    }))).onConflict((oc) => oc.columns(['toAddress', 'effectKey']).doNothing()).execute();
  }
  const day = at.slice(0, 10);
  for (const userId of new Set(members.filter((m) => modeOf(m) === 'digest').map((m) => m.id))) {
    await enqueueJob(trx, digestSendsAt(day), DIGEST_JOB, { userId, day }, { uniqueKey: `${DIGEST_JOB}:${userId}:${day}` });
  }
}

export async function organisationsOfKind(trx: Transaction<Schema> | Kysely<Schema>, kind: string): Promise<number[]> {
  return (await trx.selectFrom('organisations').select('id').where('kind', '=', kind).where('isActive', '=', true).execute()).map((r) => r.id);
}
