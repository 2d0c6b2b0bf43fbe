import { runAction } from '../platform/actions/runAction.js';
import type { Api, RouteModule } from '../platform/http/app.js';
import type { AppContext } from '../platform/http/context.js';
import { idParams } from '../platform/identity/schema.js';
import { requireProgrammeAdministrator } from './access.js';
import { FUNDER_LABELS, type Funder } from './funders.js';
import { createFundingRule, createRoutingRule, deleteFundingRule, deleteRoutingRule, updateFundingRule, updateRoutingRule } from './ruleActions.js';
import { fundingRuleBody, fundingRulePatch, optionalVersionQuery, routingRuleBody, routingRulePatch } from './schema.js';

const tags = ['programmes'];

/** Funding rules and routing rules of a measure: parse, run the action (src/programmes/ruleActions.ts), present. */
export const ruleRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const { db } = ctx.database;

  app.post('/api/funding-rules', { schema: { tags, summary: 'Ajouter une règle de financement datée', body: fundingRuleBody } }, async (request, reply) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    return reply.status(201).send(await runAction(ctx, actor, createFundingRule, request.body));
  });

  app.patch('/api/funding-rules/:id', { schema: { tags, summary: 'Modifier une règle de financement', params: idParams, body: fundingRulePatch } }, async (request) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    return runAction(ctx, actor, updateFundingRule, { id: request.params.id, ...request.body });
  });

  app.delete('/api/funding-rules/:id', { schema: { tags, summary: 'Supprimer une règle de financement', params: idParams, querystring: optionalVersionQuery } }, async (request) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    await runAction(ctx, actor, deleteFundingRule, { id: request.params.id, version: request.query.version });
    return { ok: true };
  });

  app.post('/api/routing-rules', { schema: { tags, summary: 'Ajouter une règle d’aiguillage (qui instruit)', body: routingRuleBody } }, async (request, reply) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    return reply.status(201).send(await presentRoutingRule(await runAction(ctx, actor, createRoutingRule, request.body)));
  });

  app.patch('/api/routing-rules/:id', { schema: { tags, summary: 'Modifier une règle d’aiguillage', params: idParams, body: routingRulePatch } }, async (request) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    await runAction(ctx, actor, updateRoutingRule, { id: request.params.id, ...request.body });
    return presentRoutingRule(request.params.id);
  });

  app.delete('/api/routing-rules/:id', { schema: { tags, summary: 'Supprimer une règle d’aiguillage', params: idParams, querystring: optionalVersionQuery } }, async (request) => {
    const actor = await requireProgrammeAdministrator(ctx, request);
    await runAction(ctx, actor, deleteRoutingRule, { id: request.params.id, version: request.query.version });
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
