import { forbidden } from '../platform/http/errors.js';
import { can, type Actor } from '../platform/identity/roles.js';

/** Readers included: the steering shows aggregates only (see can.readSteering). */
export const mayReadSteering = (actor: Actor) => can.readSteering(actor);

export function assertMayReadSteering(actor: Actor): void {
  if (!mayReadSteering(actor)) throw forbidden('de consulter le pilotage : il est réservé aux partenaires, au secrétariat et à la conférence plénière');
}
