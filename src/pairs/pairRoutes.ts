import type { Kysely, Transaction } from 'kysely';
import type { Api, RouteModule } from '../platform/http/app.js';
import { isoNow, type AppContext } from '../platform/http/context.js';
import { forbidden, invalid, invalidMany, notFound, staleVersion } from '../platform/http/errors.js';
import { sendExport } from '../platform/http/exports.js';
import { exportParams, paginate, walk, type Sorting } from '../platform/http/lists.js';
import { recordHistory, timeline } from '../platform/history/history.js';
import { requireActor } from '../platform/identity/sessions.js';
import { idParams } from '../platform/identity/schema.js';
import type { Actor } from '../platform/identity/roles.js';
import type { Row, Schema } from '../platform/db/schema.js';
import { ACTE_II_PARAMETERS } from '../acteII/parameters.js';
import { NoParameterInForce } from '../shared/validity.js';
import { hasErrors, type RuleIssue } from '../proContracts/rules/issue.js';
import type { ContractType } from '../proContracts/rules/types.js';
import { checkPair, checkPairTerms, checkSeniorEligibility, pairSchedule, type PairInput } from './rules/index.js';
import { pairBody, pairFilters, pairUpdateBody, simulationBody, type PairBody, type PairFilters } from './pairSchema.js';
import { mayWritePairs, requirePairListScope, seesPair } from './pairPolicy.js';

const tags = ['binômes intergénérationnels'];
type Db = Kysely<Schema> | Transaction<Schema>;
type PairRow = Row<'pairs'>;
export const PAIR_MEASURE = 'ACTE2-AXE3';

const sorting: Sorting = {
  sortable: { reference: 'p.reference', seniorLastName: 'p.senior_last_name', startDate: 'p.start_date', companyName: 'co.name',
    expectedRetirementDate: 'p.expected_retirement_date', fullTimeSalaryCents: 'p.full_time_salary_cents', updatedAt: 'p.updated_at' },
  defaultSort: 'startDate', idColumn: 'p.id',
};

const toFields = (issues: RuleIssue[]) => issues.map((i) => ({ path: i.field, message: i.message }));

/** The month-by-month schedule under each month's parameters; a month without known law is a date problem. */
function schedule(input: PairInput) {
  try {
    return pairSchedule(input, ACTE_II_PARAMETERS);
  } catch (error) {
    if (error instanceof NoParameterInForce) throw invalid('startDate', `Aucun taux de cotisation ou plafond n’est connu pour ${error.day} : vérifiez les dates du binôme.`);
    throw error;
  }
}

function judged(run: () => RuleIssue[]): RuleIssue[] {
  try {
    return run();
  } catch (error) {
    if (error instanceof NoParameterInForce) throw invalid('startDate', `Aucune règle des binômes n’est connue au ${error.day} : vérifiez la date de début.`);
    throw error;
  }
}

function ruleInput(body: Omit<PairBody, 'juniorContractId' | 'senior'> & { senior: { expectedRetirementDate: string } }, junior: { id: number; companyId: number; contractType: string; isReservedForPair: boolean }, companyId: number): PairInput {
  return {
    senior: { personId: 'senior', companyId: String(companyId), expectedRetirementDate: body.senior.expectedRetirementDate },
    junior: { personId: `junior-${junior.id}`, companyId: String(junior.companyId), contractType: junior.contractType as ContractType, reservedForPair: junior.isReservedForPair },
    startDate: body.startDate, endDate: body.endDate, fullTimeSalaryCents: body.fullTimeSalaryCents,
    activityBp: body.activityBp, payBp: body.payBp, writtenAgreement: body.writtenAgreement,
    employerPaysEmployeeSupplement: body.employerPaysEmployeeSupplement ?? false,
  };
}

function inputOf(row: PairRow, junior: { id: number; companyId: number; contractType: string; isReservedForPair: boolean }): PairInput {
  return ruleInput({
    senior: { expectedRetirementDate: row.expectedRetirementDate }, startDate: row.startDate, endDate: row.endDate,
    fullTimeSalaryCents: row.fullTimeSalaryCents, activityBp: row.activityBp, payBp: row.payBp, writtenAgreement: row.hasWrittenAgreement,
    employerPaysEmployeeSupplement: row.isEmployerPayingSupplement,
  }, junior, row.companyId);
}

