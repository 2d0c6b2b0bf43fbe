import { EMPLOYMENT_AREAS } from '../src/shared/employmentAreas.js';
import { recountEnvelopes } from '../src/programmes/envelopeBalance.js';
import { DEPARTEMENTS } from '../src/reference/departements.js';
import type { BenchDb } from './db.js';
import { bulkWriter, type TableSink, type TableSpec } from './bulk.js';
import { cumulative, dayNumber, instant, isoDay, seeded, siretFor, type Random } from './random.js';
import { searchKey } from '../src/shared/search.js';

/**
 * A national-scale data set on top of the demo configuration (programmes, measures,
 * envelopes, demo organisations and accounts, which must already be loaded): companies
 * all over France, weekly-cell requests with employees, actions, trainees and funding
 * lines, commitments and payments for decided ones, and the Acte II records (tutors,
 * professionalisation contracts, temp pathways with periods and financing lines, pairs).
 * Ids are assigned here, after the demo's, so children point at parents without reading
 * anything back.
 */
export interface Counts {
  companies: number; trainingFunds: number; tempAgencies: number; requests: number;
  tutorsPerCompany: number; contracts: number; pathways: number; pairs: number;
  /** Only companies and request headers (the --sizes curve): no children, no Acte II. */
  requestsOnly?: boolean;
}

export function countsFor(scale: number): Counts {
  const n = (base: number, min = 1) => Math.max(min, Math.round(base * scale));
  return {
    companies: n(100_000, 50), trainingFunds: 20, tempAgencies: n(300, 5), requests: n(300_000, 50),
    tutorsPerCompany: 2, contracts: n(1_000_000, 100), pathways: n(200_000, 20), pairs: n(50_000, 5),
  };
}

export interface GenerationReport { tables: Record<string, number>; seconds: Record<string, number>; totalRows: number; totalSeconds: number; rowsPerSecond: number }

const LAST_NAMES = ['Martin', 'Bernard', 'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois', 'Moreau', 'Laurent', 'Simon', 'Michel', 'Lefebvre', 'Leroy', 'Roux', 'David', 'Bertrand', 'Morel', 'Fournier', 'Girard', 'Bonnet', 'Dupont', 'Lambert', 'Fontaine', 'Rousseau', 'Vincent', 'Muller', 'Lefèvre', 'Faure', 'André', 'Mercier', 'Blanc', 'Guérin', 'Boyer', 'Garnier', 'Chevalier', 'François', 'Legrand', 'Gauthier', 'Garcia', 'Perrin', 'Robin', 'Clément', 'Morin', 'Nicolas', 'Henry', 'Roussel', 'Mathieu', 'Gautier', 'Masson'];
const FIRST_F = ['Marie', 'Nathalie', 'Isabelle', 'Sylvie', 'Catherine', 'Sandrine', 'Valérie', 'Christine', 'Céline', 'Stéphanie', 'Julie', 'Aurélie', 'Émilie', 'Camille', 'Laura', 'Sarah', 'Léa', 'Manon', 'Chloé', 'Inès'];
const FIRST_M = ['Jean', 'Philippe', 'Michel', 'Alain', 'Patrick', 'Nicolas', 'Christophe', 'Pierre', 'Laurent', 'Frédéric', 'Sébastien', 'Julien', 'David', 'Thomas', 'Kevin', 'Maxime', 'Romain', 'Nicolas', 'Lucas', 'Hugo'];
const COMPANY_WORDS = ['Mécanique', 'Plasturgie', 'Décolletage', 'Équipements', 'Transports', 'Industries', 'Ateliers', 'Fonderie', 'Usinage', 'Services', 'Logistique', 'Électronique', 'Bâtiment', 'Menuiserie', 'Chaudronnerie', 'Optique', 'Horlogerie', 'Textiles', 'Agroalimentaire', 'Imprimerie'];
const PLACES = ['du Doubs', 'du Jura', 'de Bretagne', 'du Nord', 'de Provence', 'd’Alsace', 'de Lorraine', 'du Rhône', 'de Normandie', 'd’Aquitaine', 'de l’Ouest', 'du Centre', 'de Savoie', 'de Picardie', 'd’Auvergne', 'de Bourgogne', 'du Languedoc', 'de Champagne', 'du Limousin', 'de Touraine'];
const LEVELS = ['VI', 'Vbis', 'V', 'IV', 'III', 'II', 'I'] as const;
const LEVEL_WEIGHTS = cumulative([8, 10, 38, 24, 12, 5, 3]);
const LEVEL2019: Record<string, string> = { VI: '1', Vbis: '2', V: '3', IV: '4', III: '5', II: '6', I: '7' };
const CATEGORIES = ['ouvrier', 'employe', 'technicien_am', 'cadre'] as const;
const CATEGORY_WEIGHTS = cumulative([55, 20, 18, 7]);
const ACTION_TITLES = ['Lean manufacturing', 'Conduite de machines à commande numérique', 'Habilitation électrique', 'Qualité et métrologie', 'Soudage', 'Management de proximité', 'Bureautique', 'Sécurité au poste', 'Maintenance industrielle', 'Anglais technique'];
const PROVIDERS = ['AFPA', 'GRETA', 'CCI Formation', 'AFPI', 'CNAM', 'IRFA', 'CESI', 'ENI', 'Cegos', 'Demos'];
const QUALIFICATIONS = ['CQPM opérateur régleur', 'Titre professionnel soudeur', 'BTS maintenance', 'CAP conducteur d’installations', 'Bac pro technicien d’usinage', 'CQP logistique', 'Titre professionnel agent de fabrication', 'Licence pro qualité'];
const EXIT_SITUATIONS = ['cdiSameEmployer', 'cdiElsewhere', 'cdd', 'tempWork', 'training', 'jobSeeker', 'inactive'];
const EXIT_WEIGHTS = cumulative([40, 10, 15, 8, 7, 17, 3]);
const TEMP_OUTCOMES = ['cdi', 'cdd', 'cdiInterimaire', 'continuedMissions', 'training', 'jobSeeker'];
const END_REASONS = ['term', 'trialPeriod', 'resignation', 'dismissal', 'mutualAgreement'];
const END_WEIGHTS = cumulative([82, 5, 6, 3, 4]);

