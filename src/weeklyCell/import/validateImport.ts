import type { Kysely, Transaction } from 'kysely';
import type { Schema } from '../../platform/db/schema.js';
import type { Actor } from '../../platform/identity/roles.js';
import type { CheckProgress, CheckPurpose } from '../../platform/imports/engine.js';
import type { LineProblems } from '../../platform/imports/lineProblems.js';
import { looseKey } from '../../platform/tabular/parsers.js';
import { FUNDER_LABELS, type Funder } from '../../programmes/funders.js';
import { formatNaf } from '../../reference/nomenclatures.js';
import { formatDateFr } from '../../shared/dates.js';
import { formatEuros } from '../../shared/money.js';
import { commitmentPlan } from './envelopes.js';
import { envelopeBalances } from '../../programmes/envelopeBalance.js';
import {
  HEADERS, IMPORT_FUNDERS, paidHeader, PAYING_FUNDERS,
  type ImportedStatus, type ParsedRow,
} from './layout.js';

type Db = Kysely<Schema> | Transaction<Schema>;

/** A row ready to be written: parsed, checked, and with every name resolved to an id. */
export interface ImportRow {
  line: number;
  reference: string | null;
  measureId: number;
  measureCode: string;
  companyName: string;
  siret: string;
  nafCode: string;
  idcc: string | null;
  headcount: number | null;
  departement: string;
  employmentArea: string | null;
  trainingFundId: number | null;
  dropStart: string | null;
  dropEnd: string | null;
  decisionDate: string;
  settledOn: string | null;
  status: ImportedStatus;
  trainees: number;
  trainingHours: number;
  teachingCostCents: number;
  payCostCents: number;
  totalCostCents: number;
  /** Funders with a non-zero amount, in the file's column order. */
  approved: { funder: Funder; cents: number }[];
  paid: { funder: Funder; cents: number; organisationId: number }[];
}

const day = (iso: string) => formatDateFr(iso);
const chunks = <T>(items: T[], size = 500): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * The history's checks on the parsed lines, against the database, without writing anything:
 * each row's own rules, the rules across rows, then every name resolved to an id. A dry run
 * also tells which lines overdraw an envelope; before a real import the writer works that out
 * again inside its transaction (a sum over every commitment of the measure — half a second at
 * national scale), so it is not done twice.
 */
export async function checkHistory(
  db: Kysely<Schema>, _actor: Actor | null, lines: { line: number; value: Record<string, any> }[], problems: LineProblems,
  checked: CheckProgress, purpose: CheckPurpose,
): Promise<ImportRow[]> {
  const parsed = lines as { line: number; value: ParsedRow }[];
  for (const { line, value } of parsed) rowRules(line, value, problems);
  fileRules(parsed, problems);
  const resolved = await resolve(db, parsed, problems);
  await checked(parsed.length, parsed.length);
  if (problems.count > 0 || purpose === 'import') return resolved;
  problems.warnings.push(...commitmentPlan(resolved, await envelopeBalances(db, resolved.map((r) => r.measureId))).warnings);
  return resolved;
}

