import { z } from 'zod';
import { centsSchema, isoDateSchema } from '../../proContracts/rules/schema.js';
import { CONTRACT_TYPES } from '../../proContracts/rules/types.js';
import type { PairInput } from './types.js';

const idSchema = z.string({ error: 'Identifiant attendu.' }).trim().min(1, { error: 'Identifiant manquant.' }).max(100, { error: 'Identifiant trop long.' });

const basisPointsSchema = z
  .number({ error: 'Taux attendu (en points de base, 10 000 = 100 %).' })
  .int({ error: 'Le taux s’exprime en points de base entiers.' })
  .min(1, { error: 'Le taux doit être positif.' })
  .max(10_000, { error: 'Le taux ne peut pas dépasser 100 %.' });

export const pairInputSchema = z
  .object({
    senior: z.object({ personId: idSchema, companyId: idSchema, expectedRetirementDate: isoDateSchema }),
    junior: z.object({
      personId: idSchema,
      companyId: idSchema,
      contractType: z.enum(CONTRACT_TYPES, { error: 'Type de contrat attendu : CDD ou CDI.' }),
      reservedForPair: z.boolean({ error: 'Indiquez si le contrat est réservé aux binômes.' }),
    }),
    startDate: isoDateSchema,
    endDate: isoDateSchema,
    fullTimeSalaryCents: centsSchema.refine((c) => c > 0, { message: 'Le salaire à temps plein doit être positif.' }),
    activityBp: basisPointsSchema.optional(),
    payBp: basisPointsSchema.optional(),
    writtenAgreement: z.boolean({ error: 'Indiquez si l’accord écrit est signé.' }),
    employerPaysEmployeeSupplement: z.boolean({ error: 'Valeur oui/non attendue.' }).optional(),
  })
  .refine((p) => p.endDate >= p.startDate, { message: 'La fin du binôme précède son début.', path: ['endDate'] })
  .refine((p) => p.senior.personId !== p.junior.personId, {
    message: 'Le senior et le jeune doivent être deux personnes différentes.',
    path: ['junior', 'personId'],
  });

const _inputMatches: (v: z.output<typeof pairInputSchema>) => PairInput = (v) => v;
void _inputMatches;
