import { z } from 'zod';
import { isIsoDate } from '../shared/dates.js';
import { FUNDERS } from '../programmes/funders.js';
import { MEASURE_KINDS, NAF_SECTIONS } from '../programmes/schema.js';
import { ORGANISATION_KINDS } from '../platform/identity/roles.js';
import { departementSchema } from '../platform/identity/schema.js';
import { employmentAreaSchema } from '../shared/employmentAreas.js';
import { DOCUMENT_STAGES } from '../programmes/documentStages.js';

z.config(z.locales.fr());

/**
 * A configuration pack: what a partnership sets up before its first request — the partner
 * organisations that instruct and pay, programmes, measures, targets, envelopes, dated
 * funding rules, routing rules and the dated lists of documents expected at each stage. No company, no person: those come from imports and use.
 * Routing rules name their organisation by name, so a pack moves between databases.
 */
export const PACK_FORMAT = 'parcours.configuration';
export const PACK_VERSION = 1;

const isoDate = (label: string) => z.string({ message: `${label} : date attendue (AAAA-MM-JJ).` })
  .refine(isIsoDate, `${label} : date invalide (format AAAA-MM-JJ).`);
const text = (label: string, max: number) => z.string({ message: `${label} : texte attendu.` }).trim()
  .min(2, `${label} : 2 caractères au moins.`).max(max, `${label} : ${max} caractères au plus.`);
const code = z.string({ message: 'Code : texte attendu.' }).trim()
  .regex(/^[A-Z0-9][A-Z0-9_-]{1,39}$/, 'Code : 2 à 40 caractères, majuscules, chiffres, tirets (ex. ACTE2-AXE1).');
const cents = (label: string) => z.number({ message: `${label} : un montant en centimes est attendu.` })
  .int(`${label} : un montant en centimes entiers est attendu.`)
  .min(0, `${label} ne peut pas être négatif.`).max(10_000_000_000_00, `${label} dépasse 10 milliards d’euros.`);
const count = (label: string) => z.number({ message: `${label} : nombre entier attendu.` }).int(`${label} : nombre entier attendu.`).min(0, `${label} ne peut pas être négatif.`);
const funder = z.enum(FUNDERS, { message: `Financeur inconnu (${FUNDERS.join(', ')}).` });
const optional = <T extends z.ZodType>(schema: T) => schema.nullable().optional().transform((v) => v ?? null);

function endAfterStart(from: string, to: string, message: string) {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const start = value[from];
    const end = value[to];
    if (typeof start === 'string' && typeof end === 'string' && end < start) ctx.addIssue({ code: 'custom', path: [to], message });
  };
}

const organisation = z.object({
  kind: z.enum(ORGANISATION_KINDS, { message: `Type d’organisation inconnu (${ORGANISATION_KINDS.join(', ')}).` })
    .refine((kind) => kind !== 'company', 'Un paquet de configuration ne contient pas d’entreprise : elles viennent des demandes et des imports.'),
  name: text('Nom', 200),
  departement: optional(departementSchema),
  employmentArea: optional(employmentAreaSchema),
}).strict();

const target = z.object({
  indicator: z.string({ message: 'Indicateur : texte attendu.' }).regex(/^[a-z][a-z0-9_]{1,39}$/, 'Indicateur : 2 à 40 caractères, minuscules, chiffres et _ (ex. employees).'),
  label: text('Libellé', 200),
  value: count('Valeur'),
}).strict();

const envelope = z.object({ funder, amountCents: cents('Montant de l’enveloppe') }).strict();

const fundingRule = z.object({
  funder,
  label: text('Libellé', 200),
  validFrom: isoDate('Valable du'),
  validTo: optional(isoDate('Valable au')),
  maxRateBp: optional(count('Taux maximal').max(10_000, 'Le taux maximal ne dépasse pas 100 % (10 000 points de base).')),
  hourlyCapCents: optional(cents('Plafond horaire')),
  maxHeadcount: optional(count('Effectif maximal')),
}).strict().superRefine(endAfterStart('validFrom', 'validTo', 'La fin de validité précède son début.'));

const routingRule = z.object({
  /** null: the request's own training fund. */
  organisation: z.string({ message: 'Organisation : nom d’une organisation du paquet, ou null pour l’OPCA de l’entreprise.' }).nullable(),
  funder: optional(funder),
  departement: optional(departementSchema),
  nafSection: optional(z.enum(NAF_SECTIONS, { message: 'Section NAF : une lettre de A à U.' })),
  isJobSeekersOnly: z.boolean({ message: 'Demandeurs d’emploi seulement : true ou false.' }).default(false),
  isRequired: z.boolean({ message: 'Avis obligatoire : true ou false.' }).default(true),
  label: text('Libellé', 200),
}).strict();

