import { sql, type Kysely } from 'kysely';
import type { DatabaseKind } from '../database.js';
import { columnTypes } from '../columns.js';

/**
 * `steering_cells`: the summable facts of `steering_facts` added up by month at the grain of
 * the filters (entity type, measure, funders, département, area, section) and of what the
 * tables read (fact, k1, k2), with the count of facts each cell holds. A view reads its whole
 * months here, so its cost follows the number of cells, not of records (docs/architecture.md).
 * Kept by difference in the transaction that rewrites the facts; filled here from the facts
 * a database already has.
 */
export const CELL_GRAIN = ['fact', 'departement', 'month', 'entity_type', 'measure_id', 'funders', 'area', 'section', 'k1', 'k2'] as const;
const SUMMED = ['submitted', 'decided', 'commitment', 'payment', 'duration', 'contract', 'pathway', 'pair', 'pathwayLine', 'outcome', 'undescribed'];

export async function up(db: Kysely<any>, kind: DatabaseKind): Promise<void> {
  const t = columnTypes(kind);
  await db.schema.createTable('steering_cells')
    .addColumn('fact', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('departement', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('measure_id', 'integer', (c) => c.notNull())
    .addColumn('funders', 'text', (c) => c.notNull())
    .addColumn('area', 'text', (c) => c.notNull())
    .addColumn('section', 'text', (c) => c.notNull())
    .addColumn('k1', 'text', (c) => c.notNull())
    .addColumn('k2', 'text', (c) => c.notNull())
    .addColumn('n', t.money, (c) => c.notNull())
    .addColumn('v1', t.money, (c) => c.notNull())
    .addColumn('fact_count', 'integer', (c) => c.notNull())
    .execute();
  // The upsert's conflict target, and the views' access path: fact, département (the filter the facts' index also
  // leads with), then the period.
  await db.schema.createIndex('steering_cells_grain').unique().on('steering_cells').columns([...CELL_GRAIN]).execute();
  await sql`insert into steering_cells (${sql.join(CELL_GRAIN.map((c) => sql.ref(c)))}, n, v1, fact_count)
    select fact, substr(day, 1, 7), departement, entity_type, measure_id, funders, area, section, k1, k2, sum(n), sum(v1), count(*)
    from steering_facts where fact in (${sql.join(SUMMED)})
    group by fact, substr(day, 1, 7), departement, entity_type, measure_id, funders, area, section, k1, k2`.execute(db);
}
