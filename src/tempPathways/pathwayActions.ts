import { defineAction, type ActionScope } from '../platform/actions/runAction.js';
import { invalidMany, notFound, staleVersion } from '../platform/http/errors.js';
import type { Actor } from '../platform/identity/roles.js';
import { recordHistory } from '../platform/history/history.js';
import type { RuleIssue } from '../measures/ruleIssue.js';
import { signedIn } from '../measures/refusals.js';
import type { TempExitOutcome } from './rules/index.js';
import type { PathwayBody } from './pathwaySchema.js';
import { assertPathwayPolicy, seesPathway, type PathwayAction } from './pathwayPolicy.js';
import { exitIssues, recordPathway } from './pathwayRecording.js';

type Recorded = { id: number; warnings: RuleIssue[] };

/** Every write of a temp pathway — the person, its periods, its financing lines and its exit — is one of these actions. */

async function writablePathway(scope: ActionScope, actor: Actor, id: number, action: PathwayAction) {
  const row = await scope.trx.selectFrom('tempPathways').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !seesPathway(actor, row)) throw notFound('Parcours');
  assertPathwayPolicy(actor, action, row);
  return row;
}

export const recordNewPathway = defineAction<{ body: PathwayBody }, Recorded>({
  name: 'tempPathway.record',
  async run(scope, { body }) {
    const actor = signedIn(scope);
    assertPathwayPolicy(actor, 'record', null);
    return recordPathway(scope, actor, body);
  },
});

/** Person, periods and financing lines are edited together: the checks span all three. */
export const editPathway = defineAction<{ id: number; version: number; body: PathwayBody }, Recorded>({
  name: 'tempPathway.edit',
  locks: (input) => [{ table: 'tempPathways', ids: [input.id] }],
  async run(scope, { id, version, body }) {
    const actor = signedIn(scope);
    const row = await writablePathway(scope, actor, id, 'edit');
    return recordPathway(scope, actor, body, { row, version });
  },
});

export const exitPathway = defineAction<{ id: number; version: number; exitDate: string; outcome: TempExitOutcome }, void>({
  name: 'tempPathway.exit',
  locks: (input) => [{ table: 'tempPathways', ids: [input.id] }],
  async run(scope, { id, version, exitDate, outcome }) {
    const actor = signedIn(scope);
    const row = await writablePathway(scope, actor, id, 'exit');
    const issues = exitIssues(row.entryDate, exitDate, outcome);
    if (issues.length) throw invalidMany(issues.map((i) => ({ path: i.field, message: i.message })));
    const result = await scope.trx.updateTable('tempPathways').set({ exitDate, outcome, updatedAt: scope.at, version: version + 1 })
      .where('id', '=', id).where('version', '=', version).executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw staleVersion('Le parcours');
    await recordHistory(scope.trx, actor, scope.at, { entityType: 'tempPathway', entityId: id, action: 'exited', changes: { exitDate, outcome } });
  },
});
