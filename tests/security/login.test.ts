import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type Api } from '../../src/platform/http/app.js';
import { passwordProblem } from '../../src/platform/identity/passwords.js';
import { DEMO_PASSWORD, demoUsers } from '../../src/demo/organisations.js';
import { routeModules } from '../../src/server/modules.js';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';
import { operations } from './openapi.js';

describe('password policy', () => {
  it('refuses short, common, repeated and sequential passwords, in French', () => {
    expect(passwordProblem('court')).toBe('Le mot de passe doit compter au moins 12 caractères.');
    for (const weak of ['aaaaaaaaaaaa', 'abcabcabcabc', '121212121212', 'aaaaaabbbbbb']) expect(passwordProblem(weak), weak).toContain('répète');
    for (const common of ['azertyuiop12', 'Motdepasse2026!', 'password1234', '123456789012', 'Bienvenue123!']) expect(passwordProblem(common), common).toContain('plus courants');
    for (const sequence of ['abcdefghijklm', 'qsdfghjklm12', 'zyxwvutsrqpo']) expect(passwordProblem(sequence), sequence).toMatch(/suite|courants/);
    expect(passwordProblem('claire.martin-2026', 'claire.martin@parcours.test')).toContain('adresse électronique');
    expect(passwordProblem('vélo rouge sur le Doubs')).toBeNull();
    expect(passwordProblem(DEMO_PASSWORD)).toBeNull();
  });
});

