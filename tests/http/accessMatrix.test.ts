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
const PUBLIC = new Set(['POST /api/auth/login', 'POST /api/auth/logout', 'GET /api/health', 'GET /api/auth/options', 'GET /api/auth/oidc/start', 'GET /api/auth/oidc/callback']);

describe.each(databaseKinds())('access matrix on %s', (kind) => {
  let t: TestApp;
  let routes: { method: string; path: string }[];
  let foreignRequestId: number;

  beforeAll(async () => {
    t = await testApp(kind);
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    routes = Object.entries(spec.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)).map((m) => ({ method: m.toUpperCase(), path })));
    // A submitted request of the other company, with the ids a malicious user would try.
    const other = await t.login('entreprise2@parcours.test');
    const created = await t.app.inject({ method: 'POST', url: '/api/requests', headers: { cookie: other }, payload: await sampleDraft(t, { company: { name: 'Plastiques du Haut-Jura', siret: '55210055400013', nafCode: '22.29A', idcc: '0292', headcount: 45, departement: '39' } }) });
    foreignRequestId = created.json().id;
  });
  afterAll(async () => { await t?.close(); });

  const urlOf = (path: string) => path.replace(/\{[^}]+\}/g, (name) => (name === '{entityType}' ? 'organisation' : String(foreignRequestId)));

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

  it('never answers 500, and never lets another company read or change its records', async () => {
    for (const user of demoUsers) {
      const cookie = await t.login(user.email);
      for (const route of routes) {
        if (route.path.startsWith('/api/auth/')) continue;
        const url = urlOf(route.path);
        const r = await t.app.inject({ method: route.method as any, url, headers: { cookie }, ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: { version: 1 } }) });
        expect(r.statusCode, `${user.email} ${route.method} ${url}: ${r.body.slice(0, 200)}`).toBeLessThan(500);
        const touchesForeignRequest = /\/api\/requests\/\{id\}/.test(route.path);
        if (touchesForeignRequest && user.organisation === 'company') {
          expect([403, 404, 400], `${user.email} ${route.method} ${url}`).toContain(r.statusCode);
        }
      }
    }
  });
});
