import type { Transaction } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import { AppError, invalid, invalidMany } from '../platform/http/errors.js';
import type { Actor } from '../platform/identity/roles.js';
import { recordHistory } from '../platform/history/history.js';
import { ACTE_II_PARAMETERS, tempPathwayRulesOn, type ActeIIParameterLists } from '../acteII/parameters.js';
import type { ActionScope } from '../platform/actions/runAction.js';
import { NoParameterInForce } from '../shared/validity.js';
import type { IsoDate } from '../shared/dates.js';
import { notYours, unknownFor } from '../measures/refusals.js';
import { formatEuros } from '../shared/money.js';
import { hasErrors, issue, type RuleIssue } from '../measures/ruleIssue.js';
import { checkTempExitOutcome, checkTempPathway, type TempExitOutcome } from './rules/index.js';
import type { PathwayBody } from './pathwaySchema.js';
import { axisTwoEnvelopes, lockAxisTwoEnvelopes } from './axisTwoEnvelope.js';
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

/**
 * The exit's checks: not before the entry, and a situation that existed on the exit day, under
 * the pathway rules in force that day.
 */
export function exitIssues(entryDate: IsoDate, exitDate: IsoDate, outcome: TempExitOutcome, lists: ActeIIParameterLists = ACTE_II_PARAMETERS): RuleIssue[] {
  let rules;
  try {
    rules = tempPathwayRulesOn(exitDate, lists);
  } catch (error) {
    if (error instanceof NoParameterInForce) return [issue('TEMP_EXIT_NO_RULES', 'exitDate', `Aucune règle des parcours intérimaires n’est connue au ${exitDate} : vérifiez la date de sortie.`)];
    throw error;
  }
  return [
    ...(exitDate < entryDate ? [issue('TEMP_EXIT_BEFORE_ENTRY', 'exitDate', `La sortie précède l’entrée en parcours (${entryDate}).`)] : []),
    ...checkTempExitOutcome(outcome, exitDate, { tempPathways: rules }),
  ];
}

/** The agency of a new pathway: an agency records its own; the secretariat names a known agency. */
async function resolveAgency(trx: Transaction<Schema>, actor: Actor, agencyId: number | undefined): Promise<number> {
  if (actor.organisationKind === 'temp_agency') {
    if (agencyId !== undefined && agencyId !== actor.organisationId) throw notYours('agencyId', 'Une agence n’enregistre que ses propres parcours.');
    return actor.organisationId;
  }
  if (!agencyId) throw invalid('agencyId', 'Indiquez l’entreprise de travail temporaire.');
  const agency = await trx.selectFrom('organisations').select('kind').where('id', '=', agencyId).executeTakeFirst();
  if (!agency || agency.kind !== 'temp_agency') throw unknownFor('agencyId', 'Agence introuvable : l’organisation choisie n’est pas une entreprise de travail temporaire.');
  return agencyId;
}

/**
 * Creates or edits a pathway: the person's eligibility, the timeline, known ROME codes, then
 * the financing against what is left on the Axis 2 envelopes — read under their lock, so two
 * pathways recorded at once cannot both take the last euros. Called by the actions.
 */
export async function recordPathway(
  scope: ActionScope, actor: Actor, body: PathwayBody, existing?: { row: PathwayRow; version: number },
): Promise<{ id: number; warnings: RuleIssue[] }> {
  const { trx, at } = scope;
  const agencyId = existing ? existing.row.agencyId : await resolveAgency(trx, actor, body.agencyId);

  const issues = [...checkTempPathway({ participant: body.worker, entryDate: body.entryDate, periods: body.periods }, ACTE_II_PARAMETERS),
    ...(await unknownRomeCodes(trx, body))]
    .map((i) => (i.field.startsWith('participant.') ? { ...i, field: i.field.replace('participant.', 'worker.') } : i));
  if (hasErrors(issues)) {
    const errors = issues.filter((i) => i.severity === 'error');
    const ineligible = errors.some((e) => e.field.startsWith('worker.'));
    throw invalidMany(toFields(errors), ineligible ? `Personne non éligible au parcours intérimaire : ${errors[0].message}` : `Le parcours est à corriger : ${errors.length} point(s).`);
  }

  await lockAxisTwoEnvelopes(scope);
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
