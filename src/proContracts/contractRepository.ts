import type { Kysely, Transaction } from 'kysely';
import type { Row, Schema } from '../platform/db/schema.js';
import { notFound, staleVersion } from '../platform/http/errors.js';
import { hoursToHundredths, followUpWindow, type DateRange, type PriorityPublic, type ProContractInput } from './rules/index.js';
import type { Level1969 } from '../shared/qualification.js';
import type { ContractBody, FollowUpBody } from './contractSchema.js';

type Db = Kysely<Schema> | Transaction<Schema>;
export type ContractRow = Row<'proContracts'>;
export type TutorRow = Row<'tutors'>;

export function contractReference(id: number): string {
  return `CPRO-${String(id).padStart(6, '0')}`;
}

/**
 * The tutor's other trainees, from the database: what the law caps is the load across all
 * the tutor's contracts, so it is never taken from the form. A contract broken early frees
 * the place from its actual end.
 */
export async function otherTrainees(db: Db, tutorId: number, excludeContractId: number | null): Promise<DateRange[]> {
  const rows = await db.selectFrom('proContracts').select(['startDate', 'endDate', 'actualEndDate'])
    .where('tutorId', '=', tutorId)
    .$if(excludeContractId !== null, (q) => q.where('id', '!=', excludeContractId!))
    .execute();
  return rows.map((r) => ({ start: r.startDate, end: r.actualEndDate ?? r.endDate }));
}

/** What the pure rules take, built from the API body and the tutor record. */
export function ruleInput(body: ContractBody, tutor: TutorRow | null, others: DateRange[]): ProContractInput {
  return {
    trainee: {
      birthDate: body.trainee.birthDate, level: body.trainee.level, hasRecognisedQualification: body.trainee.hasRecognisedQualification,
      jobSeeker: body.trainee.jobSeeker, publics: body.trainee.publics,
    },
    contractType: body.contractType,
    startDate: body.startDate,
    endDate: body.endDate,
    extendedDurationReason: body.extendedDurationReason ?? null,
    trainingHours: body.trainingHours,
    branchAllowsTrainingAbove25: body.branchAllowsTrainingAbove25 ?? false,
    grossMonthlyPayCents: body.grossMonthlyPayCents,
    branchMinimumMonthlyCents: body.branchMinimumMonthlyCents ?? null,
    branchHourlyRateCents: body.branchHourlyRateCents ?? null,
    tutor: tutor
      ? { birthDate: tutor.birthDate, relatedExperienceMonths: tutor.relatedExperienceMonths, isEmployer: tutor.isEmployer, otherTrainees: others, trainingHours: body.tutorTrainingHours ?? null }
      : null,
    reservedForPair: body.reservedForPair,
  };
}

/** A stored contract back as an API body, so edits and recomputations go through the same path. */
export function toBody(row: ContractRow): ContractBody {
  return {
    companyId: row.companyId,
    trainingFundId: row.trainingFundId,
    trainee: {
      lastName: row.lastName, firstName: row.firstName, sex: row.sex as 'F' | 'M', birthDate: row.birthDate,
      level: row.level1969 as Level1969, hasRecognisedQualification: row.hasRecognisedQualification, jobSeeker: row.isJobSeeker,
      publics: row.publics ? (row.publics.split(',') as PriorityPublic[]) : [],
    },
    tutorId: row.tutorId,
    newTutor: null,
    tutorTrainingHours: row.tutorTrainingHoursHundredths === null ? null : row.tutorTrainingHoursHundredths / 100,
    contractType: row.contractType as 'CDD' | 'CDI',
    startDate: row.startDate,
    endDate: row.endDate,
    extendedDurationReason: row.extendedDurationReason as ContractBody['extendedDurationReason'],
    trainingHours: row.trainingHoursHundredths / 100,
    branchAllowsTrainingAbove25: row.hasBranchTrainingAbove25,
    targetedQualification: row.targetedQualification,
    targetedLevel: row.targetedLevel as Level1969,
    providerName: row.providerName,
    grossMonthlyPayCents: row.grossMonthlyPayCents,
    branchMinimumMonthlyCents: row.branchMinimumMonthlyCents,
    branchHourlyRateCents: row.branchHourlyRateCents,
    reservedForPair: row.isReservedForPair,
    override: null,
  };
}

