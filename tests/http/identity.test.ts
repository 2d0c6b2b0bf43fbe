import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';

describe.each(databaseKinds())('identity on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => { t = await testApp(kind); });
  afterAll(async () => { await t?.close(); });

  it('answers health with the database kind', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'ok', database: kind });
  });

  it('logs in, tells who is connected, logs out', async () => {
    const cookie = await t.login('entreprise@parcours.test');
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().membership.organisation.kind).toBe('company');
    expect(me.json().capabilities).toContain('fileRequests');
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(200);
    const after = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.message).toMatch(/connecter/);
  });

  it('refuses a wrong password in French and throttles repeated failures', async () => {
    const bad = () => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'region@parcours.test', password: 'mauvais' } });
    const first = await bad();
    expect(first.statusCode).toBe(401);
    expect(first.json().error).toMatchObject({ field: 'password', message: 'Adresse électronique ou mot de passe incorrect.' });
    for (let i = 0; i < 9; i++) await bad();
    const blocked = await bad();
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.message).toMatch(/Trop de tentatives/);
  });

  it('rejects malformed JSON, wrong types and oversize bodies with 4xx', async () => {
    const malformed = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email":' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('malformed_json');
    const wrongType = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 42, password: true } });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.field).toBe('email');
    const huge = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'a@b.fr', password: 'x'.repeat(1_100_000) } });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.message).toMatch(/volumineux/);
  });

  it('lets only administrators manage organisations and users', async () => {
    const admin = await t.login('admin@parcours.test');
    const company = await t.login('entreprise2@parcours.test');
    const created = await t.app.inject({ method: 'POST', url: '/api/organisations', headers: { cookie: admin }, payload: { kind: 'company', name: 'Lunetterie du Jura', siret: '38412345600012', departement: '39' } });
    expect(created.statusCode).toBe(201);
    const forbidden = await t.app.inject({ method: 'POST', url: '/api/organisations', headers: { cookie: company }, payload: { kind: 'company', name: 'Autre société', siret: '38412345600012' } });
    expect(forbidden.statusCode).toBe(403);
    const badSiret = await t.app.inject({ method: 'POST', url: '/api/organisations', headers: { cookie: admin }, payload: { kind: 'company', name: 'Société Y', siret: '38412345600013' } });
    expect(badSiret.statusCode).toBe(400);
    expect(badSiret.json().error.field).toBe('siret');
    const withArea = await t.app.inject({ method: 'PATCH', url: `/api/organisations/${created.json().id}`, headers: { cookie: admin }, payload: { employmentArea: 'saint-claude', version: 1 } });
    expect(withArea.json()).toMatchObject({ employmentArea: 'saint-claude', version: 2 });
    const badArea = await t.app.inject({ method: 'PATCH', url: `/api/organisations/${created.json().id}`, headers: { cookie: admin }, payload: { employmentArea: 'Saint Claude', version: 2 } });
    expect(badArea.statusCode).toBe(400);
    expect(badArea.json().error).toMatchObject({ field: 'employmentArea', issues: [{ path: 'employmentArea', message: expect.stringMatching(/Zone d’emploi inconnue/) }] });
    const areas = await t.app.inject({ method: 'GET', url: '/api/reference/employment-areas?departement=39', headers: { cookie: company } });
    expect(areas.json().items.slice(0, 3).map((a: { code: string }) => a.code).sort()).toEqual(['dole', 'lons-le-saunier', 'saint-claude']);
    expect(areas.json().items).toHaveLength(9);
    expect((await t.app.inject({ method: 'GET', url: '/api/reference/employment-areas' })).statusCode).toBe(401);
    // A company never lists other companies.
    const seen = await t.app.inject({ method: 'GET', url: '/api/organisations?kind=company&pageSize=100', headers: { cookie: company } });
    expect(seen.json().items.map((o: any) => o.name)).toEqual(['Plastiques du Haut-Jura']);
    const other = await t.app.inject({ method: 'GET', url: `/api/organisations/${created.json().id}`, headers: { cookie: company } });
    expect(other.statusCode).toBe(404);
    const users = await t.app.inject({ method: 'GET', url: '/api/users', headers: { cookie: company } });
    expect(users.statusCode).toBe(403);
  });

  it('sorts names in French order, accents folded', async () => {
    const admin = await t.login('admin@parcours.test');
    for (const name of ['Électricité du Jura', 'Eaux de Besançon', 'Fonderie de Vesoul', 'Œuvres sociales du Doubs', 'Zinguerie de Morteau']) {
      await t.app.inject({ method: 'POST', url: '/api/organisations', headers: { cookie: admin }, payload: { kind: 'training_provider', name } });
    }
    const r = await t.app.inject({ method: 'GET', url: '/api/organisations?kind=training_provider&sort=name&pageSize=200', headers: { cookie: admin } });
    const names = r.json().items.map((o: any) => o.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b, 'fr')));
    expect(names.indexOf('Électricité du Jura')).toBeLessThan(names.indexOf('Fonderie de Vesoul'));
  });

  it('detects concurrent edits of an organisation with a version check', async () => {
    const admin = await t.login('admin@parcours.test');
    const id = await t.orgId('Région Franche-Comté');
    const first = await t.app.inject({ method: 'PATCH', url: `/api/organisations/${id}`, headers: { cookie: admin }, payload: { version: 1, address: '4 square Castan, Besançon' } });
    expect(first.statusCode).toBe(200);
    const second = await t.app.inject({ method: 'PATCH', url: `/api/organisations/${id}`, headers: { cookie: admin }, payload: { version: 1, address: 'autre' } });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.field).toBe('version');
  });

  it('publishes an OpenAPI 3 document', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(r.statusCode).toBe(200);
    expect(r.json().openapi).toMatch(/^3\./);
    expect(Object.keys(r.json().paths)).toContain('/api/auth/login');
  });
});
