import type { AppContext } from '../platform/http/context.js';
import { FUNDER_LABELS, type Funder } from '../programmes/funders.js';
import { EXIT_SITUATION_LABELS } from '../proContracts/rules/outcome.js';
import { TEMP_EXIT_OUTCOME_LABELS } from '../tempPathways/rules/outcome.js';
import { MASKING_THRESHOLDS, maskingThresholdOn } from './masking.js';
import { AUTOMOTIVE_DIVISION, companiesByArea, companiesBySector, companiesBySize, monthlyTrends, moneyByFunder, processingTimes, resolveScope, undescribedTrainees, targetFigures, type GroupCount, type Scope, type TargetFigure } from './steeringQueries.js';
import { describeFilters, type SteeringFilters } from './steeringFilters.js';
import { percentOf, protectRows, type RawRow, type SteeringColumn, type SteeringTable } from './steeringTable.js';
import { AGE_BANDS, ISCED_GROUPS, SIZE_CLASSES } from './statistics.js';
import { COARSE_AGE_GROUPS, hideAlong, viewSecrecy, WITHHELD_NOTE, type Population, type Secrecy } from './secrecyViews.js';
import { ALL } from './secrecyCube.js';
import { factsState } from './factUpdates.js';
import { EMPLOYMENT_AREA_ZONING, employmentAreaLabel } from '../shared/employmentAreas.js';

/**
 * The dashboard of the plenary conference: targets against results, then one table per
 * question the partners ask. Built from the queries, protected by the secrecy rule, and
 * the same object feeds the web page, the exports and the PDF report.
 */
/** A target and its result; a hidden result is null everywhere, never sent. */
export interface Kpi extends Omit<TargetFigure, 'achieved'> { achieved: number | null; achievedShown: number | null; masked: boolean; percent: number | null }
export interface Dashboard {
  generatedAt: string;
  filters: SteeringFilters;
  filterLines: string[];
  privacy: { threshold: number; validFrom: string; rule: string };
  kpis: Kpi[];
  automotive: { companies: number; share: number | null };
  processing: { count: number; medianDays: number | null; p90Days: number | null; method: string };
  tables: SteeringTable[];
  notes: string[];
}

export const TABLE_IDS = [
  'targets', 'money', 'companiesBySize', 'companiesBySection', 'companiesByDivision', 'territory', 'territoryByArea', 'companiesByArea',
  'peopleBySex', 'peopleByAgeFse2007', 'peopleByAgeFse2014', 'peopleBySituation', 'peopleByQualification',
  'trends', 'processing', 'outcomes',
] as const;
export type TableId = (typeof TABLE_IDS)[number];

const SEX_LABELS: Record<string, string> = { F: 'Femmes', M: 'Hommes' };
const SITUATION_LABELS: Record<string, string> = {
  employed: 'En emploi (salarié)', job_seeker: 'Demandeur d’emploi', other: 'Autre (ni salarié ni demandeur d’emploi)', unknown: 'Non renseignée',
};
const SIZE_LABELS: Record<string, string> = { ...Object.fromEntries(SIZE_CLASSES.map((s) => [s.key, s.label])), unknown: 'Effectif non renseigné' };

export const PRIVACY_RULE = 'Toute case comptant moins de 5 personnes est masquée ; d’autres cases le sont aussi, choisies pour qu’aucune '
  + 'combinaison des vues publiées (ensemble, programmes, dispositifs, départements), de leurs tableaux et de leurs totaux ne permette '
  + 'de retrouver une case masquée par différence. Les effectifs de personnes ne sont publiés qu’à ces niveaux, sur toute la période.';

const PROCESSING_METHOD = 'Jours calendaires entre le dépôt et la décision de la cellule ; médiane et 90e centile au rang le plus proche '
  + '(la valeur d’un dossier réel), calculés par la base sur les dossiers décidés de la sélection.';


const column = (key: string, label: string, unit: SteeringColumn['unit']): SteeringColumn => ({ key, label, unit });
const PEOPLE = (label = 'Personnes') => column('people', label, 'people');

/** Raw counts summed, no cell hidden yet: the cubes decide (secrecyViews.ts). */
const UNPROTECTED = { threshold: 0, people: [] };
const unknownAs = (key: string) => (key === 'unknown' ? '?' : key);

const withheldBy = (secrecy: Secrecy) => (secrecy.level ? {} : { withheld: 'Non publié pour cette sélection : choisissez l’ensemble, un programme, un dispositif ou un département, sans autre filtre (secret statistique).' });

