import type { Transaction } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import { AppError, invalid, invalidMany } from '../platform/http/errors.js';
import type { Actor } from '../platform/identity/roles.js';
import { recordHistory } from '../platform/history/history.js';
import { ACTE_II_PARAMETERS } from '../acteII/parameters.js';
import { formatEuros } from '../shared/money.js';
import { hasErrors, issue, type RuleIssue } from '../measures/ruleIssue.js';
import { checkTempPathway } from './rules/index.js';
import type { PathwayBody } from './pathwaySchema.js';
import { axisTwoEnvelopes } from './axisTwoEnvelope.js';
import { insertPathway, updatePathway, type PathwayRow } from './pathwayRepository.js';

const toFields = (issues: RuleIssue[]) => issues.map((i) => ({ path: i.field, message: i.message }));

/** ROME codes are checked against the loaded nomenclature: a well-formed but unknown code is refused. */
async function unknownRomeCodes(trx: Transaction<Schema>, body: PathwayBody): Promise<RuleIssue[]> {
  const codes = [...new Set(body.periods.map((p) => p.romeCode).filter((c): c is string => !!c))];
  if (!codes.length) return [];
  const known = new Set((await trx.selectFrom('romeCodes').select('code').where('code', 'in', codes).execute()).map((r) => r.code));
  return body.periods.flatMap((p, i) => (p.romeCode && !known.has(p.romeCode)
    ? [issue('TEMP_ROME_CODE_UNKNOWN', `periods.${i}.romeCode`, `Le code ROME ${p.romeCode} n’existe pas dans le répertoire ROME.`)]
    : []));
}

export async function recordPathway(
  trx: Transaction<Schema>, actor: Actor, body: PathwayBody, at: string, existing?: { row: PathwayRow; version: number },
): Promise<{ id: number; warnings: RuleIssue[] }> {
  let agencyId: number;
  if (existing) agencyId = existing.row.agencyId;
  else if (actor.organisationKind === 'temp_agency') {
    if (body.agencyId !== undefined && body.agencyId !== actor.organisationId) throw invalid('agencyId', 'Une agence n’enregistre que ses propres parcours.');
    agencyId = actor.organisationId;
  } else {
    if (!body.agencyId) throw invalid('agencyId', 'Indiquez l’entreprise de travail temporaire.');
    const agency = await trx.selectFrom('organisations').select('kind').where('id', '=', body.agencyId).executeTakeFirst();
    if (!agency || agency.kind !== 'temp_agency') throw invalid('agencyId', 'L’organisation choisie n’est pas une entreprise de travail temporaire.');
    agencyId = body.agencyId;
  }

  const issues = [...checkTempPathway({ participant: body.worker, entryDate: body.entryDate, periods: body.periods }, ACTE_II_PARAMETERS),
    ...(await unknownRomeCodes(trx, body))]
    .map((i) => (i.field.startsWith('participant.') ? { ...i, field: i.field.replace('participant.', 'worker.') } : i));
  if (hasErrors(issues)) {
    const errors = issues.filter((i) => i.severity === 'error');
    const ineligible = errors.some((e) => e.field.startsWith('worker.'));
    throw invalidMany(toFields(errors), ineligible ? `Personne non éligible au parcours intérimaire : ${errors[0].message}` : `Le parcours est à corriger : ${errors.length} point(s).`);
  }

  const envelopes = await axisTwoEnvelopes(trx, existing?.row.id ?? null);
  const envelopeIds = new Map(envelopes.map((e) => [e.funder, e.envelopeId]));
  const fieldIssues: RuleIssue[] = [];
  const byFunder = new Map<string, number>();
  body.fundingLines.forEach((l, i) => {
    if (!envelopeIds.has(l.funder)) {
      fieldIssues.push(issue('TEMP_FUNDER_UNKNOWN', `fundingLines.${i}.funder`, `« ${l.funder} » ne finance pas l’axe 2. Financeurs possibles : ${envelopes.map((e) => e.funder).join(', ')}.`));
    }
    byFunder.set(l.funder, (byFunder.get(l.funder) ?? 0) + l.amountCents);
  });
  if (fieldIssues.length) throw invalidMany(toFields(fieldIssues));
  const over = envelopes.filter((e) => (byFunder.get(e.funder) ?? 0) > e.remainingCents);
  if (over.length) {
    const messages = over.map((e) => `${e.funder} : ${formatEuros(byFunder.get(e.funder)!)} demandés, il reste ${formatEuros(Math.max(0, e.remainingCents))} sur l’enveloppe de ${formatEuros(e.envelopeCents)}.`);
    throw new AppError(409, 'envelope_exceeded', `L’enveloppe de l’axe 2 serait dépassée. ${messages.join(' ')}`, 'fundingLines',
      over.map((e, k) => ({ path: `fundingLines.${body.fundingLines.findIndex((l) => l.funder === e.funder)}.amountCents`, message: messages[k] })));
  }

  let id: number;
  if (existing) {
    await updatePathway(trx, existing.row.id, existing.version, body, envelopeIds, at);
    id = existing.row.id;
  } else {
    id = await insertPathway(trx, agencyId, body, envelopeIds, at, actor.userId);
  }
  const warnings = issues.filter((i) => i.severity === 'warning');
  await recordHistory(trx, actor, at, {
    entityType: 'tempPathway', entityId: id, action: existing ? 'edited' : 'created',
    changes: { worker: `${body.worker.firstName} ${body.worker.lastName}`, periods: body.periods.length,
      financing: Object.fromEntries(byFunder), ...(warnings.length ? { warnings: warnings.map((w) => w.code) } : {}) },
  });
  return { id, warnings };
}
