import { z } from 'zod';
import { recordIdParam } from '../platform/http/ids.js';
import { isIsoDate } from '../shared/dates.js';
import { FUNDERS } from './funders.js';

/**
 * What administrators type when they configure a programme. Server and web validate
 * with the same schemas, so a message shown next to a field is the one the API gives.
 */
export const MEASURE_KINDS = ['weekly_cell', 'pro_contracts', 'temp_pathways', 'pairs'] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];
export const MEASURE_KIND_LABELS: Record<MeasureKind, string> = {
  weekly_cell: 'Cellule opérationnelle hebdomadaire',
  pro_contracts: 'Contrats de professionnalisation',
  temp_pathways: 'Parcours intérimaires',
  pairs: 'Binômes intergénérationnels',
};

export const NAF_SECTIONS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T', 'U'] as const;

const isoDate = (label: string) => z.string({ message: `${label} : date attendue (AAAA-MM-JJ).` })
  .refine(isIsoDate, `${label} : date invalide (format AAAA-MM-JJ).`);
const text = (label: string, min: number, max: number) => z.string({ message: `${label} : texte attendu.` }).trim()
  .min(min, min <= 1 ? `${label} obligatoire.` : `${label} : ${min} caractères au moins.`)
  .max(max, `${label} : ${max} caractères au plus.`);
const code = z.string({ message: 'Code : texte attendu.' }).trim()
  .regex(/^[A-Z0-9][A-Z0-9_-]{1,39}$/, 'Code : 2 à 40 caractères, majuscules, chiffres, tirets (ex. ACTE2-AXE1).');
const cents = (label: string) => z.number({ message: `${label} : un montant en centimes est attendu.` })
  .int(`${label} : un montant en centimes entiers est attendu.`)
  .min(0, `${label} ne peut pas être négatif.`)
  .max(10_000_000_000_00, `${label} dépasse 10 milliards d’euros : vérifiez la saisie.`);
const id = (label: string) => z.number({ message: `${label} : identifiant attendu.` }).int().positive(`${label} : identifiant invalide.`);
const funder = z.enum(FUNDERS, { message: `Financeur inconnu (${FUNDERS.join(', ')}).` });
const version = z.number({ message: 'Version attendue : rechargez la page.' }).int().min(1);

/** An end date, when given, does not come before the start date. */
function datesInOrder<T extends z.ZodType<Record<string, unknown>>>(schema: T, from: string, to: string, message: string) {
  return schema.superRefine((value, ctx) => {
    const start = value[from];
    const end = value[to];
    if (typeof start === 'string' && typeof end === 'string' && isIsoDate(start) && isIsoDate(end) && end < start) {
      ctx.addIssue({ code: 'custom', path: [to], message });
    }
  });
}

const programmeFields = z.object({
  code,
  name: text('Nom', 2, 200),
  description: z.string().trim().max(4000, 'Description : 4 000 caractères au plus.').nullable().optional(),
  startsOn: isoDate('Début'),
  endsOn: isoDate('Fin').nullable().optional(),
});
export const programmeBody = datesInOrder(programmeFields, 'startsOn', 'endsOn', 'La fin du programme précède son début.');
export const programmePatch = datesInOrder(programmeFields.partial().extend({ version }), 'startsOn', 'endsOn', 'La fin du programme précède son début.');

const measureFields = z.object({
  programmeId: id('Programme'),
  code,
  name: text('Nom', 2, 200),
  kind: z.enum(MEASURE_KINDS, { message: 'Type de dispositif inconnu.' }),
  startsOn: isoDate('Début'),
  endsOn: isoDate('Fin').nullable().optional(),
});
export const measureBody = datesInOrder(measureFields, 'startsOn', 'endsOn', 'La fin du dispositif précède son début.');
// A measure stays in its programme: its requests and money were counted there.
export const measurePatch = datesInOrder(measureFields.omit({ programmeId: true }).partial().extend({ version }), 'startsOn', 'endsOn', 'La fin du dispositif précède son début.');

