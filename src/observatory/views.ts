import type { Kysely } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import { employmentAreaLabel } from '../shared/employmentAreas.js';
import { maskingThresholdOn, protectDimension } from '../steering/masking.js';
import { automotiveJobs, automotiveScopeOn, dependencyIndex, isAutomotive, type DependencyRecord } from './rules/automotive.js';
import { rankTargets } from './rules/mobility.js';
import { isParadox, paradoxThresholdsFor, seekersPerDifficult } from './rules/paradox.js';
import { cellOfRome, type Observatory, type TensionCell } from './figures.js';
import { hiringMix, jobsOfSector } from './hiringMix.js';
import { BORDER_AREAS, CANTONS } from './territory.js';

/** Requests the cell granted: what the partnership financed. */
const FINANCED = ['approved', 'closed'];

/** A count as published: a number, or secret. A secret count is never sent as a number. */
export interface Count { value: number | null; masked: boolean }
const count = (value: number | null, masked: boolean): Count => ({ value: masked ? null : value, masked });

/** People counts from Parcours' own records, under the steering's small-cell rule of the day. */
function peopleCount(n: number, day: string): Count {
  const [cell] = protectDimension([{ key: 'n', label: '', count: n }], { threshold: maskingThresholdOn(day) }).cells;
  return { value: cell.count, masked: cell.masked };
}

export async function romeLabels(db: Kysely<Schema>): Promise<Map<string, string>> {
  return new Map((await db.selectFrom('romeCodes').select(['code', 'label']).execute()).map((r) => [r.code, r.label]));
}

const round2 = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);

function tensionRow(c: TensionCell, o: Observatory) {
  return {
    fap: c.fap, label: c.fapLabel, year: c.year,
    projects: count(c.projects, c.projectsMasked), difficult: count(c.difficult, c.difficultMasked), seasonal: count(c.seasonal, c.seasonalMasked),
    difficultShareBp: c.difficultShareBp, seekersA: c.seekersA, offers: c.offers, exitRateBp: c.exitRate === null ? null : Math.round(c.exitRate * 10000),
    tension: round2(c.tension), factors: c.factors,
    trend: o.years.map((year) => ({ year, tension: round2(o.cells.find((x) => x.year === year && x.area === c.area && x.fap === c.fap)?.tension ?? null) })),
  };
}
export type TensionRow = ReturnType<typeof tensionRow>;

const byTension = (a: { tension: number | null; fap: string }, b: { tension: number | null; fap: string }) =>
  (a.tension === null ? 1 : 0) - (b.tension === null ? 1 : 0) || (b.tension ?? 0) - (a.tension ?? 0) || a.fap.localeCompare(b.fap);

export function tensionView(o: Observatory, area: string, year: number) {
  const rows = o.cells.filter((c) => c.area === area && c.year === year).sort(byTension).map((c) => tensionRow(c, o));
  return { area, areaLabel: employmentAreaLabel(area), year, years: o.years, reference: o.reference, synthetic: o.isSynthetic, rows };
}

/** What the partnership already did for some ROME jobs in an area, from its own records. */
export async function financedFor(db: Kysely<Schema>, area: string, romes: readonly string[], day: string) {
  if (romes.length === 0) return { requests: 0, trainees: peopleCount(0, day), hours: 0, committedCents: 0, pathways: 0, plans: 0 };
  const [requests, pathways, plans] = await Promise.all([
    db.selectFrom('fundingRequests').select(['nafCode', 'traineeCount', 'trainingHours', 'committedCents'])
      .where('employmentArea', '=', area).where('status', 'in', FINANCED).execute(),
    db.selectFrom('pathwayPeriods as p').innerJoin('tempPathways as t', 't.id', 'p.pathwayId').innerJoin('organisations as o', 'o.id', 't.agencyId')
      .select('t.id').distinct().where('o.employmentArea', '=', area).where('p.romeCode', 'in', [...romes]).execute(),
    db.selectFrom('observatoryPlans').select((eb) => eb.fn.countAll<number>().as('n')).where('areaCode', '=', area).where('romeCode', 'in', [...romes]).executeTakeFirstOrThrow(),
  ]);
  // A request trains for the jobs its company's sector hires most: the request holds a NAF code, not a job.
  const matching = requests.filter((r) => r.nafCode && jobsOfSector(r.nafCode).some((rome) => romes.includes(rome)));
  return {
    requests: matching.length,
    trainees: peopleCount(matching.reduce((s, r) => s + r.traineeCount, 0), day),
    hours: matching.reduce((s, r) => s + Number(r.trainingHours), 0),
    committedCents: matching.reduce((s, r) => s + Number(r.committedCents), 0),
    pathways: pathways.length,
    plans: Number(plans.n),
  };
}

