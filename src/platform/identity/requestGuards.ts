import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../http/context.js';
import { AppError, unauthenticated } from '../http/errors.js';
import { actorFromRequest } from './sessions.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without a session (login, health, the web app…); every other API route needs one. */
    public?: boolean;
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The `scheme://host[:port]` a browser puts in `Origin` for a page of this server. */
function ownOrigins(ctx: AppContext, request: FastifyRequest): string[] {
  const origins = [`${request.protocol}://${request.host}`];
  try {
    origins.push(new URL(ctx.config.publicUrl).origin);
  } catch {
    // A malformed public URL leaves the request's own host as the only origin.
  }
  return origins;
}

/**
 * Two guards every API route passes through:
 * - a state-changing request sent by a browser from another site is refused (403) before its
 *   body is read: `Sec-Fetch-Site` when the browser sends it, otherwise `Origin`. The session
 *   cookie is SameSite=Lax, which already keeps it off cross-site POSTs; this holds also for
 *   sibling subdomains and older browsers. Clients that send neither (scripts) are not browsers
 *   driven by another site and pass;
 * - an anonymous caller of a route that needs a session gets 401 before any validation, so
 *   nothing about the route's expected input is told to someone who may not use it.
 */
export function installRequestGuards(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('onRequest', async (request) => {
    if (!STATE_CHANGING.has(request.method) || !request.url.startsWith('/api/')) return;
    const site = request.headers['sec-fetch-site'];
    const origin = request.headers.origin;
    const foreign = typeof site === 'string'
      ? site !== 'same-origin' && site !== 'none'
      : typeof origin === 'string' && !ownOrigins(ctx, request).includes(origin);
    if (foreign) throw new AppError(403, 'foreign_origin', 'Requête refusée : elle vient d’un autre site que Parcours. Ouvrez Parcours à son adresse habituelle pour faire cette action.');
  });
  app.addHook('preValidation', async (request) => {
    if (request.routeOptions.config.public || !request.url.startsWith('/api/')) return;
    if (!(await actorFromRequest(ctx, request))) throw unauthenticated();
  });
}
