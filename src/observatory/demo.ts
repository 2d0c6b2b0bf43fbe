import type { AppContext } from '../platform/http/context.js';
import { runAction } from '../platform/actions/runAction.js';
import type { Actor } from '../platform/identity/roles.js';
import { runFileImport } from '../platform/imports/engine.js';
import { addDiagnosticPoint, addWatchItem } from './actions.js';
import { datasetImport } from './import/observatoryImport.js';
import { DATASETS, type DatasetKey } from './import/datasets.js';
import { evaluateAlerts } from './alerts.js';

/**
 * The demo data set of the observatory: données synthétiques, generated, plausible for
 * Franche-Comté, written in the official layouts and loaded through the same imports as the
 * real files (so the BMO files of the demo change their bassin columns from BE10 to BE13, have
 * a bassin spanning two départements, secret « * » counts and a row outside the territory).
 * Nothing here is a published figure.
 */
export const SYNTHETIC_LABEL = 'données synthétiques';
export const DEMO_YEARS = [2010, 2011, 2012, 2013];

/** A deterministic generator (mulberry32), seeded by a text, so the demo is the same on every machine. */
function random(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 3432918353), h = (h << 13) | (h >>> 19);
  let a = h >>> 0;
  return () => {
    a |= 0; a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Every job below is mapped to its ROME codes by the job tension file's FAP 2009 crosswalk, loaded by migration.
interface DemoJob { fap: string; label: string; romes: string[]; base: number; difficult: number; seasonal: number; trend: number; industry: boolean }
/** FAP 2009 families (labels of the job tension file) with the ROME jobs the crosswalk gives them. */
const JOBS: DemoJob[] = [
  { fap: 'D4Z40', label: 'Monteurs, ajusteurs et autres ouvriers qualifiés de la mécanique', romes: ['H2909', 'H2901'], base: 40, difficult: 0.55, seasonal: 0.03, trend: 0.04, industry: true },
  { fap: 'D3Z20', label: 'Ouvriers non qualifiés métallerie, serrurerie, montage', romes: ['H2913', 'I1606'], base: 35, difficult: 0.45, seasonal: 0.05, trend: 0.02, industry: true },
  { fap: 'D0Z20', label: 'Ouvriers non qualifiés travaillant par enlèvement ou formage de métal', romes: ['H2903', 'H2906', 'H2902', 'H2904', 'H2905'], base: 45, difficult: 0.5, seasonal: 0.04, trend: 0.05, industry: true },
  { fap: 'D1Z40', label: 'Régleurs', romes: ['H2912'], base: 14, difficult: 0.8, seasonal: 0.01, trend: 0.03, industry: true },
  { fap: 'D2Z42', label: 'Soudeurs', romes: ['H2913'], base: 12, difficult: 0.75, seasonal: 0.02, trend: 0.03, industry: true },
  { fap: 'E0Z24', label: 'Autres ouvriers non qualifiés de type industriel', romes: ['H3302'], base: 60, difficult: 0.3, seasonal: 0.2, trend: -0.02, industry: true },
  { fap: 'J1Z40', label: 'Ouvriers qualifiés du magasinage et de la manutention', romes: ['N1103', 'N1101'], base: 50, difficult: 0.35, seasonal: 0.15, trend: -0.01, industry: false },
  { fap: 'G0A40', label: 'Ouvriers qualifiés de la maintenance en mécanique', romes: ['I1310', 'B1604'], base: 16, difficult: 0.72, seasonal: 0.02, trend: 0.03, industry: true },
  { fap: 'G1Z70', label: 'Techn. et agents de maîtrise de la maintenance et de l’environnement', romes: ['I1304'], base: 14, difficult: 0.65, seasonal: 0.02, trend: 0.02, industry: true },
  { fap: 'E2Z70', label: 'Techniciens des industries de process', romes: ['H1404'], base: 10, difficult: 0.55, seasonal: 0.01, trend: 0.02, industry: true },
  { fap: 'D6Z71', label: 'Dessinateurs en mécanique et travail des métaux', romes: ['H1203'], base: 8, difficult: 0.7, seasonal: 0.01, trend: 0.03, industry: true },
  { fap: 'J3Z43', label: 'Conducteurs routiers', romes: ['N4101'], base: 30, difficult: 0.7, seasonal: 0.08, trend: 0.02, industry: false },
  { fap: 'V0Z60', label: 'Aides-soignants', romes: ['J1501'], base: 45, difficult: 0.6, seasonal: 0.1, trend: 0.03, industry: false },
  { fap: 'V1Z80', label: 'Infirmiers', romes: ['J1506'], base: 30, difficult: 0.55, seasonal: 0.05, trend: 0.02, industry: false },
  { fap: 'T4Z60', label: 'Agents d’entretien de locaux', romes: ['K2204'], base: 70, difficult: 0.3, seasonal: 0.25, trend: 0, industry: false },
];

/** Bassins as the BMO file names them, with their département(s) and a size. */
const BASSINS: { label: string; depts: string[]; size: number; industry: number }[] = [
  { label: 'Belfort - Montbéliard', depts: ['90', '25'], size: 3, industry: 1.6 },
  { label: 'Besançon', depts: ['25'], size: 3, industry: 0.9 },
  { label: 'Vesoul', depts: ['70'], size: 1.2, industry: 1.1 },
  { label: 'Dole', depts: ['39'], size: 1, industry: 1 },
  { label: 'Lons-le-Saunier', depts: ['39'], size: 1, industry: 0.8 },
  { label: 'Pontarlier', depts: ['25'], size: 0.8, industry: 1.2 },
  { label: 'Morteau', depts: ['25'], size: 0.6, industry: 1.5 },
  { label: 'Saint-Claude', depts: ['39'], size: 0.6, industry: 1.3 },
  { label: 'Gray', depts: ['70'], size: 0.4, industry: 0.9 },
];

/** In the border strip, Swiss employers draw the skilled: hiring is harder, yet job seekers stay. */
const BORDER_PULL: Record<string, number> = { 'Morteau': 0.18, 'Pontarlier': 0.12, 'Saint-Claude': 0.06 };

const csv = (headers: string[], rows: (string | number)[][]) => Buffer.from(`\uFEFF${[headers, ...rows].map((r) => r.join(';')).join('\r\n')}\r\n`);
const secret = (n: number, below: number) => (n < below ? '*' : String(n));

/** The BMO open-data file of one year, in its published columns (the bassin columns carry the zoning year). */
export function demoBmoCsv(year: number, options: { boost?: { bassin: string; fap: string; difficult: number } } = {}): Buffer {
  const zoning = year >= 2013 ? '13' : '10';
  const rows: (string | number)[][] = [];
  const t = year - DEMO_YEARS[0];
  for (const b of BASSINS) {
    for (const job of JOBS) {
      const rnd = random(`${year}|${b.label}|${job.fap}`);
      const share = b.depts.length;
      for (const dept of b.depts) {
        const scale = b.size * (job.industry ? b.industry : 1) / share;
        const projects = Math.max(0, Math.round(job.base * scale * (0.85 + 0.3 * rnd()) * (1 + job.trend * t * 2)));
        let difficultShare = Math.min(0.95, job.difficult + (job.industry ? BORDER_PULL[b.label] ?? 0 : 0) + job.trend * t + 0.08 * (rnd() - 0.5));
        if (options.boost && options.boost.bassin === b.label && options.boost.fap === job.fap) difficultShare = options.boost.difficult;
        const difficult = Math.round(projects * difficultShare);
        const seasonal = Math.round(projects * job.seasonal);
        rows.push([year, job.fap, job.label, job.fap[0], job.label.split(' ')[0], '43', 'Franche-Comté', dept, dept, `${dept}${b.label.slice(0, 2).toUpperCase()}`, b.label,
          secret(projects, 4), projects < 4 ? '*' : secret(difficult, 3), projects < 4 ? '*' : secret(seasonal, 3)]);
      }
    }
  }
  // A national file holds every region: a row elsewhere is skipped by the import.
  rows.push([year, 'D4Z40', JOBS[0].label, 'D', 'Monteurs', '42', 'Alsace', '68', 'Haut-Rhin', '68MU', 'Mulhouse', 120, 70, 2]);
  return csv(['annee', 'Code métier BMO', 'Nom métier BMO', 'Famille_met', 'Lbl_fam_met', 'REG', 'NOM_REG', 'Dept', 'NomDept', `BE${zoning}`, `NOMBE${zoning}`, 'met', 'xmet', 'smet'], rows);
}

function demoMarketCsv(): Buffer {
  const rows: (string | number)[][] = [];
  for (const year of DEMO_YEARS) {
    const t = year - DEMO_YEARS[0];
    for (const b of BASSINS) {
      const done = new Set<string>();
      for (const job of JOBS) {
        for (const rome of job.romes.filter((r) => !done.has(r))) {
          done.add(rome);
          const rnd = random(`m|${year}|${b.label}|${rome}`);
          const scale = b.size * (job.industry ? b.industry : 1) / job.romes.length;
          const employment = Math.round(job.base * 12 * scale * (0.9 + 0.2 * rnd()));
          // Job seekers grew with the crisis; offers follow the job's tension.
          const seekersA = Math.round(job.base * 2.2 * scale * (1 + 0.06 * t) * (job.difficult > 0.6 ? 0.8 : 1.2) * (0.85 + 0.3 * rnd()));
          const offers = Math.round(seekersA * (0.3 + job.difficult * 0.9 + job.trend * t * 3) * (0.85 + 0.3 * rnd()));
          const seekersAbc = Math.round(seekersA * 1.5);
          const exits = Math.round(seekersAbc * (0.25 + job.difficult * 0.3) * (0.9 + 0.2 * rnd()));
          rows.push([year, b.label, rome, offers, seekersA, seekersAbc, exits, employment]);
        }
      }
    }
  }
  return csv(['annee', 'zone_emploi', 'code_rome', 'offres', 'demandeurs_a', 'demandeurs_abc', 'sorties_abc', 'emploi'], rows);
}

/** Moves of the ROME file (synthetic ranks) from the jobs the car industry hires. */
const MOVES: [string, [string, 1 | 2][]][] = [
  ['H2909', [['H2912', 1], ['H2903', 1], ['H2913', 1], ['I1310', 2], ['H1404', 2], ['N1103', 1]]],
  ['N1103', [['N1101', 1], ['H3302', 1], ['N4101', 2]]],
  ['N1101', [['N1103', 1], ['N4101', 2]]],
  ['H3302', [['N1103', 1], ['K2204', 1], ['J1501', 2]]],
  ['H2913', [['H2902', 1], ['H2909', 1], ['I1304', 2]]],
  ['H2903', [['H2912', 1], ['H1203', 2], ['I1310', 2]]],
  ['H2902', [['H2913', 1], ['H2904', 1]]],
  ['H2906', [['H2903', 1], ['H2912', 2], ['I1304', 2]]],
  ['I1606', [['H2913', 1], ['I1304', 2]]],
  ['H1404', [['H1203', 1], ['I1304', 1]]],
];

function demoMobilityCsv(): Buffer {
  const rows = MOVES.flatMap(([source, targets]) => targets.map(([target, kind], i) => [source, target, '', '', kind, kind === 1 ? 'Mobilité proche' : 'Mobilité si évolution', i + 1]));
  return csv(['code_rome', 'code_rome_cible', 'code_appellation_source', 'code_appellation_cible', 'code_type_mobilite', 'libelle_type_mobilite', 'numero_ordre'], rows);
}

function demoPermitsCsv(): Buffer {
  const base: Record<string, number> = { NE: 6800, VD: 9400, GE: 1800, JU: 4200, BS: 3100, BL: 2600 };
  const rows: (string | number)[][] = [];
  for (const year of DEMO_YEARS) for (let q = 1; q <= 4; q++) for (const [canton, n] of Object.entries(base)) {
    rows.push([year, `T${q}`, canton, Math.round(n * (1 + 0.045 * (year - DEMO_YEARS[0]) + 0.01 * q) * (0.98 + 0.04 * random(`p|${year}|${q}|${canton}`)()))]);
  }
  return csv(['annee', 'trimestre', 'canton', 'frontaliers'], rows);
}

function demoResidentsCsv(): Buffer {
  const areas: [string, number, number][] = [['Morteau', 4300, 11800], ['Pontarlier', 7100, 19600], ['Saint-Claude', 1500, 14200], ['Belfort-Montbéliard-Héricourt', 3900, 118000], ['Besançon', 1200, 128000]];
  const rows = DEMO_YEARS.flatMap((year) => areas.map(([area, working, labour]) => [year, area, Math.round(working * (1 + 0.05 * (year - DEMO_YEARS[0]))), labour]));
  return csv(['annee', 'zone_emploi', 'travaillant_en_suisse', 'actifs_residents'], rows);
}

export function demoFiles(): { dataset: DatasetKey; filename: string; content: Buffer }[] {
  return [
    ...DEMO_YEARS.map((year) => ({ dataset: 'bmo' as const, filename: `Base_open_data_BMO_${year}_demo.csv`, content: demoBmoCsv(year) })),
    { dataset: 'market', filename: 'demandeurs_offres_zone_rome_demo.csv', content: demoMarketCsv() },
    { dataset: 'mobility', filename: 'unix_rubrique_mobilite_v346_demo.csv', content: demoMobilityCsv() },
    { dataset: 'permits', filename: 'frontaliers_permis_g_demo.csv', content: demoPermitsCsv() },
    { dataset: 'residents', filename: 'residents_travaillant_en_suisse_demo.csv', content: demoResidentsCsv() },
  ];
}

/**
 * Loads the synthetic observatory (données synthétiques): the files above through the imports,
 * a watchlist and a diagnostic written by the secretariat (one watched job by the State) through
 * the same actions as the pages, and the alerts of the last year.
 */
export async function loadObservatoryDemo(ctx: AppContext, authors: { secretariat: Actor; state: Actor }): Promise<void> {
  for (const file of demoFiles()) {
    const result = await runFileImport(ctx, null, datasetImport(DATASETS[file.dataset], { synthetic: true }), file.content, file.filename);
    if (!result.ok) throw new Error(`Démo de l’observatoire : ${result.message} ${result.errors.map((e) => e.message).join(' ')}`);
  }
  const source = `Liste de démonstration (${SYNTHETIC_LABEL})`;
  const watched: [Actor, string, string, string][] = [
    [authors.secretariat, 'I1304', 'Maintenance des lignes automatisées : l’industrie du futur demande des techniciens polyvalents.', '2013-03-12'],
    [authors.state, 'H1203', 'Conception mécanique pour les filières hydrogène et énergie du Nord Franche-Comté.', '2013-06-04'],
    [authors.secretariat, 'J1501', 'Vieillissement de la population : besoins d’aides-soignants dans les zones rurales.', '2013-09-17'],
  ];
  for (const [actor, romeCode, reason, taggedOn] of watched) await runAction(ctx, actor, addWatchItem, { romeCode, reason, source, taggedOn });
  const points: { area: string; kind: 'strength' | 'weakness' | 'risk' | 'opportunity'; text: string; indicator: string }[] = [
    { area: 'belfort-montbeliard-hericourt', kind: 'weakness', text: `Forte dépendance à la construction automobile et à ses sous-traitants (${SYNTHETIC_LABEL}).`, indicator: 'dependency' },
    { area: 'belfort-montbeliard-hericourt', kind: 'opportunity', text: `Les régleurs sont recherchés : débouché proche pour les monteurs de l’automobile (${SYNTHETIC_LABEL}).`, indicator: 'tension:D1Z40' },
    { area: 'morteau', kind: 'risk', text: `Les entreprises peinent à recruter des ouvriers qualifiés malgré les demandeurs d’emploi : l’emploi suisse attire les qualifiés (${SYNTHETIC_LABEL}).`, indicator: 'paradox' },
    { area: 'morteau', kind: 'strength', text: `Savoir-faire de précision (horlogerie, décolletage) reconnu des deux côtés de la frontière (${SYNTHETIC_LABEL}).`, indicator: 'border' },
  ];
  for (const point of points) await runAction(ctx, authors.secretariat, addDiagnosticPoint, point);
  await evaluateAlerts(ctx, [DEMO_YEARS[DEMO_YEARS.length - 1]]);
}
