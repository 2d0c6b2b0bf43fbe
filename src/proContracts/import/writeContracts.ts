import type { Transaction } from 'kysely';
import type { Schema } from '../../platform/db/schema.js';
import type { Actor } from '../../platform/identity/roles.js';
import { contractReference } from '../contractRepository.js';
import { recordNewContract } from '../contractActions.js';
import { runActionIn } from '../../platform/actions/runAction.js';
import { actionContext, type WriteOptions } from '../../platform/imports/engine.js';
import { contractColumn } from './layout.js';
import { refusalAt } from '../../platform/imports/lineProblems.js';
import type { ContractImportRow } from './checkContracts.js';

/**
 * Saves checked lines through the form's own action (rules, tutor load and quota judged again
 * inside the transaction, the quota under its lock, so what others saved since the check counts). A tutor new to the
 * platform is created by the first line naming it; the following lines point to it.
 */
export async function writeContracts(trx: Transaction<Schema>, actor: Actor, rows: ContractImportRow[], options: WriteOptions) {
  const created = new Map<string, number>();
  const ids: number[] = [];
  for (const [index, row] of rows.entries()) {
    const createdTutor = row.tutorKey ? created.get(row.tutorKey) : undefined;
    const body = row.tutorId ?? createdTutor
      ? { ...row.body, tutorId: row.tutorId ?? createdTutor, newTutor: null }
      : { ...row.body, tutorId: null, newTutor: row.newTutor };
    let id: number;
    try {
      ({ id } = await runActionIn(trx, actionContext(options), actor, recordNewContract, { body, isImported: true }, options.at));
    } catch (error) {
      throw refusalAt(row.line, error, contractColumn);
    }
    if (row.tutorKey && body.newTutor) {
      const saved = await trx.selectFrom('proContracts').select('tutorId').where('id', '=', id).executeTakeFirstOrThrow();
      if (saved.tutorId) created.set(row.tutorKey, saved.tutorId);
    }
    ids.push(id);
    await options.onRow(index + 1);
  }
  return { ids, references: ids.map(contractReference) };
}