/** Rules that need nothing but the row itself. */
function rowRules(line: number, r: ParsedRow, problems: LineProblems): void {
  if (r.dropStart && r.dropEnd && r.dropEnd < r.dropStart)
    problems.add(line, HEADERS.dropEnd, `la fin de la baisse d’activité (${day(r.dropEnd)}) précède son début (${day(r.dropStart)}).`);
  if (r.settledOn && r.status !== 'closed')
    problems.add(line, HEADERS.settledOn, 'une date de solde ne se donne que pour une demande « soldée ».');
  if (r.settledOn && r.settledOn < r.decisionDate)
    problems.add(line, HEADERS.settledOn, `le solde (${day(r.settledOn)}) précède la décision (${day(r.decisionDate)}).`);

  if (r.trainees === 0 && r.trainingHours > 0)
    problems.add(line, HEADERS.trainees, 'des heures de formation sont indiquées sans aucun stagiaire.');
  if (r.trainees > 0 && r.trainingHours < r.trainees)
    problems.add(line, HEADERS.trainingHours, `${r.trainingHours} heure(s) pour ${r.trainees} stagiaires : chaque stagiaire suit au moins une heure (les heures sont des heures-stagiaires, pas des heures de cours).`);
  if (r.trainees > 0 && r.trainingHours > r.trainees * 2000)
    problems.add(line, HEADERS.trainingHours, `plus de 2 000 heures par stagiaire en moyenne : vérifiez qu’il s’agit bien du total des heures-stagiaires.`);
  if (r.headcount !== null && r.trainees > r.headcount)
    problems.add(line, HEADERS.trainees, `${r.trainees} stagiaires pour un effectif de ${r.headcount} salariés : une entreprise ne forme pas plus de salariés qu’elle n’en compte.`);

  const total = r.teachingCostCents + r.payCostCents;
  if (total === 0 && r.status !== 'refused') problems.add(line, HEADERS.teachingCost, 'le coût total (pédagogique + salarial) est nul pour une demande accordée.');
  const approved = IMPORT_FUNDERS.map(({ approvedKey }) => r[approvedKey] ?? 0);
  const funded = approved.reduce((a, b) => a + b, 0);
  // A refused request may come without its financing plan; when one is given it must still add up.
  const planGiven = funded > 0 || r.status !== 'refused';
  if (planGiven && funded !== total) {
    const gap = Math.abs(funded - total);
    problems.add(line, '', funded > total
      ? `les financements (${formatEuros(funded)}) dépassent de ${formatEuros(gap)} le coût total (coût pédagogique + coût salarial = ${formatEuros(total)}).`
      : `les financements (${formatEuros(funded)}) ne couvrent pas le coût total (coût pédagogique + coût salarial = ${formatEuros(total)}) : il manque ${formatEuros(gap)}.`);
  }

  for (const { label, approvedKey, paidKey } of PAYING_FUNDERS) {
    const paid = r[paidKey] ?? 0;
    if (paid === 0) continue;
    if (r.status === 'refused') problems.add(line, paidHeader(label), 'une demande refusée ne peut pas avoir reçu de versement.');
    else if (paid > (r[approvedKey] ?? 0))
      problems.add(line, paidHeader(label), `le versement (${formatEuros(paid)}) dépasse le montant accordé (${formatEuros(r[approvedKey] ?? 0)}).`);
  }
}

/** Rules across rows: a reference appears once, a company is described the same way everywhere. */
function fileRules(rows: { line: number; value: ParsedRow }[], problems: LineProblems): void {
  const references = new Map<string, number>();
  const companies = new Map<string, { line: number; name: string; nafCode: string; departement: string }>();
  for (const { line, value: r } of rows) {
    if (r.reference) {
      const first = references.get(r.reference);
      if (first !== undefined) problems.add(line, HEADERS.reference, `la référence « ${r.reference} » figure déjà ligne ${first}.`);
      else references.set(r.reference, line);
    }
    const company = companies.get(r.siret);
    if (!company) {
      companies.set(r.siret, { line, name: r.companyName, nafCode: r.nafCode, departement: r.departement });
      continue;
    }
    if (looseKey(company.name) !== looseKey(r.companyName))
      problems.add(line, HEADERS.companyName, `le SIRET ${r.siret} figure ligne ${company.line} sous le nom « ${company.name} ».`);
    if (company.nafCode !== r.nafCode)
      problems.add(line, HEADERS.nafCode, `le SIRET ${r.siret} figure ligne ${company.line} avec le code NAF ${formatNaf(company.nafCode)}.`);
    if (company.departement !== r.departement)
      problems.add(line, HEADERS.departement, `le SIRET ${r.siret} figure ligne ${company.line} dans le département ${company.departement}.`);
  }
}

/** The organisation kind that pays each funder's share, when it is not the request's own training fund. */
const PAYER_KIND: Partial<Record<Funder, string>> = { STATE: 'state', FSE: 'state', REGION: 'region', FPSPP: 'fpspp', POLE_EMPLOI: 'pole_emploi' };

