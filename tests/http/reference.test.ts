import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';

describe.each(databaseKinds())('reference API on %s', (kind) => {
  let t: TestApp;
  const get = async (url: string, email = 'lecteur@parcours.test') =>
    t.app.inject({ method: 'GET', url, headers: { cookie: await t.login(email) } });

  beforeAll(async () => { t = await testApp(kind); });
  afterAll(async () => { await t?.close(); });

  it('is for signed-in users only', async () => {
    for (const url of ['/api/reference/naf?q=25', '/api/reference/naf/2932Z', '/api/reference/rome', '/api/reference/funders', '/api/reference/departements']) {
      expect((await t.app.inject({ method: 'GET', url })).statusCode, url).toBe(401);
    }
  });

  it('searches NAF codes by code (with or without the dot) or by label, whatever the case', async () => {
    const byCode = (await get('/api/reference/naf?q=25.62')).json().items;
    expect(byCode.map((n: any) => n.formattedCode)).toEqual(['25.62A', '25.62B']);
    expect(byCode[0]).toEqual({ code: '2562A', formattedCode: '25.62A', label: 'Décolletage', division: '25', section: 'C', sectionLabel: expect.stringMatching(/manufacturière/) });
    expect((await get('/api/reference/naf?q=2562')).json().items).toHaveLength(2);

    const byLabel = (await get('/api/reference/naf?q=ÉQUIPEMENTS AUTOMOBILES')).json().items.map((n: any) => n.code);
    expect(byLabel).toContain('2932Z');
    const lower = (await get('/api/reference/naf?q=automobiles')).json().items.map((n: any) => n.code);
    expect(lower).toContain('2932Z');
    expect((await get('/api/reference/naf?q=fabrication&limit=5')).json().items).toHaveLength(5);
    expect((await get('/api/reference/naf?q=%25')).json().items).toHaveLength(20);
    expect((await get('/api/reference/naf?q=zzzzzz')).json().items).toEqual([]);
    const tooMany = await get('/api/reference/naf?limit=1000');
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.field).toBe('limit');
  });

  it('reads one NAF code, typed either way', async () => {
    for (const code of ['29.32Z', '2932Z', '29.32z']) {
      const r = await get(`/api/reference/naf/${code}`);
      expect(r.statusCode, code).toBe(200);
      expect(r.json()).toMatchObject({ code: '2932Z', formattedCode: '29.32Z', section: 'C', label: 'Fabrication d\'autres équipements automobiles' });
    }
    expect((await get('/api/reference/naf/99.99Z')).statusCode).toBe(404);
  });

  it('searches ROME jobs', async () => {
    const usinage = (await get('/api/reference/rome?q=usinage')).json().items;
    expect(usinage).toContainEqual({ code: 'H2903', label: 'Conduite d\'équipement d\'usinage' });
    expect((await get('/api/reference/rome?q=h29')).json().items.every((r: any) => r.code.startsWith('H29'))).toBe(true);
    expect((await get('/api/reference/rome?limit=3')).json().items).toHaveLength(3);
  });

  it('lists funders with their French labels and the 101 départements, Franche-Comté first in mind', async () => {
    const funders = (await get('/api/reference/funders', 'entreprise@parcours.test')).json().items;
    expect(funders).toContainEqual({ code: 'OPCA', label: 'OPCA / OPCO' });
    expect(funders.map((f: any) => f.code)).toEqual(['OPCA', 'STATE', 'FSE', 'REGION', 'FPSPP', 'FAFTT', 'POLE_EMPLOI', 'COMPANY']);

    const departements = (await get('/api/reference/departements')).json();
    expect(departements.items).toHaveLength(101);
    expect(new Set(departements.items.map((d: any) => d.code)).size).toBe(101);
    expect(departements.francheComte).toEqual(['25', '39', '70', '90']);
    expect(departements.items.filter((d: any) => d.isFrancheComte).map((d: any) => d.name)).toEqual(['Doubs', 'Jura', 'Haute-Saône', 'Territoire de Belfort']);
    expect(departements.items.find((d: any) => d.code === '2A')).toMatchObject({ name: 'Corse-du-Sud', region: 'Corse' });
    expect(departements.items.at(-1)).toMatchObject({ code: '976', name: 'Mayotte' });
  });
});
