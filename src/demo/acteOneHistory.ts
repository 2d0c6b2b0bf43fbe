import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AppContext } from '../platform/http/context.js';
import { centsToCsvEuros } from '../platform/tabular/index.js';
import { formatNaf } from '../reference/nomenclatures.js';
import { employmentAreaLabel } from '../shared/employmentAreas.js';
import { addDays, addMonths, formatDateFr } from '../shared/dates.js';
import { isValidSiret } from '../shared/siret.js';
import { importFile } from '../weeklyCell/import/importService.js';
import { approvedHeader, HEADERS, IMPORT_FUNDERS, IMPORT_HEADERS, paidHeader, PAYING_FUNDERS } from '../weeklyCell/import/layout.js';

/**
 * The Acte I history (2009–2010) as the seed reports it — 72 companies, 10,748 employees
 * trained, 366,513 training hours, 15 M€ of which 43 % OPCA, 12 % State + 10 % FSE,
 * 13 % Region and 22 % the companies' own share — spread over plausible companies of
 * the region. The rows are drawn from a fixed seed and the rounding remainders land on
 * the last row, so every total is exact. The demo loads them through the import service,
 * which makes the demo itself a proof that the import works.
 *
 * `npx tsx src/demo/acteOneHistory.ts` rewrites src/demo/acte1-historique.csv, the
 * same rows as a sample file for partners (a test checks the two never drift apart).
 */
export const ACTE_ONE = {
  companies: 72,
  trainees: 10_748,
  trainingHours: 366_513,
  totalCostCents: 15_000_000_00,
  funders: { OPCA: 6_450_000_00, STATE: 1_800_000_00, FSE: 1_500_000_00, REGION: 1_950_000_00, COMPANY: 3_300_000_00 },
} as const;

const FUNDER_SHARES = [['OPCA', 4300], ['STATE', 1200], ['FSE', 1000], ['REGION', 1300]] as const;

export const ACTE_ONE_CSV = path.join(path.dirname(fileURLToPath(import.meta.url)), 'acte1-historique.csv');
export const ACTE_ONE_FILENAME = 'acte1-historique.csv';