/** A document the measure expects at a stage of a request; its place in the list is its order. */
const expectedDocument = z.object({
  stage: z.enum(DOCUMENT_STAGES, { message: `Étape inconnue (${DOCUMENT_STAGES.join(', ')}).` }),
  label: text('Intitulé de la pièce', 200),
  isRequired: z.boolean({ message: 'Pièce obligatoire : true ou false.' }).default(false),
  validFrom: isoDate('Valable du'),
  validTo: optional(isoDate('Valable au')),
}).strict().superRefine(endAfterStart('validFrom', 'validTo', 'La fin de validité précède son début.'));

const measure = z.object({
  code,
  name: text('Nom', 200),
  kind: z.enum(MEASURE_KINDS, { message: `Type de dispositif inconnu (${MEASURE_KINDS.join(', ')}).` }),
  startsOn: isoDate('Début'),
  endsOn: optional(isoDate('Fin')),
  targets: z.array(target).default([]),
  envelopes: z.array(envelope).default([]),
  fundingRules: z.array(fundingRule).default([]),
  routingRules: z.array(routingRule).default([]),
  expectedDocuments: z.array(expectedDocument).max(60, 'Au plus 60 pièces par dispositif.').default([]),
}).strict().superRefine(endAfterStart('startsOn', 'endsOn', 'La fin du dispositif précède son début.'));

const programme = z.object({
  code,
  name: text('Nom', 200),
  description: optional(z.string().trim().max(4000, 'Description : 4 000 caractères au plus.')),
  startsOn: isoDate('Début'),
  endsOn: optional(isoDate('Fin')),
  measures: z.array(measure).default([]),
}).strict().superRefine(endAfterStart('startsOn', 'endsOn', 'La fin du programme précède son début.'));

export const configPackSchema = z.object({
  format: z.literal(PACK_FORMAT, { message: `Ce fichier n’est pas un paquet de configuration Parcours (« format » doit valoir « ${PACK_FORMAT} »).` }),
  version: z.literal(PACK_VERSION, { message: `Version de paquet non prise en charge (attendue : ${PACK_VERSION}).` }),
  description: optional(z.string().max(4000)),
  organisations: z.array(organisation).default([]),
  programmes: z.array(programme).default([]),
}).strict().superRefine((pack, ctx) => {
  const duplicates = <T>(items: T[], key: (item: T) => string, path: (i: number) => (string | number)[], message: (k: string) => string) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const k = key(item);
      if (seen.has(k)) ctx.addIssue({ code: 'custom', path: path(i), message: message(k) });
      seen.add(k);
    });
  };
  duplicates(pack.organisations, (o) => o.name, (i) => ['organisations', i, 'name'], (k) => `L’organisation « ${k} » figure deux fois.`);
  duplicates(pack.programmes, (p) => p.code, (i) => ['programmes', i, 'code'], (k) => `Le programme ${k} figure deux fois.`);
  const measures = pack.programmes.flatMap((p, pi) => p.measures.map((m, mi) => ({ m, pi, mi })));
  duplicates(measures, (x) => x.m.code, (i) => ['programmes', measures[i].pi, 'measures', measures[i].mi, 'code'], (k) => `Le dispositif ${k} figure deux fois.`);
  const names = new Set(pack.organisations.map((o) => o.name));
  for (const { m, pi, mi } of measures) {
    duplicates(m.targets, (t) => t.indicator, (i) => ['programmes', pi, 'measures', mi, 'targets', i, 'indicator'], (k) => `L’objectif « ${k} » figure deux fois dans ${m.code}.`);
    duplicates(m.envelopes, (e) => e.funder, (i) => ['programmes', pi, 'measures', mi, 'envelopes', i, 'funder'], (k) => `L’enveloppe ${k} figure deux fois dans ${m.code}.`);
    duplicates(m.routingRules, (r) => r.label, (i) => ['programmes', pi, 'measures', mi, 'routingRules', i, 'label'], (k) => `La règle d’orientation « ${k} » figure deux fois dans ${m.code}.`);
    duplicates(m.expectedDocuments, (d) => `${d.stage} ${d.label} ${d.validFrom}`, (i) => ['programmes', pi, 'measures', mi, 'expectedDocuments', i, 'label'],
      () => `Une pièce figure deux fois à la même étape et à la même date dans ${m.code}.`);
    m.routingRules.forEach((r, ri) => {
      if (r.organisation !== null && !names.has(r.organisation)) {
        ctx.addIssue({ code: 'custom', path: ['programmes', pi, 'measures', mi, 'routingRules', ri, 'organisation'], message: `L’organisation « ${r.organisation} » n’est pas dans la liste « organisations » du paquet.` });
      }
    });
  }
});

export type ConfigPack = z.output<typeof configPackSchema>;
export type PackIssue = { path: string; message: string };

/** Reads a pack from JSON text: the pack, or every problem with its path in the file. */
export function parseConfigPack(json: string): { ok: true; pack: ConfigPack } | { ok: false; issues: PackIssue[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(json.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, issues: [{ path: '', message: `Le fichier n’est pas un JSON valide : ${(error as Error).message}` }] };
  }
  const parsed = configPackSchema.safeParse(raw);
  if (parsed.success) return { ok: true, pack: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
}