async function presentPair(db: Kysely<Schema>, row: PairRow, actor: Actor) {
  const [company, junior] = await Promise.all([
    db.selectFrom('organisations').select('name').where('id', '=', row.companyId).executeTakeFirst(),
    db.selectFrom('proContracts').select(['id', 'reference', 'companyId', 'lastName', 'firstName', 'contractType', 'isReservedForPair', 'startDate', 'endDate'])
      .where('id', '=', row.juniorContractId).executeTakeFirstOrThrow(),
  ]);
  const input = inputOf(row, junior);
  return {
    id: row.id, reference: row.reference, version: row.version, companyId: row.companyId, companyName: company?.name ?? null,
    senior: { lastName: row.seniorLastName, firstName: row.seniorFirstName, sex: row.seniorSex, birthDate: row.seniorBirthDate, expectedRetirementDate: row.expectedRetirementDate },
    junior: { contractId: junior.id, reference: junior.reference, lastName: junior.lastName, firstName: junior.firstName, contractType: junior.contractType, reservedForPair: junior.isReservedForPair, startDate: junior.startDate, endDate: junior.endDate },
    startDate: row.startDate, endDate: row.endDate, fullTimeSalaryCents: row.fullTimeSalaryCents, activityBp: row.activityBp, payBp: row.payBp,
    writtenAgreement: row.hasWrittenAgreement, employerPaysEmployeeSupplement: row.isEmployerPayingSupplement,
    issues: judged(() => checkPair(input, ACTE_II_PARAMETERS)),
    schedule: schedule(input),
    canEdit: mayWritePairs(actor),
    createdAt: row.createdAt, updatedAt: row.updatedAt,
    history: await timeline(db, 'pair', row.id),
  };
}

