import type { RouteModule } from '../platform/http/app.js';
import { identityRoutes } from '../platform/identity/routes.js';
import { followUpRoutes } from '../weeklyCell/followUpRoutes.js';
import { instructionRoutes } from '../weeklyCell/instructionRoutes.js';
import { requestRoutes } from '../weeklyCell/requestRoutes.js';
import { documentRoutes } from '../weeklyCell/documentRoutes.js';
import { sessionRoutes } from '../weeklyCell/sessionRoutes.js';
import { oidcRoutes } from '../platform/identity/oidc.js';
import { proContractRoutes } from '../proContracts/contractRoutes.js';
import { programmesModule } from '../programmes/routes.js';
import { referenceRoutes } from '../reference/referenceRoutes.js';
import { notificationRoutes } from '../platform/notifications/routes.js';
import { jobRoutes } from '../platform/outbox/routes.js';
import { mailRoutes } from '../platform/mail/routes.js';
import { importRoutes } from '../weeklyCell/import/importRoutes.js';
import { tempPathwayRoutes } from '../tempPathways/pathwayRoutes.js';
import { pairRoutes } from '../pairs/pairRoutes.js';
import { steeringRoutes } from '../steering/steeringRoutes.js';
import { acteIIImportRoutes } from '../acteII/importRegistrations.js';
import { observatoryRoutes } from '../observatory/routes.js';
import { deadlineRoutes } from '../weeklyCell/deadlineRoutes.js';
import { worklistRoutes } from '../worklist/routes.js';

/** Every business module's routes, in one list so tests build the same app as production. */
export const routeModules: RouteModule[] = [identityRoutes, requestRoutes, documentRoutes, instructionRoutes, followUpRoutes, sessionRoutes, oidcRoutes, programmesModule, referenceRoutes, notificationRoutes, jobRoutes, mailRoutes, proContractRoutes, tempPathwayRoutes, pairRoutes, importRoutes, steeringRoutes, acteIIImportRoutes, observatoryRoutes, deadlineRoutes, worklistRoutes];
