import { sql, type Kysely } from 'kysely';
import type { DatabaseKind } from '../database.js';
import { columnTypes, withId } from '../columns.js';

/**
 * Who sits in the weekly cell, as data: the standing member organisations (edited by the
 * secretariat) and the representatives recorded when each session opens. Sessions and
 * their minutes are shown to those who sit, and to the partners of the requests on the
 * agenda for their own items only (src/weeklyCell/sessions/sessionAccess.ts).
 *
 * The session keeps who chaired and signs, and when its documents were produced: the
 * documents job sets that mark in the transaction that stores them, so a second run
 * writes nothing twice. The minutes get an owner type of their own so that only the
 * session's audience can download them.
 *
 * Targets and rules get the version the other programme rows already carry, so that an
 * administrator editing from a stale page loses with 409 instead of overwriting.
 */
export async function up(db: Kysely<any>, kind: DatabaseKind): Promise<void> {
  const t = columnTypes(kind);
  await withId(kind, db.schema.createTable('cell_members'))
    .addColumn('organisation_id', 'integer', (c) => c.notNull().unique().references('organisations.id'))
    .addColumn('representative', 'text')
    .addColumn('title', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();

  await withId(kind, db.schema.createTable('session_attendees'))
    .addColumn('session_id', 'integer', (c) => c.notNull().references('cell_sessions.id'))
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('representative', 'text')
    .addColumn('title', 'text')
    .addUniqueConstraint('session_attendees_once', ['session_id', 'organisation_id'])
    .execute();
  await db.schema.createIndex('session_attendees_organisation').on('session_attendees').columns(['organisation_id', 'session_id']).execute();

  await db.schema.alterTable('cell_sessions').addColumn('chair_name', 'text').execute();
  await db.schema.alterTable('cell_sessions').addColumn('chair_title', 'text').execute();
  await db.schema.alterTable('cell_sessions').addColumn('documents_at', t.instant).execute();
  await db.updateTable('cell_sessions').set({ documents_at: sql`closed_at` })
    .where('status', '=', 'closed')
    .where(sql<boolean>`exists (select 1 from documents d where d.owner_type = 'cellSession' and d.owner_id = cell_sessions.id)`)
    .execute();

  for (const table of ['targets', 'funding_rules', 'routing_rules']) {
    await db.schema.alterTable(table).addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  }

  await db.updateTable('documents').set({ owner_type: 'sessionMinutes' }).where('owner_type', '=', 'cellSession').execute();
  await db.schema.createIndex('documents_session_output').on('documents').columns(['owner_type', 'owner_id', 'kind', 'filename']).unique()
    .where(sql.ref('kind'), 'in', ['minutes', 'decision_letter']).execute();
}
