import type { Kysely } from 'kysely';
import type { Schema } from '../../src/platform/db/schema.js';
import { AppError } from '../../src/platform/http/errors.js';
import type { Actor, OrganisationKind, Role } from '../../src/platform/identity/roles.js';

/** Fixtures of the envelope race suites: measures, envelopes and open sessions written straight to the database. */
export const ROOM = 100_000; // 1 000 € on the envelope
export const GRANT = 80_000; // 800 € per approved request: room for one only
export const RACE_AT = '2010-06-20T10:00:00.000Z';

export async function actorOf(db: Kysely<Schema>, email: string): Promise<Actor> {
  const row = await db.selectFrom('users as u').innerJoin('memberships as m', 'm.userId', 'u.id').innerJoin('organisations as o', 'o.id', 'm.organisationId')
    .select(['u.id as userId', 'u.displayName', 'u.email', 'm.id as membershipId', 'o.id as organisationId', 'o.name as organisationName', 'o.kind', 'm.role'])
    .where('u.email', '=', email).executeTakeFirstOrThrow();
  return { ...row, organisationKind: row.kind as OrganisationKind, role: row.role as Role };
}

/** A measure of its own for each race, with a State envelope of `amountCents`. */
export async function raceEnvelope(db: Kysely<Schema>, tag: string, amountCents = ROOM) {
  const programme = await db.selectFrom('programmes').select('id').orderBy('id').executeTakeFirstOrThrow();
  const measure = await db.insertInto('measures').values({ programmeId: programme.id, code: `RACE-${tag}`, name: `Course ${tag}`, kind: 'weekly_cell', startsOn: '2010-01-01', endsOn: null, version: 1 })
    .returning('id').executeTakeFirstOrThrow();
  const envelope = await db.insertInto('envelopes').values({ measureId: measure.id, funder: 'STATE', amountCents, version: 1 }).returning(['id', 'version']).executeTakeFirstOrThrow();
  return { measureId: measure.id, envelopeId: envelope.id, envelopeVersion: envelope.version };
}

/** An open session, dated before the race, with one approved request drawing GRANT on the measure's State envelope. */
export async function sessionDrawing(db: Kysely<Schema>, measureId: number, tag: string, secretaryId: number): Promise<{ id: number; version: number; requestId: number }> {
  const company = await db.selectFrom('organisations').select('id').where('kind', '=', 'company').orderBy('id').executeTakeFirstOrThrow();
  const at = RACE_AT;
  const request = await db.insertInto('fundingRequests').values({
    reference: `RACE-${tag}`, measureId, companyId: company.id, trainingFundId: null, status: 'on_agenda', companyName: 'Mécanique de Précision du Doubs', siret: '73282932000074',
    nafCode: null, idcc: null, headcount: null, departement: '25', searchName: null, activityDropStart: null, activityDropEnd: null, justificationKind: null,
    authorisationReference: null, partialActivityHours: null, retentionCommitmentMonths: null, retentionCommitment: null,
    traineeCount: 1, trainingHours: 10, teachingCostCents: GRANT, payCostCents: 0, totalCostCents: GRANT, realisedHours: 0, realisedCostCents: 0, committedCents: 0, paidCents: 0,
    submittedAt: at, decidedAt: null, closedAt: null, createdAt: at, updatedAt: at, createdBy: null, isImported: false, version: 1,
  }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('fundingLines').values({ requestId: request.id, position: 0, funder: 'STATE', proposedCents: GRANT, approvedCents: null }).execute();
  const session = await db.insertInto('cellSessions').values({ reference: `SEANCE-${tag}`, heldOn: '2010-06-17', status: 'open', openedAt: at, closedAt: null, createdBy: secretaryId, createdAt: at, version: 2 })
    .returning('id').executeTakeFirstOrThrow();
  const item = await db.insertInto('agendaItems').values({ sessionId: session.id, requestId: request.id, position: 0, decision: 'approved', motivation: 'Accord.', decidedBy: secretaryId, decidedAt: at })
    .returning('id').executeTakeFirstOrThrow();
  await db.insertInto('decisionLines').values({ agendaItemId: item.id, funder: 'STATE', approvedCents: GRANT }).execute();
  return { id: session.id, version: 2, requestId: request.id };
}

/** 'won', or the French 409 the loser got (message and issues); anything else is a failure of the suite. */
export function outcomeOf(error: unknown): string {
  if (!(error instanceof AppError) || error.statusCode !== 409) throw error;
  return [error.message, ...error.issues.map((i) => i.message)].join(' | ');
}

export async function envelopeRow(db: Kysely<Schema>, id: number) {
  const e = await db.selectFrom('envelopes').select(['amountCents', 'committedCents']).where('id', '=', id).executeTakeFirstOrThrow();
  return { amount: Number(e.amountCents), committed: Number(e.committedCents) };
}
