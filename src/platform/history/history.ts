import { createHash } from 'node:crypto';
import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import { classifyDatabaseError } from '../actions/dbErrors.js';
import { AppError } from '../http/errors.js';
import type { Schema } from '../db/schema.js';
import type { Actor } from '../identity/roles.js';

export interface HistoryEntry {
  entityType: string;
  entityId: number;
  action: string;
  motivation?: string | null;
  changes?: Record<string, unknown>;
}

const GENESIS = '0'.repeat(64);

function digest(previousHash: string, event: Omit<Schema['historyEvents'], 'id' | 'hash' | 'previousHash'>): string {
  const canonical = JSON.stringify([
    event.entityType, event.entityId, event.sequence, event.action, event.actorUserId, event.actorOrganisationId,
    event.at, event.motivation, event.changes,
  ]);
  return createHash('sha256').update(previousHash).update(canonical).digest('hex');
}

/**
 * Appends to the entity's hash chain inside the caller's transaction, so a change and
 * its history land together or not at all. The app has no route that edits or deletes
 * history; a row altered in the database breaks the chain and `verifyChain` says where.
 *
 * Two writers extending one chain would read the same last link. Actions lock their
 * aggregate's row first, which queues them; on PostgreSQL the chain is also locked here
 * (a transaction-scoped advisory lock per entity), so a writer that took no row lock
 * still waits for the other to commit and reads its link. SQLite writers never interleave
 * (transactions begin IMMEDIATE). Should a duplicate link still appear, the writer gets a
 * French 409 and its whole transaction is undone, never a 500.
 */
export async function recordHistory(trx: Transaction<Schema> | Kysely<Schema>, actor: Actor | null, at: string, entry: HistoryEntry): Promise<void> {
  if (trx.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`select pg_advisory_xact_lock(hashtext(${entry.entityType}), ${entry.entityId}::int)`.execute(trx);
  }
  const last = await trx.selectFrom('historyEvents').select(['sequence', 'hash'])
    .where('entityType', '=', entry.entityType).where('entityId', '=', entry.entityId)
    .orderBy('sequence', 'desc').limit(1).executeTakeFirst();
  try {
    await trx.insertInto('historyEvents').values(chainedEvent(last ?? null, actor, at, entry)).execute();
  } catch (error) {
    if (classifyDatabaseError(error) === 'unique_violation') {
      throw new AppError(409, 'conflict', 'Quelqu’un vient de modifier ce dossier au même moment. Rechargez la page pour voir son état, puis recommencez si besoin.');
    }
    throw error;
  }
}

/**
 * The row that extends a chain whose last link is `last` (null for an entity without
 * history: sequence 1 after the genesis hash). Pure, so that a writer creating many
 * entities at once (the history import) builds their first links in memory and inserts
 * them in batches, with the same digest as recordHistory.
 */
export function chainedEvent(last: { sequence: number; hash: string } | null, actor: Actor | null, at: string, entry: HistoryEntry) {
  const event = {
    entityType: entry.entityType,
    entityId: entry.entityId,
    sequence: (last?.sequence ?? 0) + 1,
    action: entry.action,
    actorUserId: actor?.userId ?? null,
    actorOrganisationId: actor?.organisationId ?? null,
    at,
    motivation: entry.motivation ?? null,
    changes: JSON.stringify(entry.changes ?? {}),
  };
  const previousHash = last?.hash ?? GENESIS;
  return { ...event, previousHash, hash: digest(previousHash, event) };
}

export interface TimelineEvent {
  sequence: number; action: string; at: string; motivation: string | null; changes: Record<string, unknown>;
  actorName: string | null; actorOrganisation: string | null;
}

export async function timeline(db: Kysely<Schema>, entityType: string, entityId: number): Promise<TimelineEvent[]> {
  const rows = await db.selectFrom('historyEvents as h')
    .leftJoin('users as u', 'u.id', 'h.actorUserId')
    .leftJoin('organisations as o', 'o.id', 'h.actorOrganisationId')
    .select(['h.sequence', 'h.action', 'h.at', 'h.motivation', 'h.changes', 'u.displayName as actorName', 'o.name as actorOrganisation'])
    .where('h.entityType', '=', entityType).where('h.entityId', '=', entityId)
    .orderBy('h.sequence').execute();
  return rows.map((r) => ({ ...r, changes: JSON.parse(r.changes) as Record<string, unknown> }));
}

/** Recomputes the chain; returns the first broken sequence number, or null when intact. */
export async function verifyChain(db: Kysely<Schema>, entityType: string, entityId: number): Promise<number | null> {
  const rows = await db.selectFrom('historyEvents').selectAll()
    .where('entityType', '=', entityType).where('entityId', '=', entityId).orderBy('sequence').execute();
  let previous = GENESIS;
  for (const row of rows) {
    const { id: _id, hash, previousHash, ...event } = row;
    if (previousHash !== previous || digest(previous, event) !== hash) return row.sequence;
    previous = hash;
  }
  return null;
}

export interface BrokenChain { entityType: string; entityId: number; sequence: number }

/**
 * Recomputes every chain of the database, reading events in pages in the order of the
 * chain's unique index, so memory stays flat whatever the history's size. Returns how many
 * chains and events were read and the first broken link of each broken chain.
 */
export async function verifyAllChains(db: Kysely<Schema>, pageSize = 5000): Promise<{ chains: number; events: number; broken: BrokenChain[] }> {
  const broken: BrokenChain[] = [];
  let chains = 0;
  let events = 0;
  let current: { entityType: string; entityId: number; previous: string; isBroken: boolean } | null = null;
  let after: { entityType: string; entityId: number; sequence: number } | null = null;
  for (;;) {
    const page: Schema['historyEvents'][] = await db.selectFrom('historyEvents').selectAll()
      .$if(after !== null, (q) => q.where((eb) => eb.or([
        eb('entityType', '>', after!.entityType),
        eb.and([eb('entityType', '=', after!.entityType), eb('entityId', '>', after!.entityId)]),
        eb.and([eb('entityType', '=', after!.entityType), eb('entityId', '=', after!.entityId), eb('sequence', '>', after!.sequence)]),
      ])))
      .orderBy('entityType').orderBy('entityId').orderBy('sequence').limit(pageSize).execute() as never;
    for (const row of page as (Schema['historyEvents'] & { id: number })[]) {
      events++;
      if (!current || current.entityType !== row.entityType || current.entityId !== row.entityId) {
        chains++;
        current = { entityType: row.entityType, entityId: row.entityId, previous: GENESIS, isBroken: false };
      }
      if (current.isBroken) continue;
      const { id: _id, hash, previousHash, ...event } = row;
      if (previousHash !== current.previous || digest(current.previous, event) !== hash) {
        current.isBroken = true;
        broken.push({ entityType: row.entityType, entityId: row.entityId, sequence: row.sequence });
      }
      current.previous = hash;
    }
    if (page.length < pageSize) break;
    const last = page[page.length - 1] as unknown as { entityType: string; entityId: number; sequence: number };
    after = { entityType: last.entityType, entityId: last.entityId, sequence: last.sequence };
  }
  return { chains, events, broken };
}