function columns(body: ContractBody, companyId: number, tutorId: number | null, fundingCents: number, followUp: Pick<ContractRow, 'actualEndDate' | 'situationAfter6Months'> | null) {
  const window = followUpWindow({ endDate: body.endDate, actualEndDate: followUp?.actualEndDate ?? null });
  return {
    companyId, trainingFundId: body.trainingFundId, tutorId,
    lastName: body.trainee.lastName, firstName: body.trainee.firstName, birthDate: body.trainee.birthDate, sex: body.trainee.sex,
    level1969: body.trainee.level, hasRecognisedQualification: body.trainee.hasRecognisedQualification, isJobSeeker: body.trainee.jobSeeker,
    publics: body.trainee.publics.join(','), contractType: body.contractType, startDate: body.startDate, endDate: body.endDate,
    extendedDurationReason: body.extendedDurationReason ?? null, trainingHoursHundredths: hoursToHundredths(body.trainingHours),
    hasBranchTrainingAbove25: body.branchAllowsTrainingAbove25 ?? false, targetedQualification: body.targetedQualification,
    targetedLevel: body.targetedLevel, providerName: body.providerName, grossMonthlyPayCents: body.grossMonthlyPayCents,
    branchMinimumMonthlyCents: body.branchMinimumMonthlyCents ?? null, branchHourlyRateCents: body.branchHourlyRateCents ?? null,
    tutorTrainingHoursHundredths: body.tutorTrainingHours == null ? null : hoursToHundredths(body.tutorTrainingHours),
    isReservedForPair: body.reservedForPair, fundingCents,
    followUpDueFrom: window.dueFrom, followUpLateAfter: window.lateAfter,
  };
}

export async function insertContract(
  trx: Transaction<Schema>, body: ContractBody, companyId: number, tutorId: number | null, fundingCents: number,
  meta: { at: string; userId: number | null; isQuotaOverride: boolean; isImported?: boolean },
): Promise<number> {
  const row = await trx.insertInto('proContracts').values({
    ...columns(body, companyId, tutorId, fundingCents, null),
    reference: `tmp-${Math.random().toString(36).slice(2)}-${Date.now()}`,
    isQuotaOverride: meta.isQuotaOverride, isImported: meta.isImported ?? false,
    createdBy: meta.userId, createdAt: meta.at, updatedAt: meta.at, version: 1,
  }).returning('id').executeTakeFirstOrThrow();
  await trx.updateTable('proContracts').set({ reference: contractReference(row.id) }).where('id', '=', row.id).execute();
  return row.id;
}

export async function updateContract(
  trx: Transaction<Schema>, current: ContractRow, version: number, body: ContractBody, tutorId: number | null, fundingCents: number,
  at: string, isQuotaOverride: boolean,
): Promise<void> {
  const result = await trx.updateTable('proContracts')
    .set({ ...columns(body, current.companyId, tutorId, fundingCents, current), isQuotaOverride: current.isQuotaOverride || isQuotaOverride, updatedAt: at, version: version + 1 })
    .where('id', '=', current.id).where('version', '=', version).executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw staleVersion('Le contrat');
}

export async function saveFollowUp(trx: Transaction<Schema>, current: ContractRow, body: FollowUpBody, at: string): Promise<void> {
  const merged = {
    actualEndDate: body.actualEndDate === undefined ? current.actualEndDate : body.actualEndDate,
    endReason: body.endReason === undefined ? current.endReason : body.endReason,
    certification: body.certification === undefined ? current.certification : body.certification,
    situationAtExit: body.situationAtExit === undefined ? current.situationAtExit : body.situationAtExit,
    situationAfter6Months: body.situationAfter6Months === undefined ? current.situationAfter6Months : body.situationAfter6Months,
  };
  const window = followUpWindow({ endDate: current.endDate, actualEndDate: merged.actualEndDate });
  const result = await trx.updateTable('proContracts')
    .set({ ...merged, followUpDueFrom: window.dueFrom, followUpLateAfter: window.lateAfter, updatedAt: at, version: body.version + 1 })
    .where('id', '=', current.id).where('version', '=', body.version).executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw staleVersion('Le contrat');
}

export async function loadContract(db: Db, id: number): Promise<ContractRow> {
  const row = await db.selectFrom('proContracts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Contrat de professionnalisation');
  return row;
}

export async function insertTutor(trx: Db, companyId: number, tutor: { lastName: string; firstName: string; birthDate?: string | null; relatedExperienceMonths: number; isEmployer: boolean }, at: string): Promise<TutorRow> {
  const row = await trx.insertInto('tutors').values({
    companyId, lastName: tutor.lastName, firstName: tutor.firstName, birthDate: tutor.birthDate ?? null,
    relatedExperienceMonths: tutor.relatedExperienceMonths, isEmployer: tutor.isEmployer, createdAt: at, version: 1,
  }).returning('id').executeTakeFirstOrThrow();
  return (await trx.selectFrom('tutors').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow());
}
