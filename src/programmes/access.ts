import type { FastifyRequest } from 'fastify';
import type { ActionScope } from '../platform/actions/runAction.js';
import type { AppContext } from '../platform/http/context.js';
import { AppError, forbidden } from '../platform/http/errors.js';
import { can, type Actor } from '../platform/identity/roles.js';
import { requireActor } from '../platform/identity/sessions.js';

const REFUSAL = 'de modifier la configuration des programmes : réservé aux administrateurs de la plateforme';

/** Configuring programmes changes what the cell may grant: platform administrators only. */
export async function requireProgrammeAdministrator(ctx: AppContext, request: FastifyRequest): Promise<Actor> {
  const actor = await requireActor(ctx, request);
  if (!can.administerPlatform(actor)) throw forbidden(REFUSAL);
  return actor;
}

/** The same rule inside every programme action, whoever calls it (route, import, command line). */
export function programmeAdministrator(scope: ActionScope): Actor {
  if (!scope.actor) throw new AppError(401, 'unauthenticated', 'Connectez-vous pour continuer.');
  if (!can.administerPlatform(scope.actor)) throw forbidden(REFUSAL);
  return scope.actor;
}
