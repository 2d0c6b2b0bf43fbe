import { forbidden } from '../platform/http/errors.js';
import { PARTNER_KINDS, type Actor, type OrganisationKind } from '../platform/identity/roles.js';

/**
 * Who reads the steering: the partners, the secretariat and the social partners of the
 * plenary, whatever their role (readers included, since they see aggregates only).
 * Companies, training providers and temp agencies are parties to files, not steerers.
 */
const STEERING_KINDS: readonly OrganisationKind[] = [...PARTNER_KINDS, 'secretariat', 'social_partner'];

export const mayReadSteering = (actor: Actor) => STEERING_KINDS.includes(actor.organisationKind);

export function assertMayReadSteering(actor: Actor): void {
  if (!mayReadSteering(actor)) throw forbidden('de consulter le pilotage : il est réservé aux partenaires, au secrétariat et à la conférence plénière');
}
