import { z } from 'zod';
import { recordId, recordIdParam } from '../platform/http/ids.js';
import { listParams } from '../platform/http/lists.js';
import { centsSchema, isoDateSchema } from '../proContracts/rules/schema.js';
import { sexSchema } from '../proContracts/contractSchema.js';

const name = (what: string) => z.string({ error: `${what} attendu.` }).trim().min(1, { error: `${what} manquant.` }).max(100, { error: '100 caractères au plus.' });
const basisPoints = z.number({ error: 'Taux attendu (en points de base, 10 000 = 100 %).' }).int({ error: 'Le taux s’exprime en points de base entiers.' })
  .min(1, { error: 'Le taux doit être positif.' }).max(10_000, { error: 'Le taux ne peut pas dépasser 100 %.' });

/** The terms of the senior's part time, shared by the stored pair and the simulator. */
const terms = {
  startDate: isoDateSchema,
  endDate: isoDateSchema,
  fullTimeSalaryCents: centsSchema.refine((c) => c > 0, { message: 'Le salaire à temps plein doit être positif.' }),
  activityBp: basisPoints.optional(),
  payBp: basisPoints.optional(),
  employerPaysEmployeeSupplement: z.boolean({ error: 'Valeur oui/non attendue.' }).optional(),
};
const ordered = <T extends { startDate: string; endDate: string }>(p: T) => p.endDate >= p.startDate;
// 10 years of months is far beyond any pair (2 years); it bounds the work of one request.
const bounded = <T extends { startDate: string; endDate: string }>(p: T) => Number(p.endDate.slice(0, 4)) - Number(p.startDate.slice(0, 4)) <= 10;

export const pairBody = z.object({
  juniorContractId: recordId,
  senior: z.object({ lastName: name('Nom'), firstName: name('Prénom'), sex: sexSchema, birthDate: isoDateSchema, expectedRetirementDate: isoDateSchema }),
  writtenAgreement: z.boolean({ error: 'Indiquez si l’accord écrit est signé.' }),
  ...terms,
}).refine(ordered, { message: 'La fin du binôme précède son début.', path: ['endDate'] })
  .refine(bounded, { message: 'Un binôme dure au plus quelques années.', path: ['endDate'] });
export type PairBody = z.output<typeof pairBody>;
export const pairUpdateBody = pairBody.and(z.object({ version: z.number({ error: 'Version attendue.' }).int().min(1) }));

export const simulationBody = z.object({
  ...terms,
  expectedRetirementDate: isoDateSchema.optional(),
}).refine(ordered, { message: 'La fin du binôme précède son début.', path: ['endDate'] })
  .refine(bounded, { message: 'Un binôme dure au plus quelques années.', path: ['endDate'] });

export const pairFilters = listParams.extend({
  q: z.string().max(100).optional(),
  companyId: recordIdParam.optional(),
  startFrom: isoDateSchema.optional(),
  startTo: isoDateSchema.optional(),
});
export type PairFilters = z.output<typeof pairFilters>;
