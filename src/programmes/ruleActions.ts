import { defineAction, type ActionScope } from '../platform/actions/runAction.js';
import type { Row } from '../platform/db/schema.js';
import { AppError, invalid, notFound, staleVersion } from '../platform/http/errors.js';
import { recordHistory } from '../platform/history/history.js';
import { PARTNER_KINDS, type OrganisationKind } from '../platform/identity/roles.js';
import { programmeAdministrator } from './access.js';
import { measureOf } from './budgetActions.js';
import { FUNDER_LABELS, type Funder } from './funders.js';
import { describePeriod, overlappingRule, type RulePeriod } from './rulePeriods.js';
import type { FundingRuleBody, RoutingRuleBody } from './schema.js';

/**
 * Funding rules (maximum rate, hourly cap, headcount bracket, dated) and routing rules
 * (which partners instruct) of a measure, written as actions. A funding rule is checked
 * against the other periods of its measure while the measure's row is locked, so two
 * administrators cannot add overlapping periods at the same moment.
 */
async function assertNoOverlap(scope: ActionScope, measureId: number, candidate: RulePeriod) {
  const rules = await scope.trx.selectFrom('fundingRules').select(['id', 'label', 'funder', 'maxHeadcount', 'validFrom', 'validTo'])
    .where('measureId', '=', measureId).where('funder', '=', candidate.funder).execute();
  const other = overlappingRule(rules, candidate);
  if (other) {
    const bracket = candidate.maxHeadcount === null ? 'sans limite d’effectif' : `jusqu’à ${candidate.maxHeadcount} salariés`;
    throw new AppError(409, 'overlapping_rule',
      `La période ${describePeriod(candidate)} chevauche la règle « ${other.label} » (${describePeriod(other)}) du même financeur (${FUNDER_LABELS[candidate.funder as Funder] ?? candidate.funder}, ${bracket}). Terminez l’une avant que l’autre commence.`,
      'validFrom');
  }
}

export function presentFundingRule(row: Row<'fundingRules'>) {
  return { ...row, funderLabel: FUNDER_LABELS[row.funder as Funder] ?? row.funder, hourlyCapCents: row.hourlyCapCents === null ? null : Number(row.hourlyCapCents) };
}

const lockMeasure = (input: { measureId: number }) => [{ table: 'measures' as const, ids: [input.measureId] }];

/** A rule found by its id, with its measure's row locked before anything is compared. */
async function lockedRule<T extends 'fundingRules' | 'routingRules'>(scope: ActionScope, table: T, id: number, what: string) {
  const found = await scope.trx.selectFrom(table as 'fundingRules').select('measureId').where('id', '=', id).executeTakeFirst();
  if (!found) throw notFound(what);
  await scope.lock({ table: 'measures', ids: [found.measureId] });
  const current = await scope.trx.selectFrom(table as 'fundingRules').selectAll().where('id', '=', id).executeTakeFirst();
  if (!current) throw notFound(what);
  return current as unknown as Row<T>;
}

export const createFundingRule = defineAction<FundingRuleBody, ReturnType<typeof presentFundingRule>>({
  name: 'createFundingRule',
  locks: lockMeasure,
  async run(scope, b) {
    const actor = programmeAdministrator(scope);
    const measure = await measureOf(scope, b.measureId);
    const values = {
      measureId: measure.id, funder: b.funder, label: b.label, validFrom: b.validFrom, validTo: b.validTo ?? null,
      maxRateBp: b.maxRateBp ?? null, hourlyCapCents: b.hourlyCapCents ?? null, maxHeadcount: b.maxHeadcount ?? null,
    };
    await assertNoOverlap(scope, measure.id, values);
    const row = await scope.trx.insertInto('fundingRules').values({ ...values, version: 1 }).returningAll().executeTakeFirstOrThrow();
    await recordHistory(scope.trx, actor, scope.at, { entityType: 'programme', entityId: measure.programmeId, action: 'funding_rule_created', changes: { fundingRuleId: row.id, measure: measure.code, ...values } });
    return presentFundingRule(row);
  },
});

export const updateFundingRule = defineAction<{ id: number; version: number } & Partial<Omit<FundingRuleBody, 'measureId'>>, ReturnType<typeof presentFundingRule>>({
  name: 'updateFundingRule',
  async run(scope, input) {
    const actor = programmeAdministrator(scope);
    const { id, version, ...changes } = input;
    const current = await lockedRule(scope, 'fundingRules', id, 'Règle de financement');
    const measure = await measureOf(scope, current.measureId);
    if (current.version !== version) throw staleVersion('Cette règle de financement');
    const next = { ...current, ...changes };
    if (next.validTo !== null && next.validTo !== undefined && next.validTo < next.validFrom) {
      throw invalid(changes.validTo !== undefined ? 'validTo' : 'validFrom', 'La fin de validité précède son début.');
    }
    await assertNoOverlap(scope, measure.id, { ...next, validTo: next.validTo ?? null, maxHeadcount: next.maxHeadcount ?? null });
    const row = await scope.trx.updateTable('fundingRules').set({ ...changes, version: version + 1 }).where('id', '=', current.id).returningAll().executeTakeFirstOrThrow();
    await recordHistory(scope.trx, actor, scope.at, { entityType: 'programme', entityId: measure.programmeId, action: 'funding_rule_updated', changes: { fundingRuleId: current.id, measure: measure.code, before: presentFundingRule(current), ...changes } });
    return presentFundingRule(row);
  },
});

