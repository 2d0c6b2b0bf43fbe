/**
 * Zod schemas of the C.Pro inputs, shared by the server and the web so that both refuse the
 * same malformed data with the same French messages. Business rules (ages, lengths, floors)
 * stay in the rule modules: the schemas only check shape and obvious impossibilities.
 */
import { z } from 'zod';
import { LEVELS_1969 } from '../../shared/qualification.js';
import { CONTRACT_TYPES, EXTENDED_DURATION_REASONS, PRIORITY_PUBLICS, type ProContractInput } from './types.js';
import { CERTIFICATION_RESULTS, END_REASONS, EXIT_SITUATIONS } from './outcome.js';

import { centsSchema, dateRangeSchema, hoursSchema, isoDateSchema } from '../../measures/schemas.js';

export { centsSchema, dateRangeSchema, hoursSchema, isoDateSchema };

export const traineeSchema = z.object({
  birthDate: isoDateSchema,
  level: z.enum(LEVELS_1969, { error: 'Niveau de qualification inconnu (VI, Vbis, V, IV, III, II ou I).' }),
  hasRecognisedQualification: z.boolean({ error: 'Indiquez si la personne a une qualification reconnue.' }),
  jobSeeker: z.boolean({ error: 'Indiquez si la personne est demandeur d’emploi.' }),
  publics: z
    .array(z.enum(PRIORITY_PUBLICS, { error: 'Public inconnu (rsa, ass, aah ou afterCui).' }))
    .default([]),
});

export const tutorSchema = z.object({
  birthDate: isoDateSchema.nullish(),
  relatedExperienceMonths: z
    .number({ error: 'Expérience du tuteur attendue (en mois).' })
    .int({ error: 'L’expérience se compte en mois entiers.' })
    .min(0, { error: 'L’expérience ne peut pas être négative.' }),
  isEmployer: z.boolean({ error: 'Indiquez si le tuteur est l’employeur.' }),
  otherTrainees: z.array(dateRangeSchema).default([]),
  trainingHours: hoursSchema.nullish(),
});

export const proContractInputSchema = z
  .object({
    trainee: traineeSchema,
    contractType: z.enum(CONTRACT_TYPES, { error: 'Type de contrat attendu : CDD ou CDI.' }),
    startDate: isoDateSchema,
    endDate: isoDateSchema,
    extendedDurationReason: z
      .enum(EXTENDED_DURATION_REASONS, { error: 'Motif d’allongement inconnu.' })
      .nullish(),
    trainingHours: hoursSchema,
    branchAllowsTrainingAbove25: z.boolean({ error: 'Valeur oui/non attendue.' }).optional(),
    grossMonthlyPayCents: centsSchema,
    branchMinimumMonthlyCents: centsSchema.nullish(),
    branchHourlyRateCents: centsSchema.nullish(),
    tutor: tutorSchema.nullish(),
    reservedForPair: z.boolean({ error: 'Valeur oui/non attendue.' }).optional(),
  })
  .refine((c) => c.endDate >= c.startDate, {
    message: 'La date de fin précède la date de début.',
    path: ['endDate'],
  });

// Compile-time guarantee that what the schema accepts is what the rules take.
const _inputMatches: (v: z.output<typeof proContractInputSchema>) => ProContractInput = (v) => v;
void _inputMatches;

export const quotaInputSchema = z.object({
  total: z.number().int({ error: 'Nombre entier attendu.' }).min(0, { error: 'Ne peut pas être négatif.' }),
  reserved: z.number().int({ error: 'Nombre entier attendu.' }).min(0, { error: 'Ne peut pas être négatif.' }),
  target: z.number().int().positive({ error: 'L’objectif doit être positif.' }).optional(),
  reservedTarget: z.number().int().min(0, { error: 'Ne peut pas être négatif.' }).optional(),
  isPairReserved: z.boolean({ error: 'Indiquez si le contrat relève de la réserve des binômes.' }),
  override: z
    .object({ motivation: z.string({ error: 'Motivation attendue.' }).trim().min(1, { error: 'La dérogation doit être motivée.' }) })
    .nullish(),
});

export const proContractOutcomeSchema = z.object({
  actualEndDate: isoDateSchema,
  endReason: z.enum(END_REASONS, { error: 'Motif de fin inconnu.' }),
  certification: z.enum(CERTIFICATION_RESULTS, { error: 'Résultat de certification inconnu.' }),
  situationAtExit: z.enum(EXIT_SITUATIONS, { error: 'Situation à la sortie inconnue.' }),
  situationAfter6Months: z.enum(EXIT_SITUATIONS, { error: 'Situation à 6 mois inconnue.' }).nullish(),
});

export type ProContractInputParsed = z.output<typeof proContractInputSchema>;
