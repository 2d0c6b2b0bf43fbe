import type { Transaction } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import { AppError, invalid, invalidMany } from '../platform/http/errors.js';
import type { Actor } from '../platform/identity/roles.js';
import { recordHistory } from '../platform/history/history.js';
import { ACTE_II_PARAMETERS } from '../acteII/parameters.js';
import { NoParameterInForce } from '../shared/validity.js';
import { checkProContract, hasErrors, proContractFunding, quotaCheck, type ProContractInput, type RuleIssue } from './rules/index.js';
import type { ContractBody } from './contractSchema.js';
import { insertContract, insertTutor, otherTrainees, ruleInput, updateContract, type ContractRow, type TutorRow } from './contractRepository.js';
import { lockQuota, quotaCounts, quotaTargets } from './quota.js';
import { notYours, unknownFor } from '../measures/refusals.js';
import type { ActionScope } from '../platform/actions/runAction.js';

/** Every rule of the C.Pro, judged at the contract's start; an unknown law at that date is the user's date problem. */
export function judge(input: ProContractInput): RuleIssue[] {
  try {
    return checkProContract(input, ACTE_II_PARAMETERS);
  } catch (error) {
    if (error instanceof NoParameterInForce) {
      throw invalid('startDate', `Aucune règle du contrat de professionnalisation n’est connue au ${input.startDate} : vérifiez la date de début.`);
    }
    throw error;
  }
}

export function issuesToFields(issues: RuleIssue[]) {
  return issues.map((i) => ({ path: i.field, message: i.message }));
}

/** The quota refusal is a conflict with the programme's state, not a mistake in the form. */
export const quotaRefused = (issues: RuleIssue[]) =>
  new AppError(409, 'quota_exceeded', issues[0]?.message ?? 'Quota atteint.', 'override.motivation', issuesToFields(issues));

/** The employer of a new contract: a company records for itself; a fund or the secretariat names a known company. */
export async function resolveCompany(trx: Transaction<Schema>, actor: Actor, companyId: number | undefined, what = 'n’enregistre que ses propres contrats'): Promise<number> {
  if (actor.organisationKind === 'company') {
    if (companyId !== undefined && companyId !== actor.organisationId) throw notYours('companyId', `Une entreprise ${what}.`);
    return actor.organisationId;
  }
  if (companyId === undefined) throw invalid('companyId', 'Indiquez l’employeur.');
  const company = await trx.selectFrom('organisations').select('kind').where('id', '=', companyId).executeTakeFirst();
  if (!company || company.kind !== 'company') throw unknownFor('companyId', 'Employeur introuvable : ce n’est pas une entreprise connue.');
  return companyId;
}

async function assertFund(trx: Transaction<Schema>, actor: Actor, fundId: number): Promise<void> {
  if (actor.organisationKind === 'training_fund' && fundId !== actor.organisationId) {
    throw notYours('trainingFundId', 'Un OPCA n’enregistre que les contrats qu’il finance.');
  }
  const fund = await trx.selectFrom('organisations').select('kind').where('id', '=', fundId).executeTakeFirst();
  if (!fund || fund.kind !== 'training_fund') throw unknownFor('trainingFundId', 'OPCA introuvable : l’organisme choisi n’est pas un OPCA/OPCO.');
}

async function resolveTutor(trx: Transaction<Schema>, body: ContractBody, companyId: number, at: string): Promise<TutorRow | null> {
  if (body.newTutor) return insertTutor(trx, companyId, body.newTutor, at);
  if (!body.tutorId) return null;
  const tutor = await trx.selectFrom('tutors').selectAll().where('id', '=', body.tutorId).executeTakeFirst();
  // Another company's tutor answers like an unknown one.
  if (!tutor || tutor.companyId !== companyId) throw unknownFor('tutorId', 'Tuteur inconnu pour cet employeur.');
  return tutor;
}

export interface Recorded { id: number; warnings: RuleIssue[] }

/**
 * Creates or edits a contract: organisations, tutor, every rule at the start date (tutor load
 * from the database), then the Acte II quota, counted under its lock. Breaches refuse with
 * field paths; warnings are returned with the saved contract. Called by the actions
 * (contractActions.ts) inside their transaction.
 */
export async function recordContract(
  scope: ActionScope, actor: Actor, body: ContractBody,
  options: { existing?: { row: ContractRow; version: number }; isImported?: boolean } = {},
): Promise<Recorded> {
  const { trx, at } = scope;
  const existing = options.existing?.row ?? null;
  const companyId = existing ? existing.companyId : await resolveCompany(trx, actor, body.companyId);
  await assertFund(trx, actor, body.trainingFundId);
  const tutor = await resolveTutor(trx, body, companyId, at);
  const input = ruleInput(body, tutor, tutor ? await otherTrainees(trx, tutor.id, existing?.id ?? null) : []);
  const issues = judge(input);
  if (hasErrors(issues)) {
    const errors = issues.filter((i) => i.severity === 'error');
    throw invalidMany(issuesToFields(errors), `Le contrat ne respecte pas ${errors.length} règle(s) du contrat de professionnalisation.`);
  }

  // An edit is re-checked against the quota only when it moves the contract out of the reserved part.
  let overridden = false;
  const quotaWarnings: RuleIssue[] = [];
  if (!existing || (existing.isReservedForPair && !body.reservedForPair)) {
    await lockQuota(scope);
    const counts = await quotaCounts(trx, existing?.id ?? null);
    const targets = await quotaTargets(trx, body.startDate);
    const quota = quotaCheck({ ...counts, ...targets, isPairReserved: body.reservedForPair, override: body.override ?? null });
    if (!quota.allowed) throw quotaRefused(quota.issues);
    overridden = quota.overridden;
    quotaWarnings.push(...quota.issues);
  }

  const fundingCents = proContractFunding(input, ACTE_II_PARAMETERS).totalCents;
  const warnings = [...issues, ...quotaWarnings];
  let id: number;
  if (existing) {
    await updateContract(trx, existing, options.existing!.version, body, tutor?.id ?? null, fundingCents, at, overridden);
    id = existing.id;
  } else {
    id = await insertContract(trx, body, companyId, tutor?.id ?? null, fundingCents, { at, userId: actor.userId, isQuotaOverride: overridden, isImported: options.isImported });
  }
  await recordHistory(trx, actor, at, {
    entityType: 'proContract', entityId: id,
    action: existing ? 'edited' : options.isImported ? 'imported' : 'created',
    motivation: overridden ? body.override!.motivation : null,
    changes: {
      trainee: `${body.trainee.firstName} ${body.trainee.lastName}`, startDate: body.startDate, endDate: body.endDate,
      contractType: body.contractType, reservedForPair: body.reservedForPair,
      ...(overridden ? { quotaOverride: true } : {}),
      ...(warnings.length ? { warnings: warnings.map((w) => w.code) } : {}),
    },
  });
  return { id, warnings };
}
