import type { AppContext } from '../http/context.js';
import { tooManyAttempts } from '../http/errors.js';

/**
 * Failed logins are counted in the database, per account and per address, so the
 * limit holds across every server process behind a load balancer.
 */
const WINDOW_MS = 15 * 60_000;
// An office behind one address has many users: the address gets a wider allowance than an account.
const maxFailures = (key: string) => (key.startsWith('ip:') ? 100 : 10);

export async function assertLoginAllowed(ctx: AppContext, keys: string[]): Promise<void> {
  const now = ctx.clock.now().getTime();
  const rows = await ctx.database.db.selectFrom('loginAttempts').selectAll().where('key', 'in', keys).execute();
  for (const row of rows) {
    const elapsed = now - Date.parse(row.windowStart);
    if (elapsed < WINDOW_MS && row.count >= maxFailures(row.key)) throw tooManyAttempts((WINDOW_MS - elapsed) / 1000);
  }
}

export async function recordLoginFailure(ctx: AppContext, keys: string[]): Promise<void> {
  const now = ctx.clock.now();
  for (const key of keys) {
    await ctx.database.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('loginAttempts').selectAll().where('key', '=', key).executeTakeFirst();
      if (!row || now.getTime() - Date.parse(row.windowStart) >= WINDOW_MS) {
        await trx.deleteFrom('loginAttempts').where('key', '=', key).execute();
        await trx.insertInto('loginAttempts').values({ key, windowStart: now.toISOString(), count: 1 }).execute();
      } else {
        await trx.updateTable('loginAttempts').set({ count: row.count + 1 }).where('key', '=', key).execute();
      }
    });
  }
}

export async function clearLoginFailures(ctx: AppContext, keys: string[]): Promise<void> {
  await ctx.database.db.deleteFrom('loginAttempts').where('key', 'in', keys).execute();
}
