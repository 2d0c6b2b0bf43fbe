import type { Transaction } from 'kysely';
import type { Schema } from '../../platform/db/schema.js';
import type { Actor } from '../../platform/identity/roles.js';
import { recordHistory } from '../../platform/history/history.js';
import { actionContext, type WriteOptions } from '../../platform/imports/engine.js';
import { runActionIn } from '../../platform/actions/runAction.js';
import { refusalAt } from '../../platform/imports/lineProblems.js';
import { pathwayReference } from '../pathwayRepository.js';
import { recordNewPathway } from '../pathwayActions.js';
import type { PathwayImportRow } from './checkPathways.js';
import { pathwayCell } from './layout.js';

/**
 * Saves checked pathways through the form's own action, which judges them again inside the
 * transaction (envelope included, so the file's earlier pathways and others' recent ones count).
 */
export async function writePathways(trx: Transaction<Schema>, actor: Actor, rows: PathwayImportRow[], options: WriteOptions) {
  const ids: number[] = [];
  for (const [index, row] of rows.entries()) {
    let id: number;
    try {
      ({ id } = await runActionIn(trx, actionContext(options), actor, recordNewPathway, { body: row.body }, options.at));
    } catch (error) {
      throw refusalAt(row.lines[0], error, (path) => pathwayCell(path, row.lines, row.body.fundingLines.map((l) => l.funder)).column);
    }
    // The recording says « created »; this says where from, for whoever audits the figures.
    await recordHistory(trx, actor, options.at, {
      entityType: 'tempPathway', entityId: id, action: 'imported',
      motivation: `Import du fichier « ${options.filename} », parcours « ${row.key} », lignes ${row.lines.join(', ')}.`,
      changes: { file: options.filename, key: row.key, lines: row.lines },
    });
    ids.push(id);
    await options.onRow(index + 1);
  }
  return { ids, references: ids.map(pathwayReference) };
}
