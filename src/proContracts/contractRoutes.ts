import { sql, type ExpressionBuilder } from 'kysely';
import { z } from 'zod';
import { recordIdParam } from '../platform/http/ids.js';
import { likePrefix, looksLikeReference, prefixUpperBound } from '../shared/search.js';
import type { Api, RouteModule } from '../platform/http/app.js';
import type { AppContext } from '../platform/http/context.js';
import { forbidden, invalid, notFound } from '../platform/http/errors.js';
import { sendExport } from '../platform/http/exports.js';
import { exportParams, paginate, walk, type Sorting } from '../platform/http/lists.js';
import { timeline } from '../platform/history/history.js';
import { requireActor } from '../platform/identity/sessions.js';
import { idParams } from '../platform/identity/schema.js';
import type { Actor } from '../platform/identity/roles.js';
import { ACTE_II_PARAMETERS } from '../acteII/parameters.js';
import { ageOn, todayIso } from '../shared/dates.js';
import { hasErrors, proContractFunding } from './rules/index.js';
import { contractBody, contractFilters, contractUpdateBody, followUpBody, followUpFilters, tutorBody, type ContractFilters } from './contractSchema.js';
import { mayWriteContracts, requireListScope, seesContract } from './contractPolicy.js';
import { loadContract, otherTrainees, ruleInput } from './contractRepository.js';
import { judge } from './contractRecording.js';
import { declareTutor, editContract, recordFollowUp, recordNewContract } from './contractActions.js';
import { runAction } from '../platform/actions/runAction.js';
import { unknownFor } from '../measures/refusals.js';
import { followUpOf, payFloorOf, presentContract } from './contractPresenter.js';
import { quotaCounts, quotaTargets } from './quota.js';

const tags = ['contrats de professionnalisation'];

const contractSorting: Sorting = {
  sortable: {
    reference: 'c.reference', lastName: 'lower(c.last_name)', startDate: 'c.start_date', endDate: 'c.end_date',
    companyName: 'co.name', grossMonthlyPayCents: 'c.gross_monthly_pay_cents', fundingCents: 'c.funding_cents',
    followUpDueFrom: 'c.follow_up_due_from', updatedAt: 'c.updated_at',
  },
  defaultSort: 'startDate', idColumn: 'c.id',
};

/**
 * `q` is a prefix served by an index: a reference (CP-…) or the start of the trainee's last
 * name, case-insensitive (`lower(last_name)`, indexed by migration 007). A leading wildcard
 * on four columns, as before, read all the contracts. SQLite's lower() folds ASCII only, so
 * the query is folded the same way: an accented capital must be typed as stored.
 */
function contractSearch(q: string) {
  return (eb: ExpressionBuilder<any, any>) => {
    const text = q.trim();
    const [column, value] = looksLikeReference(text) ? [sql.ref('c.reference'), text.toUpperCase()] : [sql`lower(c.last_name)`, text.replace(/[A-Z]/g, (c) => c.toLowerCase())];
    return eb.and([
      eb(column, '>=', value), eb(column, '<', prefixUpperBound(value)), eb(column, 'like', sql<string>`${likePrefix(value)} escape '\\'`)]);
  };
}

