import type { ExpressionBuilder, Kysely, Transaction } from 'kysely';
import { jsonRows, readJsonRows } from '../platform/db/jsonRows.js';
import type { Row, Schema } from '../platform/db/schema.js';
import { staleVersion } from '../platform/http/errors.js';
import type { Funder } from '../programmes/funders.js';
import { derivedLevel2019, type Level1969, type Level2019 } from '../shared/qualification.js';
import type { RequestDraft } from './requestSchema.js';
import { requestTotals } from './totals.js';
import { searchKey } from '../shared/search.js';

type Db = Kysely<Schema> | Transaction<Schema>;

export interface RequestAggregate {
  request: Row<'fundingRequests'>;
  employees: Row<'requestEmployees'>[];
  actions: (Row<'trainingActions'> & { traineeIds: number[] })[];
  fundingLines: Row<'fundingLines'>[];
}

const EMPLOYEE_COLUMNS = ['e.id', 'e.requestId', 'e.lastName', 'e.firstName', 'e.birthDate', 'e.sex', 'e.socioProfessionalCategory',
  'e.level1969', 'e.level2019', 'e.contractType', 'e.situation'] as const;
const ACTION_COLUMNS = ['a.id', 'a.requestId', 'a.position', 'a.title', 'a.objective', 'a.providerName', 'a.providerSiret', 'a.hoursPerTrainee',
  'a.startDate', 'a.endDate', 'a.teachingCostCents', 'a.hourlyWageCents', 'a.realisedHours', 'a.realisedTrainees',
  'a.realisedTeachingCostCents', 'a.realisedPayCostCents'] as const;
const FUNDING_LINE_COLUMNS = ['l.id', 'l.requestId', 'l.position', 'l.funder', 'l.proposedCents', 'l.approvedCents'] as const;

/** The aggregate's lists, as JSON columns of a query on `funding_requests as r` (read back by `aggregateFrom`). */
export function aggregateColumns(db: Db) {
  return (eb: ExpressionBuilder<Schema & { r: Schema['fundingRequests'] }, 'r'>) => [
    jsonRows(db, eb.selectFrom('requestEmployees as e').select(EMPLOYEE_COLUMNS).whereRef('e.requestId', '=', 'r.id').orderBy('e.id')).as('aggEmployees'),
    jsonRows(db, eb.selectFrom('trainingActions as a').select(ACTION_COLUMNS).whereRef('a.requestId', '=', 'r.id').orderBy('a.position')).as('aggActions'),
    jsonRows(db, eb.selectFrom('actionTrainees as t').innerJoin('trainingActions as ta', 'ta.id', 't.actionId')
      .select(['t.actionId', 't.employeeId']).whereRef('ta.requestId', '=', 'r.id').orderBy('t.actionId').orderBy('t.employeeId')).as('aggTrainees'),
    jsonRows(db, eb.selectFrom('fundingLines as l').select(FUNDING_LINE_COLUMNS).whereRef('l.requestId', '=', 'r.id').orderBy('l.position')).as('aggFundingLines'),
  ];
}

const AGGREGATE_KEYS = ['aggEmployees', 'aggActions', 'aggTrainees', 'aggFundingLines'];

/** Splits a row read with `aggregateColumns` into the aggregate; other extra columns are named in `extra`. */
export function aggregateFrom(db: Db, row: Record<string, unknown>, extra: readonly string[] = []): RequestAggregate {
  const request = { ...row };
  for (const key of [...AGGREGATE_KEYS, ...extra]) delete request[key];
  const actions = readJsonRows<Row<'trainingActions'>>(db, row.aggActions);
  const trainees = readJsonRows<{ actionId: number; employeeId: number }>(db, row.aggTrainees);
  return {
    request: request as Row<'fundingRequests'>,
    employees: readJsonRows<Row<'requestEmployees'>>(db, row.aggEmployees),
    fundingLines: readJsonRows<Row<'fundingLines'>>(db, row.aggFundingLines),
    actions: actions.map((a) => ({ ...a, traineeIds: trainees.filter((t) => t.actionId === a.id).map((t) => t.employeeId) })),
  };
}