async function pairTarget(db: Db): Promise<number> {
  const row = await db.selectFrom('targets as t').innerJoin('measures as m', 'm.id', 't.measureId').select('t.value')
    .where('m.code', '=', PAIR_MEASURE).where('t.indicator', '=', 'pairs').executeTakeFirst();
  return row ? Number(row.value) : ACTE_II_PARAMETERS.acteIITargets[0].value.pairs;
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

  async function visible(actor: Actor, id: number) {
    const row = await db.selectFrom('pairs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !seesPair(actor, row)) throw notFound('Binôme');
    return row;
  }

  /** The junior's contract must be visible to the actor (a company: its own); the pair's company is the contract's. */
  async function juniorFor(trx: Db, actor: Actor, contractId: number, excludePairId: number | null) {
    const junior = await trx.selectFrom('proContracts').select(['id', 'companyId', 'contractType', 'isReservedForPair']).where('id', '=', contractId).executeTakeFirst();
    if (!junior || (actor.organisationKind === 'company' && junior.companyId !== actor.organisationId)) throw invalid('juniorContractId', 'Contrat de professionnalisation inconnu pour cet employeur.');
    const taken = await trx.selectFrom('pairs').select('reference').where('juniorContractId', '=', contractId)
      .$if(excludePairId !== null, (q) => q.where('id', '!=', excludePairId!)).executeTakeFirst();
    if (taken) throw invalid('juniorContractId', `Ce contrat est déjà celui du jeune du binôme ${taken.reference}.`);
    return junior;
  }

  async function save(actor: Actor, body: PairBody, existing?: { row: PairRow; version: number }) {
    const at = isoNow(ctx.clock);
    return db.transaction().execute(async (trx) => {
      const junior = await juniorFor(trx, actor, body.juniorContractId, existing?.row.id ?? null);
      if (existing && junior.companyId !== existing.row.companyId) throw invalid('juniorContractId', 'Le jeune doit être salarié de la même entreprise que le senior.');
      const companyId = existing?.row.companyId ?? junior.companyId;
      const input = ruleInput(body, junior, companyId);
      const issues = judged(() => checkPair(input, ACTE_II_PARAMETERS));
      if (hasErrors(issues)) {
        const errors = issues.filter((i) => i.severity === 'error');
        throw invalidMany(toFields(errors), `Le binôme ne respecte pas ${errors.length} règle(s).`);
      }
      schedule(input);
      const columns = {
        juniorContractId: body.juniorContractId, seniorLastName: body.senior.lastName, seniorFirstName: body.senior.firstName,
        seniorBirthDate: body.senior.birthDate, seniorSex: body.senior.sex, expectedRetirementDate: body.senior.expectedRetirementDate,
        startDate: body.startDate, endDate: body.endDate, fullTimeSalaryCents: body.fullTimeSalaryCents,
        activityBp: body.activityBp ?? ACTE_II_PARAMETERS.pairs[0].value.defaultActivityBp, payBp: body.payBp ?? ACTE_II_PARAMETERS.pairs[0].value.defaultPayBp,
        hasWrittenAgreement: body.writtenAgreement, isEmployerPayingSupplement: body.employerPaysEmployeeSupplement ?? false, updatedAt: at,
      };
      let id: number;
      if (existing) {
        const result = await trx.updateTable('pairs').set({ ...columns, version: existing.version + 1 })
          .where('id', '=', existing.row.id).where('version', '=', existing.version).executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) throw staleVersion('Le binôme');
        id = existing.row.id;
      } else {
        const row = await trx.insertInto('pairs').values({ ...columns, companyId, reference: `tmp-${Math.random().toString(36).slice(2)}-${Date.now()}`, createdBy: actor.userId, createdAt: at, version: 1 })
          .returning('id').executeTakeFirstOrThrow();
        await trx.updateTable('pairs').set({ reference: `BIN-${String(row.id).padStart(6, '0')}` }).where('id', '=', row.id).execute();
        id = row.id;
      }
      const warnings = issues.filter((i) => i.severity === 'warning');
      await recordHistory(trx, actor, at, { entityType: 'pair', entityId: id, action: existing ? 'edited' : 'created', changes: {
        senior: `${body.senior.firstName} ${body.senior.lastName}`, juniorContractId: body.juniorContractId, startDate: body.startDate, endDate: body.endDate,
        ...(warnings.length ? { warnings: warnings.map((w) => w.code) } : {}) } });
      return { id, warnings };
    });
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
    const target = await pairTarget(db);
    const total = Number(row.n);
    return { target, total, placesLeft: Math.max(0, target - total), progressBp: target ? Math.round((total * 10_000) / target) : 0,
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
    const snapshotIssues = judged(() => {
      const params = { pairs: ACTE_II_PARAMETERS.pairs[0].value };
      return [...checkPairTerms(input, params), ...(b.expectedRetirementDate ? checkSeniorEligibility(input.senior, b.startDate, params) : [])];
    });
    if (hasErrors(snapshotIssues)) throw invalidMany(toFields(snapshotIssues.filter((i) => i.severity === 'error')));
    return { issues: snapshotIssues, ...schedule(input) };
  });

  app.post('/api/pairs', { schema: { tags, summary: 'Enregistrer un binôme (entreprise ou secrétariat)', body: pairBody } }, async (request, reply) => {
    const actor = await requireActor(ctx, request);
    if (!mayWritePairs(actor)) throw forbidden('d’enregistrer des binômes');
    const { id, warnings } = await save(actor, request.body);
    return reply.status(201).send({ ...(await presentPair(db, await visible(actor, id), actor)), warnings });
  });

  app.get('/api/pairs/:id', { schema: { tags, summary: 'Un binôme avec son échéancier mensuel et son historique', params: idParams } }, async (request) => {
    const actor = await requireActor(ctx, request);
    return presentPair(db, await visible(actor, request.params.id), actor);
  });

  app.get('/api/pairs/:id/history', { schema: { tags, summary: 'Historique du binôme', params: idParams } }, async (request) => {
    const actor = await requireActor(ctx, request);
    await visible(actor, request.params.id);
    return { items: await timeline(db, 'pair', request.params.id) };
  });

  app.put('/api/pairs/:id', { schema: { tags, summary: 'Modifier un binôme (contrôle de version)', params: idParams, body: pairUpdateBody } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const current = await visible(actor, request.params.id);
    if (!mayWritePairs(actor)) throw forbidden('de modifier ce binôme');
    const { version, ...body } = request.body;
    const { warnings } = await save(actor, body, { row: current, version });
    return { ...(await presentPair(db, await visible(actor, current.id), actor)), warnings };
  });
};