export const proContractRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const { db } = ctx.database;
  const today = () => todayIso(ctx.clock.now());

  type ListFilters = Partial<ContractFilters> & { followUpState?: 'due' | 'late' };

  function listQuery(actor: Actor, f: ListFilters) {
    // Left joins (both ids are required): SQLite then reads pro_contracts in the sort index's
    // order instead of starting from the organisations and sorting a million contracts.
    return listFilters(actor, f)
      .leftJoin('organisations as co', 'co.id', 'c.companyId')
      .leftJoin('organisations as fu', 'fu.id', 'c.trainingFundId')
      .leftJoin('tutors as tu', 'tu.id', 'c.tutorId')
      .select(['c.id', 'c.reference', 'c.version', 'c.companyId', 'co.name as companyName', 'c.trainingFundId', 'fu.name as trainingFundName',
        'c.lastName', 'c.firstName', 'c.sex', 'c.birthDate', 'c.level1969', 'c.contractType', 'c.startDate', 'c.endDate',
        'c.trainingHoursHundredths', 'c.targetedQualification', 'c.grossMonthlyPayCents', 'c.fundingCents', 'c.isReservedForPair',
        'c.isQuotaOverride', 'c.actualEndDate', 'c.endReason', 'c.certification', 'c.situationAtExit', 'c.situationAfter6Months',
        'c.followUpDueFrom', 'c.followUpLateAfter', 'tu.lastName as tutorLastName', 'tu.firstName as tutorFirstName', 'c.isImported', 'c.updatedAt']);
  }

  /**
   * The contracts of the list, filtered, without the joins of what its rows show: a page reads its
   * ids from it, then builds its rows (`paginate`). Sorting by company needs the company's name.
   */
  function listIds(actor: Actor, f: ListFilters, sort: string | undefined) {
    const filtered = listFilters(actor, f);
    return sort === 'companyName' ? filtered.leftJoin('organisations as co', 'co.id', 'c.companyId') : filtered;
  }

  function listFilters(actor: Actor, f: ListFilters) {
    const scope = requireListScope(actor);
    const day = today();
    const state = f.followUpState ?? f.followUp;
    return db.selectFrom('proContracts as c')
      .$if(scope.kind === 'company', (q) => q.where('c.companyId', '=', (scope as { organisationId: number }).organisationId))
      .$if(scope.kind === 'fund', (q) => q.where('c.trainingFundId', '=', (scope as { organisationId: number }).organisationId))
      .$if(!!f.companyId, (q) => q.where('c.companyId', '=', f.companyId!))
      .$if(!!f.trainingFundId, (q) => q.where('c.trainingFundId', '=', f.trainingFundId!))
      .$if(!!f.contractType, (q) => q.where('c.contractType', '=', f.contractType!))
      .$if(f.reservedForPair !== undefined, (q) => q.where('c.isReservedForPair', '=', f.reservedForPair!))
      .$if(!!f.startFrom, (q) => q.where('c.startDate', '>=', f.startFrom!))
      .$if(!!f.startTo, (q) => q.where('c.startDate', '<=', f.startTo!))
      .$if(state === 'due', (q) => q.where('c.situationAfter6Months', 'is', null).where('c.followUpDueFrom', '<=', day).where('c.followUpLateAfter', '>=', day))
      .$if(state === 'late', (q) => q.where('c.situationAfter6Months', 'is', null).where('c.followUpLateAfter', '<', day))
      .$if(!!f.q?.trim(), (q) => q.where(contractSearch(f.q!)))
  }

  type ListRow = Awaited<ReturnType<ReturnType<typeof listQuery>['execute']>>[number];
  const presentListRow = (r: ListRow, day: string) => ({
    ...r, trainingHours: r.trainingHoursHundredths / 100,
    followUpStatus: followUpOf({ endDate: r.endDate, actualEndDate: r.actualEndDate, situationAfter6Months: r.situationAfter6Months } as never, day).status,
  });

  async function visibleContract(actor: Actor, id: number) {
    const row = await db.selectFrom('proContracts').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !seesContract(actor, row)) throw notFound('Contrat de professionnalisation');
    return row;
  }

  app.get('/api/pro-contracts', { schema: { tags, summary: 'Contrats de professionnalisation visibles par l’utilisateur', querystring: contractFilters } }, async (request) => {
    const actor = await requireActor(ctx, request);
    // A name search is listed in name order unless asked otherwise: the search index then gives
    // the rows already sorted, and a common name (20,000 « Masson ») is not sorted for each page.
    const sorting = request.query.q?.trim() ? { ...contractSorting, defaultSort: 'lastName' } : contractSorting;
    const page = await paginate(db, listQuery(actor, request.query), sorting, request.query, listIds(actor, request.query, request.query.sort));
    const day = today();
    return { ...page, items: page.items.map((r) => presentListRow(r, day)) };
  });

  app.get('/api/pro-contracts/follow-ups', { schema: { tags, summary: 'Suivis à 6 mois à faire (due) ou en retard (late)', querystring: followUpFilters } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const { state, ...rest } = request.query;
    const filters = { ...rest, followUpState: state };
    const page = await paginate(db, listQuery(actor, filters), { ...contractSorting, defaultSort: 'followUpDueFrom' }, request.query, listIds(actor, filters, request.query.sort));
    const day = today();
    return { ...page, items: page.items.map((r) => presentListRow(r, day)) };
  });

  app.get('/api/pro-contracts/export', { config: { costly: 'export' }, schema: { tags, summary: 'Export CSV ou XLSX des contrats', querystring: contractFilters.extend(exportParams.shape) } }, async (request, reply) => {
    const actor = await requireActor(ctx, request);
    const query = listQuery(actor, request.query);
    return sendExport(reply, walk(query, contractSorting, request.query), [
      { key: 'reference', header: 'Référence', value: (r) => r.reference },
      { key: 'company', header: 'Employeur', value: (r) => r.companyName },
      { key: 'fund', header: 'OPCA', value: (r) => r.trainingFundName },
      { key: 'lastName', header: 'Nom', value: (r) => r.lastName },
      { key: 'firstName', header: 'Prénom', value: (r) => r.firstName },
      { key: 'sex', header: 'Sexe', value: (r) => r.sex },
      { key: 'birthDate', header: 'Date de naissance', value: (r) => r.birthDate, kind: 'date' },
      { key: 'level', header: 'Niveau', value: (r) => r.level1969 },
      { key: 'type', header: 'Type de contrat', value: (r) => r.contractType },
      { key: 'start', header: 'Début', value: (r) => r.startDate, kind: 'date' },
      { key: 'end', header: 'Fin', value: (r) => r.endDate, kind: 'date' },
      { key: 'hours', header: 'Heures de formation', value: (r) => String(r.trainingHoursHundredths / 100).replace('.', ',') },
      { key: 'qualification', header: 'Qualification visée', value: (r) => r.targetedQualification },
      { key: 'pay', header: 'Salaire brut mensuel (€)', value: (r) => r.grossMonthlyPayCents, kind: 'cents' },
      { key: 'funding', header: 'Prise en charge OPCA (€)', value: (r) => r.fundingCents, kind: 'cents' },
      { key: 'tutor', header: 'Tuteur', value: (r) => (r.tutorLastName ? `${r.tutorFirstName} ${r.tutorLastName}` : null) },
      { key: 'reserved', header: 'Réservé binôme', value: (r) => (r.isReservedForPair ? 'oui' : 'non') },
      { key: 'actualEnd', header: 'Fin anticipée', value: (r) => r.actualEndDate, kind: 'date' },
      { key: 'certification', header: 'Certification', value: (r) => r.certification },
      { key: 'exit', header: 'Situation à la sortie', value: (r) => r.situationAtExit },
      { key: 'after6', header: 'Situation à 6 mois', value: (r) => r.situationAfter6Months },
    ], 'contrats-professionnalisation', request.query.format);
  });

  app.get('/api/pro-contracts/counters', { schema: { tags, summary: 'Avancement vers les 6 000 contrats dont 1 000 réservés (chiffres agrégés)' } }, async (request) => {
    await requireActor(ctx, request);
    const day = today();
    const [counts, targets, breakdown] = await Promise.all([
      quotaCounts(db),
      quotaTargets(db, day),
      db.selectFrom('proContracts').select((eb) => [
        eb.fn.sum<number>(eb.case().when('contractType', '=', 'CDI').then(1).else(0).end()).as('cdi'),
        eb.fn.sum<number>(eb.case().when('isQuotaOverride', '=', true).then(1).else(0).end()).as('overrides'),
        eb.fn.sum<number>(eb.case().when('actualEndDate', 'is not', null).then(1).else(0).end()).as('endedEarly'),
        eb.fn.sum<number>(eb.case().when('certification', '=', 'obtained').then(1).else(0).end()).as('certified'),
        eb.fn.sum<number>(eb.case().when(eb.and([eb('situationAfter6Months', 'is', null), eb('followUpDueFrom', '<=', day), eb('followUpLateAfter', '>=', day)])).then(1).else(0).end()).as('followUpsDue'),
        eb.fn.sum<number>(eb.case().when(eb.and([eb('situationAfter6Months', 'is', null), eb('followUpLateAfter', '<', day)])).then(1).else(0).end()).as('followUpsLate'),
      ]).executeTakeFirstOrThrow(),
    ]);
    const ordinary = counts.total - counts.reserved;
    const ordinaryCap = targets.target - targets.reservedTarget;
    const n = (v: unknown) => Number(v ?? 0);
    return {
      target: targets.target, reservedTarget: targets.reservedTarget,
      total: counts.total, reserved: counts.reserved, ordinary, ordinaryCap,
      ordinaryPlacesLeft: Math.max(0, ordinaryCap - ordinary), reservedPlacesLeft: Math.max(0, targets.reservedTarget - counts.reserved),
      progressBp: targets.target ? Math.round((counts.total * 10_000) / targets.target) : 0,
      reservedProgressBp: targets.reservedTarget ? Math.round((counts.reserved * 10_000) / targets.reservedTarget) : 0,
      cdi: n(breakdown.cdi), cdd: counts.total - n(breakdown.cdi), quotaOverrides: n(breakdown.overrides),
      endedEarly: n(breakdown.endedEarly), certified: n(breakdown.certified),
      followUpsDue: n(breakdown.followUpsDue), followUpsLate: n(breakdown.followUpsLate),
    };
  });

  app.post('/api/pro-contracts/check', { schema: { tags, summary: 'Contrôler un contrat sans l’enregistrer (règles, plancher de rémunération, prise en charge)', body: contractBody } }, async (request) => {
    const actor = await requireActor(ctx, request);
    if (!mayWriteContracts(actor)) throw forbidden('d’enregistrer des contrats');
    const body = request.body;
    let tutor = null;
    if (body.tutorId) {
      tutor = await db.selectFrom('tutors').selectAll().where('id', '=', body.tutorId).executeTakeFirst() ?? null;
      if (!tutor || (actor.organisationKind === 'company' && tutor.companyId !== actor.organisationId)) throw unknownFor('tutorId', 'Tuteur inconnu pour cet employeur.');
    } else if (body.newTutor) {
      tutor = { id: 0, companyId: 0, createdAt: '', version: 1, birthDate: body.newTutor.birthDate ?? null, ...body.newTutor };
    }
    const input = ruleInput(body, tutor, tutor && tutor.id ? await otherTrainees(db, tutor.id, null) : []);
    const issues = judge(input);
    return {
      valid: !hasErrors(issues), issues,
      funding: proContractFunding(input, ACTE_II_PARAMETERS),
      payFloor: payFloorOf({ birthDate: body.trainee.birthDate, level1969: body.trainee.level, startDate: body.startDate, endDate: body.endDate, branchMinimumMonthlyCents: body.branchMinimumMonthlyCents ?? null } as never),
    };
  });

  app.post('/api/pro-contracts', { schema: { tags, summary: 'Enregistrer un contrat (employeur, OPCA ou secrétariat)', body: contractBody } }, async (request, reply) => {
    const actor = await requireActor(ctx, request);
    const recorded = await runAction(ctx, actor, recordNewContract, { body: request.body });
    return reply.status(201).send({ ...(await presentContract(db, await loadContract(db, recorded.id), actor, today())), warnings: recorded.warnings });
  });

  app.get('/api/pro-contracts/:id', { schema: { tags, summary: 'Un contrat, avec prise en charge, plancher de rémunération, suivi et historique', params: idParams } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const row = await visibleContract(actor, request.params.id);
    return presentContract(db, row, actor, today());
  });

  app.get('/api/pro-contracts/:id/pay-floor', { schema: { tags, summary: 'Rémunération minimale mois par mois', params: idParams } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const row = await visibleContract(actor, request.params.id);
    const rows = payFloorOf(row);
    return { grossMonthlyPayCents: row.grossMonthlyPayCents, rows: rows.map((r) => ({ ...r, isPayBelowFloor: row.grossMonthlyPayCents < r.floorCents })) };
  });

  app.get('/api/pro-contracts/:id/history', { schema: { tags, summary: 'Historique du contrat', params: idParams } }, async (request) => {
    const actor = await requireActor(ctx, request);
    await visibleContract(actor, request.params.id);
    return { items: await timeline(db, 'proContract', request.params.id) };
  });

  app.put('/api/pro-contracts/:id', { schema: { tags, summary: 'Modifier un contrat (contrôle de version)', params: idParams, body: contractUpdateBody } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const { version, ...body } = request.body;
    const recorded = await runAction(ctx, actor, editContract, { id: request.params.id, version, body });
    return { ...(await presentContract(db, await loadContract(db, recorded.id), actor, today())), warnings: recorded.warnings };
  });

  app.patch('/api/pro-contracts/:id/follow-up', { schema: { tags, summary: 'Suite de parcours : fin anticipée, certification, situation à la sortie et à 6 mois', params: idParams, body: followUpBody } }, async (request) => {
    const actor = await requireActor(ctx, request);
    await runAction(ctx, actor, recordFollowUp, { id: request.params.id, body: request.body });
    return presentContract(db, await loadContract(db, request.params.id), actor, today());
  });

  app.get('/api/tutors', { schema: { tags, summary: 'Tuteurs d’un employeur, avec leur charge actuelle', querystring: z.object({ companyId: recordIdParam.optional() }) } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const scope = requireListScope(actor);
    const companyId = scope.kind === 'company' ? scope.organisationId : request.query.companyId;
    if (!companyId) throw invalid('companyId', 'Indiquez l’employeur.');
    const day = today();
    const tutors = await db.selectFrom('tutors as t').selectAll('t')
      .select((eb) => eb.selectFrom('proContracts as c').select(eb.fn.countAll<number>().as('n')).whereRef('c.tutorId', '=', 't.id')
        .where('c.startDate', '<=', day).where((w) => w.or([w('c.actualEndDate', '>=', day), w.and([w('c.actualEndDate', 'is', null), w('c.endDate', '>=', day)])])).as('currentTrainees'))
      .where('t.companyId', '=', companyId)
      .$if(scope.kind === 'fund', (q) => q.where((eb) => eb.exists(eb.selectFrom('proContracts as f').select('f.id').whereRef('f.tutorId', '=', 't.id').where('f.trainingFundId', '=', actor.organisationId))))
      .orderBy('t.lastName').orderBy('t.id').execute();
    return { items: tutors.map((t) => ({ ...t, currentTrainees: Number(t.currentTrainees ?? 0), age: t.birthDate ? ageOn(t.birthDate, day) : null })) };
  });

  app.post('/api/tutors', { schema: { tags, summary: 'Déclarer un tuteur de l’entreprise (un OPCA : d’une entreprise qu’il finance)', body: tutorBody } }, async (request, reply) => {
    const actor = await requireActor(ctx, request);
    return reply.status(201).send(await runAction(ctx, actor, declareTutor, { body: request.body }));
  });
};
