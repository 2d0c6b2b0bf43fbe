import { sql, type Kysely } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import type { Database } from '../platform/db/database.js';
import { traineesHidden } from './secrecyViews.js';

/**
 * The Acte I page of the plenary report: what the weekly cell achieved, read from the
 * Acte I requests (the imported history), never from the targets table, so the report
 * shows whether the data reproduce the seed's figures.
 */
export interface ActIFigures {
  requests: number; companies: number;
  /** Null when the dashboard hides them (the measure's cell of the trainees cube). */
  employees: number | null; hours: number | null;
  totalCostCents: number;
  /** Shares of the financing, in the seed's groups (the State and the FSE together). */
  split: { key: string; label: string; cents: number; percent: number }[];
}

const GROUPS: { key: string; label: string; funders: string[] }[] = [
  { key: 'OPCA', label: 'OPCA', funders: ['OPCA'] },
  { key: 'STATE_FSE', label: 'État et FSE', funders: ['STATE', 'FSE'] },
  { key: 'REGION', label: 'Région', funders: ['REGION'] },
  { key: 'COMPANY', label: 'Entreprises (part restante)', funders: ['COMPANY'] },
];

export async function actIFigures(database: Pick<Database, 'db' | 'kind' | 'schema' | 'sqliteHandle'>, threshold: number): Promise<ActIFigures> {
  const db: Kysely<Schema> = database.db;
  const measure = await db.selectFrom('measures').select('id').where('code', '=', 'ACTE1-CELLULE').executeTakeFirst();
  const id = measure?.id ?? -1;
  const helped = db.selectFrom('fundingRequests as r').where('r.measureId', '=', id).where('r.status', 'in', ['approved', 'closed']);
  const totals = await helped.select([
    sql<number>`count(*)`.as('requests'), sql<number>`count(distinct r.siret)`.as('companies'),
    sql<number>`coalesce(sum(r.trainee_count), 0)`.as('employees'), sql<number>`coalesce(sum(r.training_hours), 0)`.as('hours'),
    sql<number>`coalesce(sum(r.total_cost_cents), 0)`.as('cost'),
  ]).executeTakeFirst();
  const byFunder = await db.selectFrom('fundingLines as fl').where('fl.requestId', 'in', helped.select('r.id'))
    .select(['fl.funder', sql<number>`sum(coalesce(fl.approved_cents, fl.proposed_cents))`.as('cents')]).groupBy('fl.funder').execute();
  const all = byFunder.reduce((s, f) => s + Number(f.cents), 0);
  const known = new Set(GROUPS.flatMap((g) => g.funders));
  const groups = [...GROUPS, { key: 'OTHER', label: 'Autres financeurs', funders: byFunder.map((f) => f.funder).filter((f) => !known.has(f)) }];
  const split = groups.map((g) => {
    const cents = byFunder.filter((f) => g.funders.includes(f.funder)).reduce((s, f) => s + Number(f.cents), 0);
    return { key: g.key, label: g.label, cents, percent: all === 0 ? 0 : Math.round((cents * 100) / all) };
  }).filter((g) => g.key !== 'OTHER' || g.cents > 0);
  const hidden = Number(totals?.employees ?? 0) > 0 && await traineesHidden(database, { measure: 'ACTE1-CELLULE' }, threshold);
  return {
    requests: Number(totals?.requests ?? 0), companies: Number(totals?.companies ?? 0),
    employees: hidden ? null : Number(totals?.employees ?? 0), hours: hidden ? null : Number(totals?.hours ?? 0),
    totalCostCents: Number(totals?.cost ?? 0), split,
  };
}
