import type { Kysely } from 'kysely';
import type { Api, RouteModule } from '../platform/http/app.js';
import type { AppContext } from '../platform/http/context.js';
import { invalidMany, notFound } from '../platform/http/errors.js';
import { sendExport } from '../platform/http/exports.js';
import { exportParams, paginate, walk, type Sorting } from '../platform/http/lists.js';
import { timeline } from '../platform/history/history.js';
import { requireActor } from '../platform/identity/sessions.js';
import { idParams } from '../platform/identity/schema.js';
import type { Actor } from '../platform/identity/roles.js';
import type { Schema } from '../platform/db/schema.js';
import { runAction } from '../platform/actions/runAction.js';
import { pairRulesOn } from '../acteII/parameters.js';
import { todayIso } from '../shared/dates.js';
import { hasErrors } from '../measures/ruleIssue.js';
import { checkPairTerms, checkSeniorEligibility, type PairInput } from './rules/index.js';
import { pairBody, pairFilters, pairUpdateBody, simulationBody, type PairFilters } from './pairSchema.js';
import { pairActions, requirePairListScope, seesPair } from './pairPolicy.js';
import { judgePair, scheduleOf, storedPairInput, withKnownLaw } from './pairJudgement.js';
import { loadPair, pairTarget, type PairRow } from './pairRepository.js';
import { editPair, recordNewPair } from './pairActions.js';

const tags = ['binômes intergénérationnels'];

const sorting: Sorting = {
  sortable: { reference: 'p.reference', seniorLastName: 'p.senior_last_name', startDate: 'p.start_date', companyName: 'co.name',
    expectedRetirementDate: 'p.expected_retirement_date', fullTimeSalaryCents: 'p.full_time_salary_cents', updatedAt: 'p.updated_at' },
  defaultSort: 'startDate', idColumn: 'p.id',
};

async function presentPair(db: Kysely<Schema>, row: PairRow, actor: Actor, today: string) {
  const [company, junior] = await Promise.all([
    db.selectFrom('organisations').select('name').where('id', '=', row.companyId).executeTakeFirst(),
    db.selectFrom('proContracts').select(['id', 'reference', 'companyId', 'lastName', 'firstName', 'contractType', 'isReservedForPair', 'startDate', 'endDate'])
      .where('id', '=', row.juniorContractId).executeTakeFirstOrThrow(),
  ]);
  const input = storedPairInput(row, junior);
  const actions = pairActions(actor, row, today);
  return {
    id: row.id, reference: row.reference, version: row.version, companyId: row.companyId, companyName: company?.name ?? null,
    senior: { lastName: row.seniorLastName, firstName: row.seniorFirstName, sex: row.seniorSex, birthDate: row.seniorBirthDate, expectedRetirementDate: row.expectedRetirementDate },
    junior: { contractId: junior.id, reference: junior.reference, lastName: junior.lastName, firstName: junior.firstName, contractType: junior.contractType, reservedForPair: junior.isReservedForPair, startDate: junior.startDate, endDate: junior.endDate },
    startDate: row.startDate, endDate: row.endDate, fullTimeSalaryCents: row.fullTimeSalaryCents, activityBp: row.activityBp, payBp: row.payBp,
    writtenAgreement: row.hasWrittenAgreement, employerPaysEmployeeSupplement: row.isEmployerPayingSupplement,
    issues: judgePair(input),
    schedule: scheduleOf(input),
    allowedActions: actions,
    canEdit: actions.includes('edit'),
    createdAt: row.createdAt, updatedAt: row.updatedAt,
    history: await timeline(db, 'pair', row.id),
  };
}

