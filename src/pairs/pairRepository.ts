import type { Kysely, Transaction } from 'kysely';
import type { Row, Schema } from '../platform/db/schema.js';
import { notFound, staleVersion } from '../platform/http/errors.js';
import { acteIITargetsOn } from '../acteII/parameters.js';
import type { IsoDate } from '../shared/dates.js';
import type { PairBody } from './pairSchema.js';
import { pairShares, type JuniorContract } from './pairJudgement.js';

type Db = Kysely<Schema> | Transaction<Schema>;
export type PairRow = Row<'pairs'>;
export const PAIR_MEASURE = 'ACTE2-AXE3';

export const pairReference = (id: number) => `BIN-${String(id).padStart(6, '0')}`;

export async function loadPair(db: Db, id: number): Promise<PairRow> {
  const row = await db.selectFrom('pairs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Binôme');
  return row;
}

export async function juniorContract(db: Db, id: number): Promise<JuniorContract | undefined> {
  return db.selectFrom('proContracts').select(['id', 'reference', 'companyId', 'contractType', 'isReservedForPair']).where('id', '=', id).executeTakeFirst();
}

/** The pair the junior's contract already belongs to, the edited pair aside. */
export async function pairOfJunior(db: Db, contractId: number, excludePairId: number | null = null): Promise<{ id: number; reference: string } | undefined> {
  return db.selectFrom('pairs').select(['id', 'reference']).where('juniorContractId', '=', contractId)
    .$if(excludePairId !== null, (q) => q.where('id', '!=', excludePairId!)).executeTakeFirst();
}

function columns(body: PairBody, at: string) {
  return {
    juniorContractId: body.juniorContractId, seniorLastName: body.senior.lastName, seniorFirstName: body.senior.firstName,
    seniorBirthDate: body.senior.birthDate, seniorSex: body.senior.sex, expectedRetirementDate: body.senior.expectedRetirementDate,
    startDate: body.startDate, endDate: body.endDate, fullTimeSalaryCents: body.fullTimeSalaryCents, ...pairShares(body),
    hasWrittenAgreement: body.writtenAgreement, isEmployerPayingSupplement: body.employerPaysEmployeeSupplement ?? false, updatedAt: at,
  };
}

export async function insertPair(trx: Transaction<Schema>, body: PairBody, companyId: number, at: string, userId: number | null): Promise<number> {
  const row = await trx.insertInto('pairs').values({
    ...columns(body, at), companyId, reference: `tmp-${Math.random().toString(36).slice(2)}-${Date.now()}`, createdBy: userId, createdAt: at, version: 1,
  }).returning('id').executeTakeFirstOrThrow();
  await trx.updateTable('pairs').set({ reference: pairReference(row.id) }).where('id', '=', row.id).execute();
  return row.id;
}

export async function updatePair(trx: Transaction<Schema>, id: number, version: number, body: PairBody, at: string): Promise<void> {
  const result = await trx.updateTable('pairs').set({ ...columns(body, at), version: version + 1 })
    .where('id', '=', id).where('version', '=', version).executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw staleVersion('Le binôme');
}

/** The measure's target, or the Acte II target in force on the day when the measure has none. */
export async function pairTarget(db: Db, day: IsoDate): Promise<number | null> {
  const row = await db.selectFrom('targets as t').innerJoin('measures as m', 'm.id', 't.measureId').select('t.value')
    .where('m.code', '=', PAIR_MEASURE).where('t.indicator', '=', 'pairs').executeTakeFirst();
  return row ? Number(row.value) : acteIITargetsOn(day)?.pairs ?? null;
}
