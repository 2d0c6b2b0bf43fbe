import type { Transaction } from 'kysely';
import type { Schema } from '../../platform/db/schema.js';
import { parsers, type CellParser } from '../../platform/tabular/index.js';
import { parseBmoCount, sumCounts, type BmoCount } from '../rules/bmoValues.js';
import { areaOf, cantonOf, TERRITORY_DEPARTEMENTS } from '../territory.js';
import { fapVersionFor } from '../jobs.js';
import type { DatasetColumn } from './headers.js';
import type { LineProblems } from '../../platform/imports/lineProblems.js';

/**
 * The data sets the observatory imports, each in its published layout. A dataset says which
 * columns it reads (with the headers they carried over the years), how a checked line becomes a
 * record (or is outside the territory), how records of one cell combine, and what a new file
 * replaces: the years it covers, so that importing a year again corrects it.
 */
export interface Dataset<R> {
  key: DatasetKey;
  label: string;
  /** « 1 234 lignes » → what was kept, for the messages; feminine unless told. */
  noun: { one: string; many: string };
  feminine?: boolean;
  columns: readonly DatasetColumn[];
  record(value: Record<string, any>, line: number, filename: string, problems: LineProblems): R | 'outside' | null;
  combine(records: { line: number; record: R }[], problems: LineProblems): R[];
  years(records: readonly R[]): number[];
  masked(records: readonly R[]): number;
  write(trx: Transaction<Schema>, records: readonly R[], importId: number): Promise<void>;
}

export const DATASET_KEYS = ['bmo', 'market', 'mobility', 'permits', 'residents', 'crosswalk'] as const;
export type DatasetKey = (typeof DATASET_KEYS)[number];

const year: CellParser<number> = parsers.integer({ min: 2000, max: 2100 }) as CellParser<number>;
const count: CellParser<number | null> = (raw) => {
  const p = parseBmoCount(raw);
  return p.ok ? { ok: true, value: p.count.value } : { ok: false, message: p.message };
};
const bmoCount: CellParser<BmoCount> = (raw) => {
  const p = parseBmoCount(raw);
  return p.ok ? { ok: true, value: p.count } : { ok: false, message: p.message };
};
const code = (pattern: RegExp, what: string): CellParser<string> => (raw) => {
  const v = raw.trim().toUpperCase();
  return pattern.test(v) ? { ok: true, value: v } : { ok: false, message: `« ${raw} » n’est pas ${what}.` };
};
const romeCode = code(/^[A-N]\d{4}$/, 'un code ROME (une lettre et quatre chiffres, par exemple H2903)');
const fapCode = code(/^[A-Z0-9]{3,6}$/, 'un code métier BMO ou FAP (par exemple H0Z91)');
const label = parsers.text({ maxLength: 300 }) as CellParser<string>;
const departement = code(/^(\d{2}|2A|2B|\d{3})$/, 'un code de département');
const ROWS = (column: string, ...aliases: (string | RegExp)[]) => [column, ...aliases];

const yearFromFilename = (filename: string) => {
  const m = /(20\d{2})/.exec(filename);
  return m ? Number(m[1]) : null;
};
const distinctYears = (records: readonly { year: number }[]) => [...new Set(records.map((r) => r.year))].sort();

/** Records of one cell keyed by `keyOf`; a cell repeated where it may not be is an error on its second line. */
function uniqueBy<R>(records: { line: number; record: R }[], keyOf: (r: R) => string, problems: LineProblems, what: string): R[] {
  const seen = new Map<string, number>();
  const out: R[] = [];
  for (const { line, record } of records) {
    const k = keyOf(record);
    const first = seen.get(k);
    if (first !== undefined) { problems.add(line, '', `${what} figure déjà ligne ${first}.`); continue; }
    seen.set(k, line);
    out.push(record);
  }
  return out;
}

export interface BmoRecord {
  year: number; areaCode: string; fapVersion: string; fapCode: string; fapLabel: string;
  projects: BmoCount; difficult: BmoCount; seasonal: BmoCount;
}

