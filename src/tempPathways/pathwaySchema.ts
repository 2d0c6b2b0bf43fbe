import { z } from 'zod';
import { recordId, recordIdParam } from '../platform/http/ids.js';
import { listParams } from '../platform/http/lists.js';
import { isoDateSchema, centsSchema } from '../proContracts/rules/schema.js';
import { sexSchema } from '../proContracts/contractSchema.js';
import { periodSchema, tempExitSchema, tempWorkerProfileSchema } from './rules/index.js';
import { TEMP_EXIT_OUTCOMES } from './rules/outcome.js';

const name = (what: string) => z.string({ error: `${what} attendu.` }).trim().min(1, { error: `${what} manquant.` }).max(100, { error: '100 caractères au plus.' });
const funder = z.string({ error: 'Financeur attendu.' }).trim().toUpperCase().min(2, { error: 'Financeur attendu.' }).max(30);

export const pathwayBody = z.object({
  /** Required for the secretariat; an agency always records for itself. */
  agencyId: recordId.optional(),
  worker: tempWorkerProfileSchema.extend({ lastName: name('Nom'), firstName: name('Prénom'), sex: sexSchema, birthDate: isoDateSchema }),
  entryDate: isoDateSchema,
  periods: z.array(periodSchema).min(1, { error: 'Le parcours doit compter au moins une période.' }).max(200, { error: '200 périodes au plus.' }),
  fundingLines: z.array(z.object({
    funder,
    amountCents: centsSchema.refine((c) => c > 0, { message: 'Le montant doit être positif.' }),
  })).max(20).default([]),
});
export type PathwayBody = z.output<typeof pathwayBody>;
export const pathwayUpdateBody = pathwayBody.and(z.object({ version: z.number({ error: 'Version attendue.' }).int().min(1) }));
export const exitBody = tempExitSchema.extend({ version: z.number({ error: 'Version attendue.' }).int().min(1) });

export const pathwayFilters = listParams.extend({
  q: z.string().max(100).optional(),
  agencyId: recordIdParam.optional(),
  level: tempWorkerProfileSchema.shape.level.optional(),
  status: z.enum(['running', 'exited'], { error: 'Statut attendu : running ou exited.' }).optional(),
  outcome: z.enum(TEMP_EXIT_OUTCOMES, { error: 'Situation de sortie inconnue.' }).optional(),
  entryFrom: isoDateSchema.optional(),
  entryTo: isoDateSchema.optional(),
});
export type PathwayFilters = z.output<typeof pathwayFilters>;
export const eligibilityBody = tempWorkerProfileSchema;
