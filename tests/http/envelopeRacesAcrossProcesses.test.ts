import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../src/demo/demoData.js';
import { createDatabase, type Database } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/server/migrate.js';
import { envelopeDrift } from '../../src/programmes/envelopeBalance.js';
import { actorOf, envelopeRow, GRANT, raceEnvelope, RACE_AT, ROOM, sessionDrawing } from '../support/envelopeRace.js';

const run = promisify(execFile);
const RACES = 50;
const SLOT_MS = 40;
const script = join(import.meta.dirname, '../support/raceProcess.ts');
const tsx = join(import.meta.dirname, '../../node_modules/.bin/tsx');

/**
 * SQLite with two server processes on one database file: each race has its two writers
 * in different processes, started at the same instant. The app's transactions begin
 * IMMEDIATE, so the second writer waits for the first to commit and then reads its
 * commitment; the checks under the lock do the rest.
 */
describe('envelope races on sqlite across two processes', () => {
  let dir: string;
  let database: Database;
  let secretaryId: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parcours-races-'));
    database = createDatabase({ sqliteFile: join(dir, 'parcours.db') });
    await migrateToLatest(database);
    await loadDemoData({ database, clock: { now: () => new Date(RACE_AT) }, config: { publicUrl: 'http://localhost', secureCookies: false, sessionHours: 1 } });
    secretaryId = (await actorOf(database.db, 'secretariat@parcours.test')).userId;
  });
  afterAll(async () => {
    await database?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function race(sides: [string, string, string, unknown[]][]) {
    const start = Date.now() + 2_500; // both processes are up before the first race
    const outputs = await Promise.all(sides.map(([side, email, , tasks]) =>
      run(tsx, [script, join(dir, 'parcours.db'), side, email, JSON.stringify(tasks), String(start), String(SLOT_MS)], { timeout: 120_000 })));
    return outputs.map((o) => o.stdout.trim().split('\n').map((line) => JSON.parse(line) as { race: number; outcome: string }).map((r) => r.outcome));
  }

  it(`two closes on one envelope with room for one, in two processes: ${RACES} races, one winner each, never overdrawn`, async () => {
    const envelopes: number[] = [];
    const a: { id: number; version: number }[] = [];
    const b: { id: number; version: number }[] = [];
    for (let i = 0; i < RACES; i++) {
      const { measureId, envelopeId } = await raceEnvelope(database.db, `proc-${i}`);
      envelopes.push(envelopeId);
      a.push(await sessionDrawing(database.db, measureId, `proc-${i}-A`, secretaryId));
      b.push(await sessionDrawing(database.db, measureId, `proc-${i}-B`, secretaryId));
    }
    const [first, second] = await race([['close', 'secretariat@parcours.test', '', a], ['close', 'secretariat@parcours.test', '', b]]);
    for (let i = 0; i < RACES; i++) {
      const outcomes = [first![i]!, second![i]!];
      expect(outcomes.filter((o) => o === 'won'), `course ${i}`).toHaveLength(1);
      expect(outcomes.find((o) => o !== 'won')).toMatch(/enveloppes seraient dépassées/);
      expect(await envelopeRow(database.db, envelopes[i]!)).toEqual({ amount: ROOM, committed: GRANT });
    }
    expect(await envelopeDrift(database.db)).toEqual([]);
  });

  it(`an envelope cut during a close, in two processes: ${RACES} races, exactly one passes, never overdrawn`, async () => {
    const sessions: { id: number; version: number }[] = [];
    const cuts: { id: number; version: number; amountCents: number }[] = [];
    for (let i = 0; i < RACES; i++) {
      const { measureId, envelopeId, envelopeVersion } = await raceEnvelope(database.db, `cut-${i}`);
      sessions.push(await sessionDrawing(database.db, measureId, `cut-${i}`, secretaryId));
      cuts.push({ id: envelopeId, version: envelopeVersion, amountCents: GRANT / 2 });
    }
    const [closes, cutOutcomes] = await race([['close', 'secretariat@parcours.test', '', sessions], ['cut', 'admin@parcours.test', '', cuts]]);
    for (let i = 0; i < RACES; i++) {
      const [close, cut] = [closes![i]!, cutOutcomes![i]!];
      expect([close, cut].filter((o) => o === 'won'), `course ${i}`).toHaveLength(1);
      const row = await envelopeRow(database.db, cuts[i]!.id);
      if (close === 'won') {
        expect(row).toEqual({ amount: ROOM, committed: GRANT });
        expect(cut).toMatch(/déjà engagé|modifié/);
      } else {
        expect(row).toEqual({ amount: GRANT / 2, committed: 0 });
        expect(close).toMatch(/accorde 800,00\u00a0€ mais il ne reste que 400,00\u00a0€/);
      }
    }
    expect(await envelopeDrift(database.db)).toEqual([]);
    expect(await database.db.selectFrom('envelopes').select('id').whereRef('committedCents', '>', 'amountCents').execute()).toEqual([]);
  });
});