/** A small, well-known generator (mulberry32): the same seed gives the same history on every machine. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Sector { naf: string; idcc: string | null; fund: string; count: number; names: string[]; departements: string[] }

const OPCAIM = 'OPCAIM (métallurgie)';
const AGEFOS = 'AGEFOS PME Franche-Comté';

// The industries that made Franche-Comté's crisis of 2008–2009: the automotive chain around
// Sochaux and Montbéliard, bar-turning and metalworking, Jura plastics, Morez eyewear,
// Moirans toys and the watchmakers of the Haut-Doubs.
const SECTORS: Sector[] = [
  { naf: '2932Z', idcc: null, fund: OPCAIM, count: 15, names: ['Équipements automobiles', 'Sièges et intérieurs', 'Systèmes d’échappement', 'Pièces automobiles'], departements: ['25', '70', '90'] },
  { naf: '2931Z', idcc: null, fund: OPCAIM, count: 3, names: ['Faisceaux électriques', 'Électronique embarquée'], departements: ['25', '90'] },
  { naf: '2920Z', idcc: null, fund: OPCAIM, count: 2, names: ['Carrosseries industrielles', 'Remorques'], departements: ['70', '39'] },
  { naf: '2562A', idcc: null, fund: OPCAIM, count: 8, names: ['Décolletage', 'Décolletage de précision', 'Tournage automatique'], departements: ['25', '39', '70'] },
  { naf: '2562B', idcc: null, fund: OPCAIM, count: 5, names: ['Mécanique générale', 'Usinage de précision', 'Mécanique industrielle'], departements: ['25', '70', '90'] },
  { naf: '2550A', idcc: null, fund: OPCAIM, count: 3, names: ['Forges', 'Estampage'], departements: ['25', '70'] },
  { naf: '2561Z', idcc: null, fund: OPCAIM, count: 3, names: ['Traitements de surface', 'Galvanoplastie'], departements: ['25', '39', '90'] },
  { naf: '2511Z', idcc: null, fund: OPCAIM, count: 2, names: ['Constructions métalliques', 'Charpentes métalliques'], departements: ['70', '90'] },
  { naf: '2841Z', idcc: null, fund: OPCAIM, count: 2, names: ['Machines-outils', 'Outillage de précision'], departements: ['25', '39'] },
  { naf: '2451Z', idcc: null, fund: OPCAIM, count: 2, names: ['Fonderie', 'Fonderie de fonte'], departements: ['70', '90'] },
  { naf: '2229A', idcc: '0292', fund: AGEFOS, count: 6, names: ['Plastiques techniques', 'Injection plastique', 'Moulage plastique'], departements: ['39', '25', '70'] },
  { naf: '2229B', idcc: '0292', fund: AGEFOS, count: 4, names: ['Plasturgie', 'Composants plastiques'], departements: ['39', '70'] },
  { naf: '2221Z', idcc: '0292', fund: AGEFOS, count: 3, names: ['Profilés plastiques', 'Tubes et profilés'], departements: ['39', '90'] },
  { naf: '3250B', idcc: null, fund: AGEFOS, count: 4, names: ['Lunetterie', 'Montures optiques'], departements: ['39'] },
  { naf: '2670Z', idcc: null, fund: AGEFOS, count: 2, names: ['Verres optiques', 'Optique de précision'], departements: ['39', '25'] },
  { naf: '3240Z', idcc: '1607', fund: AGEFOS, count: 4, names: ['Jouets', 'Jeux en bois', 'Jouets et jeux'], departements: ['39'] },
  { naf: '2652Z', idcc: '1044', fund: OPCAIM, count: 4, names: ['Horlogerie', 'Boîtes de montres', 'Manufacture horlogère'], departements: ['25'] },
];

const TOWNS: Record<string, string[]> = {
  '25': ['Besançon', 'Montbéliard', 'Pontarlier', 'Morteau', 'Audincourt', 'Valentigney', 'Baume-les-Dames', 'Ornans', 'Exincourt', 'Maîche', 'Villers-le-Lac', 'Seloncourt'],
  '39': ['Saint-Claude', 'Morez', 'Lons-le-Saunier', 'Dole', 'Champagnole', 'Moirans-en-Montagne', 'Saint-Lupicin', 'Les Rousses'],
  '70': ['Vesoul', 'Héricourt', 'Lure', 'Luxeuil-les-Bains', 'Gray', 'Rioz', 'Champagney'],
  '90': ['Belfort', 'Delle', 'Grandvillars', 'Beaucourt', 'Bavilliers', 'Danjoutin', 'Giromagny'],
};

/** The employment area of each town above, for the territory of the steering dashboard. */
const AREA_OF_TOWN: Record<string, string> = {
  Besançon: 'besancon', 'Baume-les-Dames': 'besancon', Ornans: 'besancon', Rioz: 'besancon',
  Montbéliard: 'belfort-montbeliard-hericourt', Audincourt: 'belfort-montbeliard-hericourt', Valentigney: 'belfort-montbeliard-hericourt',
  Exincourt: 'belfort-montbeliard-hericourt', Seloncourt: 'belfort-montbeliard-hericourt', Héricourt: 'belfort-montbeliard-hericourt',
  Champagney: 'belfort-montbeliard-hericourt', Belfort: 'belfort-montbeliard-hericourt', Delle: 'belfort-montbeliard-hericourt',
  Grandvillars: 'belfort-montbeliard-hericourt', Beaucourt: 'belfort-montbeliard-hericourt', Bavilliers: 'belfort-montbeliard-hericourt',
  Danjoutin: 'belfort-montbeliard-hericourt', Giromagny: 'belfort-montbeliard-hericourt',
  Pontarlier: 'pontarlier', Morteau: 'morteau', Maîche: 'morteau', 'Villers-le-Lac': 'morteau',
  'Saint-Claude': 'saint-claude', Morez: 'saint-claude', 'Moirans-en-Montagne': 'saint-claude', 'Saint-Lupicin': 'saint-claude', 'Les Rousses': 'saint-claude',
  'Lons-le-Saunier': 'lons-le-saunier', Champagnole: 'lons-le-saunier', Dole: 'dole',
  Vesoul: 'vesoul', Lure: 'vesoul', 'Luxeuil-les-Bains': 'vesoul', Gray: 'gray',
};

const of = (town: string) => (/^[AEIOUÉÈH]/i.test(town) ? `d’${town}` : /^Les /.test(town) ? `des ${town.slice(4)}` : `de ${town}`);

export interface ActeOneRow {
  reference: string; companyName: string; siret: string; nafCode: string; idcc: string | null; headcount: number;
  departement: string; employmentArea: string; trainingFund: string; dropStart: string; dropEnd: string; decisionDate: string; settledOn: string;
  trainees: number; trainingHours: number; teachingCostCents: number; payCostCents: number;
  funders: Record<'OPCA' | 'STATE' | 'FSE' | 'REGION' | 'COMPANY', number>;
}

function siretFrom(random: () => number): string {
  for (;;) {
    const body = `${3 + Math.floor(random() * 6)}${String(Math.floor(random() * 1e7)).padStart(7, '0')}`;
    const siren = [...Array(10).keys()].map((d) => `${body}${d}`).find(luhnSiren);
    if (!siren || siren.startsWith('356')) continue;
    for (let d = 0; d <= 9; d++) if (isValidSiret(`${siren}0001${d}`)) return `${siren}0001${d}`;
  }
}