/** The request and its lists, in one statement (actions load it under the request's lock). */
export async function loadAggregate(db: Db, id: number): Promise<RequestAggregate | null> {
  const row = await db.selectFrom('fundingRequests as r').selectAll('r').select(aggregateColumns(db)).where('r.id', '=', id).executeTakeFirst();
  return row ? aggregateFrom(db, row) : null;
}

/** The draft as the company typed it, with trainees as positions in the employee list. */
export function toDraft(aggregate: RequestAggregate): RequestDraft {
  const { request: r, employees, actions, fundingLines } = aggregate;
  const position = new Map(employees.map((e, i) => [e.id, i]));
  return {
    measureId: r.measureId,
    trainingFundId: r.trainingFundId,
    company: { name: r.companyName, siret: r.siret, nafCode: r.nafCode, idcc: r.idcc, headcount: r.headcount, departement: r.departement, employmentArea: r.employmentArea },
    activityDrop: {
      start: r.activityDropStart, end: r.activityDropEnd, justificationKind: r.justificationKind as RequestDraft['activityDrop']['justificationKind'],
      authorisationReference: r.authorisationReference, partialActivityHours: r.partialActivityHours,
      retentionCommitmentMonths: r.retentionCommitmentMonths, retentionCommitment: r.retentionCommitment,
    },
    employees: employees.map((e) => ({
      lastName: e.lastName, firstName: e.firstName, birthDate: e.birthDate, sex: e.sex as 'F' | 'M',
      socioProfessionalCategory: e.socioProfessionalCategory as RequestDraft['employees'][number]['socioProfessionalCategory'],
      level1969: e.level1969 as Level1969, level2019: (e.level2019 || null) as Level2019 | null,
      contractType: e.contractType as RequestDraft['employees'][number]['contractType'],
      situation: e.situation as 'employed' | 'job_seeker',
    })),
    actions: actions.map((a) => ({
      title: a.title, objective: a.objective, providerName: a.providerName, providerSiret: a.providerSiret,
      hoursPerTrainee: a.hoursPerTrainee, startDate: a.startDate, endDate: a.endDate,
      teachingCostCents: a.teachingCostCents, hourlyWageCents: a.hourlyWageCents,
      trainees: a.traineeIds.map((id) => position.get(id)!).filter((p) => p !== undefined),
    })),
    fundingLines: fundingLines.map((l) => ({ funder: l.funder as Funder, proposedCents: l.proposedCents })),
  };
}

function headerColumns(draft: RequestDraft) {
  const totals = requestTotals(draft.actions.map((a) => ({ ...a, traineeCount: a.trainees.length })));
  return {
    measureId: draft.measureId,
    trainingFundId: draft.trainingFundId ?? null,
    companyName: draft.company.name,
    searchName: searchKey(draft.company.name),
    siret: draft.company.siret,
    nafCode: draft.company.nafCode ?? null,
    idcc: draft.company.idcc ?? null,
    headcount: draft.company.headcount ?? null,
    departement: draft.company.departement ?? null,
    employmentArea: draft.company.employmentArea ?? null,
    activityDropStart: draft.activityDrop.start ?? null,
    activityDropEnd: draft.activityDrop.end ?? null,
    justificationKind: draft.activityDrop.justificationKind ?? null,
    authorisationReference: draft.activityDrop.authorisationReference ?? null,
    partialActivityHours: draft.activityDrop.partialActivityHours ?? null,
    retentionCommitmentMonths: draft.activityDrop.retentionCommitmentMonths ?? null,
    retentionCommitment: draft.activityDrop.retentionCommitment ?? null,
    ...totals,
  };
}