/** Rules that need the database: reference lists, organisations, what was imported before. */
async function resolve(db: Db, rows: { line: number; value: ParsedRow }[], problems: LineProblems): Promise<ImportRow[]> {
  if (rows.length === 0) return [];
  const distinct = <T>(values: T[]) => [...new Set(values)];

  const measureCodes = distinct(rows.map((r) => r.value.measureCode));
  const measures = new Map((await db.selectFrom('measures').select(['id', 'code', 'kind']).where('code', 'in', measureCodes).execute()).map((m) => [m.code, m]));

  const nafCodes = distinct(rows.map((r) => r.value.nafCode));
  const knownNaf = new Set<string>();
  for (const part of chunks(nafCodes)) {
    for (const n of await db.selectFrom('nafCodes').select('code').where('code', 'in', part).execute()) knownNaf.add(n.code);
  }

  const funds = await db.selectFrom('organisations').select(['id', 'name']).where('kind', '=', 'training_fund').where('isActive', '=', true).execute();
  const fundByName = new Map(funds.map((f) => [looseKey(f.name), f.id]));
  const payers = await db.selectFrom('organisations').select(['id', 'kind']).where('kind', 'in', Object.values(PAYER_KIND)).where('isActive', '=', true).orderBy('id').execute();
  const payerOfKind = (kind: string) => payers.find((p) => p.kind === kind)?.id;

  const references = distinct(rows.flatMap((r) => (r.value.reference ? [r.value.reference] : [])));
  const taken = new Set<string>();
  for (const part of chunks(references)) {
    for (const r of await db.selectFrom('fundingRequests').select('reference').where('reference', 'in', part).execute()) taken.add(r.reference);
  }
  // Without a reference, the same company, measure and decision day already imported means the file was imported before.
  const sirets = distinct(rows.filter((r) => !r.value.reference).map((r) => r.value.siret));
  const earlier = new Set<string>();
  for (const part of chunks(sirets)) {
    const found = await db.selectFrom('fundingRequests').select(['siret', 'measureId', 'decidedAt'])
      .where('isImported', '=', true).where('siret', 'in', part).execute();
    for (const f of found) earlier.add(`${f.siret}|${f.measureId}|${(f.decidedAt ?? '').slice(0, 10)}`);
  }

  const resolved: ImportRow[] = [];
  for (const { line, value: r } of rows) {
    let failed = false;
    const fail = (column: string, detail: string) => { failed = true; problems.add(line, column, detail); };

    const measure = measures.get(r.measureCode);
    if (!measure) fail(HEADERS.measureCode, `le dispositif « ${r.measureCode} » n’existe pas (exemple : ACTE1-CELLULE).`);
    else if (measure.kind !== 'weekly_cell') fail(HEADERS.measureCode, `le dispositif « ${r.measureCode} » ne reçoit pas de demandes de la cellule hebdomadaire.`);
    if (!knownNaf.has(r.nafCode)) fail(HEADERS.nafCode, `le code NAF ${formatNaf(r.nafCode)} n’existe pas dans la nomenclature NAF rév. 2.`);

    let trainingFundId: number | null = null;
    if (r.trainingFund) {
      trainingFundId = fundByName.get(looseKey(r.trainingFund)) ?? null;
      if (trainingFundId === null)
        fail(HEADERS.trainingFund, `« ${r.trainingFund} » n’est pas un OPCA enregistré. OPCA connus : ${funds.map((f) => `« ${f.name} »`).join(', ') || 'aucun'}.`);
    }

    if (r.reference && taken.has(r.reference))
      fail(HEADERS.reference, `la référence « ${r.reference} » existe déjà : ce fichier a-t-il déjà été importé ?`);
    if (!r.reference && measure && earlier.has(`${r.siret}|${measure.id}|${r.decisionDate}`))
      fail('', `une demande du SIRET ${r.siret} décidée le ${day(r.decisionDate)} sur ce dispositif a déjà été importée.`);

    const paid: ImportRow['paid'] = [];
    for (const { funder, label, paidKey } of PAYING_FUNDERS) {
      const cents = r[paidKey] ?? 0;
      if (cents === 0) continue;
      const kind = PAYER_KIND[funder];
      const organisationId = funder === 'OPCA' ? trainingFundId : kind ? payerOfKind(kind) ?? null : null;
      if (organisationId === null) {
        if (funder === 'OPCA') { if (!r.trainingFund) fail(HEADERS.trainingFund, 'indiquez l’OPCA de l’entreprise : c’est lui qui a versé le montant de la colonne « Versé OPCA ».'); }
        else fail(paidHeader(label), `aucune organisation n’est enregistrée pour verser la part « ${FUNDER_LABELS[funder]} ».`);
        continue;
      }
      paid.push({ funder, cents, organisationId });
    }

    if (failed || !measure) continue;
    const approved = IMPORT_FUNDERS.flatMap(({ funder, approvedKey }) => {
      const cents = r[approvedKey] ?? 0;
      return cents > 0 ? [{ funder, cents }] : [];
    });
    resolved.push({
      line, reference: r.reference, measureId: measure.id, measureCode: r.measureCode, companyName: r.companyName, siret: r.siret,
      nafCode: r.nafCode, idcc: r.idcc, headcount: r.headcount, departement: r.departement, employmentArea: r.employmentArea, trainingFundId,
      dropStart: r.dropStart, dropEnd: r.dropEnd, decisionDate: r.decisionDate, settledOn: r.settledOn, status: r.status,
      trainees: r.trainees, trainingHours: r.trainingHours, teachingCostCents: r.teachingCostCents, payCostCents: r.payCostCents,
      totalCostCents: r.teachingCostCents + r.payCostCents, approved, paid,
    });
  }
  return resolved;
}

