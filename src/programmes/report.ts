import type { Kysely } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import { centsToCsvEuros } from '../platform/tabular/index.js';
import { shareBasisPoints } from '../shared/money.js';
import { FUNDER_LABELS, FUNDERS, type Funder } from './funders.js';
import { maskingThresholdOn } from '../steering/masking.js';

/**
 * The "Acte I table": what the programme achieved, counted on requests the cell
 * decided positively (approved, then closed when settled). Every figure is a database
 * aggregate, so the report costs the same for 72 requests or 72,000.
 */
export const DECIDED_POSITIVELY = ['approved', 'closed'] as const;

export interface FunderShare { funder: string; label: string; amountCents: number; shareBp: number }

interface ReportFigures {
  requestCount: number;
  companiesHelped: number;
  /** Null when the dashboard hides them: the same cell of the steering's trainees cube. */
  employeesTrained: number | null;
  trainingHours: number | null;
  totalCostCents: number;
  byFunder: FunderShare[];
  /** Total cost not covered by any funder's approved line; 0 when every plan balances. */
  remainderCents: number;
}
interface ReportHead {
  programme: { id: number; code: string; name: string };
  measures: { id: number; code: string; name: string }[];
  /** The measure the report is restricted to, or null for the whole programme. */
  measureId: number | null;
}
/** A published report, or one under the secrecy rule: no figure at all then (a single company's cost and financing are its business). */
export type PublishedReport = ReportHead & ReportFigures & { secret: false };
export type ProgrammeReport = PublishedReport | (ReportHead & { secret: true; rule: string });

/** Companies below which a report would describe identifiable businesses (INSEE's rule for enterprises). */
export const MIN_COMPANIES = 3;
export const REPORT_SECRECY_RULE = `Le bilan n’est publié que s’il porte sur au moins ${MIN_COMPANIES} entreprises et, pour les salariés formés, sur au moins le seuil de personnes du pilotage ; `
  + 'quand un seul dispositif d’un programme serait masqué, un deuxième l’est aussi pour que le total du programme ne le livre pas par différence.';

/**
 * The measures whose report is secret. A measure is small when fewer than MIN_COMPANIES
 * companies or a non-zero number of trainees below the people threshold; the programme is
 * the sum of its measures, so a lone small measure takes the smallest other non-empty one
 * with it, and a small programme hides all of them.
 */
export function secretMeasures(perMeasure: { measureId: number; companies: number; employees: number }[], threshold: number): { programme: boolean; measures: Set<number> } {
  const small = (c: { companies: number; employees: number }) => c.companies > 0 && (c.companies < MIN_COMPANIES || (c.employees > 0 && c.employees < threshold));
  const whole = perMeasure.reduce((s, m) => ({ companies: s.companies + m.companies, employees: s.employees + m.employees }), { companies: 0, employees: 0 });
  // Companies of two measures may be the same SIRET: the whole is checked on the sum, which can only be larger.
  if (small(whole)) return { programme: true, measures: new Set(perMeasure.filter((m) => m.companies > 0).map((m) => m.measureId)) };
  const secret = new Set(perMeasure.filter(small).map((m) => m.measureId));
  if (secret.size === 1) {
    const partner = perMeasure.filter((m) => m.companies > 0 && !secret.has(m.measureId)).sort((a, b) => a.companies - b.companies || a.employees - b.employees)[0];
    if (partner) secret.add(partner.measureId);
  }
  return { programme: false, measures: secret };
}