function luhnSiren(siren: string): boolean {
  let sum = 0;
  for (let i = 0; i < siren.length; i++) {
    let digit = Number(siren[siren.length - 1 - i]);
    if (i % 2 === 1) { digit *= 2; if (digit > 9) digit -= 9; }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Splits `total` in proportion to `weights`, each part rounded, the remainder on the last part. */
function apportion(total: number, weights: number[], clamp: (value: number, index: number) => number = (v) => v): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.slice(0, -1).map((w, i) => clamp(Math.round((total * w) / sum), i));
  return [...parts, total - parts.reduce((a, b) => a + b, 0)];
}

/** The 72 rows, always the same. Throws if a change to the generator breaks a total or a rule. */
export function acteOneRows(): ActeOneRow[] {
  const random = seeded(20090514); // the partnership was signed in May 2009
  const between = (min: number, max: number) => min + random() * (max - min);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];

  // Companies, with the region's largest car maker's plant last: the remainders are smallest there in relative terms.
  const companies: { name: string; naf: string; idcc: string | null; fund: string; departement: string; employmentArea: string; headcount: number }[] = [];
  const names = new Set<string>();
  for (const sector of SECTORS) {
    for (let i = 0; i < sector.count; i++) {
      let name = '';
      let departement = '';
      let town = '';
      do {
        departement = pick(sector.departements);
        const activity = pick(sector.names);
        town = pick(TOWNS[departement]);
        name = `${activity} ${of(town)}`;
      } while (names.has(name));
      names.add(name);
      const size = random();
      // About 8 % TPE, 60 % PME, 28 % ETI, 4 % GE: the cell mostly saw subcontractors.
      const headcount = size < 0.08 ? Math.round(between(4, 9)) : size < 0.68 ? Math.round(between(15, 240)) : size < 0.96 ? Math.round(between(260, 1800)) : Math.round(between(5200, 7500));
      companies.push({ name, naf: sector.naf, idcc: sector.idcc, fund: sector.fund, departement, employmentArea: AREA_OF_TOWN[town], headcount });
    }
  }
  for (let i = companies.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [companies[i], companies[j]] = [companies[j], companies[i]];
  }
  companies.pop();
  companies.push({ name: 'Constructions automobiles du Pays de Montbéliard', naf: '2910Z', idcc: null, fund: OPCAIM, departement: '25', employmentArea: 'belfort-montbeliard-hericourt', headcount: 11_800 });
  if (companies.length !== ACTE_ONE.companies) throw new Error(`Acte I : ${companies.length} entreprises générées`);

  // Weekly cells met on Thursdays; 72 of them, from January 2009 to December 2010, carry one decision each.
  const thursdays: string[] = [];
  for (let d = '2009-01-08'; d <= '2010-12-16'; d = addDays(d, 7)) thursdays.push(d);
  const dates = thursdays.map((d) => ({ d, r: random() })).sort((a, b) => a.r - b.r).slice(0, companies.length - 1).map((x) => x.d).sort();
  dates.push(thursdays[thursdays.length - 1]);
  dates.sort();

  const share = companies.map((c) => c.headcount * (c.headcount < 10 ? between(0.5, 1) : c.headcount < 250 ? between(0.3, 0.8) : c.headcount < 5000 ? between(0.15, 0.45) : between(0.1, 0.25)));
  const trainees = apportion(ACTE_ONE.trainees, share, (v, i) => Math.min(companies[i].headcount, Math.max(1, v)));
  const hours = apportion(ACTE_ONE.trainingHours, trainees.map((t) => t * between(18, 56)), (v, i) => Math.max(trainees[i], v));
  const costs = apportion(ACTE_ONE.totalCostCents, hours.map((h) => h * between(32, 52)));
  const shares = FUNDER_SHARES.map(([funder, bp]) => [funder, apportion(ACTE_ONE.funders[funder], costs.map((c) => c * bp))] as const);

  const perYear = new Map<string, number>();
  const rows = companies.map((c, i): ActeOneRow => {
    const decisionDate = dates[i];
    const year = decisionDate.slice(0, 4);
    perYear.set(year, (perYear.get(year) ?? 0) + 1);
    const dropStart = addDays(decisionDate, -Math.round(between(14, 70)));
    const teachingCostCents = Math.round(costs[i] * between(0.45, 0.65));
    const funders = Object.fromEntries(shares.map(([funder, parts]) => [funder, parts[i]])) as ActeOneRow['funders'];
    funders.COMPANY = costs[i] - funders.OPCA - funders.STATE - funders.FSE - funders.REGION;
    return {
      reference: `CH-${year}-${String(perYear.get(year)).padStart(3, '0')}`,
      companyName: c.name, siret: siretFrom(random), nafCode: c.naf, idcc: c.idcc, headcount: c.headcount, departement: c.departement, employmentArea: c.employmentArea,
      trainingFund: c.fund, dropStart, dropEnd: addMonths(dropStart, Math.round(between(3, 9))), decisionDate,
      settledOn: addMonths(decisionDate, Math.round(between(6, 12))),
      trainees: trainees[i], trainingHours: hours[i], teachingCostCents, payCostCents: costs[i] - teachingCostCents, funders,
    };
  });
  assertTotals(rows);
  return rows;
}

