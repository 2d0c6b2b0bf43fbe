import { sql } from 'kysely';
import { z } from 'zod';
import { defineAction } from '../platform/actions/runAction.js';
import { recordHistory } from '../platform/history/history.js';
import { refusedTransition } from '../platform/http/errors.js';
import { programmeAdministrator } from '../programmes/access.js';
import { addDays, formatDateFr } from '../shared/dates.js';
import { isoDateSchema } from '../measures/schemas.js';
import { normaliseIdcc, type IdccFund } from './idccFunds.js';

export const idccFundBody = z.object({
  idcc: z.string().trim().regex(/^\d{1,4}$/, 'IDCC : 4 chiffres au plus.').transform(normaliseIdcc),
  branch: z.string().trim().min(2, 'Indiquez la branche.').max(200),
  fund: z.string().trim().min(2, 'Indiquez l’OPCA ou l’OPCO.').max(200),
  validFrom: isoDateSchema,
  validTo: isoDateSchema.nullable().default(null),
  note: z.string().trim().max(500).nullable().default(null),
}).refine((b) => b.validTo === null || b.validFrom <= b.validTo, { path: ['validTo'], message: 'La fin de validité précède son début.' });

/**
 * An administrator records a branch's new fund from a date (a reform, a branch changing OPCO).
 * The period still open for that IDCC is closed the day before; any other overlap is refused,
 * so a day always has at most one fund. Two administrators adding periods of one IDCC at once
 * queue on a lock of that IDCC (SQLite's immediate transactions are already one at a time),
 * so the second sees the first's period and its overlap check holds.
 */
export const addIdccFund = defineAction<z.infer<typeof idccFundBody>, IdccFund>({
  name: 'addIdccFund',
  async run(scope, input) {
    const actor = programmeAdministrator(scope);
    if (scope.database.kind === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${`idcc_funds:${input.idcc}`}))`.execute(scope.trx);
    const existing = await scope.trx.selectFrom('idccFunds').selectAll().where('idcc', '=', input.idcc).orderBy('validFrom').execute();
    const open = existing.find((r) => r.validTo === null && r.validFrom < input.validFrom);
    const clash = existing.find((r) => r !== open && r.validFrom <= (input.validTo ?? '9999-12-31') && input.validFrom <= (r.validTo ?? '9999-12-31'));
    if (clash) {
      const message = `L’IDCC ${input.idcc} relève déjà de ${clash.fund} ${clash.validTo === null ? `depuis le ${formatDateFr(clash.validFrom)}` : `du ${formatDateFr(clash.validFrom)} au ${formatDateFr(clash.validTo)}`} : les périodes ne se chevauchent pas.`;
      // Named on the start date, so the form shows it next to the field the administrator moves.
      throw refusedTransition(message, [{ path: 'validFrom', message }]);
    }
    if (open) await scope.trx.updateTable('idccFunds').set({ validTo: addDays(input.validFrom, -1) }).where('id', '=', open.id).execute();
    const row = await scope.trx.insertInto('idccFunds').values(input).returningAll().executeTakeFirstOrThrow();
    await recordHistory(scope.trx, actor, scope.at, { entityType: 'idccFund', entityId: row.id, action: 'created', changes: { ...input, closedPeriod: open?.id ?? null } });
    return { idcc: row.idcc, branch: row.branch, fund: row.fund, validFrom: row.validFrom, validTo: row.validTo, note: row.note };
  },
});
