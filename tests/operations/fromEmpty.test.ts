import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTE_ONE_CSV } from '../../src/demo/acteOneHistory.js';
import { buildApp, type Api } from '../../src/platform/http/app.js';
import type { AppContext } from '../../src/platform/http/context.js';
import { drainJobs } from '../../src/platform/outbox/jobs.js';
import { registerJobs } from '../../src/server/jobs.js';
import { routeModules } from '../../src/server/modules.js';
import { IMPORT_HEADERS } from '../../src/weeklyCell/import/layout.js';
import { databaseKinds } from '../support/databases.js';
import { cliPlace, type CliPlace } from './support.js';

const ADMIN = { email: 'chef@cellule.fr', password: 'un-mot-de-passe-solide' };

function multipart(filename: string, content: Buffer) {
  const boundary = `----parcours${Math.random().toString(16).slice(2)}`;
  return {
    payload: Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n`),
      content, Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** A partner's own history file, as it would type it: two Acte II requests, one settled with the State's payment. */
function ownFile(): Buffer {
  const rows: Record<string, string>[] = [
    {
      'Référence': 'HIST-2011-01', 'Code dispositif': 'ACTE2-AXE1', 'Raison sociale': 'Lunetterie de Morez', 'SIRET': '40483304800022', 'Code NAF': '32.50B',
      'Effectif': '85', 'Département': '39', 'Zone emploi': 'Saint-Claude', 'OPCA de rattachement': 'AGEFOS PME Franche-Comté', 'Date de décision': '13/01/2011',
      'Statut': 'soldée', 'Stagiaires': '30', 'Heures de formation': '1050', 'Coût pédagogique': '20 000,00', 'Coût salarial': '10 000,00',
      'Accordé OPCA': '15 000,00', 'Accordé État': '6 000,00', 'Accordé Région': '3 000,00', 'Accordé Entreprise': '6 000,00',
      'Versé OPCA': '15 000,00', 'Versé État': '6 000,00', 'Versé Région': '3 000,00', 'Date du solde': '30/09/2011',
    },
    {
      'Référence': 'HIST-2011-02', 'Code dispositif': 'ACTE2-AXE1', 'Raison sociale': 'Décolletage de Cluses-sur-Doubs', 'SIRET': '73282932000090', 'Code NAF': '25.62A',
      'Effectif': '40', 'Département': '25', 'OPCA de rattachement': 'OPCAIM (métallurgie)', 'Date de décision': '10/02/2011',
      'Statut': 'accordée', 'Stagiaires': '12', 'Heures de formation': '420', 'Coût pédagogique': '8 000,00', 'Coût salarial': '4 000,00',
      'Accordé OPCA': '6 000,00', 'Accordé État': '3 000,00', 'Accordé Entreprise': '3 000,00',
    },
  ];
  return Buffer.from(`${[IMPORT_HEADERS.join(';'), ...rows.map((r) => IMPORT_HEADERS.map((h) => r[h] ?? '').join(';'))].join('\r\n')}\r\n`, 'utf8');
}

describe.each(databaseKinds())('from an empty database to the plenary report on %s', (kind) => {
  let place: CliPlace;
  let app: Api;
  let ctx: AppContext;
  const sessions = new Map<string, string>();
  const login = async (email: string, password: string) => {
    if (sessions.has(email)) return sessions.get(email)!;
    const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
    expect(response.statusCode, response.body).toBe(200);
    const cookie = `parcours_session=${response.cookies.find((c) => c.name === 'parcours_session')!.value}`;
    sessions.set(email, cookie);
    return cookie;
  };
  const as = async (email: string, password = ADMIN.password) => ({ cookie: await login(email, password) });
  const upload = async (url: string, filename: string, content: Buffer) => {
    const body = multipart(filename, content);
    return app.inject({ method: 'POST', url, payload: body.payload, headers: { ...body.headers, ...(await as(ADMIN.email)) } });
  };

  beforeAll(async () => {
    place = await cliPlace(kind);
    expect((await place.run(['migrate'])).code).toBe(0);
    registerJobs();
    ctx = { database: place.open(), clock: { now: () => new Date() }, config: { publicUrl: 'http://localhost:3000', secureCookies: false, sessionHours: 10 } };
    app = await buildApp(ctx, routeModules);
  });
  afterAll(async () => {
    await app?.close();
    await place?.close();
  });

  it('starts with nobody and nothing: no account signs in', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN });
    expect(response.statusCode).toBe(401);
    const organisations = await ctx.database.db.selectFrom('organisations').select('id').execute();
    expect(organisations).toEqual([]);
  });

  it('lets the first administrator, created on the command line, sign in and see the import refused until the partnership is configured', async () => {
    const created = await place.run(['first-admin', '--email', ADMIN.email, '--name', 'Camille Cheffe', '--password-stdin'], { stdin: ADMIN.password });
    expect(created.code, created.err).toBe(0);
    const me = (await app.inject({ url: '/api/auth/me', headers: await as(ADMIN.email) })).json();
    expect(me.capabilities).toContain('administerPlatform');

    // docs/import-format.md: measures, training funds and paying organisations must exist first.
    const check = await upload('/api/imports/funding-requests/check', 'acte1-historique.csv', fs.readFileSync(ACTE_ONE_CSV));
    expect(check.statusCode).toBe(200);
    expect(check.json().ok).toBe(false);
    expect(check.json().errors.map((e: { message: string }) => e.message).join('\n')).toContain('ACTE1-CELLULE');
  });

  it('configures the seed partnership with the pack, then the administrator adds organisations and accounts', async () => {
    const loaded = await place.run(['config', 'load-seed']);
    expect(loaded.code, loaded.err).toBe(0);
    const programmes = (await app.inject({ url: '/api/programmes', headers: await as(ADMIN.email) })).json();
    expect(programmes.items.map((p: { code: string }) => p.code).sort()).toEqual(['ACTE1', 'ACTE2']);

    const plenary = await app.inject({ method: 'POST', url: '/api/organisations', headers: await as(ADMIN.email), payload: { kind: 'social_partner', name: 'Conférence plénière', departement: '25' } });
    expect(plenary.statusCode, plenary.body).toBe(201);
    const reader = await app.inject({
      method: 'POST', url: '/api/users', headers: await as(ADMIN.email),
      payload: { email: 'lecteur@pleniere.fr', displayName: 'Léa Lectrice', password: 'lecture-des-bilans', membership: { organisationId: plenary.json().id, role: 'reader' } },
    });
    expect(reader.statusCode, reader.body).toBe(201);
    const state = await ctx.database.db.selectFrom('organisations').select('id').where('name', '=', 'DIRECCTE Franche-Comté').executeTakeFirstOrThrow();
    const instructor = await app.inject({
      method: 'POST', url: '/api/users', headers: await as(ADMIN.email),
      payload: { email: 'etat@direccte.fr', displayName: 'Étienne Instructeur', password: 'instruire-les-dossiers-2026', membership: { organisationId: state.id, role: 'instructor' } },
    });
    expect(instructor.statusCode, instructor.body).toBe(201);
    const meInstructor = (await app.inject({ url: '/api/auth/me', headers: await as('etat@direccte.fr', 'instruire-les-dossiers-2026') })).json();
    expect(meInstructor.capabilities).toContain('instruct');
  });

  it('imports the project’s Acte I sample and a partner’s own file through the background import', async () => {
    for (const [filename, content, expected] of [['acte1-historique.csv', fs.readFileSync(ACTE_ONE_CSV), 72], ['historique-acte2.csv', ownFile(), 2]] as const) {
      const check = await upload('/api/imports/funding-requests/check', filename, content);
      expect(check.json().errors).toEqual([]);
      const started = await upload('/api/imports/funding-requests', filename, content);
      expect(started.statusCode, started.body).toBe(202);
      await drainJobs(ctx);
      const job = (await app.inject({ url: `/api/jobs/${started.json().jobId}`, headers: await as(ADMIN.email) })).json();
      expect(job.status, JSON.stringify(job.result ?? job.error)).toBe('done');
      expect(job.result.imported).toBe(expected);
    }
  });

  it('gives the plenary reader the Acte I report with the seed’s figures, and Acte II with the partner’s', async () => {
    const reader = await as('lecteur@pleniere.fr', 'lecture-des-bilans');
    const programmes = (await app.inject({ url: '/api/programmes', headers: reader })).json().items as { id: number; code: string }[];
    const report = (code: string) => app.inject({ url: `/api/programmes/${programmes.find((p) => p.code === code)!.id}/report`, headers: reader });
    const acte1 = (await report('ACTE1')).json();
    expect(acte1).toMatchObject({ secret: false, companiesHelped: 72, employeesTrained: 10_748, trainingHours: 366_513, totalCostCents: 15_000_000_00, remainderCents: 0 });
    const funder = (f: string) => acte1.byFunder.find((b: { funder: string }) => b.funder === f)?.amountCents;
    expect([funder('OPCA'), funder('STATE') + funder('FSE'), funder('REGION'), funder('COMPANY')]).toEqual([6_450_000_00, 3_300_000_00, 1_950_000_00, 3_300_000_00]);
    const acte2 = (await report('ACTE2')).json();
    // Two companies only: the statistical secret hides the programme's figures.
    expect(acte2).toMatchObject({ secret: true });
    expect(acte2).not.toHaveProperty('companiesHelped');

    const exported = await app.inject({ url: `/api/programmes/${programmes.find((p) => p.code === 'ACTE1')!.id}/report/export?format=csv`, headers: reader });
    expect(exported.body).toContain('Entreprises aidées;72');
    expect(exported.body).toContain('15000000,00');
  });

  it('leaves a database the integrity check finds sound', async () => {
    const run = await place.run(['verify']);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
  });
});
