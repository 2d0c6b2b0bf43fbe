import type { Api, RouteModule } from '../platform/http/app.js';
import type { AppContext } from '../platform/http/context.js';
import { budgetRoutes } from './budgetRoutes.js';
import { expectedDocumentRoutes } from './expectedDocuments.js';
import { programmeRoutes } from './programmeRoutes.js';
import { reportRoutes } from './reportRoutes.js';
import { ruleRoutes } from './ruleRoutes.js';

/** "Programmes as data": configuration (programmes, measures, targets, envelopes, rules) and the programme report. */
export const programmesModule: RouteModule = async (app: Api, ctx: AppContext) => {
  for (const register of [programmeRoutes, budgetRoutes, ruleRoutes, reportRoutes, expectedDocumentRoutes]) await register(app, ctx);
};