export const bmoDataset: Dataset<BmoRecord> = {
  key: 'bmo', label: 'Enquête Besoins en main-d’œuvre (BMO)', noun: { one: 'cellule bassin × métier', many: 'cellules bassin × métier' },
  columns: [
    { key: 'year', label: 'annee', aliases: ROWS('annee', 'année', 'annee_enquete'), required: false, parse: year },
    { key: 'fapCode', label: 'Code métier BMO', aliases: ROWS('Code métier BMO', 'code_metier_bmo', 'code métier', 'metier', 'code_fap'), required: true, parse: fapCode },
    { key: 'fapLabel', label: 'Nom métier BMO', aliases: ROWS('Nom métier BMO', 'nom_metier_bmo', 'nommetier', 'libellé métier', 'lib_metier', 'nom métier'), required: true, parse: label },
    { key: 'departement', label: 'Dept', aliases: ROWS('Dept', 'departement', 'département', 'dep', 'code_dept'), required: false, parse: departement },
    { key: 'bassinCode', label: 'BE25', aliases: [/^BE\d{2}$/i, 'code_bassin', 'code bassin BMO', 'bassin_code'], required: false, parse: parsers.text({ maxLength: 20 }) },
    { key: 'bassinLabel', label: 'NOMBE25', aliases: [/^NOMBE\d{2}$/i, 'nom_bassin', 'nom bassin BMO', 'lib_bassin', 'bassin', 'nom_be'], required: true, parse: label },
    { key: 'projects', label: 'met', aliases: ['met', 'projets', 'nb_projets'], required: true, parse: bmoCount },
    { key: 'difficult', label: 'xmet', aliases: ['xmet', 'projets_difficiles', 'difficiles'], required: true, parse: bmoCount },
    { key: 'seasonal', label: 'smet', aliases: ['smet', 'projets_saisonniers', 'saisonniers'], required: true, parse: bmoCount },
  ],
  record(v, line, filename, problems) {
    if (v.departement && !TERRITORY_DEPARTEMENTS.includes(v.departement)) return 'outside';
    const area = areaOf(v.bassinLabel);
    if (!area) return 'outside';
    const y = v.year ?? yearFromFilename(filename);
    if (y === null) { problems.add(line, 'annee', 'l’année manque : ajoutez la colonne « annee » ou mettez l’année dans le nom du fichier.'); return null; }
    return { year: y, areaCode: area.code, fapVersion: fapVersionFor(y), fapCode: v.fapCode, fapLabel: v.fapLabel, projects: v.projects, difficult: v.difficult, seasonal: v.seasonal };
  },
  combine(records) {
    // A bassin spanning two départements appears once per département, and several bassins form one area: their counts add up.
    const cells = new Map<string, BmoRecord[]>();
    for (const { record } of records) {
      const k = `${record.year}|${record.areaCode}|${record.fapCode}`;
      cells.set(k, [...(cells.get(k) ?? []), record]);
    }
    return [...cells.values()].map((parts) => ({
      ...parts[0],
      projects: sumCounts(parts.map((p) => p.projects)), difficult: sumCounts(parts.map((p) => p.difficult)), seasonal: sumCounts(parts.map((p) => p.seasonal)),
    }));
  },
  years: distinctYears,
  masked: (records) => records.reduce((s, r) => s + [r.projects, r.difficult, r.seasonal].filter((c) => c.masked).length, 0),
  async write(trx, records, importId) {
    const years = distinctYears(records);
    if (years.length) await trx.deleteFrom('observatoryBmo').where('year', 'in', years).execute();
    for (let i = 0; i < records.length; i += 500) {
      await trx.insertInto('observatoryBmo').values(records.slice(i, i + 500).map((r) => ({
        year: r.year, areaCode: r.areaCode, fapVersion: r.fapVersion, fapCode: r.fapCode, fapLabel: r.fapLabel,
        projects: r.projects.value, projectsMasked: r.projects.masked, difficult: r.difficult.value, difficultMasked: r.difficult.masked,
        seasonal: r.seasonal.value, seasonalMasked: r.seasonal.masked, importId,
      }))).execute();
    }
  },
};

export interface MarketRecord { year: number; areaCode: string; romeCode: string; offers: number | null; seekersA: number | null; seekersAbc: number | null; exitsAbc: number | null; employment: number | null }

const areaColumn: DatasetColumn = { key: 'area', label: 'zone_emploi', aliases: ['zone_emploi', 'zone d’emploi', 'zone emploi', 'ze', 'libze', 'bassin'], required: true, parse: label };

