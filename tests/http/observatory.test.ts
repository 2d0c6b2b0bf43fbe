import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createDatabase } from '../../src/platform/db/database.js';
import { pdfText } from '../../src/platform/documents/pdfText.js';
import { drainJobs } from '../../src/platform/outbox/jobs.js';
import { produceDigest } from '../../src/observatory/alerts.js';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';

const ADMIN = 'admin@parcours.test';
const READER = 'lecteur@parcours.test';
const SECRETARIAT = 'secretariat@parcours.test';
const STATE = 'etat@parcours.test';
const COMPANY = 'entreprise@parcours.test';

function multipart(filename: string, content: Buffer) {
  const boundary = `----obs${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    content, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const BMO_HEADERS = ['annee', 'Code métier BMO', 'Nom métier BMO', 'Famille_met', 'Lbl_fam_met', 'REG', 'NOM_REG', 'Dept', 'NomDept', 'BE25', 'NOMBE25', 'met', 'xmet', 'smet'];
const bmoRow = (year: number, fap: string, label: string, dept: string, bassin: string, met: string, xmet: string, smet: string) =>
  [String(year), fap, label, fap[0], 'Famille', '27', 'Bourgogne-Franche-Comté', dept, 'Département', `${dept}01`, bassin, met, xmet, smet];

/** A BMO open-data workbook as France Travail publishes it: one sheet named after the year. */
async function bmoWorkbook(year: number, rows: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(`BMO_${year}_open_data`);
  sheet.addRow(BMO_HEADERS);
  for (const r of rows) sheet.addRow(r.map((v, i) => (i >= 11 && /^\d+$/.test(v) ? Number(v) : v)));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const csv = (headers: string[], rows: (string | number)[][]) => Buffer.from(`\uFEFF${[headers, ...rows].map((r) => r.join(';')).join('\r\n')}\r\n`);

function textOfCompressedPdf(pdf: Buffer): string {
  return pdfText(pdf).replace(/\u00a0/g, ' ');
}

describe.each(databaseKinds())('observatoire (Acte III) sur %s', (kind) => {
  let t: TestApp;
  const call = async (email: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { cookie: await t.login(email) }, ...(payload !== undefined ? { payload: payload as any } : {}) });
  const upload = async (email: string, dataset: string, filename: string, content: Buffer, check = false) => {
    const body = multipart(filename, content);
    return t.app.inject({ method: 'POST', url: `/api/observatory/imports/${dataset}${check ? '/check' : ''}`, payload: body.payload, headers: { ...body.headers, cookie: await t.login(email) } });
  };
  const importFile = async (dataset: string, filename: string, content: Buffer) => {
    const started = await upload(ADMIN, dataset, filename, content);
    expect(started.statusCode, started.body).toBe(202);
    await drainJobs(t.ctx);
    return (await call(ADMIN, 'GET', `/api/jobs/${started.json().jobId}`)).json();
  };

  beforeAll(async () => { t = await testApp(kind, { now: '2014-03-03T08:00:00.000Z' }); }, 120_000);
  afterAll(async () => { await t?.close(); });

  it('ouvre la vue d’ensemble à la plénière et aux partenaires, pas aux entreprises', async () => {
    const overview = await call(READER, 'GET', '/api/observatory');
    expect(overview.statusCode).toBe(200);
    expect(overview.json()).toMatchObject({ year: 2013, years: [2010, 2011, 2012, 2013], synthetic: true, may: { write: false, importData: false } });
    expect((await call(STATE, 'GET', '/api/observatory')).json().may).toEqual({ write: true, importData: false });
    for (const url of ['/api/observatory', '/api/observatory/areas/morteau/tension', '/api/observatory/areas/morteau/paradox', '/api/observatory/areas/morteau/ways-out', '/api/observatory/border', '/api/observatory/watchlist', '/api/observatory/alerts', '/api/observatory/tension/export?area=morteau']) {
      const refused = await call(COMPANY, 'GET', url);
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json().error.message).toMatch(/Votre rôle ne vous permet pas/);
    }
    expect((await t.app.inject({ url: '/api/observatory' })).statusCode).toBe(401);
  });

  it('montre pour Belfort-Montbéliard les débouchés en tension des métiers de l’automobile', async () => {
    const view = (await call(READER, 'GET', '/api/observatory/areas/belfort-montbeliard-hericourt/ways-out')).json();
    const assembly = view.jobs.find((j: any) => j.rome === 'H2909');
    expect(assembly.label).toBe('Montage-assemblage mécanique');
    const ranked = assembly.targets.map((x: any) => x.tension).filter((x: number | null) => x !== null);
    expect(ranked).toEqual([...ranked].sort((a, b) => b - a));
    expect(assembly.targets.find((x: any) => x.target === 'H2912')).toMatchObject({ isWayOut: true, fapLabel: 'Régleurs' });
    expect(view.dependency.length).toBeGreaterThan(0);
    expect(view.dependency.every((d: any) => d.companiesBp === null || (d.companiesBp >= 0 && d.companiesBp <= 10000))).toBe(true);
  });

  it('montre les métiers en paradoxe de Morteau et ce qui a déjà été financé pour eux', async () => {
    const view = (await call(READER, 'GET', '/api/observatory/areas/morteau/paradox')).json();
    expect(view.rows.length).toBeGreaterThan(0);
    for (const r of view.rows) {
      expect(r.difficultShareBp).toBeGreaterThanOrEqual(view.thresholds.minDifficultBp);
      expect(r.seekersA).toBeGreaterThanOrEqual(view.thresholds.minSeekers);
    }
    const fitters = view.rows.find((r: any) => r.fap === 'D4Z40');
    // The car-parts makers of Morteau (29.32Z) had trainings financed in Acte I: their sector hires fitters (H2909).
    expect(fitters.financed.requests).toBeGreaterThan(0);
    expect(fitters.financed.committedCents).toBeGreaterThan(0);
  });

  it('importe un fichier BMO officiel (XLSX) : secret gardé secret, bassins additionnés, hors territoire ignoré, chiffres et alertes qui bougent', async () => {
    const before = (await call(READER, 'GET', '/api/observatory')).json();
    const file = await bmoWorkbook(2014, [
      bmoRow(2014, 'D4Z40', 'Monteurs, ajusteurs et autres ouvriers qualifiés de la mécanique', '25', 'Morteau', '40', '*', '*'),
      bmoRow(2014, 'D1Z40', 'Régleurs', '90', 'Belfort - Montbéliard', '30', '28', '0'),
      bmoRow(2014, 'D1Z40', 'Régleurs', '25', 'Belfort - Montbéliard', '20', '19', '1'),
      bmoRow(2014, 'D0Z20', 'Ouvriers non qualifiés travaillant par enlèvement ou formage de métal', '25', 'Morteau', '60', '58', '2'),
      bmoRow(2014, 'D4Z40', 'Monteurs, ajusteurs et autres ouvriers qualifiés de la mécanique', '68', 'Mulhouse', '300', '100', '3'),
    ]);
    const check = await upload(ADMIN, 'bmo', 'Base_open_data_BMO_2014.xlsx', file, true);
    expect(check.statusCode).toBe(200);
    expect(check.json()).toMatchObject({ ok: true, rows: 5 });
    expect(check.json().message).toMatch(/3 cellules bassin × métier seraient importées \(2014\)\. 2 valeurs secrètes/);
    expect(check.json().warnings[0].message).toMatch(/1 ligne concerne d’autres territoires/);
    expect((await call(READER, 'GET', '/api/observatory')).json().year).toBe(2013);

    const job = await importFile('bmo', 'Base_open_data_BMO_2014.xlsx', file);
    expect(job.status, JSON.stringify(job)).toBe('done');
    expect(job.result).toMatchObject({ ok: true, imported: 3, years: [2014], masked: 2, outside: 1 });

    const { db } = t.ctx.database;
    const fitters = await db.selectFrom('observatoryBmo').selectAll().where('year', '=', 2014).where('areaCode', '=', 'morteau').where('fapCode', '=', 'D4Z40').executeTakeFirstOrThrow();
    expect(fitters).toMatchObject({ projects: 40, difficult: null, seasonal: null });
    expect(!!fitters.difficultMasked && !!fitters.seasonalMasked && !fitters.projectsMasked).toBe(true);
    const setters = await db.selectFrom('observatoryBmo').selectAll().where('year', '=', 2014).where('areaCode', '=', 'belfort-montbeliard-hericourt').executeTakeFirstOrThrow();
    expect(setters).toMatchObject({ fapCode: 'D1Z40', projects: 50, difficult: 47, seasonal: 1 });

    const after = (await call(READER, 'GET', '/api/observatory')).json();
    expect(after.year).toBe(2014);
    expect(after.imports[0]).toMatchObject({ dataset: 'bmo', filename: 'Base_open_data_BMO_2014.xlsx', maskedCount: 2, isSynthetic: false });
    expect(after.alerts.opened).toBeGreaterThan(before.alerts.opened);
    const tension = (await call(READER, 'GET', '/api/observatory/areas/morteau/tension?year=2014')).json();
    const row = tension.rows.find((r: any) => r.fap === 'D4Z40');
    // A secret count is sent as secret, never as a number; the share it would give is unknown.
    expect(row.difficult).toEqual({ value: null, masked: true });
    expect(row.difficultShareBp).toBeNull();
    expect(JSON.stringify(row)).not.toMatch(/"difficult":\{"value":0/);

    const alerts = (await call(SECRETARIAT, 'GET', '/api/observatory/alerts')).json();
    expect(alerts.alerts.some((a: any) => a.year === 2014 && a.areaLabel === 'Morteau' && a.fapCode === 'D0Z20')).toBe(true);

    // The same year imported again replaces it: one row per cell.
    await importFile('bmo', 'Base_open_data_BMO_2014.xlsx', file);
    expect(Number((await db.selectFrom('observatoryBmo').select((eb) => eb.fn.countAll().as('n')).where('year', '=', 2014).executeTakeFirstOrThrow()).n)).toBe(3);
  });

  it('refuse un fichier faux en entier, avec des erreurs numérotées en français', async () => {
    const { db } = t.ctx.database;
    const count = async () => Number((await db.selectFrom('observatoryBmo').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const rows = await count();
    const missing = csv(['annee', 'Code métier BMO', 'Nom métier BMO', 'NOMBE19', 'met', 'xmet'], [[2015, 'D1Z40', 'Régleurs', 'Morteau', 10, 5]]);
    const r1 = (await upload(ADMIN, 'bmo', 'bmo2015.csv', missing, true)).json();
    expect(r1.ok).toBe(false);
    expect(r1.errors[0]).toMatchObject({ line: 1, column: 'smet' });
    expect(r1.errors[0].message).toMatch(/Ligne 1, colonne « smet » : la colonne obligatoire « smet » est absente/);

    const bad = csv(['annee', 'Code métier BMO', 'Nom métier BMO', 'NOMBE19', 'met', 'xmet', 'smet'], [[2015, 'D1Z40', 'Régleurs', 'Morteau', 10, 5, 0], [2015, 'D0Z20', 'ONQ', 'Morteau', 12, 'douze', 1]]);
    const job = await importFile('bmo', 'bmo2015.csv', bad);
    expect(job.status).toBe('failed');
    expect(job.result.errors[0].message).toBe('Ligne 3, colonne « xmet » : « douze » n’est ni un nombre ni « * » (valeur secrète).');
    expect(await count()).toBe(rows);

    expect((await upload(STATE, 'bmo', 'bmo2015.csv', bad)).statusCode).toBe(403);
    expect((await upload(ADMIN, 'inconnu', 'x.csv', bad)).json().error.field).toBe('dataset');
    const empty = await t.app.inject({ method: 'POST', url: '/api/observatory/imports/bmo', headers: { cookie: await t.login(ADMIN), 'content-type': 'application/json' }, payload: {} });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.field).toBe('file');
  });

  it('importe demandeurs et offres, mobilités, permis G, résidents et table de passage dans leurs présentations', async () => {
    const market = await importFile('market', 'stmt.csv', csv(['annee', 'zone_emploi', 'code_rome', 'offres', 'demandeurs_a', 'demandeurs_abc', 'sorties_abc', 'emploi'], [[2014, 'Morteau', 'H2909', 20, 140, 200, 60, 500], [2014, 'Morteau', 'H2903', '*', 90, 130, 40, 300]]));
    expect(market.result).toMatchObject({ ok: true, imported: 2, masked: 1 });
    const paradox = (await call(READER, 'GET', '/api/observatory/areas/morteau/paradox?year=2014')).json();
    // H2903 is in family D0Z20 (58 difficult of 60 projects, 90 job seekers); D4Z40's difficult count is secret: never a paradox.
    expect(paradox.rows.find((r: any) => r.fap === 'D0Z20')).toMatchObject({ seekersA: 90, difficultShareBp: 9667 });
    expect(paradox.rows.some((r: any) => r.fap === 'D4Z40')).toBe(false);

    const moves = await importFile('mobility', 'unix_rubrique_mobilite_v346_utf8.csv', csv(['code_rome', 'code_rome_cible', 'code_appellation_source', 'code_appellation_cible', 'code_type_mobilite', 'libelle_type_mobilite', 'numero_ordre'],
      [['H2909', 'H2912', '1', '2', 1, 'proche', 3], ['H2909', 'H2912', '4', '5', 1, 'proche', 1], ['H2909', 'I1310', '', '', 2, 'évolution', 2]]));
    expect(moves.result).toMatchObject({ ok: true, imported: 2 });

    const permits = await importFile('permits', 'staf.csv', csv(['annee', 'trimestre', 'canton', 'frontaliers'], [[2014, 'T1', 'Neuchâtel', 12000], [2014, '2', 'NE', 12100]]));
    expect(permits.result).toMatchObject({ ok: true, imported: 2 });
    const residents = await importFile('residents', 'mobpro.csv', csv(['annee', 'zone_emploi', 'travaillant_en_suisse', 'actifs_residents'], [[2014, 'Morteau', 5000, 12000], [2014, 'Lyon', 100, 900000]]));
    expect(residents.result).toMatchObject({ ok: true, imported: 1, outside: 1 });
    const border = (await call(READER, 'GET', '/api/observatory/border')).json();
    const morteau = border.panels.find((p: any) => p.area === 'morteau');
    expect(morteau.residents.at(-1)).toEqual({ year: 2014, workingInSwitzerland: 5000, labourForce: 12000, shareBp: 4167 });
    expect(morteau.permits.slice(-2)).toEqual([{ quarter: '2014-T1', workers: 12000 }, { quarter: '2014-T2', workers: 12100 }]);

    const walk = await importFile('crosswalk', 'fap2021_rome.csv', csv(['version_fap', 'code_fap', 'code_rome'], [['2021', 'D1Z40', 'H2912']]));
    expect(walk.result).toMatchObject({ ok: true, imported: 1 });
    const badCanton = await importFile('permits', 'staf.csv', csv(['annee', 'trimestre', 'canton', 'frontaliers'], [[2014, 'T5', 'Zurichois', 1]]));
    expect(badCanton.result.errors.map((e: any) => e.column)).toEqual(['trimestre', 'canton']);
  });

  it('prépare en un clic une action pour un métier cible, refusée proprement quand elle est fausse', async () => {
    const body = { kind: 'trainingAction', area: 'belfort-montbeliard-hericourt', romeCode: 'H2912', sourceRomeCode: 'H2909', headcount: 12, note: 'Passerelle monteurs → régleurs' };
    expect((await call(READER, 'POST', '/api/observatory/plans', body)).statusCode).toBe(403);
    const created = await call(STATE, 'POST', '/api/observatory/plans', body);
    expect(created.statusCode, created.body).toBe(201);
    const view = (await call(READER, 'GET', '/api/observatory/areas/belfort-montbeliard-hericourt/ways-out?year=2013')).json();
    expect(view.jobs.find((j: any) => j.rome === 'H2909').targets.find((x: any) => x.target === 'H2912').plans).toBe(1);
    const unknown = await call(STATE, 'POST', '/api/observatory/plans', { ...body, romeCode: 'Z9999' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.issues[0].path).toBe('romeCode');
    const missing = await call(STATE, 'POST', '/api/observatory/plans', { ...body, romeCode: 'A9999' });
    expect(missing.json().error).toMatchObject({ field: 'romeCode', message: 'Le code ROME A9999 n’existe pas dans le répertoire ROME.' });
    expect((await call(STATE, 'POST', '/api/observatory/plans', { ...body, headcount: 0 })).json().error.issues[0].path).toBe('headcount');
    expect((await call(STATE, 'POST', '/api/observatory/plans', { ...body, area: 'lyon' })).json().error.issues[0].path).toBe('area');
    expect((await call(STATE, 'POST', '/api/observatory/plans', { ...body, alertId: 999999 })).statusCode).toBe(404);
    const plans = (await call(READER, 'GET', '/api/observatory/plans')).json();
    expect(plans).toHaveLength(1);
  });

  it('tient la liste des métiers d’avenir, avec version', async () => {
    const list = (await call(READER, 'GET', '/api/observatory/watchlist')).json();
    expect(list.items.map((i: any) => i.romeCode).sort()).toEqual(['H1203', 'I1304', 'J1501']);
    const added = await call(SECRETARIAT, 'POST', '/api/observatory/watchlist', { romeCode: 'H1404', reason: 'Industrialisation des lignes hydrogène', source: 'Comité de pilotage du 3 mars 2014', taggedOn: '2014-03-03' });
    expect(added.statusCode, added.body).toBe(201);
    const again = await call(SECRETARIAT, 'POST', '/api/observatory/watchlist', { romeCode: 'H1404', reason: 'Doublon', source: 'x', taggedOn: '2014-03-03' });
    expect(again.statusCode).toBe(409);
    const id = added.json().id;
    expect((await call(STATE, 'PUT', `/api/observatory/watchlist/${id}`, { reason: 'Précisé', source: 'Comité', taggedOn: '2014-03-04', version: 1 })).statusCode).toBe(200);
    const stale = await call(SECRETARIAT, 'PUT', `/api/observatory/watchlist/${id}`, { reason: 'Ancien', source: 'Comité', taggedOn: '2014-03-04', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('version_conflict');
    expect((await call(SECRETARIAT, 'PUT', '/api/observatory/watchlist/999999', { reason: 'x', source: 'y', taggedOn: '2014-03-04', version: 1 })).statusCode).toBe(404);
    expect((await call(SECRETARIAT, 'POST', '/api/observatory/watchlist', { romeCode: 'H1404', reason: '', source: 'x', taggedOn: '2014-13-01' })).json().error.issues.map((i: any) => i.path).sort()).toEqual(['reason', 'taggedOn']);
    expect((await call(READER, 'POST', '/api/observatory/watchlist', { romeCode: 'H2903', reason: 'x', source: 'y', taggedOn: '2014-03-03' })).statusCode).toBe(403);
  });

  it('co-écrit le diagnostic territorial, chaque point relié à son indicateur du jour', async () => {
    const view = (await call(READER, 'GET', '/api/observatory/areas/morteau/diagnostic')).json();
    const risk = view.sections.find((s: any) => s.kind === 'risk').points[0];
    expect(risk.live.label).toMatch(/Métiers en paradoxe/);
    const added = await call(STATE, 'POST', '/api/observatory/areas/morteau/diagnostic', { kind: 'opportunity', text: 'Les régleurs manquent', indicator: 'tension:D1Z40' });
    expect(added.statusCode).toBe(201);
    const amended = await call(SECRETARIAT, 'PUT', `/api/observatory/diagnostic/${added.json().id}`, { text: 'Les régleurs manquent des deux côtés de la frontière', indicator: 'tension:D1Z40', version: 1 });
    expect(amended.json()).toMatchObject({ version: 2 });
    const history = await t.ctx.database.db.selectFrom('historyEvents').select('action').where('entityType', '=', 'observatoryDiagnosticPoint').where('entityId', '=', added.json().id).orderBy('sequence').execute();
    expect(history.map((h) => h.action)).toEqual(['written', 'amended']);
    expect((await call(STATE, 'POST', '/api/observatory/areas/morteau/diagnostic', { kind: 'x', text: '', indicator: 'autre' })).json().error.issues.map((i: any) => i.path).sort()).toEqual(['indicator', 'kind', 'text']);
  });

  it('envoie le récapitulatif des alertes une seule fois à la cellule et à la plénière, et mesure leur usage', async () => {
    const { db } = t.ctx.database;
    const open = Number((await db.selectFrom('observatoryAlerts').select((eb) => eb.fn.countAll().as('n')).where('digestId', 'is', null).executeTakeFirstOrThrow()).n);
    expect(open).toBeGreaterThan(0);
    expect((await call(READER, 'POST', '/api/observatory/digests')).statusCode).toBe(403);
    const sent = (await call(SECRETARIAT, 'POST', '/api/observatory/digests')).json();
    expect(sent.alerts).toBe(open);
    const secretariat = await t.orgId('Secrétariat de la cellule opérationnelle');
    const plenary = await t.orgId('Conférence plénière — partenaires sociaux');
    const notes = await db.selectFrom('notifications').select(['organisationId', 'subject']).where('subject', 'like', 'Observatoire%').execute();
    expect(notes.map((n) => n.organisationId).sort()).toEqual([secretariat, plenary].sort());
    expect((await call(SECRETARIAT, 'POST', '/api/observatory/digests')).json()).toEqual({ digestId: null, alerts: 0 });
    const alert = (await call(SECRETARIAT, 'GET', '/api/observatory/alerts')).json().alerts[0];
    expect((await call(STATE, 'POST', `/api/observatory/alerts/${alert.id}/follow`, { status: 'acted' })).statusCode).toBe(204);
    const usage = (await call(READER, 'GET', '/api/observatory')).json().alerts;
    expect(usage).toMatchObject({ inDigest: open, acted: 1 });
    expect(usage.seen).toBeGreaterThan(0);
    expect((await call(STATE, 'POST', `/api/observatory/alerts/${alert.id}/follow`, { status: 'ignorée' })).json().error.issues[0].path).toBe('status');
  });

  it('exporte chaque vue en CSV et XLSX, les valeurs secrètes écrites comme telles', async () => {
    const exported = await call(READER, 'GET', '/api/observatory/tension/export?format=csv&area=morteau&year=2014');
    expect(exported.statusCode).toBe(200);
    expect(exported.rawPayload.subarray(0, 3).toString('hex')).toBe('efbbbf');
    const line = exported.body.split('\r\n').find((l) => l.startsWith('D4Z40'))!;
    expect(line).toMatch(/;40;secret \(\*\);secret \(\*\);/);
    for (const view of ['paradox', 'waysOut', 'border']) {
      const xlsx = await call(READER, 'GET', `/api/observatory/${view}/export?format=xlsx&area=morteau`);
      expect(xlsx.statusCode, view).toBe(200);
      expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    }
    expect((await call(READER, 'GET', '/api/observatory/tension/export?format=csv')).json().error.field).toBe('area');
    expect((await call(READER, 'GET', '/api/observatory/tension/export?format=csv&area=morteau&year=1999')).statusCode).toBe(400);
    expect((await call(READER, 'GET', '/api/observatory/autre/export?area=morteau')).json().error.field).toBe('view');
  });

  it('ajoute l’annexe Acte III au rapport de la conférence plénière', async () => {
    const started = await call(READER, 'POST', '/api/steering/report', { filters: {} });
    await drainJobs(t.ctx);
    const job = (await call(READER, 'GET', `/api/jobs/${started.json().jobId}`)).json();
    expect(job.status, JSON.stringify(job)).toBe('done');
    const text = textOfCompressedPdf((await call(READER, 'GET', job.result.downloadUrl)).rawPayload);
    expect(text).toMatch(/Annexe — Acte III : observatoire des besoins/);
    expect(text).toMatch(/Sorties du « tout auto » — Belfort-Montbéliard-Héricourt/);
    expect(text).toMatch(/Paradoxe du chômage — Morteau/);
    expect(text).toMatch(/Frontière suisse/);
  }, 60_000);

  it('décrit chaque vue dans le document OpenAPI', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    for (const path of ['/api/observatory', '/api/observatory/areas/{area}/tension', '/api/observatory/areas/{area}/paradox', '/api/observatory/areas/{area}/ways-out', '/api/observatory/border', '/api/observatory/watchlist', '/api/observatory/alerts', '/api/observatory/digests', '/api/observatory/plans', '/api/observatory/{view}/export', '/api/observatory/imports/{dataset}', '/api/observatory/imports/{dataset}/check', '/api/observatory/areas/{area}/diagnostic']) {
      expect(doc.paths[path], path).toBeDefined();
    }
  });

  it.runIf(kind === 'postgres')('deux serveurs qui envoient le récapitulatif en même temps n’envoient chaque alerte qu’une fois', async () => {
    const { db } = t.ctx.database;
    const rule = await db.selectFrom('observatoryAlertRules').select('id').orderBy('id').executeTakeFirstOrThrow();
    await db.insertInto('observatoryAlerts').values(Array.from({ length: 30 }, (_, i) => ({ ruleId: rule.id, areaCode: 'gray', fapCode: `R${i}`, year: 2099, value: 'test', openedAt: '2014-03-03T08:00:00.000Z', status: 'open' }))).execute();
    const other = createDatabase({ databaseUrl: inject('postgresUrl')!, pgSchema: t.ctx.database.schema, poolSize: 2 });
    try {
      const results = await Promise.all([produceDigest(t.ctx), produceDigest({ ...t.ctx, database: other })]);
      expect(results.reduce((s, r) => s + r.alerts, 0)).toBe(30);
      expect(results.filter((r) => r.digestId !== null)).toHaveLength(1);
      const digests = await db.selectFrom('observatoryAlerts').select('digestId').distinct().where('year', '=', 2099).execute();
      expect(digests).toHaveLength(1);
    } finally {
      await other.destroy();
    }
  });
});
