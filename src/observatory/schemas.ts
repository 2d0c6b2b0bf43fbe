import { z } from 'zod';
import { isIsoDate } from '../shared/dates.js';
import { employmentAreaSchema } from '../shared/employmentAreas.js';

/** Request bodies of the observatory, shared by the server and the web pages. */
const rome = z.string().regex(/^[A-N]\d{4}$/, 'Code ROME invalide : une lettre de A à N et quatre chiffres (par exemple H2903).');
const text = (max: number, what: string) => z.string().trim().min(1, `${what} est obligatoire.`).max(max, `${what} : ${max} caractères au plus.`);

export const PLAN_KINDS = ['trainingAction', 'tempPathwayPeriod', 'proContractObjective'] as const;
export const PLAN_KIND_LABELS: Record<(typeof PLAN_KINDS)[number], string> = {
  trainingAction: 'Action de formation',
  tempPathwayPeriod: 'Période de formation d’un parcours intérimaire',
  proContractObjective: 'Objectif de contrats de professionnalisation',
};

export const planBody = z.object({
  kind: z.enum(PLAN_KINDS, { message: 'Type d’action inconnu : action de formation, période de parcours intérimaire ou objectif de contrats de professionnalisation.' }),
  area: employmentAreaSchema,
  romeCode: rome,
  sourceRomeCode: rome.nullable().default(null),
  headcount: z.number({ message: 'L’effectif visé doit être un nombre.' }).int('L’effectif visé doit être un nombre entier.').min(1, 'L’effectif visé est d’au moins 1 personne.').max(10_000, 'L’effectif visé est de 10 000 personnes au plus.'),
  note: z.string().trim().max(2000, 'La note : 2 000 caractères au plus.').default(''),
  alertId: z.number().int().positive().nullable().default(null),
});
export type PlanBody = z.infer<typeof planBody>;

export const watchBody = z.object({
  romeCode: rome,
  reason: text(1000, 'La raison'),
  source: text(500, 'La source'),
  taggedOn: z.string().refine(isIsoDate, 'Date invalide (AAAA-MM-JJ).'),
});
export const watchUpdate = watchBody.omit({ romeCode: true }).extend({ version: z.number().int().positive() });

export const DIAGNOSTIC_KINDS = ['strength', 'weakness', 'risk', 'opportunity'] as const;
export const DIAGNOSTIC_KIND_LABELS: Record<(typeof DIAGNOSTIC_KINDS)[number], string> = { strength: 'Forces', weakness: 'Faiblesses', risk: 'Menaces', opportunity: 'Opportunités' };

/** An indicator a diagnostic point rests on: `tension:<FAP>`, `paradox`, `dependency`, `border`. */
export const INDICATOR_PATTERN = /^(tension:[A-Z0-9]{3,6}|paradox|dependency|border)$/;

export const diagnosticBody = z.object({
  kind: z.enum(DIAGNOSTIC_KINDS, { message: 'Rubrique inconnue : forces, faiblesses, menaces ou opportunités.' }),
  text: text(2000, 'Le constat'),
  indicator: z.string().regex(INDICATOR_PATTERN, 'Indicateur inconnu : tension d’un métier (tension:CODE), paradoxe, dépendance automobile ou frontière.'),
});
export const diagnosticUpdate = diagnosticBody.omit({ kind: true }).extend({ version: z.number().int().positive() });

export const alertFollowBody = z.object({ status: z.enum(['acted', 'dismissed', 'open'], { message: 'Suite inconnue : traitée, écartée ou rouverte.' }) });

export const ruleUpdate = z.object({
  label: text(300, 'Le libellé'),
  minRiseHundredths: z.number().int().min(1).max(1000).nullable(),
  minDifficultBp: z.number().int().min(0).max(10000).nullable(),
  minSeekers: z.number().int().min(0).max(1_000_000).nullable(),
  throttleDays: z.number().int().min(1, 'Le délai entre deux alertes est d’au moins 1 jour.').max(366),
  isActive: z.boolean(),
  version: z.number().int().positive(),
});