export const deleteFundingRule = defineAction<{ id: number; version?: number }, void>({
  name: 'deleteFundingRule',
  async run(scope, input) {
    const actor = programmeAdministrator(scope);
    const current = await lockedRule(scope, 'fundingRules', input.id, 'Règle de financement');
    const measure = await measureOf(scope, current.measureId);
    if (input.version !== undefined && current.version !== input.version) throw staleVersion('Cette règle de financement');
    await scope.trx.deleteFrom('fundingRules').where('id', '=', current.id).execute();
    await recordHistory(scope.trx, actor, scope.at, { entityType: 'programme', entityId: measure.programmeId, action: 'funding_rule_deleted', changes: { fundingRuleId: current.id, measure: measure.code, rule: presentFundingRule(current) } });
  },
});

async function assertPartner(scope: ActionScope, organisationId: number | null | undefined) {
  if (organisationId === null || organisationId === undefined) return;
  const org = await scope.trx.selectFrom('organisations').select(['kind', 'isActive']).where('id', '=', organisationId).executeTakeFirst();
  if (!org) throw invalid('organisationId', 'Organisation inconnue.');
  if (!PARTNER_KINDS.includes(org.kind as OrganisationKind)) {
    throw invalid('organisationId', 'Seuls les partenaires qui instruisent (OPCA/OPCO, État, Région, Pôle emploi, FPSPP) peuvent recevoir des demandes.');
  }
}

export const createRoutingRule = defineAction<RoutingRuleBody, number>({
  name: 'createRoutingRule',
  locks: lockMeasure,
  async run(scope, b) {
    const actor = programmeAdministrator(scope);
    const measure = await measureOf(scope, b.measureId);
    await assertPartner(scope, b.organisationId);
    const values = {
      measureId: measure.id, organisationId: b.organisationId, funder: b.funder ?? null, departement: b.departement ?? null,
      nafSection: b.nafSection ?? null, isJobSeekersOnly: b.isJobSeekersOnly ?? false, isRequired: b.isRequired ?? true, label: b.label,
    };
    const row = await scope.trx.insertInto('routingRules').values({ ...values, version: 1 }).returning('id').executeTakeFirstOrThrow();
    await recordHistory(scope.trx, actor, scope.at, { entityType: 'programme', entityId: measure.programmeId, action: 'routing_rule_created', changes: { routingRuleId: row.id, measure: measure.code, ...values } });
    return row.id;
  },
});

export const updateRoutingRule = defineAction<{ id: number; version: number } & Partial<Omit<RoutingRuleBody, 'measureId'>>, void>({
  name: 'updateRoutingRule',
  async run(scope, input) {
    const actor = programmeAdministrator(scope);
    const { id, version, ...changes } = input;
    const current = await lockedRule(scope, 'routingRules', id, 'Règle d’aiguillage');
    const measure = await measureOf(scope, current.measureId);
    if (current.version !== version) throw staleVersion('Cette règle d’aiguillage');
    await assertPartner(scope, changes.organisationId);
    await scope.trx.updateTable('routingRules').set({ ...changes, version: version + 1 }).where('id', '=', current.id).execute();
    await recordHistory(scope.trx, actor, scope.at, { entityType: 'programme', entityId: measure.programmeId, action: 'routing_rule_updated', changes: { routingRuleId: current.id, measure: measure.code, before: { ...current }, ...changes } });
  },
});

export const deleteRoutingRule = defineAction<{ id: number; version?: number }, void>({
  name: 'deleteRoutingRule',
  async run(scope, input) {
    const actor = programmeAdministrator(scope);
    const current = await lockedRule(scope, 'routingRules', input.id, 'Règle d’aiguillage');
    const measure = await measureOf(scope, current.measureId);
    if (input.version !== undefined && current.version !== input.version) throw staleVersion('Cette règle d’aiguillage');
    await scope.trx.deleteFrom('routingRules').where('id', '=', current.id).execute();
    await recordHistory(scope.trx, actor, scope.at, { entityType: 'programme', entityId: measure.programmeId, action: 'routing_rule_deleted', changes: { routingRuleId: current.id, measure: measure.code, rule: { ...current } } });
  },
});
