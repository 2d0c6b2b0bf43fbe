import type { Kysely } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import type { AppContext } from '../platform/http/context.js';
import { isoNow } from '../platform/http/context.js';
import { notifyOrganisations, organisationsOfKind } from '../platform/notifications/notify.js';
import { enqueueJob, registerJob } from '../platform/outbox/jobs.js';
import { employmentAreaLabel } from '../shared/employmentAreas.js';
import { evaluateRule, throttled, type AlertCell, type AlertKind, type AlertRule } from './rules/alerts.js';
import { loadObservatory } from './figures.js';

export const DIGEST_JOB = 'observatory.digest';

async function activeRules(db: Kysely<Schema>): Promise<(AlertRule & { throttleDays: number })[]> {
  const rows = await db.selectFrom('observatoryAlertRules').selectAll().where('isActive', '=', true).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind as AlertKind, label: r.label, minRiseHundredths: r.minRiseHundredths, minDifficultBp: r.minDifficultBp, minSeekers: r.minSeekers, throttleDays: r.throttleDays }));
}

/**
 * Runs every active rule on the given years (those an import just brought) and opens the
 * alerts found. An alert is opened once per rule, area, job and year (a unique key: two
 * processes evaluating at once open it once), and not again for the same rule, area and job
 * within the rule's throttle period.
 */
export async function evaluateAlerts(ctx: AppContext, years: readonly number[]): Promise<number> {
  const { db } = ctx.database;
  if (years.length === 0) return 0;
  const o = await loadObservatory(db);
  const rules = await activeRules(db);
  const at = isoNow(ctx.clock);
  const index = new Map(o.cells.map((c) => [`${c.year}|${c.area}|${c.fap}`, c]));
  const cells: AlertCell[] = o.cells.filter((c) => years.includes(c.year)).map((c) => ({
    area: c.area, job: c.fap, year: c.year, tension: c.tension, previousTension: index.get(`${c.year - 1}|${c.area}|${c.fap}`)?.tension ?? null,
    projects: c.projects, difficult: c.difficult, seekers: c.seekersA,
  }));
  let opened = 0;
  for (const rule of rules) {
    const findings = evaluateRule(rule, cells);
    if (findings.length === 0) continue;
    const last = new Map((await db.selectFrom('observatoryAlerts').select(['areaCode', 'fapCode']).select((eb) => eb.fn.max('openedAt').as('openedAt'))
      .where('ruleId', '=', rule.id).groupBy(['areaCode', 'fapCode']).execute()).map((r) => [`${r.areaCode}|${r.fapCode}`, String(r.openedAt)]));
    const fresh = findings.filter((f) => !throttled(last.get(`${f.area}|${f.job}`), at.slice(0, 10), rule.throttleDays));
    for (let i = 0; i < fresh.length; i += 200) {
      const inserted = await db.insertInto('observatoryAlerts').values(fresh.slice(i, i + 200).map((f) => ({
        ruleId: rule.id, areaCode: f.area, fapCode: f.job, year: f.year, value: f.value, openedAt: at, status: 'open',
      }))).onConflict((oc) => oc.columns(['ruleId', 'areaCode', 'fapCode', 'year']).doNothing()).returning('id').execute();
      opened += inserted.length;
    }
  }
  if (opened > 0) await ensureDigestScheduled(ctx);
  return opened;
}

/** Next Monday 07:00 UTC: the digest reaches the cell before its weekly session. */
export function nextDigestAt(now: Date): string {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 7));
  while (next.getUTCDay() !== 1 || next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString();
}

export async function ensureDigestScheduled(ctx: AppContext): Promise<void> {
  const { db } = ctx.database;
  const pending = await db.selectFrom('jobs').select('id').where('kind', '=', DIGEST_JOB).where('status', 'in', ['pending', 'running']).limit(1).executeTakeFirst();
  if (!pending) await enqueueJob(db, nextDigestAt(ctx.clock.now()), DIGEST_JOB, {});
}

/**
 * The weekly digest: every open alert not yet sent, in one message to the cell's secretariat
 * and the plenary. Alerts are claimed by one conditional update, so two processes producing
 * a digest at once never send an alert twice; a digest without alerts sends nothing.
 */
export async function produceDigest(ctx: AppContext): Promise<{ digestId: number | null; alerts: number }> {
  const at = isoNow(ctx.clock);
  return ctx.database.db.transaction().execute(async (trx) => {
    const digest = await trx.insertInto('observatoryDigests').values({ producedAt: at, alertCount: 0, body: '' }).returning('id').executeTakeFirstOrThrow();
    const claimed = await trx.updateTable('observatoryAlerts').set({ digestId: digest.id }).where('digestId', 'is', null).where('status', '=', 'open').returning('id').execute();
    if (claimed.length === 0) {
      await trx.deleteFrom('observatoryDigests').where('id', '=', digest.id).execute();
      return { digestId: null, alerts: 0 };
    }
    const alerts = await trx.selectFrom('observatoryAlerts as a').innerJoin('observatoryAlertRules as r', 'r.id', 'a.ruleId')
      .leftJoin('observatoryBmo as b', (j) => j.onRef('b.year', '=', 'a.year').onRef('b.areaCode', '=', 'a.areaCode').onRef('b.fapCode', '=', 'a.fapCode'))
      .select(['a.areaCode', 'a.fapCode', 'a.year', 'a.value', 'r.label', 'b.fapLabel']).where('a.digestId', '=', digest.id).orderBy('a.areaCode').orderBy('a.fapCode').execute();
    const lines = alerts.map((a) => `• ${employmentAreaLabel(a.areaCode)} — ${a.fapLabel ?? a.fapCode} (${a.year}) : ${a.value} [${a.label}]`);
    const body = `${alerts.length} nouvelle${alerts.length > 1 ? 's' : ''} alerte${alerts.length > 1 ? 's' : ''} de l’observatoire (Acte III) :\n${lines.join('\n')}`;
    await trx.updateTable('observatoryDigests').set({ alertCount: alerts.length, body }).where('id', '=', digest.id).execute();
    const recipients = [...await organisationsOfKind(trx, 'secretariat'), ...await organisationsOfKind(trx, 'social_partner')];
    await notifyOrganisations(trx, at, recipients, { subject: `Observatoire : ${alerts.length} alerte${alerts.length > 1 ? 's' : ''} de la semaine`, body, link: '/observatoire/alertes', kind: 'observatory_digest' });
    return { digestId: digest.id, alerts: alerts.length };
  });
}

export function registerDigestJob(): void {
  registerJob(DIGEST_JOB, async (ctx) => {
    const result = await produceDigest(ctx);
    // The next week's digest is queued by the first alert opened after this one.
    return result;
  });
}

/** How alerts are used: opened, sent in a digest, looked at, acted on (the lesson of reminders nobody reads). */
export async function alertUsage(db: Kysely<Schema>) {
  const rows = await db.selectFrom('observatoryAlerts').select(['status', 'digestId', 'seenAt', 'actedAt']).execute();
  const opened = rows.length;
  const acted = rows.filter((r) => r.actedAt !== null).length;
  return {
    opened, inDigest: rows.filter((r) => r.digestId !== null).length, seen: rows.filter((r) => r.seenAt !== null).length, acted,
    dismissed: rows.filter((r) => r.status === 'dismissed').length,
    actedShareBp: opened === 0 ? null : Math.round((acted / opened) * 10000),
  };
}
