import readline from 'node:readline';
import { demoActor } from '../../src/demo/weeklyCellStory.js';
import { runAction } from '../../src/platform/actions/runAction.js';
import { createDatabase } from '../../src/platform/db/database.js';
import type { AppContext } from '../../src/platform/http/context.js';
import { giveOpinion } from '../../src/weeklyCell/actions/giveOpinion.js';

/**
 * A second server process, for races on one SQLite file: gives `email`'s first opinion on
 * each request of the list as soon as the parent says « go », then prints what each
 * attempt answered. Run with `node --import tsx tests/support/opinionWriter.ts FILE EMAIL IDS`.
 */
const [file, email, ids] = process.argv.slice(2) as [string, string, string];
const database = createDatabase({ sqliteFile: file });
const ctx = { database, clock: { now: () => new Date('2010-06-15T08:00:00.000Z') } } as AppContext;
const actor = await demoActor(ctx, email);
process.stdout.write('ready\n');
await new Promise<void>((resolve) => readline.createInterface({ input: process.stdin }).once('line', () => resolve()));
const outcomes: (number | string)[] = [];
for (const requestId of ids.split(',').map(Number)) {
  try {
    await runAction(ctx, actor, giveOpinion, { requestId, verdict: 'favourable', comment: '' });
    outcomes.push(200);
  } catch (error) {
    outcomes.push((error as { statusCode?: number }).statusCode ?? String((error as Error).message));
  }
}
process.stdout.write(`${JSON.stringify(outcomes)}\n`);
await database.destroy();