export const targetBody = z.object({
  measureId: id('Dispositif'),
  indicator: z.string({ message: 'Indicateur : texte attendu.' }).trim().regex(/^[a-z][a-z0-9_]{1,39}$/, 'Indicateur : 2 à 40 caractères, minuscules, chiffres et _ (ex. employees).'),
  label: text('Libellé', 2, 200),
  value: z.number({ message: 'Valeur : nombre entier attendu.' }).int('Valeur : nombre entier attendu.').min(0, 'La valeur ne peut pas être négative.').max(1_000_000_000_000, 'Valeur trop grande.'),
});
export const targetPatch = targetBody.omit({ measureId: true }).partial().extend({ version });

export const envelopeBody = z.object({ measureId: id('Dispositif'), funder, amountCents: cents('Montant de l’enveloppe') });
export const envelopePatch = z.object({ funder: funder.optional(), amountCents: cents('Montant de l’enveloppe').optional(), version });

const fundingRuleFields = z.object({
  measureId: id('Dispositif'),
  funder,
  label: text('Libellé', 2, 200),
  validFrom: isoDate('Valable du'),
  validTo: isoDate('Valable au').nullable().optional(),
  maxRateBp: z.number({ message: 'Taux maximal : nombre entier de points de base attendu.' }).int('Taux maximal en points de base entiers (100 = 1 %).')
    .min(0, 'Le taux maximal ne peut pas être négatif.').max(10_000, 'Le taux maximal ne dépasse pas 100 % (10 000 points de base).').nullable().optional(),
  hourlyCapCents: cents('Plafond horaire').nullable().optional(),
  maxHeadcount: z.number({ message: 'Effectif maximal : nombre entier attendu.' }).int('Effectif maximal : nombre entier attendu.').min(0, 'L’effectif maximal ne peut pas être négatif.').nullable().optional(),
});
export const fundingRuleBody = datesInOrder(fundingRuleFields, 'validFrom', 'validTo', 'La fin de validité précède son début.');
export const fundingRulePatch = datesInOrder(fundingRuleFields.omit({ measureId: true }).partial().extend({ version }), 'validFrom', 'validTo', 'La fin de validité précède son début.');

export const routingRuleBody = z.object({
  measureId: id('Dispositif'),
  /** null: the request's own training fund (OPCA/OPCO). */
  organisationId: id('Organisation').nullable(),
  funder: funder.nullable().optional(),
  departement: z.string().regex(/^(\d{2}|2A|2B|97\d)$/, 'Numéro de département invalide (ex. 25, 2A, 974).').nullable().optional(),
  nafSection: z.enum(NAF_SECTIONS, { message: 'Section NAF : une lettre de A à U.' }).nullable().optional(),
  isJobSeekersOnly: z.boolean({ message: 'Demandeurs d’emploi seulement : oui ou non.' }).optional(),
  isRequired: z.boolean({ message: 'Avis obligatoire : oui ou non.' }).optional(),
  label: text('Libellé', 2, 200),
});
export const routingRulePatch = routingRuleBody.omit({ measureId: true }).partial().extend({ version });

/** Deleting a versioned row says which version the administrator saw (DELETE carries no body). */
export const versionQuery = z.object({ version: z.coerce.number({ message: 'Version attendue : rechargez la page.' }).int().min(1, 'Version attendue : rechargez la page.') });

/** Targets and rules got their version later: a DELETE without one is still accepted. */
export const optionalVersionQuery = z.object({ version: versionQuery.shape.version.optional() });

export const reportQuery = z.object({ measureId: recordIdParam.optional() });

export type ProgrammeBody = z.infer<typeof programmeBody>;
export type MeasureBody = z.infer<typeof measureBody>;
export type TargetBody = z.infer<typeof targetBody>;
export type EnvelopeBody = z.infer<typeof envelopeBody>;
export type FundingRuleBody = z.infer<typeof fundingRuleBody>;
export type RoutingRuleBody = z.infer<typeof routingRuleBody>;
