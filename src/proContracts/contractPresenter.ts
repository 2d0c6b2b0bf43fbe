import type { Kysely } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import type { Actor } from '../platform/identity/roles.js';
import { timeline } from '../platform/history/history.js';
import { ACTE_II_PARAMETERS, resolveActeIIParameters } from '../acteII/parameters.js';
import { ageOn, todayIso } from '../shared/dates.js';
import { derivedLevel2019, type Level1969 } from '../shared/qualification.js';
import {
  CERTIFICATION_RESULT_LABELS, END_REASON_LABELS, EXIT_SITUATION_LABELS, followUpDue, followUpWindow, payFloorSchedule,
  proContractFunding, trainingShare, type CertificationResult, type EndReason, type ExitSituation,
} from './rules/index.js';
import { contractActions } from './contractPolicy.js';
import { otherTrainees, ruleInput, toBody, type ContractRow } from './contractRepository.js';
import { judge } from './contractRecording.js';

export function payFloorOf(row: ContractRow) {
  return payFloorSchedule(row.birthDate, row.level1969 as Level1969, row.startDate, row.endDate, ACTE_II_PARAMETERS, row.branchMinimumMonthlyCents);
}

export function followUpOf(row: ContractRow, today: string) {
  const contract = { endDate: row.endDate, actualEndDate: row.actualEndDate, situationAfter6Months: row.situationAfter6Months as ExitSituation | null };
  return {
    actualEndDate: row.actualEndDate,
    endReason: row.endReason, endReasonLabel: row.endReason ? END_REASON_LABELS[row.endReason as EndReason] : null,
    certification: row.certification, certificationLabel: row.certification ? CERTIFICATION_RESULT_LABELS[row.certification as CertificationResult] : null,
    situationAtExit: row.situationAtExit, situationAtExitLabel: row.situationAtExit ? EXIT_SITUATION_LABELS[row.situationAtExit as ExitSituation] : null,
    situationAfter6Months: row.situationAfter6Months,
    situationAfter6MonthsLabel: row.situationAfter6Months ? EXIT_SITUATION_LABELS[row.situationAfter6Months as ExitSituation] : null,
    window: followUpWindow(contract),
    status: followUpDue(contract, today),
  };
}

/** The whole contract as its readers see it, with everything the rules compute from it. */
export async function presentContract(db: Kysely<Schema>, row: ContractRow, actor: Actor, today: string) {
  const [company, fund, tutor, pair] = await Promise.all([
    db.selectFrom('organisations').select('name').where('id', '=', row.companyId).executeTakeFirst(),
    db.selectFrom('organisations').select('name').where('id', '=', row.trainingFundId).executeTakeFirst(),
    row.tutorId ? db.selectFrom('tutors').selectAll().where('id', '=', row.tutorId).executeTakeFirst() : Promise.resolve(undefined),
    db.selectFrom('pairs').select(['id', 'reference']).where('juniorContractId', '=', row.id).executeTakeFirst(),
  ]);
  const body = toBody(row);
  const input = ruleInput(body, tutor ?? null, tutor ? await otherTrainees(db, tutor.id, row.id) : []);
  const share = trainingShare(input, resolveActeIIParameters(row.startDate));
  const actions = contractActions(actor, row, today);
  return {
    id: row.id, reference: row.reference, version: row.version,
    companyId: row.companyId, companyName: company?.name ?? null,
    trainingFundId: row.trainingFundId, trainingFundName: fund?.name ?? null,
    trainee: { ...body.trainee, ageAtStart: ageOn(row.birthDate, row.startDate), level2019: derivedLevel2019(row.level1969 as Level1969) },
    tutor: tutor
      ? { id: tutor.id, lastName: tutor.lastName, firstName: tutor.firstName, birthDate: tutor.birthDate,
          ageAtStart: tutor.birthDate ? ageOn(tutor.birthDate, row.startDate) : null,
          relatedExperienceMonths: tutor.relatedExperienceMonths, isEmployer: tutor.isEmployer }
      : null,
    tutorTrainingHours: body.tutorTrainingHours,
    contractType: row.contractType, startDate: row.startDate, endDate: row.endDate,
    extendedDurationReason: row.extendedDurationReason, trainingHours: body.trainingHours,
    branchAllowsTrainingAbove25: row.hasBranchTrainingAbove25,
    trainingShare: { lengthHours: share.lengthHundredths / 100, shareBp: share.shareBp },
    targetedQualification: row.targetedQualification, targetedLevel: row.targetedLevel, providerName: row.providerName,
    grossMonthlyPayCents: row.grossMonthlyPayCents, branchMinimumMonthlyCents: row.branchMinimumMonthlyCents,
    branchHourlyRateCents: row.branchHourlyRateCents,
    reservedForPair: row.isReservedForPair, quotaOverride: row.isQuotaOverride, isImported: row.isImported,
    pair: pair ?? null,
    funding: proContractFunding(input, ACTE_II_PARAMETERS),
    payFloor: payFloorOf(row),
    /** Re-judged today under the rules of the start date: shows warnings (and any breach after a rule correction). */
    issues: judge(input),
    followUp: followUpOf(row, today),
    allowedActions: actions,
    canEdit: actions.includes('edit'),
    createdAt: row.createdAt, updatedAt: row.updatedAt,
    history: await timeline(db, 'proContract', row.id),
  };
}

export const todayOf = (now: Date) => todayIso(now);