/** A table of people read from the people cube: each row its cell, null where hidden (or withheld by the view). */
function cubeTable(id: TableId, title: string, dimension: string, rows: readonly { key: string; label: string }[], figure: (key: string) => number | null, secrecy: Secrecy, notes: string[] = []): SteeringTable {
  const row = (key: string, label: string, value: number | null) => ({ key, label, values: { people: value }, masked: value === null ? ['people'] : [] });
  return {
    id, title, dimension, columns: [PEOPLE()], chart: { kind: 'bars', columns: ['people'] }, notes, ...withheldBy(secrecy),
    rows: rows.map((r) => row(r.key, r.label, figure(r.key))),
    total: row('total', 'Total', secrecy.figure('people', ALL, ALL)),
  };
}
const rowOf = (secrecy: Secrecy, population: Population, table: string, key: (k: string) => string = (k) => k) => (k: string) => secrecy.hidden(population, table, key(k));

const COMPANY_COLUMNS = [column('companies', 'Entreprises aidées', 'companies'), column('people', 'Salariés formés', 'people'), column('hours', 'Heures de formation', 'hours')];

/** Helped companies by one dimension; companies are not people and are never masked, their trained employees (and hours) are. */
function companyTable(id: TableId, title: string, dimension: string, groups: (GroupCount & { label: string })[], hiddenRow: (key: string) => boolean, secrecy: Secrecy, notes: string[]): SteeringTable {
  const raw = groups.map((g) => ({ key: g.key, label: g.label, values: { companies: g.companies, people: g.employees, hours: g.hours } }));
  const { rows, total } = protectRows(raw, COMPANY_COLUMNS, UNPROTECTED);
  return hideAlong({ id, title, dimension, columns: COMPANY_COLUMNS, rows, total, chart: { kind: 'bars', columns: ['companies'] }, notes }, hiddenRow, secrecy.hidden('trainees', ALL, ALL), 'people', ['hours']);
}

function moneyTable(money: Awaited<ReturnType<typeof moneyByFunder>>, threshold: number): SteeringTable {
  const columns = [column('envelope', 'Enveloppe', 'cents'), column('committed', 'Engagé (net des dégagements)', 'cents'), column('paid', 'Versé', 'cents'), column('remaining', 'Reste à engager', 'cents')];
  const raw: RawRow[] = money.map((m) => ({ key: m.funder, label: m.label, values: { envelope: m.envelopeCents, committed: m.committedCents, paid: m.paidCents, remaining: m.envelopeCents - m.committedCents } }));
  const { rows, total } = protectRows(raw, columns, { threshold, people: [] });
  return { id: 'money', title: 'Argent par financeur', dimension: 'Financeur', columns, rows, total, chart: { kind: 'bars', columns: ['envelope', 'committed', 'paid'] },
    notes: ['Montants en euros. Engagé = engagements des séances moins les montants dégagés au solde ; pour l’Acte II, lignes de financement des parcours et prise en charge OPCA des contrats.'] };
}

function trendsTable(months: Awaited<ReturnType<typeof monthlyTrends>>, threshold: number): SteeringTable {
  const columns = [column('submitted', 'Demandes déposées', 'requests'), column('decided', 'Demandes décidées', 'requests'), column('committed', 'Montants engagés', 'cents')];
  const { rows, total } = protectRows(months.map((m) => ({ key: m.month, label: monthLabel(m.month), values: { submitted: m.submitted, decided: m.decided, committed: m.committedCents } })), columns, { threshold, people: [] });
  return { id: 'trends', title: 'Tendances mensuelles', dimension: 'Mois', columns, rows, total, chart: { kind: 'lines', columns: ['submitted', 'decided'] },
    notes: ['Les montants engagés sont datés du mois de la décision. L’historique importé de l’Acte I ne porte pas de date de dépôt : ses demandes n’apparaissent que parmi les décisions.'] };
}

function outcomesTable(secrecy: Secrecy): SteeringTable {
  const labels: Record<string, string> = { ...EXIT_SITUATION_LABELS, ...TEMP_EXIT_OUTCOME_LABELS };
  const POPULATIONS = ['contractsExit', 'contracts6m', 'pathwaysExit'] as const;
  const keys = [...new Set([...Object.keys(EXIT_SITUATION_LABELS), ...Object.keys(TEMP_EXIT_OUTCOME_LABELS), ...POPULATIONS.flatMap((p) => secrecy.rowsWithPeople(p, 'situation'))])];
  const columns = [column('contractsExit', 'Contrats — à la sortie', 'people'), column('contracts6m', 'Contrats — 6 mois après', 'people'), column('pathwaysExit', 'Parcours intérimaires — à la sortie', 'people')];
  // Each column is its own population, with its own cube.
  const row = (key: string, label: string, figure: (p: (typeof POPULATIONS)[number]) => number | null) => {
    const values = Object.fromEntries(POPULATIONS.map((p) => [p, figure(p)]));
    return { key, label, values, masked: POPULATIONS.filter((p) => values[p] === null) as string[] };
  };
  return {
    id: 'outcomes', title: 'Suites de parcours : situation à la sortie et 6 mois après', dimension: 'Situation', columns,
    rows: keys.map((k) => row(k, labels[k] ?? k, (p) => secrecy.figure(p, 'situation', k))),
    total: row('total', 'Total', (p) => secrecy.figure(p, ALL, ALL)),
    chart: { kind: 'bars', columns: ['contractsExit', 'contracts6m', 'pathwaysExit'] },
    notes: ['Contrats de professionnalisation et parcours intérimaires dont la sortie est renseignée.'], ...withheldBy(secrecy),
  };
}