describe.each(databaseKinds())('login and sessions on %s', (kind) => {
  let t: TestApp;
  const login = (email: string, password: string, from: { remoteAddress?: string; forwardedFor?: string } = {}, app: Api = t.app) =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: from.remoteAddress, headers: from.forwardedFor ? { 'x-forwarded-for': from.forwardedFor } : {} });
  beforeAll(async () => { t = await testApp(kind); });
  afterAll(async () => { await t.close(); });

  it('cannot be turned into a lockout: 101 failures on every account leave each owner free to sign in', async () => {
    const attacker = '203.0.113.7';
    let refused = 0;
    for (let i = 0; i < 101; i++) {
      const user = demoUsers[i % demoUsers.length];
      const response = await login(user.email, `essai-${i}-incorrect`, { remoteAddress: attacker });
      expect([401, 429]).toContain(response.statusCode);
      if (response.statusCode === 429) refused += 1;
    }
    // The attacker is slowed down on every account…
    expect(refused).toBeGreaterThan(50);
    // …and the owners, from their own addresses, are not.
    for (const [i, user] of demoUsers.entries()) expect((await login(user.email, DEMO_PASSWORD, { remoteAddress: `198.51.100.${i + 1}` })).statusCode, user.email).toBe(200);
  }, 180_000);

  it('makes one account and address wait longer after each failure, and says how long', async () => {
    const from = { remoteAddress: '203.0.113.20' };
    const email = 'region@parcours.test';
    for (let i = 0; i < 4; i++) expect((await login(email, 'mauvais mot de passe', from)).statusCode).toBe(401);
    const waits: string[] = [];
    for (let round = 0; round < 3; round++) {
      const blocked = await login(email, DEMO_PASSWORD, from);
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().error.message).toMatch(/^Trop de tentatives de connexion\. Réessayez dans \d+ seconde\(s\)\.$/);
      waits.push(blocked.headers['retry-after'] as string);
      t.clock.set(new Date(t.clock.now().getTime() + Number(blocked.headers['retry-after']) * 1000).toISOString());
      expect((await login(email, 'encore mauvais', from)).statusCode).toBe(401);
    }
    expect(waits).toEqual(['2', '4', '8']);
    // The right password, once the wait is over, works and forgets the failures.
    t.clock.set(new Date(t.clock.now().getTime() + 16_000).toISOString());
    expect((await login(email, DEMO_PASSWORD, from)).statusCode).toBe(200);
    expect((await login(email, 'mauvais', from)).statusCode).toBe(401);
  });

  it('does not believe X-Forwarded-For unless it comes from a configured proxy', async () => {
    // Rotating the header from one machine: every attempt counts against the machine.
    let limited = 0;
    for (let i = 0; i < 150; i++) {
      const response = await login(`inconnu${i}@exemple.fr`, 'mauvais mot de passe', { remoteAddress: '203.0.113.50', forwardedFor: `10.9.${i >> 8}.${i & 255}` });
      if (response.statusCode === 429) limited += 1;
    }
    expect(limited).toBe(50);
    // Behind a configured proxy, the header names the client, and each client has its own count.
    const behindProxy = await buildApp({ ...t.ctx, config: { ...t.ctx.config, trustedProxies: ['127.0.0.1'] } }, routeModules);
    try {
      for (let i = 0; i < 6; i++) await login('etat@parcours.test', 'mauvais mot de passe', { remoteAddress: '127.0.0.1', forwardedFor: '192.0.2.1' }, behindProxy);
      expect((await login('etat@parcours.test', DEMO_PASSWORD, { remoteAddress: '127.0.0.1', forwardedFor: '192.0.2.1' }, behindProxy)).statusCode).toBe(429);
      expect((await login('etat@parcours.test', DEMO_PASSWORD, { remoteAddress: '127.0.0.1', forwardedFor: '192.0.2.2' }, behindProxy)).statusCode).toBe(200);
    } finally {
      await behindProxy.close();
    }
  }, 180_000);

  it('ends every session of an account whose password changes or which is deactivated', async () => {
    const admin = await t.login('admin@parcours.test');
    const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    for (const [email, change] of [['poleemploi@parcours.test', { password: 'un autre mot de passe solide' }], ['opca@parcours.test', { isActive: false }]] as const) {
      const first = await login(email, DEMO_PASSWORD, { remoteAddress: '198.51.100.200' });
      const second = await login(email, DEMO_PASSWORD, { remoteAddress: '198.51.100.201' });
      const cookies = [first, second].map((r) => `parcours_session=${r.cookies.find((c) => c.name === 'parcours_session')!.value}`);
      for (const cookie of cookies) expect((await me(cookie)).statusCode).toBe(200);
      const user = await t.ctx.database.db.selectFrom('users').select(['id', 'version']).where('email', '=', email).executeTakeFirstOrThrow();
      const patched = await t.app.inject({ method: 'PATCH', url: `/api/users/${user.id}`, headers: { cookie: admin }, payload: { ...change, version: user.version } });
      expect(patched.statusCode, patched.body).toBe(200);
      for (const cookie of cookies) expect((await me(cookie)).statusCode).toBe(401);
    }
    const weak = await t.app.inject({ method: 'PATCH', url: '/api/users/1', headers: { cookie: admin }, payload: { password: 'aaaaaaaaaaaa', version: 1 } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error).toMatchObject({ field: 'password', issues: [{ path: 'password', message: expect.stringContaining('répète') }] });
  });

  it('refuses state-changing requests sent from another site, before reading them', async () => {
    const cookie = await t.login('admin@parcours.test');
    const create = (headers: Record<string, string>) => t.app.inject({ method: 'POST', url: '/api/organisations', headers: { cookie, ...headers }, payload: { kind: 'company', name: 'Société venue d’ailleurs' } });
    const foreign: Record<string, string>[] = [{ origin: 'https://parcours.example.evil' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site', origin: 'http://localhost:3000' }];
    for (const headers of foreign) {
      const refused = await create(headers);
      expect(refused.statusCode, JSON.stringify(headers)).toBe(403);
      expect(refused.json().error).toMatchObject({ code: 'foreign_origin', message: expect.stringContaining('vient d’un autre site') });
    }
    expect(await t.ctx.database.db.selectFrom('organisations').select('id').where('name', '=', 'Société venue d’ailleurs').execute()).toEqual([]);
    const upload = await t.app.inject({ method: 'POST', url: '/api/imports/funding-requests/check', headers: { cookie, origin: 'https://evil.example', 'content-type': 'multipart/form-data; boundary=x' }, payload: 'x'.repeat(1000) });
    expect(upload.statusCode).toBe(403);
    // The app's own pages, and clients that are not browsers, pass.
    expect((await create({ origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' })).statusCode).toBe(201);
    expect((await create({ origin: 'http://localhost:80' })).statusCode).toBe(201);
    expect((await create({})).statusCode).toBe(201);
    // Reading is not a change: GET from elsewhere is left to the session's SameSite cookie.
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie, origin: 'https://evil.example' } })).statusCode).toBe(200);
  });

  it('answers 401 to anonymous callers of every route that needs a session, before validating anything', async () => {
    const open = new Set(['POST /api/auth/login', 'POST /api/auth/logout', 'GET /api/auth/options', 'GET /api/health', 'GET /api/health/live', 'GET /api/health/ready', 'GET /api/auth/oidc/start', 'GET /api/auth/oidc/callback']);
    for (const op of await operations(t)) {
      if (open.has(`${op.method} ${op.path}`)) continue;
      const response = await t.app.inject({ method: op.method as 'GET', url: op.path.replace(/\{[^}]+\}/g, 'pas-un-id') + '?page=-1&sort=__proto__', ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { payload: { invalide: true } }) });
      expect(response.statusCode, `${op.method} ${op.path}: ${response.body}`).toBe(401);
      expect(response.json().error.issues).toEqual([]);
    }
  });
});
