import type { RouteModule } from '../platform/http/app.js';
import { identityRoutes } from '../platform/identity/routes.js';
import { oidcRoutes } from '../platform/identity/oidc.js';

/** Every business module's routes, in one list so tests build the same app as production. */
export const routeModules: RouteModule[] = [identityRoutes, oidcRoutes];
