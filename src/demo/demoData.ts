import type { AppContext } from '../platform/http/context.js';
import { hashPassword } from '../platform/identity/passwords.js';
import { DEMO_PASSWORD, insertDemoOrganisations, insertDemoUsers } from './organisations.js';
import { insertDemoProgrammes } from './programmes.js';
import { insertDemoActeII } from './acteII.js';
import { loadActeOneHistory } from './acteOneHistory.js';
import { loadObservatoryDemo } from '../observatory/demo.js';

/**
 * Loads the demo partnership on an empty database: organisations, one account per
 * role, Acte I and Acte II configured from the seed, and requests at every stage.
 */
export async function loadDemoDataIfEmpty(ctx: AppContext): Promise<boolean> {
  const { db } = ctx.database;
  const any = await db.selectFrom('organisations').select('id').limit(1).executeTakeFirst();
  if (any) return false;
  await loadDemoData(ctx);
  return true;
}

export async function loadDemoData(ctx: AppContext): Promise<void> {
  const at = ctx.clock.now().toISOString();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await ctx.database.db.transaction().execute(async (trx) => {
    const organisations = await insertDemoOrganisations(trx, at);
    await insertDemoUsers(trx, at, organisations, passwordHash);
    await insertDemoProgrammes(trx, organisations);
    await insertDemoActeII(trx, organisations, at);
  });
  await loadActeOneHistory(ctx);
  await loadObservatoryDemo(ctx);
}
