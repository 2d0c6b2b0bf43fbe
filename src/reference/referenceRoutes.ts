import { sql } from 'kysely';
import { z } from 'zod';
import type { Api, RouteModule } from '../platform/http/app.js';
import type { AppContext } from '../platform/http/context.js';
import { notFound } from '../platform/http/errors.js';
import { requireActor } from '../platform/identity/sessions.js';
import { FUNDER_LABELS, FUNDERS } from '../programmes/funders.js';
import { DEPARTEMENTS, FRANCHE_COMTE } from './departements.js';
import { EMPLOYMENT_AREA_ZONING, employmentAreasFor } from '../shared/employmentAreas.js';
import { formatNaf, normaliseNaf } from './nomenclatures.js';
import { runAction } from '../platform/actions/runAction.js';
import { requireProgrammeAdministrator } from '../programmes/access.js';
import { isoDateSchema } from '../measures/schemas.js';
import { formatDateFr } from '../shared/dates.js';
import { addIdccFund, idccFundBody } from './idccFundActions.js';
import { fundForIdcc, isFund, normaliseIdcc } from './idccFunds.js';
import { listParams, paginate, type Sorting } from '../platform/http/lists.js';
import { frenchSortKey } from '../platform/http/frenchOrder.js';

const tags = ['référentiels'];

const searchQuery = z.object({
  q: z.string().trim().max(100, '100 caractères au plus.').optional(),
  limit: z.coerce.number().int().min(1, 'Au moins 1 résultat.').max(100, '100 résultats au plus.').default(20),
});

const idccFundFilters = listParams.extend({
  idcc: z.string().trim().regex(/^\d{1,4}$/, 'IDCC : 4 chiffres au plus.').transform(normaliseIdcc).optional(),
  fund: z.string().trim().max(100, '100 caractères au plus.').optional(),
});
// Within one IDCC its periods follow each other in time, whatever order they were recorded in.
const idccFundSorting: Sorting = {
  sortable: { idcc: "f.idcc || ' ' || f.valid_from", branch: frenchSortKey('f.branch'), fund: frenchSortKey('f.fund'), validFrom: 'f.valid_from' },
  defaultSort: 'idcc', idColumn: 'f.id',
};

/** LIKE wildcards typed by a user are searched literally. */
const literal = (text: string) => text.replace(/[%_\\]/g, '');