export const pairRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const { db } = ctx.database;

  function listQuery(actor: Actor, f: Partial<PairFilters>) {
    const scope = requirePairListScope(actor);
    return db.selectFrom('pairs as p').innerJoin('organisations as co', 'co.id', 'p.companyId').innerJoin('proContracts as j', 'j.id', 'p.juniorContractId')
      .select(['p.id', 'p.reference', 'p.version', 'p.companyId', 'co.name as companyName', 'p.seniorLastName', 'p.seniorFirstName',
        'p.expectedRetirementDate', 'p.startDate', 'p.endDate', 'p.fullTimeSalaryCents', 'p.activityBp', 'p.payBp',
        'j.id as juniorContractId', 'j.reference as juniorReference', 'j.lastName as juniorLastName', 'j.firstName as juniorFirstName', 'p.updatedAt'])
      .$if(scope.kind === 'owner', (q) => q.where('p.companyId', '=', (scope as { organisationId: number }).organisationId))
      .$if(!!f.companyId, (q) => q.where('p.companyId', '=', f.companyId!))
      .$if(!!f.startFrom, (q) => q.where('p.startDate', '>=', f.startFrom!))
      .$if(!!f.startTo, (q) => q.where('p.startDate', '<=', f.startTo!))
      .$if(!!f.q, (q) => q.where((eb) => eb.or([eb('p.seniorLastName', 'like', `%${f.q}%`), eb('j.lastName', 'like', `%${f.q}%`), eb('p.reference', 'like', `%${f.q}%`)])));
  }

  const today = () => todayIso(ctx.clock.now());

  async function visible(actor: Actor, id: number) {
    const row = await db.selectFrom('pairs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !seesPair(actor, row)) throw notFound('Binôme');
    return row;
  }

  app.get('/api/pairs', { schema: { tags, summary: 'Binômes visibles par l’utilisateur', querystring: pairFilters } }, async (request) => {
    const actor = await requireActor(ctx, request);
    return paginate(db, listQuery(actor, request.query), sorting, request.query);
  });

  app.get('/api/pairs/export', { config: { costly: 'export' }, schema: { tags, summary: 'Export CSV ou XLSX des binômes', querystring: pairFilters.extend(exportParams.shape) } }, async (request, reply) => {
    const actor = await requireActor(ctx, request);
    return sendExport(reply, walk(listQuery(actor, request.query), sorting, request.query), [
      { key: 'reference', header: 'Référence', value: (r) => r.reference },
      { key: 'company', header: 'Entreprise', value: (r) => r.companyName },
      { key: 'senior', header: 'Senior', value: (r) => `${r.seniorFirstName} ${r.seniorLastName}` },
      { key: 'retirement', header: 'Départ en retraite prévu', value: (r) => r.expectedRetirementDate, kind: 'date' },
      { key: 'junior', header: 'Jeune', value: (r) => `${r.juniorFirstName} ${r.juniorLastName}` },
      { key: 'juniorContract', header: 'Contrat du jeune', value: (r) => r.juniorReference },
      { key: 'start', header: 'Début', value: (r) => r.startDate, kind: 'date' },
      { key: 'end', header: 'Fin', value: (r) => r.endDate, kind: 'date' },
      { key: 'salary', header: 'Salaire temps plein (€)', value: (r) => r.fullTimeSalaryCents, kind: 'cents' },
      { key: 'activity', header: 'Activité (%)', value: (r) => r.activityBp / 100, kind: 'integer' },
      { key: 'pay', header: 'Rémunération (%)', value: (r) => r.payBp / 100, kind: 'integer' },
    ], 'binomes', request.query.format);
  });

  app.get('/api/pairs/counters', { schema: { tags, summary: 'Avancement vers les 1 000 binômes (chiffres agrégés)' } }, async (request) => {
    await requireActor(ctx, request);
    const row = await db.selectFrom('pairs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const reservedContracts = await db.selectFrom('proContracts').select((eb) => eb.fn.countAll<number>().as('n')).where('isReservedForPair', '=', true).executeTakeFirstOrThrow();
    const target = await pairTarget(db, today());
    const total = Number(row.n);
    return { target, total, placesLeft: target === null ? null : Math.max(0, target - total), progressBp: target ? Math.round((total * 10_000) / target) : 0,
      reservedJuniorContracts: Number(reservedContracts.n), reservedContractsWithoutPair: Number(reservedContracts.n) - total };
  });

  app.post('/api/pairs/simulate', { schema: { tags, summary: 'Simuler le coût d’un binôme mois par mois, sans l’enregistrer', body: simulationBody } }, async (request) => {
    await requireActor(ctx, request);
    const b = request.body;
    const input: PairInput = {
      senior: { personId: 'senior', companyId: 'c', expectedRetirementDate: b.expectedRetirementDate ?? b.endDate },
      junior: { personId: 'junior', companyId: 'c', contractType: 'CDI', reservedForPair: true },
      startDate: b.startDate, endDate: b.endDate, fullTimeSalaryCents: b.fullTimeSalaryCents, activityBp: b.activityBp, payBp: b.payBp,
      writtenAgreement: true, employerPaysEmployeeSupplement: b.employerPaysEmployeeSupplement ?? false,
    };
    // The terms are judged under the pairs' rules in force at the simulated start.
    const snapshotIssues = withKnownLaw(() => {
      const params = { pairs: pairRulesOn(b.startDate) };
      return [...checkPairTerms(input, params), ...(b.expectedRetirementDate ? checkSeniorEligibility(input.senior, b.startDate, params) : [])];
    });
    if (hasErrors(snapshotIssues)) throw invalidMany(snapshotIssues.filter((i) => i.severity === 'error').map((i) => ({ path: i.field, message: i.message })));
    return { issues: snapshotIssues, ...scheduleOf(input) };
  });

  app.post('/api/pairs', { schema: { tags, summary: 'Enregistrer un binôme (entreprise ou secrétariat)', body: pairBody } }, async (request, reply) => {
    const actor = await requireActor(ctx, request);
    const { id, warnings } = await runAction(ctx, actor, recordNewPair, { body: request.body });
    return reply.status(201).send({ ...(await presentPair(db, await loadPair(db, id), actor, today())), warnings });
  });

  app.get('/api/pairs/:id', { schema: { tags, summary: 'Un binôme avec son échéancier mensuel et son historique', params: idParams } }, async (request) => {
    const actor = await requireActor(ctx, request);
    return presentPair(db, await visible(actor, request.params.id), actor, today());
  });

  app.get('/api/pairs/:id/history', { schema: { tags, summary: 'Historique du binôme', params: idParams } }, async (request) => {
    const actor = await requireActor(ctx, request);
    await visible(actor, request.params.id);
    return { items: await timeline(db, 'pair', request.params.id) };
  });

  app.put('/api/pairs/:id', { schema: { tags, summary: 'Modifier un binôme (contrôle de version)', params: idParams, body: pairUpdateBody } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const { version, ...body } = request.body;
    const { id, warnings } = await runAction(ctx, actor, editPair, { id: request.params.id, version, body });
    return { ...(await presentPair(db, await loadPair(db, id), actor, today())), warnings };
  });
};
