import { DEMO_PASSWORD } from '../../src/demo/organisations.js';
import type { TestApp } from './app.js';

const cookies = new WeakMap<TestApp, Map<string, { cookie: string; until: number }>>();

/**
 * A session cookie of a demo account that is still valid at the test clock's time: tests that
 * move the clock by days sign in again instead of carrying an expired session.
 */
export async function signIn(t: TestApp, email: string): Promise<string> {
  const known = cookies.get(t) ?? new Map();
  cookies.set(t, known);
  const now = t.clock.now().getTime();
  const kept = known.get(email);
  if (kept && kept.until > now) return kept.cookie;
  const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: DEMO_PASSWORD } });
  if (response.statusCode !== 200) throw new Error(`login ${email}: ${response.statusCode} ${response.body}`);
  const cookie = `parcours_session=${response.cookies.find((c) => c.name === 'parcours_session')!.value}`;
  // Sessions last hours; an hour is well within.
  known.set(email, { cookie, until: now + 3_600_000 });
  return cookie;
}
