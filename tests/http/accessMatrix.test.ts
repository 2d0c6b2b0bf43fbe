import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUsers } from '../../src/demo/organisations.js';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';
import { sampleDraft } from '../support/requests.js';

/**
 * Every route of the OpenAPI document, tried anonymously and with every demo role,
 * with the ids of records that belong to another organisation: nothing answers 500,
 * nothing but the public routes answers an anonymous caller, and no company reads or
 * changes another company's records.
 */
const PUBLIC = new Set(['POST /api/auth/login', 'POST /api/auth/logout', 'GET /api/health', 'GET /api/health/live', 'GET /api/health/ready', 'GET /api/auth/options', 'GET /api/auth/oidc/start', 'GET /api/auth/oidc/callback']);

describe.each(databaseKinds())('access matrix on %s', (kind) => {
  let t: TestApp;
  let routes: { method: string; path: string }[];
  let foreignRequestId: number;
  let foreignItemId: number;
  let foreignActionId: number;
  let validBodies: Record<string, unknown>;

  beforeAll(async () => {
    t = await testApp(kind);
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    routes = Object.entries(spec.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)).map((m) => ({ method: m.toUpperCase(), path })));
    // A submitted request of the other company, with the ids a malicious user would try.
    const other = await t.login('entreprise2@parcours.test');
    const plastics = { name: 'Plastiques du Haut-Jura', siret: '55210055400013', nafCode: '22.29A', idcc: '0292', headcount: 45, departement: '39' };
    const created = (await t.app.inject({ method: 'POST', url: '/api/requests', headers: { cookie: other }, payload: await sampleDraft(t, { company: plastics }) })).json();
    foreignRequestId = created.id;
    foreignActionId = created.actions[0].id;
    // Submitted and asked about, so that its partners, its thread and its questions exist.
    const submitted = (await t.app.inject({ method: 'POST', url: `/api/requests/${created.id}/submit`, headers: { cookie: other }, payload: { version: created.version } })).json();
    const asked = (await t.app.inject({ method: 'POST', url: `/api/requests/${created.id}/information-requests`, headers: { cookie: await t.login('etat@parcours.test') }, payload: { reason: 'Joignez l’autorisation d’activité partielle.', version: submitted.version } })).json();
    foreignItemId = asked.informationRequests[0].id;
    // Bodies every request route would accept from its rightful user: a refusal can only come from authorisation.
    const version = 1;
    validBodies = {
      'PUT /api/requests/{id}': { ...(await sampleDraft(t)), version },
      'POST /api/requests/{id}/submit': { version },
      // Its version travels in the query string (?version=), checked after the policy.
      'DELETE /api/requests/{id}': {},
      'POST /api/requests/{id}/withdraw': { version, motivation: 'Projet abandonné.' },
      'POST /api/requests/{id}/opinions': { verdict: 'favourable', comment: '' },
      'POST /api/requests/{id}/information-requests': { version, reason: 'Précisez le calendrier des sessions.' },
      'POST /api/requests/{id}/information-requests/{itemId}/answer': { version, answer: 'Autorisation jointe.' },
      'POST /api/requests/{id}/messages': { body: 'Vu.' },
      'POST /api/requests/{id}/thread': { body: 'Bonjour.' },
      // The form is multipart: what matters here is that a non-party is refused before it is read.
      'POST /api/requests/{id}/documents': { stage: 'information', label: 'Plan de formation signé' },
      'DELETE /api/requests/{id}/documents/{documentId}': {},
      'POST /api/requests/{id}/realisation': { version, actions: [{ actionId: foreignActionId, realisedTrainees: 1, realisedHours: 10, realisedTeachingCostCents: 100_000 }] },
      'POST /api/requests/{id}/payments': { funder: 'OPCA', amountCents: 100, paidOn: '2010-06-01', reference: 'MANDAT-1' },
      'POST /api/requests/{id}/settle': { version, motivation: 'Solde anticipé.' },
      'PUT /api/requests/{id}/deadlines/opinion': { organisationId: submitted.partners[0].organisationId, dueOn: '2010-12-31', reason: 'Séance reportée d’une semaine.' },
    };
  });
  afterAll(async () => { await t?.close(); });

  const urlOf = (path: string) => path.replace(/\{[^}]+\}/g, (name) => (name === '{entityType}' ? 'organisation' : name === '{itemId}' ? String(foreignItemId) : String(foreignRequestId)));

  it('answers 401 to anonymous callers on every non-public route', async () => {
    expect(routes.length).toBeGreaterThan(30);
    for (const route of routes) {
      if (PUBLIC.has(`${route.method} ${route.path}`)) continue;
      const r = await t.app.inject({ method: route.method as any, url: urlOf(route.path), ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }) });
      expect([401, 400, 404, 415], `${route.method} ${route.path} → ${r.statusCode}`).toContain(r.statusCode);
      expect(r.statusCode, `${route.method} ${route.path}`).not.toBe(200);
      expect(r.json().error.message, `${route.method} ${route.path}`).toMatch(/[a-zé]/);
    }
  });

  it('has a valid body for every write on a request', () => {
    const writes = routes.filter((r) => r.method !== 'GET' && /^\/api\/requests\/\{id\}/.test(r.path)).map((r) => `${r.method} ${r.path}`);
    expect(writes.filter((w) => !(w in validBodies))).toEqual([]);
  });

  it('lets every signed-in user read the branch → fund table and only administrators add to it', async () => {
    const period = { idcc: '9999', branch: 'Branche d’essai', fund: 'OPCO d’essai', validFrom: '2030-01-01' };
    for (const user of demoUsers) {
      const cookie = await t.login(user.email);
      const read = await t.app.inject({ method: 'GET', url: '/api/reference/idcc-funds?idcc=9999', headers: { cookie } });
      expect(read.statusCode, user.email).toBe(200);
      const write = await t.app.inject({ method: 'POST', url: '/api/reference/idcc-funds', headers: { cookie }, payload: period });
      const administrator = user.organisation === 'secretariat' && user.role === 'administrator';
      expect(write.statusCode, `${user.email} ${write.body.slice(0, 200)}`).toBe(administrator ? 201 : 403);
    }
    const cookie = await t.login('lecteur@parcours.test');
    expect((await t.app.inject({ method: 'GET', url: '/api/reference/idcc-funds?idcc=9999', headers: { cookie } })).json().total).toBe(1);
  });

  it('never answers 500, and never lets another company read or change its records', async () => {
    for (const user of demoUsers) {
      const cookie = await t.login(user.email);
      for (const route of routes) {
        if (route.path.startsWith('/api/auth/')) continue;
        const url = urlOf(route.path);
        const key = `${route.method} ${route.path}`;
        const payload = route.method === 'GET' || route.method === 'DELETE' ? undefined : validBodies[key] ?? { version: 1 };
        const r = await t.app.inject({ method: route.method as any, url, headers: { cookie }, ...(payload ? { payload: payload as object } : {}) });
        expect(r.statusCode, `${user.email} ${route.method} ${url}: ${r.body.slice(0, 200)}`).toBeLessThan(500);
        // Whoever is not a party to the other company's request is refused by authorisation, never by validation.
        const party = ['company2', 'state', 'opcaim', 'secretariat'].includes(user.organisation);
        if (/^\/api\/requests\/\{id\}/.test(route.path) && !party) {
          expect([403, 404], `${user.email} ${key} → ${r.statusCode} ${r.body.slice(0, 200)}`).toContain(r.statusCode);
        }
      }
    }
  });
});