export const marketDataset: Dataset<MarketRecord> = {
  key: 'market', label: 'Demandeurs d’emploi et offres par métier et zone d’emploi', noun: { one: 'cellule zone × métier', many: 'cellules zone × métier' },
  columns: [
    { key: 'year', label: 'annee', aliases: ['annee', 'année'], required: true, parse: year },
    areaColumn,
    { key: 'romeCode', label: 'code_rome', aliases: ['code_rome', 'rome', 'code rome'], required: true, parse: romeCode },
    { key: 'offers', label: 'offres', aliases: ['offres', 'offres_collectees', 'oee'], required: true, parse: count },
    { key: 'seekersA', label: 'demandeurs_a', aliases: ['demandeurs_a', 'defm_a', 'dee_a', 'demandeurs_cat_a'], required: true, parse: count },
    { key: 'seekersAbc', label: 'demandeurs_abc', aliases: ['demandeurs_abc', 'defm_abc'], required: false, parse: count },
    { key: 'exitsAbc', label: 'sorties_abc', aliases: ['sorties_abc', 'sorties'], required: false, parse: count },
    { key: 'employment', label: 'emploi', aliases: ['emploi', 'emploi_moyen', 'effectifs'], required: false, parse: count },
  ],
  record(v) {
    const area = areaOf(v.area);
    if (!area) return 'outside';
    return { year: v.year, areaCode: area.code, romeCode: v.romeCode, offers: v.offers, seekersA: v.seekersA, seekersAbc: v.seekersAbc, exitsAbc: v.exitsAbc, employment: v.employment };
  },
  combine: (records, problems) => uniqueBy(records, (r) => `${r.year}|${r.areaCode}|${r.romeCode}`, problems, 'Ce métier, cette zone et cette année'),
  years: distinctYears,
  masked: (records) => records.reduce((s, r) => s + (r.offers === null ? 1 : 0) + (r.seekersA === null ? 1 : 0), 0),
  async write(trx, records, importId) {
    const years = distinctYears(records);
    if (years.length) await trx.deleteFrom('observatoryMarket').where('year', 'in', years).execute();
    for (let i = 0; i < records.length; i += 500) await trx.insertInto('observatoryMarket').values(records.slice(i, i + 500).map((r) => ({ ...r, importId }))).execute();
  },
};

export interface MobilityRecord { romeCode: string; targetRomeCode: string; kind: 1 | 2; rank: number }

export const mobilityDataset: Dataset<MobilityRecord> = {
  key: 'mobility', label: 'Mobilités professionnelles du ROME', noun: { one: 'mobilité', many: 'mobilités' },
  columns: [
    { key: 'romeCode', label: 'code_rome', aliases: ['code_rome', 'code_ogr_rome'], required: true, parse: romeCode },
    { key: 'targetRomeCode', label: 'code_rome_cible', aliases: ['code_rome_cible'], required: true, parse: romeCode },
    { key: 'kind', label: 'code_type_mobilite', aliases: ['code_type_mobilite', 'type_mobilite'], required: true, parse: parsers.integer({ min: 1, max: 2 }) },
    { key: 'rank', label: 'numero_ordre', aliases: ['numero_ordre', 'ordre'], required: false, parse: parsers.integer({ min: 0, max: 10_000 }) },
  ],
  record: (v) => ({ romeCode: v.romeCode, targetRomeCode: v.targetRomeCode, kind: v.kind as 1 | 2, rank: v.rank ?? 0 }),
  combine(records) {
    // One move per appellation pair in the file: the job-to-job move keeps its best rank.
    const moves = new Map<string, MobilityRecord>();
    for (const { record } of records) {
      if (record.romeCode === record.targetRomeCode) continue;
      const k = `${record.romeCode}|${record.targetRomeCode}|${record.kind}`;
      const had = moves.get(k);
      if (!had || record.rank < had.rank) moves.set(k, record);
    }
    return [...moves.values()];
  },
  years: () => [],
  masked: () => 0,
  async write(trx, records, importId) {
    // The ROME is published whole: a new file replaces the previous one.
    await trx.deleteFrom('observatoryMobility').execute();
    for (let i = 0; i < records.length; i += 500) await trx.insertInto('observatoryMobility').values(records.slice(i, i + 500).map((r) => ({ ...r, importId }))).execute();
  },
};

export interface PermitRecord { year: number; quarter: number; canton: string; workers: number }

const quarter: CellParser<number> = (raw) => {
  const m = /^(?:\d{4}\s*)?[TQ]?([1-4])$/i.exec(raw.trim());
  return m ? { ok: true, value: Number(m[1]) } : { ok: false, message: `« ${raw} » n’est pas un trimestre (1 à 4, ou T1 à T4).` };
};
const canton: CellParser<string> = (raw) => {
  const c = cantonOf(raw);
  return c ? { ok: true, value: c } : { ok: false, message: `« ${raw} » n’est pas un canton suisse connu (code à deux lettres, par exemple VD, ou nom).` };
};

