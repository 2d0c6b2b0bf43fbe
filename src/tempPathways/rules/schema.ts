import { z } from 'zod';
import { LEVELS_1969 } from '../../shared/qualification.js';
import { centsSchema, hoursSchema, isoDateSchema } from '../../proContracts/rules/schema.js';
import { TEMP_EXIT_OUTCOMES } from './outcome.js';
import { ROME_CODE } from './periods.js';
import { PERIOD_KINDS, SCHOOLING_ROUTES, type TempPathwayInput } from './types.js';

export const tempWorkerProfileSchema = z.object({
  level: z.enum(LEVELS_1969, { error: 'Niveau de qualification inconnu (VI, Vbis, V, IV, III, II ou I).' }),
  route: z.enum(SCHOOLING_ROUTES, { error: 'Voie attendue : générale ou professionnelle.' }),
  hasVocationalDiploma: z.boolean({ error: 'Indiquez si la personne a un diplôme professionnel (CAP, BEP…).' }),
});

const optionalText = z.string({ error: 'Texte attendu.' }).trim().max(300, { error: '300 caractères au plus.' }).nullish();

export const periodSchema = z
  .object({
    kind: z.enum(PERIOD_KINDS, { error: 'Type de période attendu : formation ou mission.' }),
    start: isoDateSchema,
    end: isoDateSchema,
    hours: hoursSchema.refine((h) => h > 0, { message: 'Le nombre d’heures doit être supérieur à zéro.' }),
    costCents: centsSchema.nullish(),
    romeCode: z
      .string({ error: 'Code ROME attendu.' })
      .trim()
      .toUpperCase()
      .regex(ROME_CODE, { error: 'Code ROME invalide : une lettre de A à N suivie de 4 chiffres (par exemple H2903).' })
      .nullish(),
    providerName: optionalText,
    userCompany: optionalText,
    targetedQualification: optionalText,
  })
  .refine((p) => p.end >= p.start, { message: 'La date de fin précède la date de début.', path: ['end'] })
  .refine((p) => p.kind !== 'mission' || !!p.romeCode, {
    message: 'Une mission doit indiquer le code ROME de l’emploi occupé.',
    path: ['romeCode'],
  });

export const tempPathwayInputSchema = z.object({
  participant: tempWorkerProfileSchema,
  entryDate: isoDateSchema,
  periods: z.array(periodSchema).min(1, { error: 'Le parcours doit compter au moins une période.' }).max(200, { error: '200 périodes au plus.' }),
});

const _inputMatches: (v: z.output<typeof tempPathwayInputSchema>) => TempPathwayInput = (v) => v;
void _inputMatches;

export const tempExitSchema = z.object({
  exitDate: isoDateSchema,
  outcome: z.enum(TEMP_EXIT_OUTCOMES, { error: 'Situation de sortie inconnue.' }),
});

export const envelopeInputSchema = z.object({
  envelopeCents: centsSchema,
  committedLines: z.array(z.object({ amountCents: centsSchema, cancelled: z.boolean().optional() })),
});