function assertTotals(rows: ActeOneRow[]): void {
  const sum = (f: (r: ActeOneRow) => number) => rows.reduce((t, r) => t + f(r), 0);
  const problems: string[] = [];
  if (sum((r) => r.trainees) !== ACTE_ONE.trainees) problems.push('stagiaires');
  if (sum((r) => r.trainingHours) !== ACTE_ONE.trainingHours) problems.push('heures');
  if (sum((r) => r.teachingCostCents + r.payCostCents) !== ACTE_ONE.totalCostCents) problems.push('coût');
  for (const funder of Object.keys(ACTE_ONE.funders) as (keyof typeof ACTE_ONE.funders)[]) {
    if (sum((r) => r.funders[funder]) !== ACTE_ONE.funders[funder]) problems.push(funder);
  }
  rows.forEach((r, i) => {
    if (r.trainees < 1 || r.trainees > r.headcount || r.trainingHours < r.trainees || Object.values(r.funders).some((v) => v < 0)) problems.push(`ligne ${i + 2}`);
  });
  if (new Set(rows.map((r) => r.siret)).size !== rows.length) problems.push('SIRET en double');
  if (problems.length) throw new Error(`Historique de l’Acte I incohérent : ${problems.join(', ')}`);
}

const csvCell = (value: string) => (/[;"\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** The rows in the import layout: `;`-separated, UTF-8 with BOM, as French Excel saves it. */
export function acteOneCsv(rows: ActeOneRow[] = acteOneRows()): string {
  const byHeader = (r: ActeOneRow): Record<string, string> => ({
    [HEADERS.reference]: r.reference, [HEADERS.measureCode]: 'ACTE1-CELLULE', [HEADERS.companyName]: r.companyName,
    [HEADERS.siret]: r.siret, [HEADERS.nafCode]: formatNaf(r.nafCode), [HEADERS.idcc]: r.idcc ?? '', [HEADERS.headcount]: String(r.headcount),
    [HEADERS.departement]: r.departement, [HEADERS.employmentArea]: employmentAreaLabel(r.employmentArea), [HEADERS.trainingFund]: r.trainingFund, [HEADERS.dropStart]: formatDateFr(r.dropStart),
    [HEADERS.dropEnd]: formatDateFr(r.dropEnd), [HEADERS.decisionDate]: formatDateFr(r.decisionDate), [HEADERS.status]: 'soldée',
    [HEADERS.trainees]: String(r.trainees), [HEADERS.trainingHours]: String(r.trainingHours),
    [HEADERS.teachingCost]: centsToCsvEuros(r.teachingCostCents), [HEADERS.payCost]: centsToCsvEuros(r.payCostCents),
    ...Object.fromEntries(IMPORT_FUNDERS.map(({ funder, label }) => [approvedHeader(label), funder in r.funders ? centsToCsvEuros(r.funders[funder as keyof ActeOneRow['funders']]) : ''])),
    // Settled: every funder paid what it granted.
    ...Object.fromEntries(PAYING_FUNDERS.map(({ funder, label }) => [paidHeader(label), funder in r.funders ? centsToCsvEuros(r.funders[funder as keyof ActeOneRow['funders']]) : ''])),
    [HEADERS.settledOn]: formatDateFr(r.settledOn),
  });
  const lines = [IMPORT_HEADERS, ...rows.map((r) => { const cells = byHeader(r); return IMPORT_HEADERS.map((h) => cells[h] ?? ''); })];
  return `\uFEFF${lines.map((cells) => cells.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

/** Imports the Acte I history into the demo database; refuses loudly if the import does. */
export async function loadActeOneHistory(ctx: AppContext): Promise<void> {
  const result = await importFile(ctx, Buffer.from(acteOneCsv(), 'utf8'), ACTE_ONE_FILENAME, null);
  if (!result.ok) throw new Error(`Historique de l’Acte I refusé par l’import : ${result.errors.slice(0, 5).map((e) => e.message).join(' ')}`);
  if (result.warnings.length) throw new Error(`Historique de l’Acte I : ${result.warnings[0].message}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  fs.mkdirSync(path.dirname(ACTE_ONE_CSV), { recursive: true });
  fs.writeFileSync(ACTE_ONE_CSV, acteOneCsv());
  console.log(`${ACTE_ONE_CSV} écrit (${ACTE_ONE.companies} demandes).`);
}
