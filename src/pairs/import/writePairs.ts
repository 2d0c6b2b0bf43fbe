import type { Transaction } from 'kysely';
import type { Schema } from '../../platform/db/schema.js';
import type { Actor } from '../../platform/identity/roles.js';
import { runActionIn } from '../../platform/actions/runAction.js';
import { actionContext, type WriteOptions } from '../../platform/imports/engine.js';
import { refusalAt } from '../../platform/imports/lineProblems.js';
import { recordNewPair } from '../pairActions.js';
import { pairReference } from '../pairRepository.js';
import type { PairImportRow } from './checkPairs.js';
import { pairColumn } from './layout.js';

/**
 * Inserts checked pairs through the form's own action. The one thing others could change
 * between the check and the write — the junior joining another pair — is looked at again
 * there, under the lock of the junior's contract.
 */
export async function writePairs(trx: Transaction<Schema>, actor: Actor, rows: PairImportRow[], options: WriteOptions) {
  const ids: number[] = [];
  for (const [index, row] of rows.entries()) {
    let id: number;
    try {
      ({ id } = await runActionIn(trx, actionContext(options), actor, recordNewPair,
        { body: row.body, origin: { filename: options.filename, line: row.line, juniorReference: row.juniorReference } }, options.at));
    } catch (error) {
      throw refusalAt(row.line, error, pairColumn);
    }
    ids.push(id);
    await options.onRow(index + 1);
  }
  return { ids, references: ids.map(pairReference) };
}
