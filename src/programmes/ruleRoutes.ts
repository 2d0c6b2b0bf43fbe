import type { Transaction } from 'kysely';
import type { Row, Schema } from '../platform/db/schema.js';
import type { Api, RouteModule } from '../platform/http/app.js';
import { isoNow, type AppContext } from '../platform/http/context.js';
import { AppError, invalid, notFound } from '../platform/http/errors.js';
import { recordHistory } from '../platform/history/history.js';
import { PARTNER_KINDS, type OrganisationKind } from '../platform/identity/roles.js';
import { idParams } from '../platform/identity/schema.js';
import { requireProgrammeAdministrator } from './access.js';
import { FUNDER_LABELS, type Funder } from './funders.js';
import { describePeriod, overlappingRule, type RulePeriod } from './rulePeriods.js';
import { fundingRuleBody, fundingRulePatch, routingRuleBody, routingRulePatch } from './schema.js';

const tags = ['programmes'];

/**
 * Funding rules (maximum rate, hourly cap, headcount bracket, dated) and routing rules
 * (which partners instruct) of a measure. Neither table has a version column: the
 * last write wins and the programme's history keeps every state.
 */
export const ruleRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const { db } = ctx.database;

  async function measureOf(measureId: number) {
    const measure = await db.selectFrom('measures').select(['id', 'programmeId', 'code']).where('id', '=', measureId).executeTakeFirst();
    if (!measure) throw invalid('measureId', 'Dispositif inconnu.');
    return measure;
  }

  /** Checked inside the writing transaction so that the rule compared against is the one being replaced. */
  async function assertNoOverlap(trx: Transaction<Schema>, measureId: number, candidate: RulePeriod) {
    const rules = await trx.selectFrom('fundingRules').select(['id', 'label', 'funder', 'maxHeadcount', 'validFrom', 'validTo'])
      .where('measureId', '=', measureId).where('funder', '=', candidate.funder).execute();
    const other = overlappingRule(rules, candidate);
    if (other) {
      const bracket = candidate.maxHeadcount === null ? 'sans limite d’effectif' : `jusqu’à ${candidate.maxHeadcount} salariés`;
      throw new AppError(409, 'overlapping_rule',
        `La période ${describePeriod(candidate)} chevauche la règle « ${other.label} » (${describePeriod(other)}) du même financeur (${FUNDER_LABELS[candidate.funder as Funder] ?? candidate.funder}, ${bracket}). Terminez l’une avant que l’autre commence.`,
        'validFrom');
    }
  }

  app.post('/api/funding-rules', { schema: { tags, summary: 'Ajouter une règle de financement datée', body: fundingRuleBody } }, async (request, reply) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    const b = request.body;
    const measure = await measureOf(b.measureId);
    const values = {
      measureId: measure.id, funder: b.funder, label: b.label, validFrom: b.validFrom, validTo: b.validTo ?? null,
      maxRateBp: b.maxRateBp ?? null, hourlyCapCents: b.hourlyCapCents ?? null, maxHeadcount: b.maxHeadcount ?? null,
    };
    const at = isoNow(ctx.clock);
    const row = await db.transaction().execute(async (trx) => {
      await assertNoOverlap(trx, measure.id, values);
      const row = await trx.insertInto('fundingRules').values(values).returningAll().executeTakeFirstOrThrow();
      await recordHistory(trx, actor, at, { entityType: 'programme', entityId: measure.programmeId, action: 'funding_rule_created', changes: { fundingRuleId: row.id, measure: measure.code, ...values } });
      return row;
    });
    return reply.status(201).send(presentFundingRule(row));
  });

  app.patch('/api/funding-rules/:id', { schema: { tags, summary: 'Modifier une règle de financement', params: idParams, body: fundingRulePatch } }, async (request) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    const current = await db.selectFrom('fundingRules').selectAll().where('id', '=', request.params.id).executeTakeFirst();
    if (!current) throw notFound('Règle de financement');
    const measure = await measureOf(current.measureId);
    const changes = request.body;
    const next = { ...current, ...changes };
    if (next.validTo !== null && next.validTo !== undefined && next.validTo < next.validFrom) {
      throw invalid(changes.validTo !== undefined ? 'validTo' : 'validFrom', 'La fin de validité précède son début.');
    }
    const at = isoNow(ctx.clock);
    const row = await db.transaction().execute(async (trx) => {
      await assertNoOverlap(trx, measure.id, { ...next, validTo: next.validTo ?? null, maxHeadcount: next.maxHeadcount ?? null });
      const row = Object.keys(changes).length
        ? await trx.updateTable('fundingRules').set(changes).where('id', '=', current.id).returningAll().executeTakeFirstOrThrow()
        : current;
      await recordHistory(trx, actor, at, { entityType: 'programme', entityId: measure.programmeId, action: 'funding_rule_updated', changes: { fundingRuleId: current.id, measure: measure.code, before: presentFundingRule(current), ...changes } });
      return row;
    });
    return presentFundingRule(row);
  });

  app.delete('/api/funding-rules/:id', { schema: { tags, summary: 'Supprimer une règle de financement', params: idParams } }, async (request) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    const current = await db.selectFrom('fundingRules').selectAll().where('id', '=', request.params.id).executeTakeFirst();
    if (!current) throw notFound('Règle de financement');
    const measure = await measureOf(current.measureId);
    const at = isoNow(ctx.clock);
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('fundingRules').where('id', '=', current.id).execute();
      await recordHistory(trx, actor, at, { entityType: 'programme', entityId: measure.programmeId, action: 'funding_rule_deleted', changes: { fundingRuleId: current.id, measure: measure.code, rule: presentFundingRule(current) } });
    });
    return { ok: true };
  });

  // ---- Routing rules -----------------------------------------------------------
  async function assertPartner(organisationId: number | null | undefined) {
    if (organisationId === null || organisationId === undefined) return;
    const org = await db.selectFrom('organisations').select(['kind', 'isActive']).where('id', '=', organisationId).executeTakeFirst();
    if (!org) throw invalid('organisationId', 'Organisation inconnue.');
    if (!PARTNER_KINDS.includes(org.kind as OrganisationKind)) {
      throw invalid('organisationId', 'Seuls les partenaires qui instruisent (OPCA/OPCO, État, Région, Pôle emploi, FPSPP) peuvent recevoir des demandes.');
    }
  }

  app.post('/api/routing-rules', { schema: { tags, summary: 'Ajouter une règle d’aiguillage (qui instruit)', body: routingRuleBody } }, async (request, reply) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    const b = request.body;
    const measure = await measureOf(b.measureId);
    await assertPartner(b.organisationId);
    const values = {
      measureId: measure.id, organisationId: b.organisationId, funder: b.funder ?? null, departement: b.departement ?? null,
      nafSection: b.nafSection ?? null, isJobSeekersOnly: b.isJobSeekersOnly ?? false, isRequired: b.isRequired ?? true, label: b.label,
    };
    const at = isoNow(ctx.clock);
    const id = await db.transaction().execute(async (trx) => {
      const row = await trx.insertInto('routingRules').values(values).returning('id').executeTakeFirstOrThrow();
      await recordHistory(trx, actor, at, { entityType: 'programme', entityId: measure.programmeId, action: 'routing_rule_created', changes: { routingRuleId: row.id, measure: measure.code, ...values } });
      return row.id;
    });
    return reply.status(201).send(await presentRoutingRule(id));
  });

  app.patch('/api/routing-rules/:id', { schema: { tags, summary: 'Modifier une règle d’aiguillage', params: idParams, body: routingRulePatch } }, async (request) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    const current = await db.selectFrom('routingRules').selectAll().where('id', '=', request.params.id).executeTakeFirst();
    if (!current) throw notFound('Règle d’aiguillage');
    const measure = await measureOf(current.measureId);
    const changes = request.body;
    await assertPartner(changes.organisationId);
    const at = isoNow(ctx.clock);
    await db.transaction().execute(async (trx) => {
      if (Object.keys(changes).length) await trx.updateTable('routingRules').set(changes).where('id', '=', current.id).execute();
      await recordHistory(trx, actor, at, { entityType: 'programme', entityId: measure.programmeId, action: 'routing_rule_updated', changes: { routingRuleId: current.id, measure: measure.code, before: { ...current }, ...changes } });
    });
    return presentRoutingRule(current.id);
  });

  app.delete('/api/routing-rules/:id', { schema: { tags, summary: 'Supprimer une règle d’aiguillage', params: idParams } }, async (request) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    const current = await db.selectFrom('routingRules').selectAll().where('id', '=', request.params.id).executeTakeFirst();
    if (!current) throw notFound('Règle d’aiguillage');
    const measure = await measureOf(current.measureId);
    const at = isoNow(ctx.clock);
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('routingRules').where('id', '=', current.id).execute();
      await recordHistory(trx, actor, at, { entityType: 'programme', entityId: measure.programmeId, action: 'routing_rule_deleted', changes: { routingRuleId: current.id, measure: measure.code, rule: { ...current } } });
    });
    return { ok: true };
  });

  async function presentRoutingRule(id: number) {
    const row = await db.selectFrom('routingRules as rr').leftJoin('organisations as o', 'o.id', 'rr.organisationId')
      .selectAll('rr').select(['o.name as organisationName']).where('rr.id', '=', id).executeTakeFirstOrThrow();
    return {
      ...row,
      funderLabel: row.funder ? FUNDER_LABELS[row.funder as Funder] ?? row.funder : null,
      organisationName: row.organisationId === null ? 'OPCA/OPCO de l’entreprise' : row.organisationName,
    };
  }
};

function presentFundingRule(row: Row<'fundingRules'>) {
  return { ...row, funderLabel: FUNDER_LABELS[row.funder as Funder] ?? row.funder, hourlyCapCents: row.hourlyCapCents === null ? null : Number(row.hourlyCapCents) };
}
