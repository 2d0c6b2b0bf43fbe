import type { Kysely, Transaction } from 'kysely';
import type { Schema } from '../../platform/db/schema.js';
import { MAX_REPORTED_ERRORS, readTable, rowChecker, TabularError, validateRows, type RowError, type Table } from '../../platform/tabular/index.js';
import { looseKey } from '../../platform/tabular/parsers.js';
import { FUNDER_LABELS, type Funder } from '../../programmes/funders.js';
import { formatNaf } from '../../reference/nomenclatures.js';
import { formatDateFr } from '../../shared/dates.js';
import { formatEuros } from '../../shared/money.js';
import { commitmentPlan } from './envelopes.js';
import { envelopeBalances } from '../../programmes/envelopeBalance.js';
import {
  HEADERS, IMPORT_FUNDERS, importLayout, paidHeader, PAYING_FUNDERS,
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

/** Something the user may want to know that does not stop the import (an envelope overdrawn by history). */
export interface ImportWarning { line: number; message: string }

export type ImportCheck =
  | { ok: true; rows: ImportRow[]; warnings: ImportWarning[] }
  | { ok: false; rowCount: number; errors: RowError[]; errorCount: number; truncated: boolean };

/** Collects errors in file order, keeping the count beyond what is reported. */
class Problems {
  private readonly list: RowError[] = [];
  count = 0;
  add(line: number, column: string, detail: string): void {
    this.count += 1;
    const where = column ? `Ligne ${line}, colonne « ${column} »` : `Ligne ${line}`;
    this.list.push({ line, column, message: `${where} : ${detail}` });
  }
  addAll(errors: RowError[]): void {
    this.count += errors.length;
    this.list.push(...errors);
  }
  result(rowCount: number): ImportCheck {
    // A stable sort keeps, within a line, the order of the columns then of the rules.
    const sorted = [...this.list].sort((a, b) => a.line - b.line);
    const errors = sorted.slice(0, MAX_REPORTED_ERRORS);
    return { ok: false, rowCount, errors, errorCount: this.count, truncated: this.count > errors.length };
  }
}

const day = (iso: string) => formatDateFr(iso);
const chunks = <T>(items: T[], size = 500): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * Reads, parses and checks the whole file against the database, without writing anything.
 * `envelopeWarnings: false` skips the envelope balances (a sum over every commitment of the
 * measure — half a second at national scale) when the writer computes them again anyway.
 */
export async function checkImport(db: Db, buffer: Buffer, filename: string, onRead?: () => Promise<void>, options: { envelopeWarnings?: boolean } = {}): Promise<ImportCheck> {
  let table: Table;
  try {
    table = await readTable(buffer, filename);
  } catch (error) {
    if (!(error instanceof TabularError)) throw error;
    // Line 0 stands for the file as a whole.
    return { ok: false, rowCount: 0, errors: [{ line: 0, column: '', message: error.message }], errorCount: 1, truncated: false };
  }

  await onRead?.();
  const headerCheck = validateRows(table.rows.length ? { headers: table.headers, rows: [] } : table, { ...importLayout, allowEmpty: table.rows.length > 0 });
  if (!headerCheck.ok) return { ok: false, rowCount: table.rows.length, errors: headerCheck.errors, errorCount: headerCheck.errorCount, truncated: headerCheck.truncated };

  const problems = new Problems();
  const parsed: { line: number; value: ParsedRow }[] = [];
  // One row at a time, so that a bad cell on line 3 does not hide the amounts that do not add up on line 7.
  const check = rowChecker<ParsedRow>(table.headers, importLayout);
  for (const row of table.rows) {
    const one = check(row);
    if (one.ok) parsed.push(one);
    else problems.addAll(one.errors);
  }

  for (const { line, value } of parsed) rowRules(line, value, problems);
  fileRules(parsed, problems);
  const resolved = await resolve(db, parsed, problems);

  if (problems.count > 0) return problems.result(table.rows.length);
  if (options.envelopeWarnings === false) return { ok: true, rows: resolved, warnings: [] };
  const { warnings } = commitmentPlan(resolved, await envelopeBalances(db, resolved.map((r) => r.measureId)));
  return { ok: true, rows: resolved, warnings };
}

/** Rules that need nothing but the row itself. */
function rowRules(line: number, r: ParsedRow, problems: Problems): void {
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
function fileRules(rows: { line: number; value: ParsedRow }[], problems: Problems): void {
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
async function resolve(db: Db, rows: { line: number; value: ParsedRow }[], problems: Problems): Promise<ImportRow[]> {
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

