import type { Transaction } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import { moveCommitted } from '../programmes/envelopeBalance.js';
import type { FunderAccountView } from './funderAccounts.js';
import { transition } from './requestPolicy.js';
import { moveTo, type RequestAggregate } from './requestRepository.js';
import type { RequestStatus } from './requestStatus.js';

/**
 * Closes an approved request: each funder keeps what it owes (or, when settling early,
 * what it has paid) and the rest of its commitment returns to its envelope.
 */
export async function closeRequest(scope: { trx: Transaction<Schema>; at: string }, aggregate: RequestAggregate, accounts: readonly FunderAccountView[], keep: 'due' | 'paid') {
  const { trx, at } = scope;
  const commitments = await trx.selectFrom('commitments').selectAll().where('requestId', '=', aggregate.request.id).execute();
  const released: Record<string, number> = {};
  const returned: [number, number][] = [];
  for (const c of commitments) {
    const account = accounts.find((a) => a.funder === c.funder);
    const kept = Math.min(c.amountCents, account ? (keep === 'due' ? account.dueCents : account.paidCents) : 0);
    const release = c.amountCents - kept;
    released[c.funder] = release;
    await trx.updateTable('commitments').set({ releasedCents: release }).where('id', '=', c.id).execute();
    returned.push([c.envelopeId, c.releasedCents - release]);
  }
  await moveCommitted(trx, returned);
  const committed = commitments.reduce((s, c) => s + c.amountCents - (released[c.funder] ?? 0), 0);
  await moveTo(scope, aggregate, transition(aggregate.request.status as RequestStatus, 'close', 'system'), { closedAt: at, committedCents: committed });
  return released;
}
