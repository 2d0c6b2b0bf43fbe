import type { Kysely } from 'kysely';
import type { Api, RouteModule } from '../platform/http/app.js';
import { isoNow, type AppContext } from '../platform/http/context.js';
import { forbidden, invalidMany, notFound, staleVersion } from '../platform/http/errors.js';
import { sendExport } from '../platform/http/exports.js';
import { exportParams, paginate, walk, type Sorting } from '../platform/http/lists.js';
import { recordHistory, timeline } from '../platform/history/history.js';
import { requireActor } from '../platform/identity/sessions.js';
import { idParams } from '../platform/identity/schema.js';
import type { Actor } from '../platform/identity/roles.js';
import type { Schema } from '../platform/db/schema.js';
import { ACTE_II_PARAMETERS, resolveActeIIParameters } from '../acteII/parameters.js';
import { issue } from '../proContracts/rules/issue.js';
import {
  checkTempExitOutcome, checkTempPathway, distinctRomeCodes, pathwayTotals, SCHOOLING_ROUTE_LABELS, TEMP_EXIT_OUTCOME_LABELS,
  tempPathwayEligibility, type SchoolingRoute, type TempExitOutcome,
} from './rules/index.js';
import type { Level1969 } from '../shared/qualification.js';
import { eligibilityBody, exitBody, pathwayBody, pathwayFilters, pathwayUpdateBody, type PathwayFilters } from './pathwaySchema.js';
import { mayWritePathways, requirePathwayListScope, seesPathway } from './pathwayPolicy.js';
import { loadFundingLines, loadPeriods, type PathwayRow } from './pathwayRepository.js';
import { recordPathway } from './pathwayRecording.js';
import { axisTwoEnvelopes, pathwayTarget } from './axisTwoEnvelope.js';

const tags = ['parcours intérimaires'];

const sorting: Sorting = {
  sortable: {
    reference: 'p.reference', lastName: 'p.last_name', entryDate: 'p.entry_date', agencyName: 'a.name', versatility: 'p.versatility',
    costCents: 'p.cost_cents', financedCents: 'p.financed_cents', updatedAt: 'p.updated_at',
  },
  defaultSort: 'entryDate', idColumn: 'p.id',
};

async function presentPathway(db: Kysely<Schema>, row: PathwayRow, actor: Actor) {
  const [agency, periods, fundingLines] = await Promise.all([
    db.selectFrom('organisations').select('name').where('id', '=', row.agencyId).executeTakeFirst(),
    loadPeriods(db, row.id),
    loadFundingLines(db, row.id),
  ]);
  const worker = { lastName: row.lastName, firstName: row.firstName, sex: row.sex, birthDate: row.birthDate,
    level: row.level1969 as Level1969, route: row.schoolingRoute as SchoolingRoute, hasVocationalDiploma: row.hasVocationalDiploma };
  const eligibility = tempPathwayEligibility(worker);
  return {
    id: row.id, reference: row.reference, version: row.version, agencyId: row.agencyId, agencyName: agency?.name ?? null,
    worker: { ...worker, routeLabel: SCHOOLING_ROUTE_LABELS[worker.route] },
    eligibility,
    entryDate: row.entryDate, exitDate: row.exitDate, outcome: row.outcome,
    outcomeLabel: row.outcome ? TEMP_EXIT_OUTCOME_LABELS[row.outcome as TempExitOutcome] : null,
    periods,
    totals: pathwayTotals(periods),
    versatility: row.versatility,
    romeCodes: distinctRomeCodes(periods),
    fundingLines,
    financedCents: row.financedCents,
    issues: checkTempPathway({ participant: worker, entryDate: row.entryDate, periods }, ACTE_II_PARAMETERS),
    canEdit: mayWritePathways(actor),
    createdAt: row.createdAt, updatedAt: row.updatedAt,
    history: await timeline(db, 'tempPathway', row.id),
  };
}

