import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { identityFromClaims, authorizationParameters, pickTokenAuthMethod } from '../../src/platform/identity/oidc.js';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';

/**
 * The whole ProConnect-style login over real HTTP: a local oidc-provider plays ProConnect,
 * a cookie jar plays the browser, and Parcours sits behind a pretend reverse proxy at
 * PUBLIC_URL (the provider redirects there; the browser below rewrites it to the real port).
 */
const PUBLIC_URL = 'http://parcours.test';
const CLIENT = { client_id: 'parcours', client_secret: 'secret-de-test-suffisamment-long' };

/** Provider accounts by login; `inconnu` exists at the provider but has no Parcours account. */
const ACCOUNTS: Record<string, Record<string, unknown>> = {
  etat: { email: 'Etat@parcours.test', given_name: 'Étienne', usual_name: 'État' },
  inconnu: { email: 'personne@exemple.fr', email_verified: true, given_name: 'Paul', family_name: 'Personne' },
  orphelin: { email: 'orphelin@parcours.test', name: 'Odile Orphelin' },
  nonverifie: { email: 'region@parcours.test', email_verified: false },
};

interface LocalProvider { issuer: string; close(): Promise<void> }

async function startProvider(): Promise<LocalProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Imported late so the console filter below also catches the warnings it prints on import.
  // @ts-expect-error oidc-provider ships no type declarations; the test only uses its constructor and callback().
  const { default: Provider } = await import('oidc-provider');
  const provider = new Provider(issuer, {
    clients: [{ ...CLIENT, redirect_uris: [`${PUBLIC_URL}/api/auth/oidc/callback`], token_endpoint_auth_method: 'client_secret_basic' }],
    cookies: { keys: ['cle-de-test-du-fournisseur'] },
    // ProConnect's scopes name the claims they release.
    claims: { openid: ['sub'], email: ['email', 'email_verified'], given_name: ['given_name'], usual_name: ['usual_name'], profile: ['name', 'family_name'] },
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    findAccount: async (_ctx: unknown, id: string) => {
      const claims = ACCOUNTS[id];
      return claims ? { accountId: id, claims: async () => ({ sub: id, ...claims }) } : undefined;
    },
  });
  server.on('request', provider.callback());
  return { issuer, close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

/** Just enough of a browser: per-origin cookies, manual redirects, the proxy rewrite. */
class Browser {
  private readonly jars = new Map<string, Map<string, string>>();
  constructor(private readonly appOrigin: string) {}

  private real(url: URL): URL {
    return url.origin === PUBLIC_URL ? new URL(url.pathname + url.search, this.appOrigin) : url;
  }

  async request(url: URL, init: { method?: string; form?: Record<string, string> } = {}): Promise<{ url: URL; response: Response }> {
    const target = this.real(url);
    const jar = this.jars.get(target.origin) ?? new Map<string, string>();
    this.jars.set(target.origin, jar);
    const headers: Record<string, string> = {};
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(target, {
      method: init.method ?? (init.form ? 'POST' : 'GET'), headers, redirect: 'manual',
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const name = pair.slice(0, pair.indexOf('=')).trim();
      const value = pair.slice(pair.indexOf('=') + 1).trim();
      const expires = attributes.map((a) => a.trim()).find((a) => /^expires=/i.test(a));
      const gone = !value || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || (expires && Date.parse(expires.slice(8)) < Date.now());
      if (gone) jar.delete(name); else jar.set(name, value);
    }
    return { url, response };
  }

  /** Follows redirects until a page, or until the provider sends us back to Parcours' callback. */
  async follow(url: URL, init: { form?: Record<string, string> } = {}): Promise<{ url: URL; response: Response }> {
    let step = await this.request(url, init);
    for (let hops = 0; hops < 10 && step.response.status >= 300 && step.response.status < 400; hops++) {
      const next = new URL(step.response.headers.get('location')!, step.url);
      if (next.origin === PUBLIC_URL && next.pathname === '/api/auth/oidc/callback') return { url: next, response: step.response };
      step = await this.request(next);
    }
    if (redirected(step.response)) throw new Error(`too many redirects from ${url.href}`);
    return step;
  }

  cookie(name: string): string | undefined {
    for (const jar of this.jars.values()) if (jar.has(name)) return `${name}=${jar.get(name)}`;
    return undefined;
  }
}

const redirected = (r: Response) => r.status >= 300 && r.status < 400;

const formAction = async (page: Response, base: URL) => {
  const html = await page.text();
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form in page: ${html.slice(0, 300)}`);
  return { action: new URL(action, base), html };
};

let provider: LocalProvider;
const quiet = (original: (...args: unknown[]) => void) => (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].startsWith('oidc-provider')) return;
  original(...args);
};

beforeAll(async () => {
  // oidc-provider warns about its development-only defaults (in-memory store, dev interactions), on purpose here.
  vi.spyOn(console, 'warn').mockImplementation(quiet(console.warn.bind(console)));
  vi.spyOn(console, 'info').mockImplementation(quiet(console.info.bind(console)));
  provider = await startProvider();
});
afterAll(async () => {
  await provider?.close();
  vi.restoreAllMocks();
});

describe('oidc pure helpers', () => {
  it('reads ProConnect and generic names, lowercases the e-mail, refuses an explicitly unverified one', () => {
    expect(identityFromClaims({ sub: 'a', email: ' Jean@Ex.fr ', given_name: 'Jean', usual_name: 'Dupont' }))
      .toEqual({ subject: 'a', email: 'jean@ex.fr', emailVerified: true, name: 'Jean Dupont' });
    expect(identityFromClaims({ sub: 'b', given_name: 'Ana', family_name: 'Lopez', email_verified: false })?.name).toBe('Ana Lopez');
    expect(identityFromClaims({ sub: 'c', name: 'Zoé Z', email: 'z@z.fr', email_verified: false })).toMatchObject({ name: 'Zoé Z', emailVerified: false });
    expect(identityFromClaims({ email: 'x@y.fr' })).toBeNull();
  });

  it('adds ProConnect parameters only when configured and picks the token auth method from discovery', () => {
    const base = { issuer: 'https://idp', clientId: 'c', clientSecret: 's' };
    const plain = authorizationParameters(base, 'https://app/cb', { state: 's', nonce: 'n' }, 'ch');
    expect(plain).toEqual({ redirect_uri: 'https://app/cb', scope: 'openid email given_name usual_name', state: 's', nonce: 'n', code_challenge: 'ch', code_challenge_method: 'S256' });
    const proconnect = authorizationParameters({ ...base, acrValues: 'eidas1', claims: '{"id_token":{"amr":{"essential":true}}}' }, 'https://app/cb', { state: 's', nonce: 'n' }, 'ch');
    expect(proconnect).toMatchObject({ acr_values: 'eidas1', claims: '{"id_token":{"amr":{"essential":true}}}' });
    expect(pickTokenAuthMethod(undefined)).toBe('client_secret_basic');
    expect(pickTokenAuthMethod(['client_secret_post', 'private_key_jwt'])).toBe('client_secret_post');
    expect(pickTokenAuthMethod(['client_secret_basic', 'client_secret_post'])).toBe('client_secret_basic');
  });
});

describe.each(databaseKinds())('oidc login on %s', (kind) => {
  let t: TestApp;
  let appOrigin: string;

  beforeAll(async () => {
    // Real time: the provider signs tokens and sets cookies against the real clock.
    t = await testApp(kind, { now: new Date().toISOString(), publicUrl: PUBLIC_URL, oidc: { issuer: provider.issuer, clientId: CLIENT.client_id, clientSecret: CLIENT.client_secret, label: 'ProConnect' } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    appOrigin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => { await t?.close(); });

  /** Start at Parcours, sign in at the provider with `login`, consent, and stop just before the callback. */
  async function signInAtProvider(browser: Browser, login: string): Promise<URL> {
    const start = await browser.request(new URL('/api/auth/oidc/start', appOrigin));
    expect(start.response.status).toBe(302);
    const authorize = new URL(start.response.headers.get('location')!);
    let page = await browser.follow(authorize);
    if (redirected(page.response)) return page.url; // provider session and consent remembered
    const loginForm = await formAction(page.response, page.url);
    page = await browser.follow(loginForm.action, { form: { prompt: 'login', login, password: 'peu-importe' } });
    if (redirected(page.response)) return page.url;
    const consentForm = await formAction(page.response, page.url);
    page = await browser.follow(consentForm.action, { form: { prompt: 'consent' } });
    expect(redirected(page.response)).toBe(true);
    return page.url;
  }

  it('advertises the login button', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/auth/options' });
    expect(r.json().oidc).toEqual({ label: 'ProConnect' });
  });

  it('redirects to the provider with PKCE S256, state and nonce, keeping the verifier in an HttpOnly cookie', async () => {
    const browser = new Browser(appOrigin);
    const { response } = await browser.request(new URL('/api/auth/oidc/start', appOrigin));
    expect(response.status).toBe(302);
    const url = new URL(response.headers.get('location')!);
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/api/auth/oidc/callback`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('scope')).toBe('openid email given_name usual_name');
    for (const p of ['state', 'nonce', 'code_challenge']) expect(url.searchParams.get(p)).toMatch(/^[\w-]{20,}$/);
    expect(url.searchParams.has('code_verifier')).toBe(false);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('parcours_oidc='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\/api\/auth\/oidc/);
  });

  it('signs a known agent in end to end, links the subject once, then finds the account by subject', async () => {
    const browser = new Browser(appOrigin);
    const callback = await signInAtProvider(browser, 'etat');
    const back = await browser.request(callback);
    expect(back.response.status).toBe(302);
    expect(back.response.headers.get('location')).toBe('/');
    const session = browser.cookie('parcours_session');
    expect(session).toBeDefined();
    const me = await fetch(new URL('/api/auth/me', appOrigin), { headers: { cookie: session! } });
    expect(me.status).toBe(200);
    const body = await me.json();
    expect(body.user.email).toBe('etat@parcours.test');
    expect(body.membership.organisation.kind).toBe('state');

    const { db } = t.ctx.database;
    const user = await db.selectFrom('users').select(['id', 'oidcSubject']).where('email', '=', 'etat@parcours.test').executeTakeFirstOrThrow();
    expect(user.oidcSubject).toBe('etat');
    const linked = await db.selectFrom('historyEvents').select(['action', 'actorUserId', 'changes'])
      .where('entityType', '=', 'user').where('entityId', '=', user.id).where('action', '=', 'oidc_linked').execute();
    expect(linked).toHaveLength(1);
    expect(linked[0].actorUserId).toBe(user.id);
    expect(JSON.parse(linked[0].changes)).toMatchObject({ issuer: provider.issuer, subject: 'etat', name: 'Étienne État' });

    // Replaying the same callback finds no flow cookie any more.
    const replay = await browser.request(callback);
    expect(replay.response.headers.get('location')).toBe('/connexion?erreur=oidc_echec');

    // Once linked, the subject is what counts, even if the address changed in Parcours.
    await db.updateTable('users').set({ email: 'etienne.etat@parcours.test' }).where('id', '=', user.id).execute();
    const again = await browser.request(await signInAtProvider(browser, 'etat'));
    expect(again.response.headers.get('location')).toBe('/');
    const me2 = await fetch(new URL('/api/auth/me', appOrigin), { headers: { cookie: browser.cookie('parcours_session')! } });
    expect((await me2.json()).user.email).toBe('etienne.etat@parcours.test');
    const count = await db.selectFrom('historyEvents').select('id').where('entityId', '=', user.id).where('action', '=', 'oidc_linked').execute();
    expect(count).toHaveLength(1);
  });

  it('refuses a person without a Parcours account, with an unverified e-mail, or without membership', async () => {
    const unknown = new Browser(appOrigin);
    const r1 = await unknown.request(await signInAtProvider(unknown, 'inconnu'));
    expect(r1.response.status).toBe(302);
    expect(r1.response.headers.get('location')).toBe('/connexion?erreur=oidc_inconnu');
    expect(unknown.cookie('parcours_session')).toBeUndefined();

    const unverified = new Browser(appOrigin);
    const r2 = await unverified.request(await signInAtProvider(unverified, 'nonverifie'));
    expect(r2.response.headers.get('location')).toBe('/connexion?erreur=oidc_inconnu');

    const admin = await t.login('admin@parcours.test');
    const created = await t.app.inject({ method: 'POST', url: '/api/users', headers: { cookie: admin }, payload: { email: 'orphelin@parcours.test', displayName: 'Odile Orphelin' } });
    expect(created.statusCode).toBe(201);
    const orphan = new Browser(appOrigin);
    const r3 = await orphan.request(await signInAtProvider(orphan, 'orphelin'));
    expect(r3.response.headers.get('location')).toBe('/connexion?erreur=oidc_sans_rattachement');
  });

  it('refuses a tampered state and a forged flow cookie', async () => {
    const browser = new Browser(appOrigin);
    const callback = await signInAtProvider(browser, 'etat');
    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${callback.searchParams.get('state')}x`);
    const r = await browser.request(tampered);
    expect(r.response.status).toBe(302);
    expect(r.response.headers.get('location')).toBe('/connexion?erreur=oidc_echec');
    expect(browser.cookie('parcours_session')).toBeUndefined();

    const forged = await t.app.inject({ method: 'GET', url: `/api/auth/oidc/callback${callback.search}`, cookies: { parcours_oidc: 'AAAA' } });
    expect(forged.statusCode).toBe(302);
    expect(forged.headers.location).toBe('/connexion?erreur=oidc_echec');
  });

  it('sends a user who cancels at the provider back with a code', async () => {
    const browser = new Browser(appOrigin);
    const start = await browser.request(new URL('/api/auth/oidc/start', appOrigin));
    const page = await browser.follow(new URL(start.response.headers.get('location')!));
    const html = await page.response.text();
    const cancel = /<a href="([^"]+\/abort)">/.exec(html)?.[1];
    expect(cancel).toBeDefined();
    const back = await browser.follow(new URL(cancel!, page.url));
    expect(back.url.pathname).toBe('/api/auth/oidc/callback');
    expect(back.url.searchParams.get('error')).toBe('access_denied');
    const r = await browser.request(back.url);
    expect(r.response.headers.get('location')).toBe('/connexion?erreur=oidc_refus');
  });
});

describe('oidc misconfigured or down', () => {
  it('answers 404 in French when OIDC is not configured', async () => {
    const t = await testApp('sqlite');
    try {
      for (const url of ['/api/auth/oidc/start', '/api/auth/oidc/callback?code=x&state=y']) {
        const r = await t.app.inject({ method: 'GET', url });
        expect(r.statusCode).toBe(404);
        expect(r.json().error).toMatchObject({ code: 'oidc_disabled', message: 'La connexion par ProConnect n’est pas activée sur cette plateforme.' });
      }
    } finally {
      await t.close();
    }
  });

  it('answers 503 in French when the provider is down, and recovers when it is back', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const t = await testApp('sqlite', { publicUrl: PUBLIC_URL, oidc: { issuer: `http://127.0.0.1:${port}`, clientId: 'parcours', clientSecret: 'x' } });
    try {
      const r = await t.app.inject({ method: 'GET', url: '/api/auth/oidc/start' });
      expect(r.statusCode).toBe(503);
      expect(r.json().error.code).toBe('oidc_unavailable');
      expect(r.json().error.message).toMatch(/momentanément indisponible/);
      const cb = await t.app.inject({ method: 'GET', url: '/api/auth/oidc/callback?code=x&state=y' });
      expect(cb.statusCode).toBe(302);
      expect(cb.headers.location).toBe('/connexion?erreur=oidc_echec');
    } finally {
      await t.close();
    }
  });
});
