import { sql, type Kysely } from 'kysely';

/**
 * The secrecy cubes' inputs and results, kept so that a write of people costs a few rows:
 *
 * - `secrecy_groups`: the facts of people (`person`, `company`, `outcome`) added up at the grain
 *   the cubes read — what a person or a request counts in — with, for a contract's person, whether
 *   the contract is reserved for a pair (`reserved`: '0', '1', or '' without a contract). Kept by
 *   difference in the transaction that rewrites the facts, like `steering_cells`; filled here from
 *   the facts a database already has.
 * - `secrecy_protections`: per population and threshold, the changes that protect its cube at one
 *   people version. Every process reads the same protection (no two mask patterns of one state),
 *   and the next version starts from the changes that still hold.
 */
export const GROUP_GRAIN = ['fact', 'departement', 'entity_type', 'measure_id', 'area', 'section', 'k1', 'k2', 'k3', 'k4', 'reserved'] as const;

// The cube's rows of a person, as the steering computes them (statistics.ts): FSE 2007–2013 age bands and ISCED groups of the 1969 levels.
const AGE_BAND = sql`case when cast(s.k2 as integer) <= 14 then 'under15' when cast(s.k2 as integer) <= 24 then '15-24'
  when cast(s.k2 as integer) <= 54 then '25-54' when cast(s.k2 as integer) <= 64 then '55-64' else '65plus' end`;
const ISCED = sql`case when s.k4 in ('VI', 'Vbis') then 'isced1-2' when s.k4 in ('V', 'IV') then 'isced3-4' when s.k4 in ('III', 'II', 'I') then 'isced5-8' else 'unknown' end`;

/** Fills the groups from the facts (the migration's own step; tests compare it with the groups kept by difference). */
export async function fillSecrecyGroups(db: Kysely<any>): Promise<void> {
  const columns = sql.join(GROUP_GRAIN.map((c) => sql.ref(c)));
  await sql`insert into secrecy_groups (${columns}, n, fact_count)
    select s.fact, s.departement, s.entity_type, s.measure_id, s.area, '', s.k1, ${AGE_BAND}, s.k3, ${ISCED}, coalesce(c.k1, ''), sum(s.n), count(*)
    from steering_facts s
    left join steering_facts c on s.entity_type = 'proContract' and c.entity_type = 'proContract' and c.entity_id = s.entity_id and c.fact = 'contract'
    where s.fact = 'person'
    group by s.fact, s.departement, s.entity_type, s.measure_id, s.area, s.k1, ${AGE_BAND}, s.k3, ${ISCED}, coalesce(c.k1, '')`.execute(db);
  await sql`insert into secrecy_groups (${columns}, n, fact_count)
    select fact, departement, entity_type, measure_id, area, section, '', k2, k3, '', '', sum(n), count(*)
    from steering_facts where fact = 'company'
    group by fact, departement, entity_type, measure_id, area, section, k2, k3`.execute(db);
  await sql`insert into secrecy_groups (${columns}, n, fact_count)
    select fact, departement, entity_type, 0, '', '', k1, k2, '', '', '', sum(n), count(*)
    from steering_facts where fact = 'outcome'
    group by fact, departement, entity_type, k1, k2`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  let table = db.schema.createTable('secrecy_groups');
  for (const column of GROUP_GRAIN) table = table.addColumn(column, column === 'measure_id' ? 'integer' : 'text', (c) => c.notNull());
  await table.addColumn('n', 'integer', (c) => c.notNull()).addColumn('fact_count', 'integer', (c) => c.notNull()).execute();
  await db.schema.createIndex('secrecy_groups_grain').unique().on('secrecy_groups').columns([...GROUP_GRAIN]).execute();
  await fillSecrecyGroups(db);

  await db.schema.createTable('secrecy_protections')
    .addColumn('population', 'text', (c) => c.notNull())
    .addColumn('threshold', 'integer', (c) => c.notNull())
    .addColumn('people_version', 'integer', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('secrecy_protections_pkey', ['population', 'threshold'])
    .execute();
}