export async function paradoxView(db: Kysely<Schema>, o: Observatory, area: string, year: number, day: string) {
  const thresholds = paradoxThresholdsFor(year);
  const labels = await romeLabels(db);
  const cells = o.cells.filter((c) => c.area === area && c.year === year && isParadox({ projects: c.projects, difficult: c.difficult, seekers: c.seekersA }, thresholds));
  const rows = [];
  for (const c of cells.sort((a, b) => (b.difficultShareBp ?? 0) - (a.difficultShareBp ?? 0) || a.fap.localeCompare(b.fap))) {
    const listed = o.romesOfFap.get(`${c.fapVersion}|${c.fap}`) ?? [];
    const counted = listed.filter((r) => o.romesWithData.has(r));
    const romes = counted.length ? counted : listed;
    rows.push({
      ...tensionRow(c, o),
      seekersPerDifficult: round2(seekersPerDifficult({ projects: c.projects, difficult: c.difficult, seekers: c.seekersA })),
      romes: romes.map((code) => ({ code, label: labels.get(code) ?? code })),
      financed: await financedFor(db, area, romes, day),
    });
  }
  return { area, areaLabel: employmentAreaLabel(area), year, thresholds, synthetic: o.isSynthetic, rows };
}

/** Per year of the area's records: companies helped, people trained and C.Pro hirings, split automotive / other. */
export async function dependencySeries(db: Kysely<Schema>, area: string, day: string) {
  const scope = automotiveScopeOn(day);
  const [requests, contracts] = await Promise.all([
    db.selectFrom('fundingRequests').select(['companyId', 'siret', 'nafCode', 'traineeCount', 'decidedAt', 'submittedAt', 'createdAt'])
      .where('employmentArea', '=', area).where('status', 'in', FINANCED).execute(),
    db.selectFrom('proContracts as c').innerJoin('organisations as o', 'o.id', 'c.companyId').select(['c.companyId', 'c.startDate']).where('o.employmentArea', '=', area).execute(),
  ]);
  const nafOfCompany = new Map(requests.map((r) => [r.companyId, r.nafCode]));
  const years = new Map<number, Map<string, DependencyRecord>>();
  const at = (year: number, company: string, naf: string | null) => {
    const ofYear = years.get(year) ?? new Map<string, DependencyRecord>();
    years.set(year, ofYear);
    const record = ofYear.get(company) ?? { naf, trainees: 0, hirings: 0 };
    ofYear.set(company, record);
    return record;
  };
  for (const r of requests) at(Number(String(r.decidedAt ?? r.submittedAt ?? r.createdAt).slice(0, 4)), r.siret, r.nafCode).trainees += r.traineeCount;
  for (const c of contracts) at(Number(String(c.startDate).slice(0, 4)), `c${c.companyId}`, nafOfCompany.get(c.companyId) ?? null).hirings += 1;
  const threshold = maskingThresholdOn(day);
  return [...years].sort(([a], [b]) => a - b).map(([year, companies]) => {
    const records = [...companies.values()];
    const index = dependencyIndex(records, scope);
    const split = (k: 'trainees' | 'hirings') => protectDimension([
      { key: 'auto', label: 'automobile', count: records.filter((r) => isAutomotive(r.naf, scope)).reduce((s, r) => s + r[k], 0) },
      { key: 'other', label: 'autres', count: records.filter((r) => !isAutomotive(r.naf, scope)).reduce((s, r) => s + r[k], 0) },
    ], { threshold });
    const trainees = split('trainees');
    const hirings = split('hirings');
    return {
      year, companies: records.filter((r) => r.trainees > 0).length || records.length,
      companiesBp: index.companiesBp,
      traineesBp: trainees.cells.some((c) => c.masked) || trainees.totalMasked ? null : index.traineesBp,
      traineesMasked: trainees.cells.some((c) => c.masked) || trainees.totalMasked,
      hiringsBp: hirings.cells.some((c) => c.masked) || hirings.totalMasked ? null : index.hiringsBp,
      hiringsMasked: hirings.cells.some((c) => c.masked) || hirings.totalMasked,
    };
  });
}