// Requests: terminal statuses for old files, work in progress for the last months.
const OLD_STATUSES = ['closed', 'approved', 'refused', 'withdrawn', 'draft'];
const OLD_WEIGHTS = cumulative([58, 20, 13, 6, 3]);
const RECENT_STATUSES = ['draft', 'in_instruction', 'awaiting_information', 'ready_for_cell', 'on_agenda', 'approved', 'refused'];
const RECENT_WEIGHTS = cumulative([15, 25, 10, 10, 10, 22, 8]);

/** Population-like weights: big départements draw more companies; Franche-Comté, where Parcours was born, is over-represented. */
const HEAVY: Record<string, number> = { '75': 8, '92': 7, '93': 5, '94': 5, '13': 6, '69': 6, '59': 7, '33': 5, '31': 5, '44': 4, '67': 4, '06': 4, '34': 4, '38': 4, '76': 4, '62': 4, '78': 4, '91': 4, '77': 4, '95': 4, '25': 4, '39': 3, '70': 3, '90': 3 };

interface Company { id: number; name: string; siret: string; naf: string; departement: string; employmentArea: string | null; headcount: number; fundId: number }

export async function generate(bench: BenchDb, counts: Counts, options: { seed?: number; log?: (line: string) => void } = {}): Promise<GenerationReport> {
  const { db } = bench.database;
  const log = options.log ?? (() => {});
  const seed = options.seed ?? 2009;
  const started = performance.now();
  const report: GenerationReport = { tables: {}, seconds: {}, totalRows: 0, totalSeconds: 0, rowsPerSecond: 0 };

  // What the demo configured: measures, envelopes, the State and Region services, a user to sign payments.
  const measures = new Map((await db.selectFrom('measures').select(['id', 'code']).execute()).map((m) => [m.code, m.id]));
  const need = (code: string) => { const id = measures.get(code); if (!id) throw new Error(`Dispositif ${code} absent : chargez d’abord les données de démonstration.`); return id; };
  const cell1 = need('ACTE1-CELLULE'); const cell2 = need('ACTE2-AXE1'); const temp = need('ACTE2-AXE2');
  const envelopes = await db.selectFrom('envelopes').select(['id', 'measureId', 'funder']).execute();
  const envelopeOf = (measureId: number, funder: string) => envelopes.find((e) => e.measureId === measureId && e.funder === funder)?.id ?? null;
  const orgs = await db.selectFrom('organisations').select(['id', 'kind']).execute();
  const stateId = orgs.find((o) => o.kind === 'state')!.id;
  const regionId = orgs.find((o) => o.kind === 'region')!.id;
  const userId = (await db.selectFrom('users').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
  const nafRows = await db.selectFrom('nafCodes').select(['code', 'section']).orderBy('code').execute();
  const maxId = async (table: 'organisations' | 'fundingRequests' | 'requestEmployees' | 'trainingActions' | 'fundingLines' | 'commitments' | 'payments' | 'tutors' | 'proContracts' | 'tempPathways' | 'pathwayPeriods' | 'pathwayFundingLines' | 'pairs') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.max('id').as('m')).executeTakeFirst())?.m ?? 0);

  // Sectors: industry first (the programme's target), then trade, construction, services.
  const SECTION_WEIGHT: Record<string, number> = { C: 45, G: 14, F: 10, H: 6, N: 5, M: 5, Q: 4, I: 3, J: 2 };
  const nafWeights = cumulative(nafRows.map((n) => (SECTION_WEIGHT[n.section] ?? 1) / nafRows.filter((m) => m.section === n.section).length));
  const depWeights = cumulative(DEPARTEMENTS.map((d) => HEAVY[d.code] ?? 1));

  const writer = await bulkWriter(bench.raw);
  const timed = async (name: string, fill: (sink: TableSink) => Promise<void> | void, spec: TableSpec) => {
    const t0 = performance.now();
    const sink = writer.table(spec);
    await fill(sink);
    await sink.end();
    report.tables[name] = (report.tables[name] ?? 0) + sink.count;
    report.seconds[name] = (report.seconds[name] ?? 0) + (performance.now() - t0) / 1000;
    log(`  ${name}: ${sink.count.toLocaleString('en')} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };

  // ---- Organisations ------------------------------------------------------------------------
  const orgBase = await maxId('organisations');
  const r0 = seeded(seed);
  const fundIds: number[] = [];
  const agencyIds: number[] = [];
  const companies: Company[] = [];
  const orgSpec: TableSpec = { name: 'organisations', columns: [['id', 'int'], ['kind', 'text'], ['name', 'text'], ['siret', 'text'], ['departement', 'text'], ['employment_area', 'text'], ['is_active', 'bool'], ['created_at', 'instant'], ['version', 'int']] };
  await timed('organisations', async (sink) => {
    let id = orgBase;
    const created = instant(dayNumber('2008-11-01'));
    for (let i = 0; i < counts.trainingFunds; i++) { fundIds.push(++id); await sink.add([id, 'training_fund', `OPCA national ${i + 1}`, null, isoDepartement(r0, depWeights), null, true, created, 1]); }
    for (let i = 0; i < counts.tempAgencies; i++) { agencyIds.push(++id); await sink.add([id, 'temp_agency', `Agence d’intérim ${i + 1}`, siretFor(20_000_000 + i), isoDepartement(r0, depWeights), null, true, created, 1]); }
    for (let i = 0; i < counts.companies; i++) {
      const size = r0();
      const headcount = size < 0.55 ? r0.int(1, 9) : size < 0.93 ? r0.int(10, 249) : size < 0.99 ? r0.int(250, 4999) : r0.int(5000, 40000);
      const company: Company = {
        id: ++id, name: `${r0.pick(COMPANY_WORDS)} ${r0.pick(PLACES)} ${i + 1}`, siret: siretFor(30_000_000 + i),
        naf: nafRows[r0.weighted(nafWeights)].code, departement: isoDepartement(r0, depWeights), employmentArea: null, headcount, fundId: r0.pick(fundIds),
      };
      // Only Franche-Comté's zoning is loaded: companies there get one of their département's areas, others none.
      const areas = EMPLOYMENT_AREAS.filter((a) => a.departements[0] === company.departement);
      if (areas.length) company.employmentArea = areas[i % areas.length].code;
      companies.push(company);
      await sink.add([company.id, 'company', company.name, company.siret, company.departement, company.employmentArea, true, created, 1]);
    }
  }, orgSpec);

  // ---- Weekly-cell requests and their children ---------------------------------------------
  const requestBase = await maxId('fundingRequests');
  const ids = { employee: await maxId('requestEmployees'), action: await maxId('trainingActions'), line: await maxId('fundingLines'), commitment: await maxId('commitments'), payment: await maxId('payments') };
  const r1 = seeded(seed + 1);
  const start = dayNumber('2008-12-01');
  const acteOneEnd = dayNumber('2010-12-31');
  const acteTwoStart = dayNumber('2010-05-04');
  const end = dayNumber('2014-12-31');
  const recent = dayNumber('2014-09-01');

  const requestSpec: TableSpec = { name: 'funding_requests', columns: [['id', 'int'], ['reference', 'text'], ['measure_id', 'int'], ['company_id', 'int'], ['training_fund_id', 'int'], ['status', 'text'], ['company_name', 'text'], ['search_name', 'text'], ['siret', 'text'], ['naf_code', 'text'], ['idcc', 'text'], ['headcount', 'int'], ['departement', 'text'], ['employment_area', 'text'], ['activity_drop_start', 'date'], ['activity_drop_end', 'date'], ['trainee_count', 'int'], ['training_hours', 'int'], ['teaching_cost_cents', 'bigint'], ['pay_cost_cents', 'bigint'], ['total_cost_cents', 'bigint'], ['realised_hours', 'int'], ['realised_cost_cents', 'bigint'], ['committed_cents', 'bigint'], ['paid_cents', 'bigint'], ['submitted_at', 'instant'], ['decided_at', 'instant'], ['closed_at', 'instant'], ['created_at', 'instant'], ['updated_at', 'instant'], ['is_imported', 'bool'], ['version', 'int']] };
  const employeeSpec: TableSpec = { name: 'request_employees', columns: [['id', 'int'], ['request_id', 'int'], ['last_name', 'text'], ['first_name', 'text'], ['birth_date', 'date'], ['sex', 'text'], ['socio_professional_category', 'text'], ['level1969', 'text'], ['level2019', 'text'], ['contract_type', 'text'], ['situation', 'text']] };
  const actionSpec: TableSpec = { name: 'training_actions', columns: [['id', 'int'], ['request_id', 'int'], ['position', 'int'], ['title', 'text'], ['objective', 'text'], ['provider_name', 'text'], ['provider_siret', 'text'], ['hours_per_trainee', 'int'], ['start_date', 'date'], ['end_date', 'date'], ['teaching_cost_cents', 'bigint'], ['hourly_wage_cents', 'bigint'], ['realised_hours', 'int'], ['realised_trainees', 'int']] };
  const traineeSpec: TableSpec = { name: 'action_trainees', columns: [['action_id', 'int'], ['employee_id', 'int']] };
  const lineSpec: TableSpec = { name: 'funding_lines', columns: [['id', 'int'], ['request_id', 'int'], ['position', 'int'], ['funder', 'text'], ['proposed_cents', 'bigint'], ['approved_cents', 'bigint']] };
  const commitmentSpec: TableSpec = { name: 'commitments', columns: [['id', 'int'], ['request_id', 'int'], ['envelope_id', 'int'], ['funder', 'text'], ['amount_cents', 'bigint'], ['released_cents', 'bigint'], ['created_at', 'instant']] };
  const paymentSpec: TableSpec = { name: 'payments', columns: [['id', 'int'], ['request_id', 'int'], ['funder', 'text'], ['amount_cents', 'bigint'], ['paid_on', 'date'], ['reference', 'text'], ['recorded_by', 'int'], ['organisation_id', 'int'], ['created_at', 'instant']] };

  // The request headers and their children are written in one pass: each child needs the header's draws.
  const providerSirets = Array.from({ length: 1000 }, (_, k) => siretFor(10_000_000 + k));
  const t0 = performance.now();
  const sinks = counts.requestsOnly
    ? { request: writer.table(requestSpec) }
    : { request: writer.table(requestSpec), employee: writer.table(employeeSpec), action: writer.table(actionSpec), trainee: writer.table(traineeSpec), line: writer.table(lineSpec), commitment: writer.table(commitmentSpec), payment: writer.table(paymentSpec) };
  for (let i = 0; i < counts.requests; i++) {
    const id = requestBase + i + 1;
    // Repeat customers: low-index companies file more often (a square skews the draw).
    const company = companies[Math.floor(companies.length * r1() * r1())];
    // The crisis of 2009 brought most requests; Acte II kept a steady flow.
    const created = r1.chance(0.45) ? r1.int(start, acteOneEnd) : r1.int(acteTwoStart, end);
    const measureId = created < acteTwoStart || (created <= acteOneEnd && r1.chance(0.5)) ? cell1 : cell2;
    const status = created >= recent ? RECENT_STATUSES[r1.weighted(RECENT_WEIGHTS)] : OLD_STATUSES[r1.weighted(OLD_WEIGHTS)];
    const submitted = status === 'draft' ? null : created + r1.int(0, 20);
    const decided = submitted !== null && ['approved', 'closed', 'refused'].includes(status) ? submitted + Math.round(7 + 80 * r1() * r1()) : null;
    const closed = status === 'closed' ? decided! + r1.int(60, 400) : status === 'refused' ? decided : status === 'withdrawn' ? (submitted ?? created) + r1.int(5, 60) : null;
    const trainees = Math.min(company.headcount, 1 + Math.floor(r1() * r1() * 6));
    const actionCount = r1.chance(0.4) ? 2 : 1;
    const hoursPer = [r1.int(14, 140), r1.int(7, 70)].slice(0, actionCount);
    const teachingRate = r1.int(2500, 5500); // cents per trainee-hour
    const wage = r1.int(1100, 2600); // hourly wage cents
    let trainingHours = 0; let teaching = 0; let pay = 0;
    hoursPer.forEach((h, a) => {
      const n = a === 0 ? trainees : 1;
      trainingHours += h * n; teaching += h * n * teachingRate; pay += h * n * wage;
    });
    const total = teaching + pay;
    const decidedPositively = status === 'approved' || status === 'closed';
    const funders = measureId === cell1 ? ['OPCA', 'STATE', 'FSE', 'REGION', 'COMPANY'] : ['OPCA', 'STATE', 'REGION', 'COMPANY'];
    const shares = measureId === cell1 ? [4300, 1200, 1000, 1300] : [4500, 1500, 1200];
    const amounts = shares.map((bp) => Math.round((total * bp) / 10_000));
    amounts.push(total - amounts.reduce((a, b) => a + b, 0));
    const committed = decidedPositively ? amounts.slice(0, -1).reduce((a, b) => a + b, 0) : 0;
    const paid = status === 'closed' ? committed : 0;
    const updated = closed ?? decided ?? submitted ?? created;
    const year = isoDay(created).slice(0, 4);
    const dropStart = created - r1.int(30, 120);
    await sinks.request.add([id, `DEM-${year}-${String(id).padStart(7, '0')}`, measureId, company.id, company.fundId, status, company.name, searchKey(company.name), company.siret, company.naf, null, company.headcount, company.departement, company.employmentArea,
      isoDay(dropStart), isoDay(dropStart + r1.int(60, 240)), trainees, trainingHours, teaching, pay, total,
      status === 'closed' ? trainingHours : 0, status === 'closed' ? total : 0, committed, paid,
      submitted === null ? null : instant(submitted, 10), decided === null ? null : instant(decided, 15), closed === null ? null : instant(closed, 16),
      instant(created, 9), instant(updated, 17), false, 1]);
    if (counts.requestsOnly) continue;
    const s = sinks as Required<typeof sinks>;

    const employeeIds: number[] = [];
    for (let e = 0; e < trainees; e++) {
      const female = r1.chance(0.32);
      const level = LEVELS[r1.weighted(LEVEL_WEIGHTS)];
      const employeeId = ++ids.employee;
      employeeIds.push(employeeId);
      await s.employee.add([employeeId, id, r1.pick(LAST_NAMES), r1.pick(female ? FIRST_F : FIRST_M), isoDay(r1.int(dayNumber('2000-01-01') - 365 * 42, dayNumber('2000-01-01') - 365 * 2)), female ? 'F' : 'M',
        CATEGORIES[r1.weighted(CATEGORY_WEIGHTS)], level, LEVEL2019[level], r1.chance(0.85) ? 'CDI' : 'CDD', r1.chance(0.06) ? 'job_seeker' : 'employed']);
    }
    for (let a = 0; a < actionCount; a++) {
      const actionId = ++ids.action;
      const from = (submitted ?? created) + r1.int(10, 60);
      const n = a === 0 ? trainees : 1;
      await s.action.add([actionId, id, a, r1.pick(ACTION_TITLES), 'Maintenir les compétences pendant la baisse d’activité', r1.pick(PROVIDERS), r1.pick(providerSirets), hoursPer[a], isoDay(from), isoDay(from + r1.int(5, 120)),
        hoursPer[a] * n * teachingRate, wage, status === 'closed' ? hoursPer[a] : null, status === 'closed' ? n : null]);
      for (const employeeId of a === 0 ? employeeIds : employeeIds.slice(0, 1)) await s.trainee.add([actionId, employeeId]);
    }
    for (let f = 0; f < funders.length; f++) {
      await s.line.add([++ids.line, id, f, funders[f], amounts[f], decidedPositively ? amounts[f] : status === 'refused' ? 0 : null]);
      if (!decidedPositively || funders[f] === 'COMPANY' || amounts[f] === 0) continue;
      await s.commitment.add([++ids.commitment, id, envelopeOf(measureId, funders[f]), funders[f], amounts[f], 0, instant(decided!, 15)]);
      if (status === 'closed') {
        const payer = funders[f] === 'OPCA' ? company.fundId : funders[f] === 'REGION' ? regionId : stateId;
        await s.payment.add([++ids.payment, id, funders[f], amounts[f], isoDay(closed!), `VER-${id}-${f}`, userId, payer, instant(closed!, 16)]);
      }
    }
  }
  for (const [key, sink] of Object.entries(sinks)) {
    await sink.end();
    const name = ({ request: 'funding_requests', employee: 'request_employees', action: 'training_actions', trainee: 'action_trainees', line: 'funding_lines', commitment: 'commitments', payment: 'payments' } as Record<string, string>)[key];
    report.tables[name] = sink.count;
  }
  report.seconds['funding_requests (+ children)'] = (performance.now() - t0) / 1000;
  log(`  funding_requests and children: ${Object.values(sinks).reduce((s, k) => s + k.count, 0).toLocaleString('en')} rows in ${report.seconds['funding_requests (+ children)'].toFixed(1)} s`);

  if (!counts.requestsOnly) await generateActeTwo(timed, counts, companies, agencyIds, { seed, temp, envelopeOf, maxId });

  await writer.finish();
  // The commitments were written around the app: the envelopes' balances are set from them.
  await recountEnvelopes(db);
  await analyse(bench);
  report.totalRows = Object.values(report.tables).reduce((a, b) => a + b, 0);
  report.totalSeconds = (performance.now() - started) / 1000;
  report.rowsPerSecond = Math.round(report.totalRows / report.totalSeconds);
  return report;
}

function isoDepartement(r: Random, weights: Float64Array): string {
  return DEPARTEMENTS[r.weighted(weights)].code;
}

type Timed = (name: string, fill: (sink: TableSink) => Promise<void> | void, spec: TableSpec) => Promise<void>;

async function generateActeTwo(
  timed: Timed, counts: Counts, companies: Company[], agencyIds: number[],
  c: { seed: number; temp: number; envelopeOf: (measureId: number, funder: string) => number | null; maxId: (t: any) => Promise<number> },
): Promise<void> {
  // ---- Tutors: two per company, so a contract's tutor is found from its company without a lookup.
  const tutorBase = await c.maxId('tutors');
  const r2 = seeded(c.seed + 2);
  await timed('tutors', async (sink) => {
    for (let i = 0; i < companies.length; i++) {
      for (let t = 0; t < counts.tutorsPerCompany; t++) {
        await sink.add([tutorBase + i * counts.tutorsPerCompany + t + 1, companies[i].id, r2.pick(LAST_NAMES), r2.pick(r2.chance(0.4) ? FIRST_F : FIRST_M), isoDay(r2.int(dayNumber('1950-01-01'), dayNumber('1985-12-31'))), r2.int(24, 360), t === 0 && companies[i].headcount < 10, instant(dayNumber('2010-05-04')), 1]);
      }
    }
  }, { name: 'tutors', columns: [['id', 'int'], ['company_id', 'int'], ['last_name', 'text'], ['first_name', 'text'], ['birth_date', 'date'], ['related_experience_months', 'int'], ['is_employer', 'bool'], ['created_at', 'instant'], ['version', 'int']] });

  // ---- Professionalisation contracts -------------------------------------------------------
  const contractBase = await c.maxId('proContracts');
  // Every PAIR_STRIDE-th contract is the junior of a pair: pairs then need no lookup either.
  const pairStride = Math.max(1, Math.floor(counts.contracts / Math.max(1, counts.pairs)));
  const contractCompany = new Int32Array(counts.contracts);
  const contractStart = new Int32Array(counts.contracts);
  const r3 = seeded(c.seed + 3);
  const cproStart = dayNumber('2010-05-04');
  const cproEnd = dayNumber('2014-12-31');
  const observed = dayNumber('2015-06-30');
  await timed('pro_contracts', async (sink) => {
    for (let i = 0; i < counts.contracts; i++) {
      const id = contractBase + i + 1;
      const ci = Math.floor(companies.length * r3() * r3());
      const company = companies[ci];
      contractCompany[i] = ci;
      const startDay = r3.int(cproStart, cproEnd);
      contractStart[i] = startDay;
      const months = r3.pick([6, 9, 12, 12, 12, 18, 24]);
      const endDay = startDay + Math.round(months * 30.4);
      const female = r3.chance(0.44);
      const level = LEVELS[r3.weighted(LEVEL_WEIGHTS)];
      const reserved = i % pairStride === 0 && Math.floor(i / pairStride) < counts.pairs ? true : r3.chance(0.05);
      const ended = endDay < observed;
      const early = ended && r3.chance(0.18);
      const actualEnd = early ? startDay + r3.int(30, endDay - startDay - 1) : null;
      const exitKnown = ended && r3.chance(0.85);
      const laterKnown = exitKnown && endDay + 190 < observed && r3.chance(0.7);
      const tutor = r3.chance(0.92) ? tutorBase + ci * counts.tutorsPerCompany + r3.int(1, counts.tutorsPerCompany) : null;
      const hours = r3.int(150, 1200) * 100;
      await sink.add([id, `CP-${isoDay(startDay).slice(0, 4)}-${String(id).padStart(7, '0')}`, company.id, company.fundId, tutor,
        r3.pick(LAST_NAMES), r3.pick(female ? FIRST_F : FIRST_M), isoDay(startDay - r3.int(16 * 365, 45 * 365)), female ? 'F' : 'M', level,
        r3.chance(0.3), r3.chance(0.45), r3.chance(0.08) ? 'rsa' : '', r3.chance(0.8) ? 'CDD' : 'CDI', isoDay(startDay), isoDay(endDay),
        hours, r3.pick(QUALIFICATIONS), LEVELS[Math.min(6, LEVELS.indexOf(level) + 1)], r3.pick(PROVIDERS), r3.int(90_000, 180_000),
        reserved, Math.round((hours / 100) * 950), actualEnd === null ? null : isoDay(actualEnd),
        ended ? (early ? END_REASONS[1 + r3.int(0, 3)] : END_REASONS[r3.weighted(END_WEIGHTS)]) : null,
        ended ? r3.pick(['obtained', 'obtained', 'obtained', 'partial', 'failed']) : null,
        exitKnown ? EXIT_SITUATIONS[r3.weighted(EXIT_WEIGHTS)] : null, laterKnown ? EXIT_SITUATIONS[r3.weighted(EXIT_WEIGHTS)] : null,
        isoDay(endDay + 183), isoDay(endDay + 213), false, instant(startDay - r3.int(0, 20), 11), instant(Math.min(observed, endDay + (laterKnown ? 200 : 0)), 12), 1]);
    }
  }, { name: 'pro_contracts', columns: [['id', 'int'], ['reference', 'text'], ['company_id', 'int'], ['training_fund_id', 'int'], ['tutor_id', 'int'], ['last_name', 'text'], ['first_name', 'text'], ['birth_date', 'date'], ['sex', 'text'], ['level1969', 'text'], ['has_recognised_qualification', 'bool'], ['is_job_seeker', 'bool'], ['publics', 'text'], ['contract_type', 'text'], ['start_date', 'date'], ['end_date', 'date'], ['training_hours_hundredths', 'int'], ['targeted_qualification', 'text'], ['targeted_level', 'text'], ['provider_name', 'text'], ['gross_monthly_pay_cents', 'bigint'], ['is_reserved_for_pair', 'bool'], ['funding_cents', 'bigint'], ['actual_end_date', 'date'], ['end_reason', 'text'], ['certification', 'text'], ['situation_at_exit', 'text'], ['situation_after6_months', 'text'], ['follow_up_due_from', 'date'], ['follow_up_late_after', 'date'], ['is_imported', 'bool'], ['created_at', 'instant'], ['updated_at', 'instant'], ['version', 'int']] });

  // ---- Temp workers' pathways, periods, financing lines -----------------------------------
  const pathwayBase = await c.maxId('tempPathways');
  let periodId = await c.maxId('pathwayPeriods');
  let fundingId = await c.maxId('pathwayFundingLines');
  const r4 = seeded(c.seed + 4);
  const periods: unknown[][] = [];
  const lines: unknown[][] = [];
  const faftt = c.envelopeOf(c.temp, 'FAFTT'); const region = c.envelopeOf(c.temp, 'REGION'); const fpspp = c.envelopeOf(c.temp, 'FPSPP');
  await timed('temp_pathways', async (sink) => {
    for (let i = 0; i < counts.pathways; i++) {
      const id = pathwayBase + i + 1;
      const entry = r4.int(dayNumber('2010-01-04'), dayNumber('2014-10-31'));
      const female = r4.chance(0.3);
      const level = LEVELS[r4.weighted(LEVEL_WEIGHTS)];
      let day = entry; let training = 0; let mission = 0; let cost = 0;
      const n = r4.int(2, 4);
      for (let p = 0; p < n; p++) {
        const kind = p % 2 === 0 ? 'training' : 'mission';
        const length = kind === 'training' ? r4.int(10, 60) : r4.int(20, 120);
        const hours = length * 5 * 7 * 100 / 7;
        const periodCost = kind === 'training' ? Math.round(hours / 100) * r4.int(1500, 3000) : null;
        if (kind === 'training') training += hours; else mission += hours;
        cost += periodCost ?? 0;
        periods.push([++periodId, id, p, kind, isoDay(day), isoDay(day + length), Math.round(hours), periodCost, null, kind === 'training' ? r4.pick(PROVIDERS) : null, kind === 'mission' ? `Entreprise utilisatrice ${r4.int(1, 5000)}` : null, kind === 'training' ? r4.pick(QUALIFICATIONS) : null]);
        day += length + r4.int(0, 14);
      }
      const financed = Math.round(cost * 0.9);
      const regionPart = r4.chance(0.3) ? Math.round(financed * 0.2) : 0;
      lines.push([++fundingId, id, faftt, 'FAFTT', financed - regionPart]);
      if (regionPart) {
        const byRegion = r4.chance(0.6);
        lines.push([++fundingId, id, byRegion ? region : fpspp, byRegion ? 'REGION' : 'FPSPP', regionPart]);
      }
      const exited = day < dayNumber('2015-01-31') && r4.chance(0.75);
      await sink.add([id, `PI-${isoDay(entry).slice(0, 4)}-${String(id).padStart(7, '0')}`, r4.pick(agencyIds), r4.pick(LAST_NAMES), r4.pick(female ? FIRST_F : FIRST_M), isoDay(entry - r4.int(18 * 365, 50 * 365)), female ? 'F' : 'M', level,
        r4.chance(0.6) ? 'vocational' : 'general', r4.chance(0.5), isoDay(entry), n >= 3 ? 1 : 0, Math.round(training), Math.round(mission), cost, financed,
        exited ? isoDay(day) : null, exited ? r4.pick(TEMP_OUTCOMES) : null, instant(entry, 10), instant(exited ? day : entry, 11), 1]);
    }
  }, { name: 'temp_pathways', columns: [['id', 'int'], ['reference', 'text'], ['agency_id', 'int'], ['last_name', 'text'], ['first_name', 'text'], ['birth_date', 'date'], ['sex', 'text'], ['level1969', 'text'], ['schooling_route', 'text'], ['has_vocational_diploma', 'bool'], ['entry_date', 'date'], ['versatility', 'int'], ['training_hours_hundredths', 'int'], ['mission_hours_hundredths', 'int'], ['cost_cents', 'bigint'], ['financed_cents', 'bigint'], ['exit_date', 'date'], ['outcome', 'text'], ['created_at', 'instant'], ['updated_at', 'instant'], ['version', 'int']] });
  await timed('pathway_periods', async (sink) => { for (const row of periods) await sink.add(row); },
    { name: 'pathway_periods', columns: [['id', 'int'], ['pathway_id', 'int'], ['position', 'int'], ['kind', 'text'], ['start_date', 'date'], ['end_date', 'date'], ['hours_hundredths', 'int'], ['cost_cents', 'bigint'], ['rome_code', 'text'], ['provider_name', 'text'], ['user_company', 'text'], ['targeted_qualification', 'text']] });
  periods.length = 0;
  await timed('pathway_funding_lines', async (sink) => { for (const row of lines) await sink.add(row); },
    { name: 'pathway_funding_lines', columns: [['id', 'int'], ['pathway_id', 'int'], ['envelope_id', 'int'], ['funder', 'text'], ['amount_cents', 'bigint']] });
  lines.length = 0;

  // ---- Intergenerational pairs: a senior with a junior on a reserved contract ---------------
  const pairBase = await c.maxId('pairs');
  const r5 = seeded(c.seed + 5);
  await timed('pairs', async (sink) => {
    for (let j = 0; j < counts.pairs && j * pairStride < counts.contracts; j++) {
      const index = j * pairStride;
      const company = companies[contractCompany[index]];
      const startDay = contractStart[index];
      const female = r5.chance(0.35);
      const birth = startDay - r5.int(55 * 365, 62 * 365);
      const id = pairBase + j + 1;
      await sink.add([id, `BI-${isoDay(startDay).slice(0, 4)}-${String(id).padStart(6, '0')}`, company.id, contractBase + index + 1, r5.pick(LAST_NAMES), r5.pick(female ? FIRST_F : FIRST_M), isoDay(birth), female ? 'F' : 'M',
        isoDay(birth + 62 * 365), isoDay(startDay), isoDay(startDay + 365), r5.int(220_000, 450_000), 8000, 10_000, true, r5.chance(0.2), instant(startDay, 10), instant(startDay, 10), 1]);
    }
  }, { name: 'pairs', columns: [['id', 'int'], ['reference', 'text'], ['company_id', 'int'], ['junior_contract_id', 'int'], ['senior_last_name', 'text'], ['senior_first_name', 'text'], ['senior_birth_date', 'date'], ['senior_sex', 'text'], ['expected_retirement_date', 'date'], ['start_date', 'date'], ['end_date', 'date'], ['full_time_salary_cents', 'bigint'], ['activity_bp', 'int'], ['pay_bp', 'int'], ['has_written_agreement', 'bool'], ['is_employer_paying_supplement', 'bool'], ['created_at', 'instant'], ['updated_at', 'instant'], ['version', 'int']] });
}

/**
 * Statistics for the planners, and identity sequences moved past the ids written here
 * (PostgreSQL would otherwise hand out id 1 to the next insert of the app). On PostgreSQL a
 * vacuum also sets the visibility map, as autovacuum does after a load: without it no
 * index-only scan is possible on freshly written tables, which a live database never shows.
 */
export async function analyse(bench: BenchDb): Promise<void> {
  if (bench.kind === 'sqlite') { await bench.raw.exec('analyze'); return; }
  const written = ['organisations', 'funding_requests', 'request_employees', 'training_actions', 'funding_lines', 'commitments', 'payments', 'tutors', 'pro_contracts', 'temp_pathways', 'pathway_periods', 'pathway_funding_lines', 'pairs', 'history_events'];
  await syncSequences(bench, written);
  await bench.raw.exec(`vacuum ${written.join(', ')}`);
  await bench.raw.exec('analyze');
}

/** PostgreSQL identity sequences past the ids written explicitly (SQLite's AUTOINCREMENT follows by itself). */
export async function syncSequences(bench: BenchDb, tables: string[]): Promise<void> {
  if (bench.kind !== 'postgres') return;
  for (const table of tables) {
    await bench.raw.exec(`select setval(pg_get_serial_sequence('${table}', 'id'), greatest((select coalesce(max(id), 0) from ${table}), 1))`);
  }
}
