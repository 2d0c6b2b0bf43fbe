import { sql, type QueryExecutorProvider, type SelectQueryBuilder } from 'kysely';
import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import { invalid } from './errors.js';

/**
 * Lists are filtered, sorted and paginated by the database, and exported with the
 * same filters and order. Exports walk the rows by keyset (sort value, id) in chunks,
 * so a million-row export neither loads everything nor slows down as it goes.
 */
export const listParams = z.object({
  page: z.coerce.number().int().min(1, 'La page commence à 1.').max(100_000, '100 000 pages au plus : affinez les filtres.').default(1),
  pageSize: z.coerce.number().int().min(1).max(200, '200 lignes par page au plus.').default(20),
  sort: z.string().max(40).optional(),
  order: z.enum(['asc', 'desc']).default('asc'),
});
export type ListParams = z.infer<typeof listParams>;

export const exportParams = z.object({ format: z.enum(['csv', 'xlsx'], { message: 'Format d’export : csv ou xlsx.' }).default('csv') });

export interface Sorting {
  /** Public sort key → SQL expression of a non-null value (use coalesce for nullable columns). */
  sortable: Record<string, string>;
  defaultSort: string;
  /** SQL reference of the unique row id used to break ties (e.g. "r.id"). */
  idColumn: string;
}

/**
 * `total` is exact up to TOTAL_CAP; beyond, it is TOTAL_CAP and `totalIsCapped` says so
 * (the UI shows « plus de 10 000 résultats »). `hasNext` comes from the page query itself.
 */
export interface Page<T> { items: T[]; total: number; totalIsCapped: boolean; hasNext: boolean; page: number; pageSize: number }

/** Counting stops here: an exact count of 300k rows costs a full index scan on every page, and no reader needs it. */
export const TOTAL_CAP = 10_000;

/**
 * Counts are kept per query, parameters and history mark: every business write records a
 * history event, so a count is reused only while no write happened since — paging through
 * a list counts it once instead of on every page, and concurrent readers of the same list
 * share one count. On PostgreSQL ids are not committed in order, so a count could miss a
 * write that committed under an older id: COUNT_TTL_MS bounds that.
 */
const COUNT_TTL_MS = 30_000;
const COUNT_ENTRIES = 500;
const counts = new Map<string, { at: number; total: Promise<number> }>();

async function cappedCount(db: QueryExecutorProvider, query: unknown): Promise<number> {
  const counted = (query as any).clearSelect().clearOrderBy().select(sql`1`.as('one')).limit(TOTAL_CAP + 1);
  const compiled = sql<{ total: number | string }>`select count(*) as total from (${counted}) as capped`;
  const mark = await sql<{ mark: number | null }>`select max(id) as mark from history_events`.execute(db);
  const { sql: text, parameters } = compiled.compile(db as any);
  const key = JSON.stringify([text, parameters, mark.rows[0]?.mark ?? 0]);
  const now = Date.now();
  const kept = counts.get(key);
  if (kept && now - kept.at < COUNT_TTL_MS) return kept.total;
  if (counts.size >= COUNT_ENTRIES) counts.clear();
  const total = compiled.execute(db).then((r) => Number(r.rows[0]?.total ?? 0));
  counts.set(key, { at: now, total });
  total.catch(() => counts.delete(key));
  return total;
}

function sortExpression(sorting: Sorting, key: string | undefined): string {
  const chosen = key ?? sorting.defaultSort;
  // Own keys only: `constructor` or `__proto__` are properties of every object, not columns.
  const expression = Object.hasOwn(sorting.sortable, chosen) ? sorting.sortable[chosen] : undefined;
  if (typeof expression !== 'string') throw invalid('sort', `Tri impossible sur « ${chosen} ». Colonnes possibles : ${Object.keys(sorting.sortable).join(', ')}.`);
  return expression;
}

/**
 * One page in the list's order. The sort keys are indexed (migrations 006–007), so even a
 * deep offset skips index entries rather than sorting the table. `db` runs the capped count,
 * which wraps the list query in a subquery the builder cannot express by itself.
 *
 * `ids`, for lists whose rows carry joins or correlated subqueries: the same list with its
 * filters only (the joins its filters and sort need, no more). The page's ids are read from it
 * first, then the rows of those ids from `query` (a deferred join): the offset skips index
 * entries only — an index-only scan when the index covers the filters, which an unused join
 * prevents — and the rows are built for the page alone. The count reads it too.
 */
