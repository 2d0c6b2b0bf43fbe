import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, type Database } from '../../src/platform/db/database.js';
import { AppError } from '../../src/platform/http/errors.js';
import { runAction, type RunContext } from '../../src/platform/actions/runAction.js';
import type { Actor, OrganisationKind, Role } from '../../src/platform/identity/roles.js';
import { updateEnvelope } from '../../src/programmes/budgetActions.js';
import { envelopeDrift } from '../../src/programmes/envelopeBalance.js';
import { closeSession } from '../../src/weeklyCell/sessionClosing.js';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';

const RACES = 50;
const ROOM = 100_000; // 1 000 € on the envelope
const GRANT = 80_000; // 800 € per approved request: room for one only

/**
 * Writers meeting on an envelope. On PostgreSQL two database handles (two pools) on one
 * schema stand for two server processes; on SQLite the app's transactions begin IMMEDIATE
 * and take the database's write lock, and the same suite shows the checks hold there too.
 */
describe.each(databaseKinds())('envelope races on %s', (kind) => {
  let t: TestApp;
  let other: Database;
  let secretary: Actor;
  let admin: Actor;
  let measureOf: () => Promise<number>;
  const at = '2010-06-20T10:00:00.000Z';
  const clock = { now: () => new Date(at) };
  const runners = (): [RunContext, RunContext] => [{ database: t.ctx.database, clock }, { database: other, clock }];

  beforeAll(async () => {
    t = await testApp(kind, { now: at });
    other = kind === 'postgres'
      ? createDatabase({ databaseUrl: inject('postgresUrl')!, pgSchema: t.ctx.database.schema, poolSize: 4 })
      : t.ctx.database;
    const actorOf = async (email: string): Promise<Actor> => {
      const row = await t.ctx.database.db.selectFrom('users as u').innerJoin('memberships as m', 'm.userId', 'u.id').innerJoin('organisations as o', 'o.id', 'm.organisationId')
        .select(['u.id as userId', 'u.displayName', 'u.email', 'm.id as membershipId', 'o.id as organisationId', 'o.name as organisationName', 'o.kind', 'm.role'])
        .where('u.email', '=', email).executeTakeFirstOrThrow();
      return { ...row, organisationKind: row.kind as OrganisationKind, role: row.role as Role };
    };
    secretary = await actorOf('secretariat@parcours.test');
    admin = await actorOf('admin@parcours.test');
    const programme = await t.ctx.database.db.selectFrom('programmes').select('id').orderBy('id').executeTakeFirstOrThrow();
    let n = 0;
    measureOf = async () => {
      n++;
      const m = await t.ctx.database.db.insertInto('measures').values({ programmeId: programme.id, code: `RACE-${n}`, name: `Course ${n}`, kind: 'weekly_cell', startsOn: '2010-01-01', endsOn: null, version: 1 })
        .returning('id').executeTakeFirstOrThrow();
      return m.id;
    };
  });
  afterAll(async () => {
    if (other && other !== t.ctx.database) await other.db.destroy();
    await t?.close();
  });

  /** An open session, dated before today, with one approved request drawing GRANT on the measure's State envelope. */
  async function sessionDrawing(measureId: number, tag: string): Promise<{ id: number; version: number; requestId: number }> {
    const { db } = t.ctx.database;
    const company = await t.orgId('Mécanique de Précision du Doubs');
    const request = await db.insertInto('fundingRequests').values({
      reference: `RACE-${tag}`, measureId, companyId: company, trainingFundId: null, status: 'on_agenda', companyName: 'Mécanique de Précision du Doubs', siret: '73282932000074',
      nafCode: null, idcc: null, headcount: null, departement: '25', searchName: null, activityDropStart: null, activityDropEnd: null, justificationKind: null,
      authorisationReference: null, partialActivityHours: null, retentionCommitmentMonths: null, retentionCommitment: null,
      traineeCount: 1, trainingHours: 10, teachingCostCents: GRANT, payCostCents: 0, totalCostCents: GRANT, realisedHours: 0, realisedCostCents: 0, committedCents: 0, paidCents: 0,
      submittedAt: at, decidedAt: null, closedAt: null, createdAt: at, updatedAt: at, createdBy: null, isImported: false, version: 1,
    }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('fundingLines').values({ requestId: request.id, position: 0, funder: 'STATE', proposedCents: GRANT, approvedCents: null }).execute();
    const session = await db.insertInto('cellSessions').values({ reference: `SEANCE-${tag}`, heldOn: '2010-06-17', status: 'open', openedAt: at, closedAt: null, createdBy: secretary.userId, createdAt: at, version: 2 })
      .returning('id').executeTakeFirstOrThrow();
    const item = await db.insertInto('agendaItems').values({ sessionId: session.id, requestId: request.id, position: 0, decision: 'approved', motivation: 'Accord.', decidedBy: secretary.userId, decidedAt: at })
      .returning('id').executeTakeFirstOrThrow();
    await db.insertInto('decisionLines').values({ agendaItemId: item.id, funder: 'STATE', approvedCents: GRANT }).execute();
    return { id: session.id, version: 2, requestId: request.id };
  }

  async function envelopeOn(measureId: number, amountCents: number) {
    return t.ctx.database.db.insertInto('envelopes').values({ measureId, funder: 'STATE', amountCents, version: 1 }).returning(['id', 'version']).executeTakeFirstOrThrow();
  }

  const outcome = (result: PromiseSettledResult<unknown>) => {
    if (result.status === 'fulfilled') return 'won';
    const error = result.reason;
    if (!(error instanceof AppError)) throw error;
    expect(error.statusCode).toBe(409);
    return [error.message, ...error.issues.map((i) => i.message)].join(' | ');
  };

  async function envelopeRow(id: number) {
    const e = await t.ctx.database.db.selectFrom('envelopes').select(['amountCents', 'committedCents']).where('id', '=', id).executeTakeFirstOrThrow();
    return { amount: Number(e.amountCents), committed: Number(e.committedCents) };
  }

  it(`two closes on one envelope with room for one: ${RACES} races, one winner each, the loser told in French, never overdrawn`, async () => {
    const [first, second] = runners();
    let firstWins = 0;
    for (let race = 0; race < RACES; race++) {
      const measureId = await measureOf();
      const envelope = await envelopeOn(measureId, ROOM);
      const a = await sessionDrawing(measureId, `${race}-A`);
      const b = await sessionDrawing(measureId, `${race}-B`);
      const results = await Promise.allSettled([
        runAction(first, secretary, closeSession, { sessionId: a.id, version: a.version }),
        runAction(second, secretary, closeSession, { sessionId: b.id, version: b.version }),
      ]);
      const outcomes = results.map(outcome);
      expect(outcomes.filter((o) => o === 'won')).toHaveLength(1);
      expect(outcomes.find((o) => o !== 'won')).toMatch(/enveloppes seraient dépassées/);
      if (outcomes[0] === 'won') firstWins++;
      expect(await envelopeRow(envelope.id)).toEqual({ amount: ROOM, committed: GRANT });
      // The loser's session stays open and its request on the agenda: nothing of it was written.
      const loser = outcomes[0] === 'won' ? b : a;
      const s = await t.ctx.database.db.selectFrom('cellSessions').select('status').where('id', '=', loser.id).executeTakeFirstOrThrow();
      expect(s.status).toBe('open');
      const r = await t.ctx.database.db.selectFrom('fundingRequests').select(['status', 'committedCents']).where('id', '=', loser.requestId).executeTakeFirstOrThrow();
      expect([r.status, Number(r.committedCents)]).toEqual(['on_agenda', 0]);
    }
    // Both sides win some races: the suite really lets them meet (on SQLite the first queued always wins).
    if (kind === 'postgres') expect(firstWins).toBeGreaterThan(0);
    expect(await envelopeDrift(t.ctx.database.db)).toEqual([]);
  });

  it(`an envelope cut below the grant during a close: ${RACES} races, exactly one of the two passes, never overdrawn`, async () => {
    const [first, second] = runners();
    const winners = { close: 0, cut: 0 };
    for (let race = 0; race < RACES; race++) {
      const measureId = await measureOf();
      const envelope = await envelopeOn(measureId, ROOM);
      const s = await sessionDrawing(measureId, `cut-${race}`);
      const cutTo = GRANT / 2;
      // Alternate who starts first, so that either may win.
      const close = () => runAction(first, secretary, closeSession, { sessionId: s.id, version: s.version });
      const cut = () => runAction(second, admin, updateEnvelope, { id: envelope.id, version: envelope.version, amountCents: cutTo });
      const [closed, cutDone] = race % 2 === 0
        ? await Promise.allSettled([close(), cut()])
        : (await Promise.allSettled([cut(), close()])).reverse() as PromiseSettledResult<unknown>[];
      const closeOutcome = outcome(closed);
      const cutOutcome = outcome(cutDone);
      expect([closeOutcome, cutOutcome].filter((o) => o === 'won')).toHaveLength(1);
      const row = await envelopeRow(envelope.id);
      expect(row.committed).toBeLessThanOrEqual(row.amount);
      if (closeOutcome === 'won') {
        winners.close++;
        expect(row).toEqual({ amount: ROOM, committed: GRANT });
        // The administrator either saw the commitment under the lock or an envelope that changed since the page was read.
        expect(cutOutcome).toMatch(/déjà engagé|modifié/);
      } else {
        winners.cut++;
        expect(row).toEqual({ amount: cutTo, committed: 0 });
        expect(closeOutcome).toMatch(/accorde 800,00\u00a0€ mais il ne reste que 400,00\u00a0€/);
      }
    }
    expect(winners.close + winners.cut).toBe(RACES);
    expect(await envelopeDrift(t.ctx.database.db)).toEqual([]);
    const overdrawn = await t.ctx.database.db.selectFrom('envelopes').select('id').whereRef('committedCents', '>', 'amountCents').execute();
    expect(overdrawn).toEqual([]);
  });
});
