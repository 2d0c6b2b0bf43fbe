import { forbidden } from '../platform/http/errors.js';
import { can, type Actor } from '../platform/identity/roles.js';
import { assertMayReadSteering, mayReadSteering } from '../steering/steeringPolicy.js';

/**
 * The observatory is read by the same people as the steering dashboards. The partners who
 * instruct and the cell's secretariat write what the partnership keeps (watchlist, diagnostic,
 * alerts followed, actions prepared); only the platform's administrators load the public files.
 */
export const observatoryPolicy = {
  read: mayReadSteering,
  write: (a: Actor) => can.instruct(a) || can.runCell(a) || can.administerPlatform(a),
  importData: (a: Actor) => can.administerPlatform(a),
};

export const assertMayRead = assertMayReadSteering;

export function assertMayWrite(actor: Actor): void {
  if (!observatoryPolicy.write(actor)) throw forbidden('de modifier l’observatoire : il est tenu par les partenaires qui instruisent et le secrétariat de la cellule');
}

export function assertMayImport(actor: Actor): void {
  if (!observatoryPolicy.importData(actor)) throw forbidden('d’importer les données de l’observatoire : c’est le rôle des administrateurs de la plateforme');
}