export async function waysOutView(db: Kysely<Schema>, o: Observatory, area: string, year: number, day: string) {
  const labels = await romeLabels(db);
  const moves = (await db.selectFrom('observatoryMobility').select(['romeCode', 'targetRomeCode', 'kind', 'rank']).execute())
    .map((m) => ({ source: m.romeCode, target: m.targetRomeCode, kind: m.kind as 1 | 2, rank: m.rank }));
  const plans = await db.selectFrom('observatoryPlans').select(['romeCode', 'sourceRomeCode', 'kind', 'headcount']).where('areaCode', '=', area).execute();
  const sources = automotiveJobs(hiringMix(), automotiveScopeOn(day), 100).slice(0, 12);
  const tensionOf = (rome: string) => {
    const c = cellOfRome(o, area, year, rome);
    return { tension: round2(c?.tension ?? null), difficultShareBp: c?.difficultShareBp ?? null };
  };
  const jobs = sources.map((s) => {
    const cell = cellOfRome(o, area, year, s.rome);
    const targets = rankTargets(s.rome, moves, tensionOf).slice(0, 8).map((t) => {
      const c = cellOfRome(o, area, year, t.target);
      return {
        ...t, label: labels.get(t.target) ?? t.target, fap: c?.fap ?? null, fapLabel: c?.fapLabel ?? null,
        projects: c ? count(c.projects, c.projectsMasked) : null, isWayOut: t.tension !== null && t.tension > 0,
        plans: plans.filter((p) => p.romeCode === t.target && p.sourceRomeCode === s.rome).length,
      };
    });
    return { rome: s.rome, label: labels.get(s.rome) ?? s.rome, nationalHirings: s.hirings, tension: round2(cell?.tension ?? null), fapLabel: cell?.fapLabel ?? null, targets, waysOut: targets.filter((t) => t.isWayOut).length };
  }).filter((j) => j.targets.length > 0);
  return { area, areaLabel: employmentAreaLabel(area), year, synthetic: o.isSynthetic, jobs, dependency: await dependencySeries(db, area, day) };
}

export async function borderView(db: Kysely<Schema>, o: Observatory, day: string) {
  const [residents, permits, requests, contracts, pathways] = await Promise.all([
    db.selectFrom('observatoryBorderResidents').selectAll().orderBy('year').execute(),
    db.selectFrom('observatoryPermits').selectAll().orderBy('year').orderBy('quarter').execute(),
    db.selectFrom('fundingRequests').select(['employmentArea', 'traineeCount']).where('status', 'in', FINANCED).execute(),
    db.selectFrom('proContracts as c').innerJoin('organisations as o', 'o.id', 'c.companyId').select('o.employmentArea').execute(),
    db.selectFrom('tempPathways as t').innerJoin('organisations as o', 'o.id', 't.agencyId').select('o.employmentArea').execute(),
  ]);
  const year = o.years[o.years.length - 1] ?? null;
  // Trainees of the partnership per area (requests, contracts, pathways), protected as one dimension.
  const byArea = new Map<string, number>();
  const addTo = (area: string | null, n: number) => { if (area) byArea.set(area, (byArea.get(area) ?? 0) + n); };
  requests.forEach((r) => addTo(r.employmentArea, r.traineeCount));
  contracts.forEach((c) => addTo(c.employmentArea, 1));
  pathways.forEach((p) => addTo(p.employmentArea, 1));
  const protectedAreas = protectDimension([...byArea].map(([key, n]) => ({ key, label: key, count: n })), { threshold: maskingThresholdOn(day) });
  const total = [...byArea.values()].reduce((s, n) => s + n, 0);
  const panels = BORDER_AREAS.map(({ code, cantons }) => {
    const cell = protectedAreas.cells.find((c) => c.key === code);
    const trainees: Count = cell ? { value: cell.count, masked: cell.masked } : { value: 0, masked: false };
    const quarters = new Map<string, number>();
    for (const p of permits.filter((x) => cantons.includes(x.canton))) quarters.set(`${p.year}-T${p.quarter}`, (quarters.get(`${p.year}-T${p.quarter}`) ?? 0) + p.workers);
    return {
      area: code, areaLabel: employmentAreaLabel(code), cantons: cantons.map((c) => ({ code: c, label: CANTONS[c] })),
      residents: residents.filter((r) => r.areaCode === code).map((r) => ({
        year: r.year, workingInSwitzerland: r.workingInSwitzerland, labourForce: r.labourForce,
        shareBp: r.labourForce ? Math.round((r.workingInSwitzerland / r.labourForce) * 10000) : null,
      })),
      permits: [...quarters].map(([quarter, workers]) => ({ quarter, workers })),
      tensionJobs: year === null ? [] : o.cells.filter((c) => c.area === code && c.year === year && c.tension !== null).sort(byTension).slice(0, 5).map((c) => tensionRow(c, o)),
      trainees, traineesShareBp: trainees.masked || total === 0 ? null : Math.round(((trainees.value ?? 0) / total) * 10000),
    };
  });
  return { year, synthetic: o.isSynthetic, panels };
}

/** The hiring projects of a ROME job over the years, all areas: a sum with a secret part is a lower bound, flagged. */
export function hiringTrend(o: Observatory, rome: string) {
  return o.years.map((year) => {
    const version = o.cells.find((c) => c.year === year)?.fapVersion ?? '2009';
    const faps = o.fapsOfRome.get(version)?.get(rome) ?? [];
    const cells = o.cells.filter((c) => c.year === year && faps.includes(c.fap));
    return { year, projects: cells.reduce((s, c) => s + (c.projects ?? 0), 0), partial: cells.some((c) => c.projectsMasked) };
  });
}
