import type { Kysely, Transaction } from 'kysely';
import type { Row, Schema } from '../platform/db/schema.js';
import { notFound, staleVersion } from '../platform/http/errors.js';
import { hoursToHundredths } from '../measures/ruleIssue.js';
import { orderedPeriods, pathwayTotals, versatility, type Period, type PeriodKind } from './rules/index.js';
import type { PathwayBody } from './pathwaySchema.js';

type Db = Kysely<Schema> | Transaction<Schema>;
export type PathwayRow = Row<'tempPathways'>;

export const pathwayReference = (id: number) => `PI-${String(id).padStart(6, '0')}`;

function headerColumns(body: PathwayBody, financedCents: number) {
  const totals = pathwayTotals(body.periods);
  return {
    lastName: body.worker.lastName, firstName: body.worker.firstName, birthDate: body.worker.birthDate, sex: body.worker.sex,
    level1969: body.worker.level, schoolingRoute: body.worker.route, hasVocationalDiploma: body.worker.hasVocationalDiploma,
    entryDate: body.entryDate, versatility: versatility(body.periods),
    trainingHoursHundredths: hoursToHundredths(totals.trainingHours), missionHoursHundredths: hoursToHundredths(totals.missionHours),
    costCents: totals.costCents, financedCents,
  };
}

/** The timeline is stored in chronological order, whatever order it was typed in. */
async function writeChildren(trx: Transaction<Schema>, id: number, body: PathwayBody, envelopeIds: Map<string, number>): Promise<void> {
  await trx.deleteFrom('pathwayPeriods').where('pathwayId', '=', id).execute();
  await trx.deleteFrom('pathwayFundingLines').where('pathwayId', '=', id).execute();
  const periods = orderedPeriods(body.periods).map(({ period: p }, position) => ({
    pathwayId: id, position, kind: p.kind, startDate: p.start, endDate: p.end, hoursHundredths: hoursToHundredths(p.hours),
    costCents: p.costCents ?? null, romeCode: p.romeCode ?? null, providerName: p.providerName ?? null,
    userCompany: p.userCompany ?? null, targetedQualification: p.targetedQualification ?? null,
  }));
  if (periods.length) await trx.insertInto('pathwayPeriods').values(periods).execute();
  const lines = body.fundingLines.map((l) => ({ pathwayId: id, envelopeId: envelopeIds.get(l.funder)!, funder: l.funder, amountCents: l.amountCents }));
  if (lines.length) await trx.insertInto('pathwayFundingLines').values(lines).execute();
}

export async function insertPathway(trx: Transaction<Schema>, agencyId: number, body: PathwayBody, envelopeIds: Map<string, number>, at: string, userId: number): Promise<number> {
  const financed = body.fundingLines.reduce((s, l) => s + l.amountCents, 0);
  const row = await trx.insertInto('tempPathways').values({
    ...headerColumns(body, financed), agencyId, reference: `tmp-${Math.random().toString(36).slice(2)}-${Date.now()}`,
    createdBy: userId, createdAt: at, updatedAt: at, version: 1,
  }).returning('id').executeTakeFirstOrThrow();
  await trx.updateTable('tempPathways').set({ reference: pathwayReference(row.id) }).where('id', '=', row.id).execute();
  await writeChildren(trx, row.id, body, envelopeIds);
  return row.id;
}

export async function updatePathway(trx: Transaction<Schema>, id: number, version: number, body: PathwayBody, envelopeIds: Map<string, number>, at: string): Promise<void> {
  const financed = body.fundingLines.reduce((s, l) => s + l.amountCents, 0);
  const result = await trx.updateTable('tempPathways').set({ ...headerColumns(body, financed), updatedAt: at, version: version + 1 })
    .where('id', '=', id).where('version', '=', version).executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw staleVersion('Le parcours');
  await writeChildren(trx, id, body, envelopeIds);
}

export async function loadPeriods(db: Db, id: number): Promise<(Period & { id: number; romeLabel: string | null })[]> {
  const rows = await db.selectFrom('pathwayPeriods as p').leftJoin('romeCodes as r', 'r.code', 'p.romeCode')
    .select(['p.id', 'p.kind', 'p.startDate', 'p.endDate', 'p.hoursHundredths', 'p.costCents', 'p.romeCode', 'r.label as romeLabel',
      'p.providerName', 'p.userCompany', 'p.targetedQualification'])
    .where('p.pathwayId', '=', id).orderBy('p.position').execute();
  return rows.map((r) => ({
    id: r.id, kind: r.kind as PeriodKind, start: r.startDate, end: r.endDate, hours: r.hoursHundredths / 100, costCents: r.costCents,
    romeCode: r.romeCode, romeLabel: r.romeLabel ?? null, providerName: r.providerName, userCompany: r.userCompany, targetedQualification: r.targetedQualification,
  }));
}

export async function loadFundingLines(db: Db, id: number) {
  return db.selectFrom('pathwayFundingLines').select(['id', 'funder', 'amountCents', 'envelopeId']).where('pathwayId', '=', id).orderBy('id').execute();
}

export async function loadPathway(db: Db, id: number): Promise<PathwayRow> {
  const row = await db.selectFrom('tempPathways').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Parcours');
  return row;
}
