import type { Api, RouteModule } from '../platform/http/app.js';
import type { AppContext } from '../platform/http/context.js';
import { contractImportRoutes, registerContractImportJob } from '../proContracts/import/index.js';
import { pathwayImportRoutes, registerPathwayImportJob } from '../tempPathways/import/index.js';
import { pairImportRoutes, registerPairImportJob } from '../pairs/import/index.js';

/** The three Acte II imports, so that the server's lists of jobs and routes each gain one line. */
export function registerActeIIImportJobs(): void {
  registerContractImportJob();
  registerPathwayImportJob();
  registerPairImportJob();
}

export const acteIIImportRoutes: RouteModule = async (app: Api, ctx: AppContext) => {
  for (const routes of [contractImportRoutes, pathwayImportRoutes, pairImportRoutes]) await routes(app, ctx);
};
