import nodemailer from 'nodemailer';
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import type { DatabaseKind } from '../db/database.js';
import type { Clock } from '../http/context.js';
import { composeEmail, type OutgoingEmail } from './message.js';

/** Hands one message to a relay; throws when the relay refuses it. */
export type MailTransport = (message: OutgoingEmail & { from: string }) => Promise<void>;

/** The SMTP relay named by PARCOURS_SMTP_URL (smtp://user:pass@host:587, smtps:// for implicit TLS). */
export function smtpTransport(url: string): { send: MailTransport; close: () => void } {
  const transporter = nodemailer.createTransport(url);
  return {
    send: async (m) => { await transporter.sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text }); },
    close: () => transporter.close(),
  };
}

export interface MailDelivery {
  db: Kysely<Schema>;
  kind: DatabaseKind;
  clock: Clock;
  send: MailTransport;
  from: string;
  publicUrl: string;
  /** How long a claim holds an e-mail away from other processes (the time one delivery may take). */
  claimSeconds?: number;
}

/** After this many refusals an e-mail stays in the outbox with its last error, for an administrator to read. */
export const MAX_EMAIL_ATTEMPTS = 8;
const FIRST_RETRY_SECONDS = 60;
const MAX_RETRY_SECONDS = 6 * 3600;

/** Wait before the next try after `attempts` refusals: 1 min, 2, 4… up to 6 h. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(MAX_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2 ** (attempts - 1));
}

const plusSeconds = (at: Date, s: number) => new Date(at.getTime() + s * 1000).toISOString();

/**
 * Claims one unsent e-mail that is due, for a lease: PostgreSQL pollers skip each other's
 * locked rows, SQLite transactions begin immediate so pollers claim one after the other. The
 * claim is committed before the relay is called, so a slow relay holds no database lock.
 */
async function claimOne(d: MailDelivery) {
  const now = d.clock.now();
  const at = now.toISOString();
  return d.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('emails').select(['id', 'toAddress', 'subject', 'body', 'link', 'attempts'])
      .where('sentAt', 'is', null).where('attempts', '<', MAX_EMAIL_ATTEMPTS)
      .where((eb) => eb.or([eb('nextAttemptAt', 'is', null), eb('nextAttemptAt', '<=', at)]))
      .where((eb) => eb.or([eb('claimedUntil', 'is', null), eb('claimedUntil', '<', at)]))
      .orderBy('id').limit(1)
      .$if(d.kind === 'postgres', (q) => q.forUpdate().skipLocked())
      .executeTakeFirst();
    if (!row) return null;
    const claimedUntil = plusSeconds(now, d.claimSeconds ?? 120);
    await trx.updateTable('emails').set({ claimedUntil, attempts: row.attempts + 1 }).where('id', '=', row.id).execute();
    return { ...row, attempts: row.attempts + 1, claimedUntil };
  });
}

/**
 * Sends one due e-mail, if any; returns whether there was one. A refusal is kept as the last
 * error and the e-mail waits, longer after each refusal. The outcome is written only by the
 * claim's holder, so an e-mail is marked sent once; a process that dies between the relay's
 * acceptance and that write leaves it to be sent again when the claim runs out (at least once).
 */
export async function deliverOneEmail(d: MailDelivery): Promise<boolean> {
  const claimed = await claimOne(d);
  if (!claimed) return false;
  const mine = () => d.db.updateTable('emails').where('id', '=', claimed.id).where('claimedUntil', '=', claimed.claimedUntil).where('sentAt', 'is', null);
  try {
    await d.send({ ...composeEmail(claimed, d.publicUrl), from: d.from });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await mine().set({ claimedUntil: null, lastError: message.slice(0, 1000), nextAttemptAt: plusSeconds(d.clock.now(), retryDelaySeconds(claimed.attempts)) }).execute();
    return true;
  }
  await mine().set({ claimedUntil: null, sentAt: d.clock.now().toISOString(), lastError: null }).execute();
  return true;
}

/** Sends every due e-mail now (tests, command line); returns how many were tried. */
export async function deliverDueEmails(d: MailDelivery, limit = 1000): Promise<number> {
  let count = 0;
  while (count < limit && (await deliverOneEmail(d))) count++;
  return count;
}

/**
 * Polls the outbox until stopped. A database or relay fault never stops the poller: it is
 * logged and the next round comes at the usual pace (each e-mail keeps its own backoff).
 */
export function startMailPoller(d: MailDelivery, intervalMs = 5000, log: (message: string, error: unknown) => void = (m, e) => console.error(`[courriels] ${m}`, e)): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    try { while (!stopped && (await deliverOneEmail(d))); } catch (error) { log('Envoi des courriels impossible', error); }
    if (!stopped) timer = setTimeout(() => { running = tick(); }, intervalMs);
  };
  timer = setTimeout(() => { running = tick(); }, intervalMs);
  return async () => { stopped = true; clearTimeout(timer); await running; };
}
