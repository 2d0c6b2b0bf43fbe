import type { AppContext } from '../http/context.js';
import { tooManyAttempts } from '../http/errors.js';

/**
 * Failed logins are counted in the database, so the limits hold across every server process.
 *
 * They are counted per account *and* address: after a few free tries, each failure makes that
 * pair wait twice as long as the last (2 s, 4 s… up to 15 min). Someone guessing another
 * person's password from their own machine only slows themselves down; the owner, from their
 * address, signs in as usual — no third party can lock an account. Each address also has a
 * broad allowance of failures over all accounts (an office signs in from one address), which
 * stops one machine trying many accounts. The address is the connection's unless it comes from
 * a configured proxy (app.ts), so a forged X-Forwarded-For changes nothing.
 */
const FREE_FAILURES = 4;
const MAX_DELAY_SECONDS = 15 * 60;
/** A pair's failures are forgotten after this long without a new one. */
const PAIR_MEMORY_MS = 60 * 60_000;
const ADDRESS_WINDOW_MS = 15 * 60_000;
const ADDRESS_MAX_FAILURES = 100;

export const pairKey = (email: string, address: string) => `pair:${email}|${address}`;
export const addressKey = (address: string) => `ip:${address}`;

/** Seconds a pair with `failures` failures waits after the last one. */
export function delayAfter(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(MAX_DELAY_SECONDS, 2 ** (failures - FREE_FAILURES + 1));
}

export async function assertLoginAllowed(ctx: AppContext, email: string, address: string): Promise<void> {
  const now = ctx.clock.now().getTime();
  const rows = await ctx.database.db.selectFrom('loginAttempts').selectAll().where('key', 'in', [pairKey(email, address), addressKey(address)]).execute();
  for (const row of rows) {
    if (row.key.startsWith('ip:')) {
      const elapsed = now - Date.parse(row.windowStart);
      if (elapsed < ADDRESS_WINDOW_MS && row.count >= ADDRESS_MAX_FAILURES) throw tooManyAttempts((ADDRESS_WINDOW_MS - elapsed) / 1000);
    } else {
      const since = now - Date.parse(row.lastFailureAt ?? row.windowStart);
      const wait = delayAfter(row.count) * 1000 - since;
      if (since < PAIR_MEMORY_MS && wait > 0) throw tooManyAttempts(wait / 1000);
    }
  }
}

export async function recordLoginFailure(ctx: AppContext, email: string, address: string): Promise<void> {
  const now = ctx.clock.now();
  for (const key of [pairKey(email, address), addressKey(address)]) {
    const window = key.startsWith('ip:') ? ADDRESS_WINDOW_MS : PAIR_MEMORY_MS;
    await ctx.database.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('loginAttempts').selectAll().where('key', '=', key).executeTakeFirst();
      const last = row ? Date.parse(key.startsWith('ip:') ? row.windowStart : (row.lastFailureAt ?? row.windowStart)) : 0;
      if (!row || now.getTime() - last >= window) {
        await trx.deleteFrom('loginAttempts').where('key', '=', key).execute();
        await trx.insertInto('loginAttempts').values({ key, windowStart: now.toISOString(), count: 1, lastFailureAt: now.toISOString() }).execute();
      } else {
        // Relative update: two processes recording at once both count.
        await trx.updateTable('loginAttempts').set((eb) => ({ count: eb('count', '+', 1), lastFailureAt: now.toISOString() })).where('key', '=', key).execute();
      }
    });
  }
}

/** A success forgets the pair's failures; the address keeps its count, or one good account would reset it. */
export async function clearLoginFailures(ctx: AppContext, email: string, address: string): Promise<void> {
  await ctx.database.db.deleteFrom('loginAttempts').where('key', '=', pairKey(email, address)).execute();
}