/** Nomenclatures for pickers and for checking what a user typed: any signed-in user. */
export const referenceRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const { db } = ctx.database;

  const nafQuery = () => db.selectFrom('nafCodes as n').innerJoin('nafSections as s', 's.code', 'n.section')
    .select(['n.code', 'n.label', 'n.division', 'n.section', 's.label as sectionLabel']);
  const presentNaf = (r: { code: string; label: string; division: string; section: string; sectionLabel: string }) => ({ ...r, formattedCode: formatNaf(r.code) });

  app.get('/api/reference/naf', { schema: { tags, summary: 'Rechercher un code NAF (code ou libellé)', querystring: searchQuery } }, async (request) => {
    await requireActor(ctx, request);
    const q = literal(request.query.q ?? '');
    const code = normaliseNaf(q);
    const rows = await nafQuery()
      .$if(q.length > 0, (query) => query.where((eb) => eb.or([
        eb('n.code', 'like', `${code}%`),
        // lower() on both sides: PostgreSQL's LIKE is case-sensitive, SQLite's is not.
        eb(sql`lower(n.label)`, 'like', `%${q.toLowerCase()}%`),
      ])))
      .orderBy('n.code').limit(request.query.limit).execute();
    return { items: rows.map(presentNaf) };
  });

  app.get('/api/reference/naf/:code', { schema: { tags, summary: 'Un code NAF (29.32Z ou 2932Z)', params: z.object({ code: z.string().max(10) }) } }, async (request) => {
    await requireActor(ctx, request);
    const row = await nafQuery().where('n.code', '=', normaliseNaf(request.params.code)).executeTakeFirst();
    if (!row) throw notFound('Code NAF');
    return presentNaf(row);
  });

  app.get('/api/reference/rome', { schema: { tags, summary: 'Rechercher un métier ROME (code ou libellé)', querystring: searchQuery } }, async (request) => {
    await requireActor(ctx, request);
    const q = literal(request.query.q ?? '');
    const rows = await db.selectFrom('romeCodes as r').select(['r.code', 'r.label'])
      .$if(q.length > 0, (query) => query.where((eb) => eb.or([
        eb('r.code', 'like', `${q.toUpperCase()}%`),
        eb(sql`lower(r.label)`, 'like', `%${q.toLowerCase()}%`),
      ])))
      .orderBy('r.code').limit(request.query.limit).execute();
    return { items: rows };
  });

  app.get('/api/reference/funders', { schema: { tags, summary: 'Financeurs (catégories de fonds) et leurs libellés' } }, async (request) => {
    await requireActor(ctx, request);
    return { items: FUNDERS.map((code) => ({ code, label: FUNDER_LABELS[code] })) };
  });

  app.get('/api/reference/departements', { schema: { tags, summary: 'Départements français (les 4 de Franche-Comté signalés)' } }, async (request) => {
    await requireActor(ctx, request);
    const local = new Set<string>(FRANCHE_COMTE);
    return {
      francheComte: [...FRANCHE_COMTE],
      items: DEPARTEMENTS.map((d) => ({ ...d, isFrancheComte: local.has(d.code) })),
    };
  });

  app.get('/api/reference/employment-areas', {
    schema: { tags, summary: 'Zones d’emploi (celles du département donné en premier)', querystring: z.object({ departement: z.string().max(3).optional() }) },
  }, async (request) => {
    await requireActor(ctx, request);
    return { zoning: EMPLOYMENT_AREA_ZONING, items: employmentAreasFor(request.query.departement?.toUpperCase()) };
  });

  const idccRows = async (idcc?: string) => (await db.selectFrom('idccFunds').selectAll()
    .$if(!!idcc, (q) => q.where('idcc', '=', idcc!)).orderBy('idcc').orderBy('validFrom').execute())
    .map(({ id: _id, ...r }) => r);

  app.get('/api/reference/idcc-funds', {
    schema: { tags, summary: 'OPCA puis OPCO de chaque branche (IDCC), par période : filtre par IDCC ou par fonds, tri, pages', querystring: idccFundFilters },
  }, async (request) => {
    await requireActor(ctx, request);
    const { idcc, fund } = request.query;
    const fundText = literal(fund ?? '').toLowerCase();
    const query = db.selectFrom('idccFunds as f').select(['f.id', 'f.idcc', 'f.branch', 'f.fund', 'f.validFrom', 'f.validTo', 'f.note'])
      .$if(!!idcc, (q) => q.where('f.idcc', '=', idcc!))
      .$if(fundText.length > 0, (q) => q.where(sql`lower(f.fund)`, 'like', `%${fundText}%`));
    return paginate(db, query, idccFundSorting, request.query);
  });

  app.post('/api/reference/idcc-funds', { schema: { tags, summary: 'Enregistrer le fonds d’une branche à partir d’une date (administrateurs)', body: idccFundBody } }, async (request, reply) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    return reply.status(201).send(await runAction(ctx, actor, addIdccFund, request.body));
  });

  app.get('/api/reference/idcc/:idcc', {
    schema: { tags, summary: 'Le fonds (OPCA, OPCO) d’une branche à une date, et les organismes de la plateforme qui le portent',
      params: z.object({ idcc: z.string().regex(/^\d{1,4}$/, 'IDCC : 4 chiffres au plus.') }), querystring: z.object({ date: isoDateSchema.optional() }) },
  }, async (request) => {
    await requireActor(ctx, request);
    const idcc = normaliseIdcc(request.params.idcc);
    const day = request.query.date ?? ctx.clock.now().toISOString().slice(0, 10);
    const found = fundForIdcc(await idccRows(idcc), idcc, day);
    if (!found) throw notFound(`Fonds de l’IDCC ${idcc} au ${formatDateFr(day)}`);
    const funds = await db.selectFrom('organisations').select(['id', 'name']).where('kind', '=', 'training_fund').orderBy('name').execute();
    return { ...found, date: day, organisations: funds.filter((o) => isFund(o.name, found.fund)) };
  });
};
