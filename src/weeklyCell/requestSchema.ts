import { z } from 'zod';
import { MAX_RECORD_ID, recordId } from '../platform/http/ids.js';
import { isIsoDate } from '../shared/dates.js';
import { LEVELS_1969, LEVELS_2019 } from '../shared/qualification.js';
import { siretProblem } from '../shared/siret.js';
import { FUNDERS } from '../programmes/funders.js';
import { employmentAreaSchema } from '../shared/employmentAreas.js';

/**
 * A draft may be incomplete (submission checks completeness), but whatever is given
 * must be well-formed: a SIRET with a wrong key or a negative amount is refused at once.
 */
const isoDate = z.string().refine(isIsoDate, 'Date invalide (format AAAA-MM-JJ).');
const siret = z.string().trim().transform((v) => v.replace(/\s/g, '')).superRefine((v, ctx) => {
  const problem = siretProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const cents = (label: string) => z.number({ message: `${label} : un montant en centimes est attendu.` })
  .int(`${label} : un montant en centimes entiers est attendu.`)
  .min(0, `${label} ne peut pas être négatif.`)
  .max(100_000_000_00, `${label} dépasse 100 millions d’euros : vérifiez la saisie.`);
const text = (max: number) => z.string().trim().max(max, `${max} caractères au plus.`);

export const SEXES = ['F', 'M'] as const;
export const SOCIO_PROFESSIONAL_CATEGORIES = ['ouvrier', 'employe', 'technicien_am', 'cadre'] as const;
export const SOCIO_PROFESSIONAL_LABELS: Record<(typeof SOCIO_PROFESSIONAL_CATEGORIES)[number], string> = {
  ouvrier: 'Ouvrier', employe: 'Employé', technicien_am: 'Technicien, agent de maîtrise', cadre: 'Cadre',
};
export const CONTRACT_TYPES = ['CDI', 'CDD', 'interim', 'apprentissage', 'professionnalisation'] as const;
export const CONTRACT_TYPE_LABELS: Record<(typeof CONTRACT_TYPES)[number], string> = {
  CDI: 'CDI', CDD: 'CDD', interim: 'Intérim', apprentissage: 'Apprentissage', professionnalisation: 'Contrat de professionnalisation',
};
export const SITUATIONS = ['employed', 'job_seeker'] as const;
export const SITUATION_LABELS: Record<(typeof SITUATIONS)[number], string> = { employed: 'Salarié', job_seeker: 'Demandeur d’emploi' };
export const JUSTIFICATION_KINDS = ['partial_activity', 'apld'] as const;
export const JUSTIFICATION_LABELS: Record<(typeof JUSTIFICATION_KINDS)[number], string> = {
  partial_activity: 'Autorisation d’activité partielle',
  apld: 'Accord d’activité partielle de longue durée (APLD)',
};

export const employeeSchema = z.object({
  lastName: text(100).min(1, 'Nom obligatoire.'),
  firstName: text(100).min(1, 'Prénom obligatoire.'),
  birthDate: isoDate,
  sex: z.enum(SEXES, { message: 'Sexe : choisissez Femme ou Homme.' }),
  socioProfessionalCategory: z.enum(SOCIO_PROFESSIONAL_CATEGORIES, { message: 'Catégorie socioprofessionnelle inconnue.' }),
  level1969: z.enum(LEVELS_1969, { message: 'Niveau de qualification (nomenclature 1969) inconnu.' }),
  level2019: z.enum(LEVELS_2019, { message: 'Niveau de qualification (cadre 2019) inconnu.' }).nullable().optional(),
  contractType: z.enum(CONTRACT_TYPES, { message: 'Type de contrat inconnu.' }),
  situation: z.enum(SITUATIONS, { message: 'Situation inconnue.' }).default('employed'),
});

export const trainingActionSchema = z.object({
  title: text(200).min(1, 'Intitulé obligatoire.'),
  objective: text(2000).default(''),
  providerName: text(200).min(1, 'Organisme de formation obligatoire.'),
  providerSiret: siret,
  hoursPerTrainee: z.number().int('Nombre d’heures entier attendu.').min(1, 'Au moins 1 heure par stagiaire.').max(2000, '2 000 heures par stagiaire au plus.'),
  startDate: isoDate,
  endDate: isoDate,
  teachingCostCents: cents('Le coût pédagogique'),
  hourlyWageCents: cents('Le salaire horaire'),
  /** Positions (0-based) of the trainees in the request's employee list. */
  trainees: z.array(z.number().int().min(0)).max(5000).default([]),
}).superRefine((a, ctx) => {
  if (a.startDate && a.endDate && a.endDate < a.startDate) {
    ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'La date de fin précède la date de début.' });
  }
});

