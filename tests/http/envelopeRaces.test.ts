import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, type Database } from '../../src/platform/db/database.js';
import { runAction, type RunContext } from '../../src/platform/actions/runAction.js';
import type { Actor } from '../../src/platform/identity/roles.js';
import { updateEnvelope } from '../../src/programmes/budgetActions.js';
import { envelopeDrift } from '../../src/programmes/envelopeBalance.js';
import { closeSession } from '../../src/weeklyCell/sessionClosing.js';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';
import { actorOf, envelopeRow as rowOf, GRANT, outcomeOf, raceEnvelope, RACE_AT, ROOM, sessionDrawing as drawing } from '../support/envelopeRace.js';

const RACES = 50;

/**
 * Writers meeting on an envelope. On PostgreSQL two database handles (two pools) on one
 * schema stand for two server processes; on SQLite the app's transactions begin IMMEDIATE
 * and take the database's write lock (envelopeRacesAcrossProcesses.test.ts runs SQLite
 * in two processes).
 */
describe.each(databaseKinds())('envelope races on %s', (kind) => {
  let t: TestApp;
  let other: Database;
  let secretary: Actor;
  let admin: Actor;
  const clock = { now: () => new Date(RACE_AT) };
  const runners = (): [RunContext, RunContext] => [{ database: t.ctx.database, clock }, { database: other, clock }];
  let n = 0;
  const measureOf = async () => raceEnvelope(t.ctx.database.db, String(++n));
  const sessionDrawing = (measureId: number, tag: string) => drawing(t.ctx.database.db, measureId, tag, secretary.userId);
  const envelopeRow = (id: number) => rowOf(t.ctx.database.db, id);
  const outcome = (result: PromiseSettledResult<unknown>) => (result.status === 'fulfilled' ? 'won' : outcomeOf(result.reason));

  beforeAll(async () => {
    t = await testApp(kind, { now: RACE_AT });
    other = kind === 'postgres'
      ? createDatabase({ databaseUrl: inject('postgresUrl')!, pgSchema: t.ctx.database.schema, poolSize: 4 })
      : t.ctx.database;
    secretary = await actorOf(t.ctx.database.db, 'secretariat@parcours.test');
    admin = await actorOf(t.ctx.database.db, 'admin@parcours.test');
  });
  afterAll(async () => {
    if (other && other !== t.ctx.database) await other.db.destroy();
    await t?.close();
  });

  it(`two closes on one envelope with room for one: ${RACES} races, one winner each, the loser told in French, never overdrawn`, async () => {
    const [first, second] = runners();
    let firstWins = 0;
    for (let race = 0; race < RACES; race++) {
      const { measureId, envelopeId, envelopeVersion } = await measureOf();
      const envelope = { id: envelopeId, version: envelopeVersion };
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
      const { measureId, envelopeId, envelopeVersion } = await measureOf();
      const envelope = { id: envelopeId, version: envelopeVersion };
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