export async function buildDashboard(ctx: AppContext, filters: SteeringFilters): Promise<Dashboard> {
  const { db } = ctx.database;
  const now = ctx.clock.now();
  const threshold = maskingThresholdOn(now.toISOString().slice(0, 10));
  const scope: Scope = await resolveScope(db, filters);
  const secrecy = await viewSecrecy(ctx.database, filters, threshold, (await factsState(db)).peopleVersion);
  const tables: SteeringTable[] = [];

  const kpis: Kpi[] = (await targetFigures(db, scope)).map((t) => {
    const masked = t.achieved !== 0 && kpiHidden(secrecy, t);
    return { ...t, masked, achieved: masked ? null : t.achieved, achievedShown: masked ? null : t.achieved, percent: masked ? null : percentOf(t.achieved, t.target) };
  });
  tables.push({
    id: 'targets', title: 'Objectifs et réalisations', dimension: 'Indicateur',
    columns: [column('target', 'Objectif', 'count'), column('achieved', 'Réalisé', 'count'), column('percent', 'Taux de réalisation (%)', 'percent')],
    rows: kpis.map((k) => ({ key: `${k.measureCode}:${k.indicator}`, label: `${k.label} (${k.measureCode})`, values: { target: k.target, achieved: k.achievedShown, percent: k.percent }, masked: k.masked ? ['achieved', 'percent'] : [] })),
    total: null, chart: { kind: 'bars', columns: ['percent'] }, notes: [],
  });
  tables.push(moneyTable(await moneyByFunder(db, scope), threshold));

  const bySize = (await companiesBySize(db, scope)).map((g) => ({ ...g, label: SIZE_LABELS[g.key] ?? g.key }))
    .sort((a, b) => order(Object.keys(SIZE_LABELS), a.key) - order(Object.keys(SIZE_LABELS), b.key));
  tables.push(companyTable('companiesBySize', 'Entreprises aidées par taille', 'Taille', bySize, rowOf(secrecy, 'trainees', 'size'), secrecy,
    ['Taille d’après l’effectif déclaré dans la demande : TPE < 10, PME < 250, ETI < 5 000, GE au-delà.']));
  const bySection = (await companiesBySector(db, scope, 'section')).sort((a, b) => a.key.localeCompare(b.key));
  tables.push(companyTable('companiesBySection', 'Entreprises aidées par section NAF', 'Section NAF', bySection, rowOf(secrecy, 'trainees', 'sector', (k) => `s:${k}`), secrecy, []));
  const byDivision = await companiesBySector(db, scope, 'division');
  const auto = byDivision.find((g) => g.key === AUTOMOTIVE_DIVISION);
  const automotive = { companies: auto?.companies ?? 0, share: percentOf(auto?.companies ?? 0, byDivision.reduce((s, g) => s + g.companies, 0)) };
  tables.push(companyTable('companiesByDivision', 'Entreprises aidées par division NAF', 'Division NAF',
    byDivision.sort((a, b) => b.companies - a.companies || a.key.localeCompare(b.key)), rowOf(secrecy, 'trainees', 'sector', (k) => `d:${k}`), secrecy,
    [`Industrie automobile (division 29) : ${automotive.companies} entreprise(s), ${automotive.share ?? 0} % des entreprises aidées — à suivre pour la diversification hors « tout auto ».`]));
  tables.push(companyTable('companiesByArea', 'Entreprises aidées par zone d’emploi', 'Zone d’emploi', byArea(await companiesByArea(db, scope)), rowOf(secrecy, 'trainees', 'area', unknownAs), secrecy,
    [`${EMPLOYMENT_AREA_ZONING}, d’après la zone de l’établissement indiquée dans la demande.`]));

  // Figures of people come from the cubes, already protected: no grouped read of people per view.
  const people = (table: string) => (key: string) => secrecy.figure('people', table, key);
  const perDep = secrecy.rowsWithPeople('people', ALL).sort()
    .map((d) => ({ key: d === '?' ? 'unknown' : d, label: d === '?' ? 'Non renseigné' : `Département ${d}` }));
  const perArea = byArea(secrecy.rowsWithPeople('people', 'area').map((key) => ({ key })));
  const peopleTables = [
    cubeTable('territory', 'Personnes touchées par département', 'Département', perDep, (k) => secrecy.figureInDepartement('people', unknownAs(k)), secrecy),
    cubeTable('territoryByArea', 'Personnes touchées par zone d’emploi', 'Zone d’emploi', perArea, (k) => people('area')(unknownAs(k)), secrecy,
      [`${EMPLOYMENT_AREA_ZONING}. Zone de l’établissement pour les demandes de la cellule, de l’entreprise ou de l’agence d’intérim pour l’Acte II ; « Non renseignée » quand le dossier ne la donne pas.`]),
    cubeTable('peopleBySex', 'Personnes touchées par sexe', 'Sexe', ['F', 'M'].map((k) => ({ key: k, label: SEX_LABELS[k] })), people('sex'), secrecy),
    cubeTable('peopleByAgeFse2007', 'Âge à l’entrée — tranches FSE 2007–2013', 'Tranche d’âge', AGE_BANDS.fse2007, people('age'), secrecy),
    // Unions of the bands above: cells of the same cube, so neither table gives the other's hidden bands back.
    cubeTable('peopleByAgeFse2014', 'Âge à l’entrée — tranches FSE 2014–2020', 'Tranche d’âge', COARSE_AGE_GROUPS, (k) => people('age')(`c:${k}`), secrecy),
    cubeTable('peopleBySituation', 'Situation à l’entrée', 'Situation', Object.keys(SITUATION_LABELS).map((k) => ({ key: k, label: SITUATION_LABELS[k] })), people('situation'), secrecy),
    cubeTable('peopleByQualification', 'Niveau de qualification à l’entrée (CITE)', 'Niveau', [...ISCED_GROUPS, { key: 'unknown', label: 'Non renseigné' }], people('level'), secrecy),
  ];
  if (await undescribedTrainees(db, scope) > 0) {
    // Not their number: with the trainees of the companies tables it would give the described people by difference.
    const note = 'Une partie des salariés formés ne sont connus qu’en nombre (historique importé de l’Acte I, sans fiche par personne) : ils sont comptés dans les objectifs et les entreprises, pas dans cette répartition.';
    for (const table of peopleTables) table.notes.push(note);
  }
  tables.push(...peopleTables);

  tables.push(trendsTable(await monthlyTrends(db, scope), threshold));
  const times = await processingTimes(db, scope);
  tables.push({
    id: 'processing', title: 'Délais d’instruction (du dépôt à la décision)', dimension: 'Mesure',
    columns: [column('count', 'Dossiers décidés', 'requests'), column('median', 'Médiane (jours)', 'days'), column('p90', '90e centile (jours)', 'days')],
    rows: [{ key: 'all', label: 'Demandes de la cellule', values: { count: times.count, median: times.medianDays, p90: times.p90Days }, masked: [] }],
    total: null, chart: { kind: 'none', columns: [] }, notes: [PROCESSING_METHOD],
  });
  tables.push(outcomesTable(secrecy));

  const funderLabel = filters.funder ? FUNDER_LABELS[filters.funder as Funder] : undefined;
  return {
    generatedAt: now.toISOString(), filters,
    filterLines: describeFilters(filters, { funder: funderLabel }),
    privacy: { threshold, validFrom: MASKING_THRESHOLDS[0].validFrom, rule: PRIVACY_RULE },
    kpis, automotive,
    processing: { ...times, method: PROCESSING_METHOD },
    tables, notes: secrecy.level ? scope.notes : [...scope.notes, WITHHELD_NOTE],
  };
}

/** A target's achieved figure counts people (or their hours): hidden as its cell of the cube is. */
function kpiHidden(secrecy: Secrecy, t: TargetFigure): boolean {
  switch (t.indicator) {
    case 'companies': return false;
    case 'employees': case 'hours': return secrecy.hiddenForMeasure('trainees', t.measureId);
    case 'reserved_pairs': return secrecy.hiddenForMeasure('people', t.measureId, 'reserved', '1');
    default: return t.unit !== 'companies' && secrecy.hiddenForMeasure('people', t.measureId);
  }
}

/** Employment areas by name, « Non renseignée » last. */
function byArea<T extends { key: string }>(rows: T[]): (T & { label: string })[] {
  return rows.map((r) => (r.key === '?' ? { ...r, key: 'unknown', label: 'Non renseignée' } : { ...r, label: employmentAreaLabel(r.key) }))
    .sort((a, b) => (a.key === 'unknown' ? 1 : b.key === 'unknown' ? -1 : a.label.localeCompare(b.label, 'fr')));
}

const order = (keys: string[], key: string) => { const i = keys.indexOf(key); return i < 0 ? 99 : i; };
const MONTHS = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];
export const monthLabel = (month: string) => `${MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
