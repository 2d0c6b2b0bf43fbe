import { z } from 'zod';
import { defineAction } from '../../platform/actions/runAction.js';
import { recordHistory } from '../../platform/history/history.js';
import { invalidMany, type FieldIssue } from '../../platform/http/errors.js';
import { realisedCost } from '../realisation.js';
import { moveTo } from '../requestRepository.js';
import { lockRequest, openRequest } from './requestScope.js';
import { recordId } from '../../platform/http/ids.js';

export const realisationBody = z.object({
  version: z.number().int().min(1),
  actions: z.array(z.object({
    actionId: recordId,
    realisedTrainees: z.number().int().min(0, 'Nombre de stagiaires négatif.'),
    realisedHours: z.number().int().min(0, 'Nombre d’heures négatif.'),
    realisedTeachingCostCents: z.number().int().min(0, 'Coût négatif.').max(100_000_000_00),
  })).min(1, 'Renseignez au moins une action.'),
});

/** The company or a partner declares, per action, the trainees and hours actually delivered. */
export const recordRealisation = defineAction<{ requestId: number } & z.infer<typeof realisationBody>, void>({
  name: 'recordRealisation',
  locks: lockRequest,
  async run(scope, { requestId, version, actions: lines }) {
    const { actor, aggregate } = await openRequest(scope, requestId, 'recordRealisation', version);
    const issues: FieldIssue[] = [];
    lines.forEach((line, i) => {
      const action = aggregate.actions.find((a) => a.id === line.actionId);
      if (!action) return issues.push({ path: `actions.${i}.actionId`, message: 'Cette action n’appartient pas à la demande.' });
      if (line.realisedTrainees > action.traineeIds.length) {
        issues.push({ path: `actions.${i}.realisedTrainees`, message: `« ${action.title} » : ${line.realisedTrainees} stagiaires déclarés pour ${action.traineeIds.length} inscrits.` });
      }
      const ceiling = action.hoursPerTrainee * line.realisedTrainees;
      if (line.realisedHours > ceiling) {
        issues.push({ path: `actions.${i}.realisedHours`, message: `« ${action.title} » : ${line.realisedHours} h déclarées dépassent ${ceiling} h (${action.hoursPerTrainee} h × ${line.realisedTrainees} stagiaires).` });
      }
    });
    if (issues.length) throw invalidMany(issues);
    for (const line of lines) {
      const action = aggregate.actions.find((a) => a.id === line.actionId)!;
      const realised = {
        realisedHours: line.realisedHours, realisedTrainees: line.realisedTrainees,
        realisedTeachingCostCents: line.realisedTeachingCostCents, realisedPayCostCents: action.hourlyWageCents * line.realisedHours,
      };
      await scope.trx.updateTable('trainingActions').set(realised).where('id', '=', line.actionId).execute();
      Object.assign(action, realised);
    }
    const totals = realisedCost(aggregate.actions.filter((a) => a.realisedHours !== null).map((a) => ({
      realisedHours: a.realisedHours!, realisedTrainees: a.realisedTrainees!, realisedTeachingCostCents: a.realisedTeachingCostCents!, hourlyWageCents: a.hourlyWageCents,
    })));
    await moveTo(scope, aggregate, 'approved', totals);
    await recordHistory(scope.trx, actor, scope.at, { entityType: 'fundingRequest', entityId: requestId, action: 'realisation_recorded', changes: { ...totals, actions: lines } });
  },
});
