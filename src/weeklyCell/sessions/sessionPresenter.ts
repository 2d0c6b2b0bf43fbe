import type { Kysely } from 'kysely';
import type { Schema } from '../../platform/db/schema.js';
import { FUNDER_LABELS, type Funder } from '../../programmes/funders.js';
import { DECISION_LABELS, type Decision } from '../decisions.js';
import { REQUEST_STATUS_LABELS, type RequestStatus } from '../requestStatus.js';
import { SESSION_STATUS_LABELS, type SessionStatus } from '../sessionStatus.js';
import type { SessionAudience } from './sessionAccess.js';
import { MINUTES_OWNER } from './sessionDocuments.js';
import { cellToday, sessionActionsFor } from './sessionPolicy.js';

/**
 * A session as its reader may see it: the whole agenda for those who sit, the routed
 * requests only for a partner that does not. The actions offered come from the policy
 * table, so the buttons are exactly the requests the server accepts.
 */
export async function presentSession(db: Kysely<Schema>, audience: SessionAudience, id: number, now: Date) {
  const session = await db.selectFrom('cellSessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const status = session.status as SessionStatus;
  const items = await db.selectFrom('agendaItems as a').innerJoin('fundingRequests as r', 'r.id', 'a.requestId')
    .select(['a.id', 'a.position', 'a.decision', 'a.motivation', 'a.decidedAt', 'r.id as requestId', 'r.reference', 'r.companyName', 'r.siret', 'r.totalCostCents', 'r.traineeCount', 'r.trainingHours', 'r.status'])
    .where('a.sessionId', '=', id)
    .$if(audience.requestIds !== null, (q) => q.where('a.requestId', 'in', audience.requestIds!.length ? audience.requestIds! : [0]))
    .orderBy('a.position').execute();
  const requestIds = items.map((i) => i.requestId);
  const itemIds = items.map((i) => i.id);
  const sits = audience.requestIds === null;
  const [lines, decided, opinions, candidates, documents, attendees] = await Promise.all([
    requestIds.length ? db.selectFrom('fundingLines').selectAll().where('requestId', 'in', requestIds).orderBy('position').execute() : [],
    itemIds.length ? db.selectFrom('decisionLines').selectAll().where('agendaItemId', 'in', itemIds).execute() : [],
    requestIds.length ? db.selectFrom('opinions as o').innerJoin('organisations as g', 'g.id', 'o.organisationId')
      .select(['o.requestId', 'g.name as organisationName', 'o.verdict', 'o.comment', 'o.funder', 'o.proposedCents']).where('o.requestId', 'in', requestIds).execute() : [],
    status === 'closed' || audience.party !== 'secretariat' ? [] : db.selectFrom('fundingRequests').select(['id', 'reference', 'companyName', 'totalCostCents'])
      .where('status', '=', 'ready_for_cell').orderBy('submittedAt').execute(),
    sits ? db.selectFrom('documents').select(['id', 'kind', 'filename', 'createdAt']).where('ownerType', '=', MINUTES_OWNER).where('ownerId', '=', id).execute() : [],
    db.selectFrom('sessionAttendees as sa').innerJoin('organisations as o', 'o.id', 'sa.organisationId')
      .select(['sa.organisationId', 'o.name as organisationName', 'sa.representative', 'sa.title']).where('sa.sessionId', '=', id).orderBy('sa.id').execute(),
  ]);
  const presentedItems = items.map((i) => ({
    ...i,
    totalCostCents: Number(i.totalCostCents),
    statusLabel: REQUEST_STATUS_LABELS[i.status as RequestStatus],
    decisionLabel: i.decision ? DECISION_LABELS[i.decision as Decision] : null,
    fundingLines: lines.filter((l) => l.requestId === i.requestId).map((l) => ({ funder: l.funder, funderLabel: FUNDER_LABELS[l.funder as Funder], proposedCents: Number(l.proposedCents) })),
    decisionLines: decided.filter((d) => d.agendaItemId === i.id).map((d) => ({ funder: d.funder, funderLabel: FUNDER_LABELS[d.funder as Funder], approvedCents: Number(d.approvedCents) })),
    opinions: opinions.filter((o) => o.requestId === i.requestId),
  }));
  // What the funders grant: the company's own share is in the plan, not in the cell's grants.
  const byFunder = new Map<string, number>();
  for (const item of presentedItems) for (const d of item.decisionLines) if (d.funder !== 'COMPANY') byFunder.set(d.funder, (byFunder.get(d.funder) ?? 0) + d.approvedCents);
  const today = cellToday(now);
  return {
    ...session,
    statusLabel: SESSION_STATUS_LABELS[status],
    party: audience.party,
    // Preparing concerns the next session, not this one.
    allowedActions: sessionActionsFor(audience.party, status).filter((action) => action !== 'prepare'),
    /** Before its date, opening or closing asks for a motivation. */
    beforeItsDate: today < session.heldOn,
    items: presentedItems, candidates, documents, attendees,
    committedByFunder: [...byFunder].map(([funder, amountCents]) => ({ funder, funderLabel: FUNDER_LABELS[funder as Funder], amountCents })),
    undecided: presentedItems.filter((i) => !i.decision).length,
  };
}