export const tempPathwayRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const { db } = ctx.database;

  function listQuery(actor: Actor, f: Partial<PathwayFilters>) {
    const scope = requirePathwayListScope(actor);
    return db.selectFrom('tempPathways as p').innerJoin('organisations as a', 'a.id', 'p.agencyId')
      .select(['p.id', 'p.reference', 'p.version', 'p.agencyId', 'a.name as agencyName', 'p.lastName', 'p.firstName', 'p.sex', 'p.birthDate',
        'p.level1969', 'p.schoolingRoute', 'p.entryDate', 'p.exitDate', 'p.outcome', 'p.versatility', 'p.trainingHoursHundredths',
        'p.missionHoursHundredths', 'p.costCents', 'p.financedCents', 'p.updatedAt'])
      .$if(scope.kind === 'owner', (q) => q.where('p.agencyId', '=', (scope as { organisationId: number }).organisationId))
      .$if(!!f.agencyId, (q) => q.where('p.agencyId', '=', f.agencyId!))
      .$if(!!f.level, (q) => q.where('p.level1969', '=', f.level!))
      .$if(f.status === 'running', (q) => q.where('p.exitDate', 'is', null))
      .$if(f.status === 'exited', (q) => q.where('p.exitDate', 'is not', null))
      .$if(!!f.outcome, (q) => q.where('p.outcome', '=', f.outcome!))
      .$if(!!f.entryFrom, (q) => q.where('p.entryDate', '>=', f.entryFrom!))
      .$if(!!f.entryTo, (q) => q.where('p.entryDate', '<=', f.entryTo!))
      .$if(!!f.q, (q) => q.where((eb) => eb.or([eb('p.lastName', 'like', `%${f.q}%`), eb('p.firstName', 'like', `%${f.q}%`), eb('p.reference', 'like', `%${f.q}%`)])));
  }

  async function visible(actor: Actor, id: number) {
    const row = await db.selectFrom('tempPathways').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !seesPathway(actor, row)) throw notFound('Parcours');
    return row;
  }
  async function writable(actor: Actor, id: number) {
    const row = await visible(actor, id);
    if (!mayWritePathways(actor)) throw forbidden('de modifier ce parcours');
    return row;
  }

  app.get('/api/temp-pathways', { schema: { tags, summary: 'Parcours intérimaires visibles par l’utilisateur', querystring: pathwayFilters } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const page = await paginate(db, listQuery(actor, request.query), sorting, request.query);
    return { ...page, items: page.items.map((r) => ({ ...r, trainingHours: r.trainingHoursHundredths / 100, missionHours: r.missionHoursHundredths / 100 })) };
  });

  app.get('/api/temp-pathways/export', { config: { costly: 'export' }, schema: { tags, summary: 'Export CSV ou XLSX des parcours', querystring: pathwayFilters.extend(exportParams.shape) } }, async (request, reply) => {
    const actor = await requireActor(ctx, request);
    return sendExport(reply, walk(listQuery(actor, request.query), sorting, request.query), [
      { key: 'reference', header: 'Référence', value: (r) => r.reference },
      { key: 'agency', header: 'Agence', value: (r) => r.agencyName },
      { key: 'lastName', header: 'Nom', value: (r) => r.lastName },
      { key: 'firstName', header: 'Prénom', value: (r) => r.firstName },
      { key: 'sex', header: 'Sexe', value: (r) => r.sex },
      { key: 'birthDate', header: 'Date de naissance', value: (r) => r.birthDate, kind: 'date' },
      { key: 'level', header: 'Niveau', value: (r) => r.level1969 },
      { key: 'route', header: 'Voie', value: (r) => SCHOOLING_ROUTE_LABELS[r.schoolingRoute as SchoolingRoute] },
      { key: 'entry', header: 'Entrée', value: (r) => r.entryDate, kind: 'date' },
      { key: 'exit', header: 'Sortie', value: (r) => r.exitDate, kind: 'date' },
      { key: 'outcome', header: 'Situation de sortie', value: (r) => (r.outcome ? TEMP_EXIT_OUTCOME_LABELS[r.outcome as TempExitOutcome] : null) },
      { key: 'versatility', header: 'Polyvalence (métiers)', value: (r) => r.versatility, kind: 'integer' },
      { key: 'training', header: 'Heures de formation', value: (r) => String(r.trainingHoursHundredths / 100).replace('.', ',') },
      { key: 'missions', header: 'Heures de mission', value: (r) => String(r.missionHoursHundredths / 100).replace('.', ',') },
      { key: 'cost', header: 'Coût (€)', value: (r) => r.costCents, kind: 'cents' },
      { key: 'financed', header: 'Financé (€)', value: (r) => r.financedCents, kind: 'cents' },
    ], 'parcours-interimaires', request.query.format);
  });

  app.get('/api/temp-pathways/envelope', { schema: { tags, summary: 'Enveloppe de l’axe 2 par financeur : montant, engagé, reste' } }, async (request) => {
    await requireActor(ctx, request);
    const items = await axisTwoEnvelopes(db);
    const sum = (k: 'envelopeCents' | 'committedCents' | 'remainingCents') => items.reduce((s, e) => s + e[k], 0);
    return { items, totals: { envelopeCents: sum('envelopeCents'), committedCents: sum('committedCents'), remainingCents: sum('remainingCents') } };
  });

  app.get('/api/temp-pathways/counters', { schema: { tags, summary: 'Avancement vers les 1 000 parcours (chiffres agrégés)' } }, async (request) => {
    await requireActor(ctx, request);
    const rules = resolveActeIIParameters(isoNow(ctx.clock).slice(0, 10)).tempPathways;
    const agg = await db.selectFrom('tempPathways').select((eb) => [
      eb.fn.countAll<number>().as('total'),
      eb.fn.sum<number>(eb.case().when('exitDate', 'is not', null).then(1).else(0).end()).as('exited'),
      eb.fn.sum<number>('versatility').as('versatilitySum'),
      eb.fn.sum<number>('trainingHoursHundredths').as('training'),
      eb.fn.sum<number>('missionHoursHundredths').as('missions'),
      eb.fn.sum<number>('financedCents').as('financed'),
    ]).executeTakeFirstOrThrow();
    const outcomes = await db.selectFrom('tempPathways').select(['outcome', (eb) => eb.fn.countAll<number>().as('n')]).where('outcome', 'is not', null).groupBy('outcome').execute();
    const total = Number(agg.total ?? 0);
    return {
      target: (await pathwayTarget(db)) ?? ACTE_II_PARAMETERS.acteIITargets[0].value.tempPathways,
      experimentStart: rules.experimentStart, experimentEnd: rules.experimentEnd,
      total, exited: Number(agg.exited ?? 0), running: total - Number(agg.exited ?? 0),
      averageVersatility: total ? Math.round((Number(agg.versatilitySum ?? 0) / total) * 100) / 100 : 0,
      trainingHours: Number(agg.training ?? 0) / 100, missionHours: Number(agg.missions ?? 0) / 100,
      financedCents: Number(agg.financed ?? 0),
      byOutcome: outcomes.map((o) => ({ outcome: o.outcome, label: TEMP_EXIT_OUTCOME_LABELS[o.outcome as TempExitOutcome], count: Number(o.n) })),
    };
  });

  app.post('/api/temp-pathways/eligibility', { schema: { tags, summary: 'Éligibilité d’un intérimaire au parcours, avec le motif d’un refus', body: eligibilityBody } }, async (request) => {
    await requireActor(ctx, request);
    return tempPathwayEligibility(request.body);
  });

  app.post('/api/temp-pathways', { schema: { tags, summary: 'Enregistrer un parcours (agence d’intérim ou secrétariat)', body: pathwayBody } }, async (request, reply) => {
    const actor = await requireActor(ctx, request);
    if (!mayWritePathways(actor)) throw forbidden('d’enregistrer des parcours intérimaires');
    const at = isoNow(ctx.clock);
    const recorded = await db.transaction().execute((trx) => recordPathway(trx, actor, request.body, at));
    const row = await db.selectFrom('tempPathways').selectAll().where('id', '=', recorded.id).executeTakeFirstOrThrow();
    return reply.status(201).send({ ...(await presentPathway(db, row, actor)), warnings: recorded.warnings });
  });

  app.get('/api/temp-pathways/:id', { schema: { tags, summary: 'Un parcours : périodes, polyvalence, financement, historique', params: idParams } }, async (request) => {
    const actor = await requireActor(ctx, request);
    return presentPathway(db, await visible(actor, request.params.id), actor);
  });

  app.get('/api/temp-pathways/:id/history', { schema: { tags, summary: 'Historique du parcours', params: idParams } }, async (request) => {
    const actor = await requireActor(ctx, request);
    await visible(actor, request.params.id);
    return { items: await timeline(db, 'tempPathway', request.params.id) };
  });

  app.put('/api/temp-pathways/:id', { schema: { tags, summary: 'Modifier un parcours : personne, périodes, financement (contrôle de version)', params: idParams, body: pathwayUpdateBody } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const current = await writable(actor, request.params.id);
    const { version, ...body } = request.body;
    const at = isoNow(ctx.clock);
    const recorded = await db.transaction().execute((trx) => recordPathway(trx, actor, body, at, { row: current, version }));
    const row = await db.selectFrom('tempPathways').selectAll().where('id', '=', current.id).executeTakeFirstOrThrow();
    return { ...(await presentPathway(db, row, actor)), warnings: recorded.warnings };
  });

  app.patch('/api/temp-pathways/:id/exit', { schema: { tags, summary: 'Sortie du parcours : date et situation', params: idParams, body: exitBody } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const current = await writable(actor, request.params.id);
    const { version, exitDate, outcome } = request.body;
    const issues = [
      ...(exitDate < current.entryDate ? [issue('TEMP_EXIT_BEFORE_ENTRY', 'exitDate', `La sortie précède l’entrée en parcours (${current.entryDate}).`)] : []),
      ...checkTempExitOutcome(outcome, exitDate, { tempPathways: ACTE_II_PARAMETERS.tempPathways[ACTE_II_PARAMETERS.tempPathways.length - 1].value }),
    ];
    if (issues.length) throw invalidMany(issues.map((i) => ({ path: i.field, message: i.message })));
    const at = isoNow(ctx.clock);
    await db.transaction().execute(async (trx) => {
      const result = await trx.updateTable('tempPathways').set({ exitDate, outcome, updatedAt: at, version: version + 1 })
        .where('id', '=', current.id).where('version', '=', version).executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw staleVersion('Le parcours');
      await recordHistory(trx, actor, at, { entityType: 'tempPathway', entityId: current.id, action: 'exited', changes: { exitDate, outcome } });
    });
    const row = await db.selectFrom('tempPathways').selectAll().where('id', '=', current.id).executeTakeFirstOrThrow();
    return presentPathway(db, row, actor);
  });
};
