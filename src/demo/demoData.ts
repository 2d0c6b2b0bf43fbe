import { sql } from 'kysely';
import type { AppContext } from '../platform/http/context.js';
import { hashPassword } from '../platform/identity/passwords.js';
import { DEMO_PASSWORD, demoActorIn, insertDemoCellMembers, insertDemoOrganisations, insertDemoUsers } from './organisations.js';
import { insertDemoProgrammes } from './programmes.js';
import { insertDemoActeII } from './acteII.js';
import { loadActeOneHistory } from './acteOneHistory.js';
import { withinOneTransaction } from './oneTransaction.js';
import { loadObservatoryDemo } from '../observatory/demo.js';

/**
 * Loads the whole demo on an empty database — organisations, one account per role, Acte I
 * and Acte II configured from the seed, the Acte I history, then `story` (the weekly cell
 * played at every stage) — as ONE transaction. A process killed during the load leaves
 * the database empty, so the next start loads the demo again from the beginning; two
 * processes starting together load it once (the emptiness is checked inside the
 * transaction, after SQLite's write lock or PostgreSQL's advisory lock is taken).
 */
export async function loadDemoDataIfEmpty(ctx: AppContext, story?: (ctx: AppContext) => Promise<void>): Promise<boolean> {
  return withinOneTransaction(ctx.database, async (database) => {
    if (database.kind === 'postgres') await sql`select pg_advisory_xact_lock(${DEMO_LOAD_LOCK})`.execute(database.db);
    const any = await database.db.selectFrom('organisations').select('id').limit(1).executeTakeFirst();
    if (any) return false;
    const inner = { ...ctx, database };
    await loadDemoData(inner);
    await story?.(inner);
    return true;
  });
}

/** Any fixed number: the advisory lock that serialises demo loads across processes. */
const DEMO_LOAD_LOCK = 72_042_011;

export async function loadDemoData(ctx: AppContext): Promise<void> {
  const at = ctx.clock.now().toISOString();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await ctx.database.db.transaction().execute(async (trx) => {
    const organisations = await insertDemoOrganisations(trx, ctx, at);
    await insertDemoUsers(trx, ctx, at, organisations, passwordHash);
    await insertDemoCellMembers(trx, at, organisations);
    await insertDemoProgrammes(trx, organisations);
    await insertDemoActeII(trx, ctx, organisations, at);
  });
  await loadActeOneHistory(ctx);
  const author = (email: string) => demoActorIn(ctx.database.db, email);
  await loadObservatoryDemo(ctx, { secretariat: await author('secretariat@parcours.test'), state: await author('etat@parcours.test') });
}