export const permitsDataset: Dataset<PermitRecord> = {
  key: 'permits', label: 'Frontaliers titulaires d’un permis G (OFS)', noun: { one: 'trimestre × canton', many: 'trimestres × cantons' }, feminine: false,
  columns: [
    { key: 'year', label: 'annee', aliases: ['annee', 'année', 'jahr'], required: true, parse: year },
    { key: 'quarter', label: 'trimestre', aliases: ['trimestre', 'quartal', 'quarter'], required: true, parse: quarter },
    { key: 'canton', label: 'canton', aliases: ['canton', 'canton_de_travail', 'kanton'], required: true, parse: canton },
    { key: 'workers', label: 'frontaliers', aliases: ['frontaliers', 'frontaliers_permis_g', 'effectif', 'grenzganger'], required: true, parse: parsers.integer({ min: 0, max: 10_000_000 }) },
  ],
  record: (v) => ({ year: v.year, quarter: v.quarter, canton: v.canton, workers: v.workers }),
  combine: (records, problems) => uniqueBy(records, (r) => `${r.year}|${r.quarter}|${r.canton}`, problems, 'Ce trimestre et ce canton'),
  years: distinctYears,
  masked: () => 0,
  async write(trx, records, importId) {
    const years = distinctYears(records);
    if (years.length) await trx.deleteFrom('observatoryPermits').where('year', 'in', years).execute();
    if (records.length) await trx.insertInto('observatoryPermits').values(records.map((r) => ({ ...r, importId }))).execute();
  },
};

export interface ResidentRecord { year: number; areaCode: string; workingInSwitzerland: number; labourForce: number | null }

export const residentsDataset: Dataset<ResidentRecord> = {
  key: 'residents', label: 'Résidents travaillant en Suisse par zone d’emploi (Insee)', noun: { one: 'zone × année', many: 'zones × années' },
  columns: [
    { key: 'year', label: 'annee', aliases: ['annee', 'année'], required: true, parse: year },
    areaColumn,
    { key: 'workingInSwitzerland', label: 'travaillant_en_suisse', aliases: ['travaillant_en_suisse', 'actifs_en_suisse', 'navetteurs_suisse'], required: true, parse: parsers.integer({ min: 0, max: 10_000_000 }) },
    { key: 'labourForce', label: 'actifs_residents', aliases: ['actifs_residents', 'actifs_occupes', 'actifs'], required: false, parse: parsers.integer({ min: 0, max: 100_000_000 }) },
  ],
  record(v) {
    const area = areaOf(v.area);
    return area ? { year: v.year, areaCode: area.code, workingInSwitzerland: v.workingInSwitzerland, labourForce: v.labourForce } : 'outside';
  },
  combine: (records, problems) => uniqueBy(records, (r) => `${r.year}|${r.areaCode}`, problems, 'Cette zone et cette année'),
  years: distinctYears,
  masked: () => 0,
  async write(trx, records, importId) {
    const years = distinctYears(records);
    if (years.length) await trx.deleteFrom('observatoryBorderResidents').where('year', 'in', years).execute();
    if (records.length) await trx.insertInto('observatoryBorderResidents').values(records.map((r) => ({ ...r, importId }))).execute();
  },
};

export interface CrosswalkRecord { fapVersion: string; fapCode: string; romeCode: string }

export const crosswalkDataset: Dataset<CrosswalkRecord> = {
  key: 'crosswalk', label: 'Table de passage FAP ↔ ROME', noun: { one: 'correspondance', many: 'correspondances' },
  columns: [
    { key: 'fapVersion', label: 'version_fap', aliases: ['version_fap', 'nomenclature', 'version'], required: true, parse: (raw) => (/^(2009|2021)$/.test(raw.trim()) ? { ok: true, value: raw.trim() } : { ok: false, message: `« ${raw} » : la version de la FAP est 2009 ou 2021.` }) },
    { key: 'fapCode', label: 'code_fap', aliases: ['code_fap', 'fap', 'Code métier BMO'], required: true, parse: fapCode },
    { key: 'romeCode', label: 'code_rome', aliases: ['code_rome', 'rome'], required: true, parse: romeCode },
  ],
  record: (v) => ({ fapVersion: v.fapVersion, fapCode: v.fapCode, romeCode: v.romeCode }),
  combine: (records, problems) => uniqueBy(records, (r) => `${r.fapVersion}|${r.fapCode}|${r.romeCode}`, problems, 'Cette correspondance'),
  years: () => [],
  masked: () => 0,
  async write(trx, records) {
    const versions = [...new Set(records.map((r) => r.fapVersion))];
    if (versions.length) await trx.deleteFrom('observatoryCrosswalk').where('fapVersion', 'in', versions).execute();
    for (let i = 0; i < records.length; i += 500) await trx.insertInto('observatoryCrosswalk').values(records.slice(i, i + 500)).execute();
  },
};

export const DATASETS: Record<DatasetKey, Dataset<any>> = {
  bmo: bmoDataset, market: marketDataset, mobility: mobilityDataset, permits: permitsDataset, residents: residentsDataset, crosswalk: crosswalkDataset,
};
