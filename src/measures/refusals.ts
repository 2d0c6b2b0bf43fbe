import type { ActionScope } from '../platform/actions/runAction.js';
import { AppError, unauthenticated } from '../platform/http/errors.js';
import type { Actor } from '../platform/identity/roles.js';

/**
 * Refusals of a write that names a record the actor may not use. They carry the field at fault,
 * so a form can point at it, but answer as authorisation does — 404 for what the actor may not
 * see (an unknown id and another organisation's answer alike), 403 for what it sees but may not
 * use — never 400, which is kept for malformed input.
 */
export const unknownFor = (field: string, message: string) => new AppError(404, 'not_found', message, field);
export const notYours = (field: string, message: string) => new AppError(403, 'forbidden', message, field);

/** A record the action needs was taken by another writer first: a conflict with the state of things, 409. */
export const takenMeanwhile = (field: string, message: string) => new AppError(409, 'conflict', message, field);

/** The measures' actions are taken by a signed-in user (routes, imports); an action run without one is refused as the API refuses it. */
export function signedIn(scope: ActionScope): Actor {
  if (!scope.actor) throw unauthenticated();
  return scope.actor;
}
