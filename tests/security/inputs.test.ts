import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';

interface Operation { method: string; path: string; parameters: { name: string; in: string }[] }

/** Every documented operation of the API, from its OpenAPI description. */
export async function operations(t: TestApp): Promise<Operation[]> {
  const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  return Object.entries(spec.paths as Record<string, Record<string, { parameters?: Operation['parameters'] }>>)
    .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, parameters: op.parameters ?? [] })));
}

const TOO_BIG = '2147483648';
const withIds = (path: string, id: string) => path.replace(/\{[^}]+\}/g, id);

describe.each(databaseKinds())('no 500 from input on %s', (kind) => {
  let t: TestApp;
  let cookie: string;
  beforeAll(async () => {
    t = await testApp(kind);
    cookie = await t.login('admin@parcours.test');
  });
  afterAll(async () => { await t.close(); });

  it('looks sort keys up as own properties on every list and export, before the first byte', async () => {
    const sortable = (await operations(t)).filter((op) => op.method === 'GET' && op.parameters.some((p) => p.name === 'sort'));
    expect(sortable.length).toBeGreaterThanOrEqual(8);
    for (const op of sortable) {
      for (const sort of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
        const response = await t.app.inject({ method: 'GET', url: `${withIds(op.path, '1')}?sort=${sort}`, headers: { cookie } });
        expect(response.statusCode, `${op.path} sort=${sort}`).toBeLessThan(500);
        if (response.statusCode === 400) expect(response.json().error.field).toBe('sort');
        // An export refused for its sort says so in JSON, not with the headers of a file.
        if (op.path.endsWith('/export')) expect(response.headers['content-disposition'], op.path).toBeUndefined();
      }
    }
  });

  it('answers ids past the integer range with 400 or 404, in paths, queries and bodies', async () => {
    for (const op of (await operations(t)).filter((o) => o.path.includes('{'))) {
      const response = await t.app.inject({ method: op.method as 'GET', url: withIds(op.path, TOO_BIG), headers: { cookie }, ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { payload: {} }) });
      expect([400, 403, 404], `${op.method} ${op.path}`).toContain(response.statusCode);
    }
    for (const url of [`/api/users?organisationId=${TOO_BIG}`, `/api/funding-requests?measureId=${TOO_BIG}`, `/api/tutors?companyId=${TOO_BIG}`, `/api/programmes/1/report?measureId=${TOO_BIG}`]) {
      const response = await t.app.inject({ method: 'GET', url, headers: { cookie } });
      expect([400, 404], url).toContain(response.statusCode);
    }
    const body = await t.app.inject({ method: 'POST', url: '/api/auth/membership', headers: { cookie }, payload: { membershipId: Number(TOO_BIG) } });
    expect(body.statusCode).toBe(400);
    expect(body.json().error.issues[0]).toMatchObject({ path: 'membershipId', message: 'Identifiant invalide.' });
  });

  it('refuses NUL characters in paths, query strings and bodies with one French 400', async () => {
    const query = await t.app.inject({ method: 'GET', url: '/api/organisations?q=a%00b', headers: { cookie } });
    expect(query.statusCode).toBe(400);
    expect(query.json().error).toMatchObject({ field: 'query.q', message: 'Le caractère NUL (\\0) n’est pas accepté dans les données envoyées.' });
    const body = await t.app.inject({ method: 'POST', url: '/api/organisations', headers: { cookie }, payload: { kind: 'company', name: 'Forges\u0000' } });
    expect(body.statusCode).toBe(400);
    expect(body.json().error.field).toBe('name');
    const key = await t.app.inject({ method: 'POST', url: '/api/organisations', headers: { cookie, 'content-type': 'application/json' }, payload: '{"kind":"company","na\\u0000me":"x"}' });
    expect(key.statusCode).toBe(400);
  });

  it('answers numbers past their column’s range with 400 and a French message', async () => {
    const org = await t.app.inject({ method: 'GET', url: '/api/organisations?pageSize=1', headers: { cookie } });
    const first = org.json().items[0];
    const response = await t.app.inject({ method: 'PATCH', url: `/api/organisations/${first.id}`, headers: { cookie }, payload: { version: 2 ** 40, name: 'Nouveau nom' } });
    expect([400, 409]).toContain(response.statusCode);
    const page = await t.app.inject({ method: 'GET', url: '/api/organisations?page=1e300', headers: { cookie } });
    expect(page.statusCode).toBe(400);
  });
});
