import type { Kysely, Transaction } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import { FUNDER_LABELS, type Funder } from '../programmes/funders.js';
import { dueAfterRealisation } from './realisation.js';
import type { RequestAggregate } from './requestRepository.js';

type Db = Kysely<Schema> | Transaction<Schema>;

export interface FunderAccountView {
  funder: string; funderLabel: string; approvedCents: number; dueCents: number; paidCents: number; remainingCents: number;
}

/** What each funder approved, owes after realisation, and has paid. */
export async function funderAccounts(db: Db, aggregate: RequestAggregate): Promise<FunderAccountView[]> {
  const payments = await db.selectFrom('payments').select(['funder', 'amountCents']).where('requestId', '=', aggregate.request.id).execute();
  return funderAccountsFrom(aggregate, payments);
}

/** The same accounts, from the request's payments already read. */
export function funderAccountsFrom(aggregate: RequestAggregate, payments: readonly { funder: string; amountCents: number }[]): FunderAccountView[] {
  const r = aggregate.request;
  const realised = aggregate.actions.some((a) => a.realisedHours !== null) ? r.realisedCostCents : null;
  return aggregate.fundingLines.filter((l) => l.approvedCents !== null).map((l) => {
    const approvedCents = l.approvedCents ?? 0;
    const dueCents = dueAfterRealisation(approvedCents, r.totalCostCents, realised);
    const paidCents = payments.filter((p) => p.funder === l.funder).reduce((s, p) => s + Number(p.amountCents), 0);
    return { funder: l.funder, funderLabel: FUNDER_LABELS[l.funder as Funder] ?? l.funder, approvedCents, dueCents, paidCents, remainingCents: dueCents - paidCents };
  });
}
