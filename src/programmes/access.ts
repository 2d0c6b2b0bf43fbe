import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../platform/http/context.js';
import { forbidden } from '../platform/http/errors.js';
import { can, type Actor } from '../platform/identity/roles.js';
import { requireActor } from '../platform/identity/sessions.js';

/** Configuring programmes changes what the cell may grant: platform administrators only. */
export async function requireProgrammeAdministrator(ctx: AppContext, request: FastifyRequest): Promise<Actor> {
  const actor = await requireActor(ctx, request);
  if (!can.administerPlatform(actor)) throw forbidden('de modifier la configuration des programmes : réservé aux administrateurs de la plateforme');
  return actor;
}