export async function programmeReport(
  db: Kysely<Schema>,
  programme: { id: number; code: string; name: string },
  measures: { id: number; code: string; name: string }[],
  measureId: number | null,
  today: string,
  traineesHidden = false,
): Promise<ProgrammeReport> {
  const measureIds = measureId === null ? measures.map((m) => m.id) : [measureId];
  const empty = measureIds.length === 0;
  // Every measure of the programme is read: whether one is secret depends on the others.
  const perMeasure = measures.length === 0 ? [] : await db.selectFrom('fundingRequests as r')
    .select((eb) => ['r.measureId', eb.fn.count<number>('r.siret').distinct().as('companies'), eb.fn.coalesce(eb.fn.sum<number>('r.traineeCount'), eb.val(0)).as('employees')])
    .where('r.measureId', 'in', measures.map((m) => m.id)).where('r.status', 'in', DECIDED_POSITIVELY).groupBy('r.measureId').execute();
  const secret = secretMeasures(perMeasure.map((m) => ({ measureId: m.measureId, companies: Number(m.companies), employees: Number(m.employees) })), maskingThresholdOn(today));
  if (measureId === null ? secret.programme : secret.measures.has(measureId)) {
    return { programme, measures, measureId, secret: true, rule: REPORT_SECRECY_RULE };
  }
  const [totals, lines] = empty ? [undefined, []] : await Promise.all([
    db.selectFrom('fundingRequests as r')
      .select((eb) => [
        eb.fn.countAll<number>().as('requests'),
        // The same company helped twice (two requests, or two establishments' files under one SIRET) counts once.
        eb.fn.count<number>('r.siret').distinct().as('companies'),
        eb.fn.coalesce(eb.fn.sum<number>('r.traineeCount'), eb.val(0)).as('employees'),
        eb.fn.coalesce(eb.fn.sum<number>('r.trainingHours'), eb.val(0)).as('hours'),
        eb.fn.coalesce(eb.fn.sum<number>('r.totalCostCents'), eb.val(0)).as('total'),
      ])
      .where('r.measureId', 'in', measureIds).where('r.status', 'in', DECIDED_POSITIVELY)
      .executeTakeFirst(),
    db.selectFrom('fundingLines as l').innerJoin('fundingRequests as r', 'r.id', 'l.requestId')
      .select((eb) => ['l.funder', eb.fn.coalesce(eb.fn.sum<number>('l.approvedCents'), eb.val(0)).as('amount')])
      .where('r.measureId', 'in', measureIds).where('r.status', 'in', DECIDED_POSITIVELY)
      .groupBy('l.funder')
      .execute(),
  ]);
  const totalCostCents = Number(totals?.total ?? 0);
  const order = (funder: string) => { const i = FUNDERS.indexOf(funder as Funder); return i === -1 ? FUNDERS.length : i; };
  const byFunder = lines
    .map((l) => ({ funder: l.funder, amountCents: Number(l.amount) }))
    .filter((l) => l.amountCents !== 0)
    .sort((a, b) => order(a.funder) - order(b.funder) || a.funder.localeCompare(b.funder))
    .map((l) => ({ ...l, label: FUNDER_LABELS[l.funder as Funder] ?? l.funder, shareBp: shareBasisPoints(l.amountCents, totalCostCents) }));
  return {
    programme, measures, measureId, secret: false,
    requestCount: Number(totals?.requests ?? 0),
    companiesHelped: Number(totals?.companies ?? 0),
    employeesTrained: traineesHidden && Number(totals?.employees ?? 0) > 0 ? null : Number(totals?.employees ?? 0),
    trainingHours: traineesHidden && Number(totals?.employees ?? 0) > 0 ? null : Number(totals?.hours ?? 0),
    totalCostCents,
    byFunder: byFunder.map(({ funder, label, amountCents, shareBp }) => ({ funder, label, amountCents, shareBp })),
    remainderCents: totalCostCents - byFunder.reduce((s, f) => s + f.amountCents, 0),
  };
}

const SECRET = 'secret (moins de 5 personnes, ou masqué pour qu’aucune case ne se retrouve par différence)';

export interface ReportRow { indicator: string; value: string; unit: string }

const percent = (bp: number) => `${Math.trunc(bp / 100)},${String(Math.abs(bp) % 100).padStart(2, '0')}`;

/** The report as the rows of a two-column table (indicator; value), for CSV and XLSX. */
export function reportRows(report: ProgrammeReport): ReportRow[] {
  const measure = report.measureId === null ? null : report.measures.find((m) => m.id === report.measureId);
  const head = [
    { indicator: 'Programme', value: `${report.programme.code} — ${report.programme.name}`, unit: '' },
    { indicator: 'Dispositif', value: measure ? `${measure.code} — ${measure.name}` : 'Tous les dispositifs', unit: '' },
  ];
  if (report.secret) return [...head, { indicator: 'Secret statistique', value: REPORT_SECRECY_RULE, unit: '' }];
  return [
    ...head,
    { indicator: 'Demandes accordées', value: String(report.requestCount), unit: 'demandes' },
    { indicator: 'Entreprises aidées', value: String(report.companiesHelped), unit: 'entreprises' },
    { indicator: 'Salariés formés', value: report.employeesTrained === null ? SECRET : String(report.employeesTrained), unit: 'salariés' },
    { indicator: 'Heures de formation', value: report.trainingHours === null ? SECRET : String(report.trainingHours), unit: 'heures' },
    { indicator: 'Coût total', value: centsToCsvEuros(report.totalCostCents), unit: '€' },
    ...report.byFunder.flatMap((f) => [
      { indicator: `Financement — ${f.label}`, value: centsToCsvEuros(f.amountCents), unit: '€' },
      { indicator: `Part — ${f.label}`, value: percent(f.shareBp), unit: '%' },
    ]),
    { indicator: 'Reste non financé', value: centsToCsvEuros(report.remainderCents), unit: '€' },
  ];
}