export async function paginate<DB, TB extends keyof DB, O>(
  db: QueryExecutorProvider,
  query: SelectQueryBuilder<DB, TB, O>,
  sorting: Sorting,
  params: ListParams,
  ids?: SelectQueryBuilder<any, any, unknown>,
): Promise<Page<O>> {
  const expression = sortExpression(sorting, params.sort);
  const offset = (params.page - 1) * params.pageSize;
  const rows = await pageRows(query, ids, expression, sorting, params.order === 'desc', params.pageSize + 1, offset);
  const hasNext = rows.length > params.pageSize;
  const items = hasNext ? rows.slice(0, params.pageSize) : rows;
  // A short first page is the whole list: no need to count it again.
  if (!hasNext && (items.length > 0 || offset === 0)) {
    return { items, total: offset + items.length, totalIsCapped: false, hasNext, page: params.page, pageSize: params.pageSize };
  }
  const total = await cappedCount(db, ids ?? query);
  const totalIsCapped = total > TOTAL_CAP;
  return { items, total: totalIsCapped ? TOTAL_CAP : total, totalIsCapped, hasNext, page: params.page, pageSize: params.pageSize };
}

async function pageRows<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>, idsQuery: SelectQueryBuilder<any, any, unknown> | undefined,
  expression: string, sorting: Sorting, desc: boolean, limit: number, offset: number,
): Promise<O[]> {
  const direction = desc ? sql`desc` : sql`asc`;
  const ordered = (q: any) => q
    .orderBy(sql`${sql.raw(expression)} ${direction}`)
    .orderBy(sql`${sql.raw(sorting.idColumn)} ${direction}`)
    .limit(limit)
    .offset(offset);
  if (!idsQuery) return ordered(query).execute();
  const id = sql.raw(sorting.idColumn);
  const ids: unknown[] = (await ordered((idsQuery as any).clearSelect().select(id.as('pageId'))).execute()).map((r: { pageId: unknown }) => r.pageId);
  if (ids.length === 0) return [];
  const rows: any[] = await (query as any).select(id.as('pageId')).where(sql<boolean>`${id} in (${sql.join(ids)})`).execute();
  // The rows come back in any order: put them back in the ids' order. A row deleted between
  // the two reads is missing from the page, as it would be from the next reading.
  const byId = new Map(rows.map((r) => [r.pageId, r]));
  return ids.flatMap((key) => {
    const row = byId.get(key);
    if (!row) return [];
    const { pageId: _id, ...rest } = row;
    return [rest as O];
  });
}

/**
 * All rows of the list in its order, fetched by keyset chunks. The sort is checked when walk()
 * is called, before the export sends its headers: a bad `sort` answers 400, not a cut download.
 */
export function walk<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  sorting: Sorting,
  params: Pick<ListParams, 'sort' | 'order'>,
  chunk = 2000,
): AsyncGenerator<O> {
  return walkRows(query, sortExpression(sorting, params.sort), sorting.idColumn, params.order === 'desc', chunk);
}

async function* walkRows<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  expression: string,
  idColumn: string,
  desc: boolean,
  chunk: number,
): AsyncGenerator<O> {
  const direction = desc ? sql`desc` : sql`asc`;
  let after: { sortValue: unknown; id: unknown } | null = null;
  for (;;) {
    let q = (query as any)
      .select(sql.raw(expression).as('walkSortValue'))
      .select(sql.raw(idColumn).as('walkId'));
    if (after) {
      const comparison = desc ? sql`<` : sql`>`;
      q = q.where(sql`(${sql.raw(expression)}, ${sql.raw(idColumn)}) ${comparison} (${after.sortValue}, ${after.id})`);
    }
    const rows: any[] = await q
      .orderBy(sql`${sql.raw(expression)} ${direction}`)
      .orderBy(sql`${sql.raw(idColumn)} ${direction}`)
      .limit(chunk)
      .execute();
    for (const row of rows) {
      const { walkSortValue: _sortValue, walkId: _id, ...rest } = row;
      yield rest as O;
    }
    if (rows.length < chunk) return;
    const last = rows[rows.length - 1];
    // Aliases are plain camelCase words: the camel-case plugin would mangle "__x" names.
    after = { sortValue: last.walkSortValue, id: last.walkId };
  }
}

export function attachmentHeaders(reply: FastifyReply, filename: string, contentType: string): void {
  reply.header('content-type', contentType);
  reply.header('content-disposition', `attachment; filename="${filename}"`);
}
