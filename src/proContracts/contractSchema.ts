/**
 * API bodies of the C.Pro routes. They extend the rule schemas (shape and French messages
 * shared with the web) with what the platform stores around the rules: names, organisations,
 * the tutor record, the targeted qualification.
 */
import { z } from 'zod';
import { recordId, recordIdParam } from '../platform/http/ids.js';
import { LEVELS_1969 } from '../shared/qualification.js';
import { listParams } from '../platform/http/lists.js';
import {
  CERTIFICATION_RESULTS, CONTRACT_TYPES, END_REASONS, EXIT_SITUATIONS, EXTENDED_DURATION_REASONS,
  centsSchema, hoursSchema, isoDateSchema, traineeSchema,
} from './rules/index.js';

const name = (what: string) => z.string({ error: `${what} attendu.` }).trim().min(1, { error: `${what} manquant.` }).max(100, { error: '100 caractères au plus.' });
const idSchema = recordId;
export const SEXES = ['F', 'M'] as const;
export const sexSchema = z.enum(SEXES, { error: 'Sexe attendu : F ou M.' });

export const tutorBody = z.object({
  companyId: idSchema.optional(),
  lastName: name('Nom'),
  firstName: name('Prénom'),
  birthDate: isoDateSchema.nullish(),
  relatedExperienceMonths: z.number({ error: 'Expérience du tuteur attendue (en mois).' }).int({ error: 'L’expérience se compte en mois entiers.' })
    .min(0, { error: 'L’expérience ne peut pas être négative.' }).max(720, { error: 'Expérience invraisemblable.' }),
  isEmployer: z.boolean({ error: 'Indiquez si le tuteur est l’employeur.' }),
});
export type TutorBody = z.output<typeof tutorBody>;

export const contractBody = z.object({
  /** Required for a fund or the secretariat; a company always records for itself. */
  companyId: idSchema.optional(),
  trainingFundId: idSchema,
  trainee: traineeSchema.extend({ lastName: name('Nom'), firstName: name('Prénom'), sex: sexSchema }),
  /** An existing tutor of the company, or a new one to create with the contract. */
  tutorId: idSchema.nullish(),
  newTutor: tutorBody.omit({ companyId: true }).nullish(),
  tutorTrainingHours: hoursSchema.nullish(),
  contractType: z.enum(CONTRACT_TYPES, { error: 'Type de contrat attendu : CDD ou CDI.' }),
  startDate: isoDateSchema,
  endDate: isoDateSchema,
  extendedDurationReason: z.enum(EXTENDED_DURATION_REASONS, { error: 'Motif d’allongement inconnu.' }).nullish(),
  trainingHours: hoursSchema,
  branchAllowsTrainingAbove25: z.boolean({ error: 'Valeur oui/non attendue.' }).optional(),
  targetedQualification: z.string({ error: 'Qualification visée attendue.' }).trim().min(2, { error: 'Indiquez la qualification visée.' }).max(300),
  targetedLevel: z.enum(LEVELS_1969, { error: 'Niveau visé inconnu (VI, Vbis, V, IV, III, II ou I).' }),
  providerName: z.string({ error: 'Organisme de formation attendu.' }).trim().min(2, { error: 'Indiquez l’organisme de formation.' }).max(300),
  grossMonthlyPayCents: centsSchema,
  branchMinimumMonthlyCents: centsSchema.nullish(),
  branchHourlyRateCents: centsSchema.nullish(),
  reservedForPair: z.boolean({ error: 'Valeur oui/non attendue.' }).default(false),
  /** A steering decision that lets a contract past the quota; recorded in the history. */
  override: z.object({ motivation: z.string({ error: 'Motivation attendue.' }).trim().min(3, { error: 'La dérogation doit être motivée.' }).max(2000) }).nullish(),
}).refine((c) => !(c.tutorId && c.newTutor), { message: 'Choisissez un tuteur existant ou créez-en un, pas les deux.', path: ['newTutor'] });
export type ContractBody = z.output<typeof contractBody>;

export const versionBody = z.object({ version: z.number({ error: 'Version attendue.' }).int().min(1) });
export const contractUpdateBody = contractBody.and(versionBody);

export const followUpBody = z.object({
  version: z.number({ error: 'Version attendue.' }).int().min(1),
  actualEndDate: isoDateSchema.nullish(),
  endReason: z.enum(END_REASONS, { error: 'Motif de fin inconnu.' }).nullish(),
  certification: z.enum(CERTIFICATION_RESULTS, { error: 'Résultat de certification inconnu.' }).nullish(),
  situationAtExit: z.enum(EXIT_SITUATIONS, { error: 'Situation à la sortie inconnue.' }).nullish(),
  situationAfter6Months: z.enum(EXIT_SITUATIONS, { error: 'Situation à 6 mois inconnue.' }).nullish(),
});
export type FollowUpBody = z.output<typeof followUpBody>;

const yesNo = z.enum(['true', 'false'], { error: 'Valeur attendue : true ou false.' }).transform((v) => v === 'true');
export const contractFilters = listParams.extend({
  q: z.string().max(100).optional(),
  companyId: recordIdParam.optional(),
  trainingFundId: recordIdParam.optional(),
  contractType: z.enum(CONTRACT_TYPES, { error: 'Type de contrat attendu : CDD ou CDI.' }).optional(),
  reservedForPair: yesNo.optional(),
  startFrom: isoDateSchema.optional(),
  startTo: isoDateSchema.optional(),
  followUp: z.enum(['due', 'late'], { error: 'Suivi attendu : due ou late.' }).optional(),
});
export type ContractFilters = z.output<typeof contractFilters>;
export const followUpFilters = listParams.extend({ state: z.enum(['due', 'late'], { error: 'État attendu : due ou late.' }).default('due') });
