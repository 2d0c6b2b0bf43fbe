/**
 * One server process of the SQLite race suite: opens the database file, waits for each
 * race's start instant, runs its side of the race (a session close or an envelope cut)
 * and prints each outcome as a JSON line.
 *   tsx raceProcess.ts <file> <close|cut> <email> <json tasks> <first start ms> <slot ms>
 */
import { createDatabase } from '../../src/platform/db/database.js';
import { runAction } from '../../src/platform/actions/runAction.js';
import { updateEnvelope } from '../../src/programmes/budgetActions.js';
import { closeSession } from '../../src/weeklyCell/sessionClosing.js';
import { actorOf, outcomeOf, RACE_AT } from './envelopeRace.js';

const [file, side, email, tasksJson, firstStart, slot] = process.argv.slice(2);
const database = createDatabase({ sqliteFile: file! });
const rc = { database, clock: { now: () => new Date(RACE_AT) } };
const actor = await actorOf(database.db, email!);
const tasks = JSON.parse(tasksJson!) as { id: number; version: number; amountCents?: number }[];
for (const [race, task] of tasks.entries()) {
  const startAt = Number(firstStart) + race * Number(slot);
  while (Date.now() < startAt) await new Promise((resolve) => setTimeout(resolve, 1));
  let outcome: string;
  try {
    if (side === 'close') await runAction(rc, actor, closeSession, { sessionId: task.id, version: task.version });
    else await runAction(rc, actor, updateEnvelope, { id: task.id, version: task.version, amountCents: task.amountCents });
    outcome = 'won';
  } catch (error) {
    outcome = outcomeOf(error);
  }
  process.stdout.write(`${JSON.stringify({ race, outcome })}\n`);
}
await database.destroy();
