import type { Kysely, Transaction } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import { forbidden, notFound } from '../platform/http/errors.js';
import { can, PARTNER_KINDS, type Actor } from '../platform/identity/roles.js';
import type { Party } from './requestStatus.js';

type Db = Kysely<Schema> | Transaction<Schema>;

/**
 * Who sees a request: its company, the partners it was routed to, and the secretariat
 * once submitted. Anyone else gets "not found", the same answer as for an id that does
 * not exist, so another organisation's ids reveal nothing.
 */
export async function partyFor(db: Db, actor: Actor, request: { id: number; companyId: number; status: string }): Promise<Party | null> {
  if (!can.readFiles(actor)) return null;
  if (actor.organisationKind === 'company') return request.companyId === actor.organisationId ? 'company' : null;
  if (actor.organisationKind === 'secretariat') return request.status === 'draft' ? null : 'secretariat';
  if (PARTNER_KINDS.includes(actor.organisationKind)) {
    const routed = await db.selectFrom('requestPartners').select('id')
      .where('requestId', '=', request.id).where('organisationId', '=', actor.organisationId).executeTakeFirst();
    return routed ? 'partner' : null;
  }
  return null;
}

export async function requireParty(db: Db, actor: Actor, requestId: number): Promise<{ party: Party; request: Schema['fundingRequests'] & { id: number; version: number } }> {
  const request = await db.selectFrom('fundingRequests').selectAll().where('id', '=', requestId).executeTakeFirst();
  if (!request) throw notFound('Demande');
  const party = await partyFor(db, actor, request);
  if (!party) throw notFound('Demande');
  return { party, request: request as any };
}

/** Readers see figures only; listing files is refused outright rather than returning an empty list. */
export function assertMayListRequests(actor: Actor): void {
  if (!can.readFiles(actor)) throw forbidden('de consulter les dossiers individuels : les tableaux de pilotage présentent les chiffres agrégés');
}

/** Partners act on a request only with an instructing role; company readers only read. */
export function mayAct(actor: Actor, party: Party): boolean {
  if (party === 'company') return can.fileRequests(actor);
  if (party === 'partner') return can.instruct(actor);
  if (party === 'secretariat') return can.runCell(actor);
  return false;
}
