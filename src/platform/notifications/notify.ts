import type { Kysely, Transaction } from 'kysely';
import type { Schema } from '../db/schema.js';

export interface Message { subject: string; body: string; link?: string }

export interface NotifyOptions {
  /**
   * Makes the notice written once per recipient: a job passes `jobEffectKey(job, purpose)`
   * (src/platform/outbox/jobs.ts), and a rerun of that job finds its notifications and
   * e-mails already there (unique per organisation, per address) and adds none.
   */
  effectKey?: string;
}

/**
 * Tells organisations something happened: an in-app notification for the organisation
 * and an e-mail to each active member, queued in the same transaction as the change.
 * The e-mails table is the outbox src/platform/mail/ delivers; without SMTP settings they stay readable there.
 */
export async function notifyOrganisations(trx: Transaction<Schema> | Kysely<Schema>, at: string, organisationIds: readonly number[], message: Message, options: NotifyOptions = {}): Promise<void> {
  const ids = [...new Set(organisationIds)];
  if (ids.length === 0) return;
  const effectKey = options.effectKey ?? null;
  await trx.insertInto('notifications').values(ids.map((organisationId) => ({
    organisationId, subject: message.subject, body: message.body, link: message.link ?? null, createdAt: at, readAt: null, effectKey,
  }))).onConflict((oc) => oc.columns(['organisationId', 'effectKey']).doNothing()).execute();
  const members = await trx.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.userId')
    .select('u.email').distinct().where('m.organisationId', 'in', ids).where('u.isActive', '=', true).execute();
  if (members.length === 0) return;
  await trx.insertInto('emails').values(members.map((m) => ({
    toAddress: m.email, subject: `[Parcours] ${message.subject}`,
    body: message.body, link: message.link ?? null,
    createdAt: at, sentAt: null, effectKey,
  }))).onConflict((oc) => oc.columns(['toAddress', 'effectKey']).doNothing()).execute();
}

export async function organisationsOfKind(trx: Transaction<Schema> | Kysely<Schema>, kind: string): Promise<number[]> {
  return (await trx.selectFrom('organisations').select('id').where('kind', '=', kind).where('isActive', '=', true).execute()).map((r) => r.id);
}
