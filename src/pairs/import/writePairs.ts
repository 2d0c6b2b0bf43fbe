import type { Transaction } from 'kysely';
import type { Schema } from '../../platform/db/schema.js';
import type { Actor } from '../../platform/identity/roles.js';
import { recordHistory } from '../../platform/history/history.js';
import { ACTE_II_PARAMETERS } from '../../acteII/parameters.js';
import type { WriteOptions } from '../../measures/import/engine.js';
import { LineProblems, LineRefusal } from '../../measures/import/lineProblems.js';
import type { PairImportRow } from './checkPairs.js';
import { pairColumn } from './layout.js';

export const pairReference = (id: number) => `BIN-${String(id).padStart(6, '0')}`;

/**
 * Inserts checked pairs as POST /api/pairs stores them. The one thing others could change
 * between the check and the write — the junior joining another pair — is looked at again here.
 */
export async function writePairs(trx: Transaction<Schema>, actor: Actor, rows: PairImportRow[], options: WriteOptions) {
  const defaults = ACTE_II_PARAMETERS.pairs[0].value;
  const ids: number[] = [];
  for (const [index, row] of rows.entries()) {
    const { body } = row;
    const taken = await trx.selectFrom('pairs').select('reference').where('juniorContractId', '=', body.juniorContractId).executeTakeFirst();
    if (taken) {
      const problems = new LineProblems();
      problems.add(row.line, pairColumn('juniorContractId'), `ce contrat est déjà celui du jeune du binôme ${taken.reference}.`);
      throw new LineRefusal(problems);
    }
    const inserted = await trx.insertInto('pairs').values({
      juniorContractId: body.juniorContractId, seniorLastName: body.senior.lastName, seniorFirstName: body.senior.firstName,
      seniorBirthDate: body.senior.birthDate, seniorSex: body.senior.sex, expectedRetirementDate: body.senior.expectedRetirementDate,
      startDate: body.startDate, endDate: body.endDate, fullTimeSalaryCents: body.fullTimeSalaryCents,
      activityBp: body.activityBp ?? defaults.defaultActivityBp, payBp: body.payBp ?? defaults.defaultPayBp,
      hasWrittenAgreement: body.writtenAgreement, isEmployerPayingSupplement: body.employerPaysEmployeeSupplement ?? false,
      companyId: row.companyId, reference: `tmp-import-${index}-${options.at}`, createdBy: actor.userId, createdAt: options.at, updatedAt: options.at, version: 1,
    }).returning('id').executeTakeFirstOrThrow();
    const reference = pairReference(inserted.id);
    await trx.updateTable('pairs').set({ reference }).where('id', '=', inserted.id).execute();
    await recordHistory(trx, actor, options.at, {
      entityType: 'pair', entityId: inserted.id, action: 'imported',
      motivation: `Import du fichier « ${options.filename} », ligne ${row.line}.`,
      changes: { file: options.filename, line: row.line, senior: `${body.senior.firstName} ${body.senior.lastName}`, juniorContract: row.juniorReference, startDate: body.startDate, endDate: body.endDate },
    });
    ids.push(inserted.id);
    await options.onRow(index + 1);
  }
  return { ids, references: ids.map(pairReference) };
}