async function insertChildren(trx: Transaction<Schema>, requestId: number, draft: RequestDraft): Promise<void> {
  const employeeIds: number[] = [];
  for (const e of draft.employees) {
    const row = await trx.insertInto('requestEmployees').values({
      requestId, lastName: e.lastName, firstName: e.firstName, birthDate: e.birthDate, sex: e.sex,
      socioProfessionalCategory: e.socioProfessionalCategory, level1969: e.level1969,
      level2019: e.level2019 ?? derivedLevel2019(e.level1969) ?? '', contractType: e.contractType, situation: e.situation,
    }).returning('id').executeTakeFirstOrThrow();
    employeeIds.push(row.id);
  }
  for (const [position, a] of draft.actions.entries()) {
    const row = await trx.insertInto('trainingActions').values({
      requestId, position, title: a.title, objective: a.objective, providerName: a.providerName, providerSiret: a.providerSiret,
      hoursPerTrainee: a.hoursPerTrainee, startDate: a.startDate, endDate: a.endDate, teachingCostCents: a.teachingCostCents,
      hourlyWageCents: a.hourlyWageCents, realisedHours: null, realisedTrainees: null, realisedTeachingCostCents: null, realisedPayCostCents: null,
    }).returning('id').executeTakeFirstOrThrow();
    const trainees = [...new Set(a.trainees)].map((p) => ({ actionId: row.id, employeeId: employeeIds[p] }));
    if (trainees.length) await trx.insertInto('actionTrainees').values(trainees).execute();
  }
  if (draft.fundingLines.length) {
    await trx.insertInto('fundingLines').values(draft.fundingLines.map((l, position) => ({
      requestId, position, funder: l.funder, proposedCents: l.proposedCents, approvedCents: null,
    }))).execute();
  }
}

export async function createRequest(trx: Transaction<Schema>, companyId: number, draft: RequestDraft, at: string, userId: number, extra: { status?: string; isImported?: boolean } = {}): Promise<number> {
  const row = await trx.insertInto('fundingRequests').values({
    ...headerColumns(draft),
    reference: `tmp-${Math.random().toString(36).slice(2)}-${Date.now()}`,
    companyId, status: extra.status ?? 'draft',
    realisedHours: 0, realisedCostCents: 0, committedCents: 0, paidCents: 0,
    submittedAt: null, decidedAt: null, closedAt: null, createdAt: at, updatedAt: at, createdBy: userId,
    isImported: extra.isImported ?? false, version: 1,
  }).returning('id').executeTakeFirstOrThrow();
  await trx.updateTable('fundingRequests').set({ reference: requestReference(at, row.id) }).where('id', '=', row.id).execute();
  await insertChildren(trx, row.id, draft);
  return row.id;
}

export function requestReference(at: string, id: number): string {
  return `DEM-${at.slice(0, 4)}-${String(id).padStart(5, '0')}`;
}

/** Replaces the draft's content; the version check makes concurrent saves fail instead of overwriting. */
export async function replaceDraft(trx: Transaction<Schema>, id: number, version: number, draft: RequestDraft, at: string): Promise<void> {
  const updated = await trx.updateTable('fundingRequests')
    .set({ ...headerColumns(draft), updatedAt: at, version: version + 1 })
    .where('id', '=', id).where('version', '=', version).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) throw staleVersion('Cette demande');
  await trx.deleteFrom('fundingLines').where('requestId', '=', id).execute();
  await trx.deleteFrom('trainingActions').where('requestId', '=', id).execute();
  await trx.deleteFrom('requestEmployees').where('requestId', '=', id).execute();
  await insertChildren(trx, id, draft);
}

/** Moves the request to a new status if nobody changed it meanwhile. */
export async function setStatus(trx: Transaction<Schema>, id: number, version: number, status: string, at: string, extra: Partial<Row<'fundingRequests'>> = {}): Promise<number> {
  const updated = await trx.updateTable('fundingRequests')
    .set({ ...extra, status, updatedAt: at, version: version + 1 })
    .where('id', '=', id).where('version', '=', version).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) throw staleVersion('Cette demande');
  return version + 1;
}

export async function fundingRules(db: Db, measureId: number) {
  return db.selectFrom('fundingRules').selectAll().where('measureId', '=', measureId).execute();
}

/** Moves a loaded request to a status (or only bumps its version), keeping the aggregate in step. */
export async function moveTo(scope: { trx: Transaction<Schema>; at: string }, aggregate: RequestAggregate, status: string, extra: Partial<Row<'fundingRequests'>> = {}): Promise<void> {
  const r = aggregate.request;
  const version = await setStatus(scope.trx, r.id, r.version, status, scope.at, extra);
  aggregate.request = { ...r, ...extra, status, version, updatedAt: scope.at };
}