export const fundingLineSchema = z.object({
  funder: z.enum(FUNDERS, { message: 'Financeur inconnu.' }),
  proposedCents: cents('Le montant demandé'),
});

const chooseMeasure = { error: 'Choisissez le dispositif.' };

export const requestDraftSchema = z.object({
  measureId: z.number(chooseMeasure).int(chooseMeasure).positive(chooseMeasure).max(MAX_RECORD_ID, chooseMeasure),
  trainingFundId: recordId.nullable().optional(),
  company: z.object({
    name: text(200).min(1, 'Raison sociale obligatoire.'),
    siret,
    nafCode: z.string().trim().transform((v) => v.replace(/[.\s]/g, '').toUpperCase())
      .refine((v) => /^\d{4}[A-Z]$/.test(v), 'Code NAF au format 29.32Z.').nullable().optional(),
    idcc: z.string().trim().regex(/^\d{1,4}$/, 'IDCC : 4 chiffres au plus.').transform((v) => v.padStart(4, '0')).nullable().optional(),
    headcount: z.number().int('Effectif entier attendu.').min(1, 'L’effectif est d’au moins 1 salarié.').max(500_000).nullable().optional(),
    departement: z.string().regex(/^(\d{2}|2A|2B|97\d)$/, 'Numéro de département invalide (ex. 25).').nullable().optional(),
    employmentArea: employmentAreaSchema.nullable().optional(),
  }),
  activityDrop: z.object({
    start: isoDate.nullable().optional(),
    end: isoDate.nullable().optional(),
    justificationKind: z.enum(JUSTIFICATION_KINDS, { message: 'Justificatif inconnu.' }).nullable().optional(),
    authorisationReference: text(100).nullable().optional(),
    partialActivityHours: z.number().int().min(0, 'Le nombre d’heures ne peut pas être négatif.').max(1_000_000).nullable().optional(),
    retentionCommitmentMonths: z.number().int().min(0).max(60, '60 mois au plus.').nullable().optional(),
    retentionCommitment: text(2000).nullable().optional(),
  }).superRefine((d, ctx) => {
    if (d.start && d.end && d.end < d.start) ctx.addIssue({ code: 'custom', path: ['end'], message: 'La fin de la baisse d’activité précède son début.' });
  }).default({}),
  employees: z.array(employeeSchema).max(5000, '5 000 salariés au plus par demande.').default([]),
  actions: z.array(trainingActionSchema).max(200, '200 actions au plus par demande.').default([]),
  fundingLines: z.array(fundingLineSchema).max(20).default([]),
}).superRefine((r, ctx) => {
  r.actions.forEach((action, i) => {
    action.trainees.forEach((position, j) => {
      if (position >= r.employees.length) {
        ctx.addIssue({ code: 'custom', path: ['actions', i, 'trainees', j], message: `Le stagiaire n° ${position + 1} n’existe pas dans la liste des salariés.` });
      }
    });
  });
  const funders = r.fundingLines.map((l) => l.funder);
  funders.forEach((f, i) => {
    if (funders.indexOf(f) !== i) ctx.addIssue({ code: 'custom', path: ['fundingLines', i, 'funder'], message: 'Ce financeur figure déjà dans le plan de financement.' });
  });
});

export type RequestDraft = z.infer<typeof requestDraftSchema>;
export type EmployeeInput = z.infer<typeof employeeSchema>;
export type TrainingActionInput = z.infer<typeof trainingActionSchema>;
