import { sql, type Kysely } from 'kysely';
import { searchKey } from '../../../shared/search.js';

/**
 * Second round of indexes found missing by `npm run bench` (docs/benchmarks.md): one per
 * sortable key of the two big lists, plus the filters used most in front of the default
 * order, so that a page — even page 500 — walks an index instead of sorting the table.
 * Requests also get `search_name`, the normalised company name, so that the name search
 * is an indexed prefix search rather than a scan with `like '%…%'`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('funding_requests').addColumn('search_name', 'text').execute();
  await fillSearchNames(db);

  const requests = (name: string, columns: ReturnType<typeof sql>) =>
    db.schema.createIndex(`funding_requests_${name}`).on('funding_requests').expression(columns).execute();
  await requests('search_name', sql`search_name, id`);
  await requests('siret', sql`siret, id`);
  await requests('company_name', sql`company_name, id`);
  await requests('total_cost', sql`total_cost_cents, id`);
  // The expressions are written exactly as the list sorts by them (requestRoutes.ts), which the planners require.
  await requests('submitted', sql`coalesce(submitted_at, created_at), id`);
  await requests('status_submitted', sql`status, coalesce(submitted_at, created_at), id`);
  await requests('status_updated', sql`status, updated_at, id`);
  await requests('departement_updated', sql`departement, updated_at, id`);
  await requests('departement_sort', sql`coalesce(departement, ''), id`);
  await requests('company_updated', sql`company_id, updated_at, id`);

  const contracts = (name: string, columns: ReturnType<typeof sql>) =>
    db.schema.createIndex(`pro_contracts_${name}`).on('pro_contracts').expression(columns).execute();
  // Serves both the last-name sort and the search, which compare lower(last_name).
  await contracts('last_name_search', sql`lower(last_name), id`);
  await contracts('end_date', sql`end_date, id`);
  await contracts('updated', sql`updated_at, id`);
  await contracts('pay', sql`gross_monthly_pay_cents, id`);
  await contracts('funding', sql`funding_cents, id`);
  await contracts('follow_up_sort', sql`follow_up_due_from, id`);
  await contracts('company_start', sql`company_id, start_date, id`);
  await contracts('fund_start', sql`training_fund_id, start_date, id`);
}

/** Existing rows get their key in batches; the normalisation lives in TypeScript, where the writers use it too. */
async function fillSearchNames(db: Kysely<any>): Promise<void> {
  let after = 0;
  for (;;) {
    // Aliased: the app's camel-case plugin would otherwise rename the column in the result.
    const rows: { id: number; name: string }[] = await db.selectFrom('funding_requests').select(['id', sql<string>`company_name`.as('name')])
      .where('id', '>', after).orderBy('id').limit(2000).execute();
    if (rows.length === 0) return;
    const names = new Map<string, number[]>();
    for (const r of rows) {
      const key = searchKey(r.name);
      names.set(key, [...(names.get(key) ?? []), r.id]);
    }
    // Many requests share a company name: one statement per distinct name in the batch.
    await db.updateTable('funding_requests')
      .set({ search_name: sql`case ${sql.join([...names].map(([key, ids]) => sql`when id in (${sql.join(ids)}) then ${key}`), sql` `)} end` })
      .where('id', '>', after).where('id', '<=', rows[rows.length - 1].id).execute();
    after = rows[rows.length - 1].id;
  }
}
