import { EMPLOYMENT_AREAS } from '../../src/shared/employmentAreas.js';
import { envelopeDrift } from '../../src/programmes/envelopeBalance.js';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTE_ONE_CSV, acteOneCsv } from '../../src/demo/acteOneHistory.js';
import { loadDemoData } from '../../src/demo/demoData.js';
import { createDatabase } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/server/migrate.js';
import { systemClock } from '../../src/platform/http/context.js';
import { drainJobs } from '../../src/platform/outbox/jobs.js';
import { IMPORT_HEADERS } from '../../src/weeklyCell/import/layout.js';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';

/** One past request, keyed by the file's headers; tests override what they need. */
function row(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    'Référence': '', 'Code dispositif': 'ACTE2-AXE1', 'Raison sociale': 'Décolletage de Cluses-sur-Doubs', 'SIRET': '40483304800022',
    'Code NAF': '25.62A', 'IDCC': '', 'Effectif': '120', 'Département': '25', 'OPCA de rattachement': 'OPCAIM (métallurgie)',
    'Début baisse activité': '01/09/2010', 'Fin baisse activité': '28/02/2011', 'Date de décision': '16/09/2010', 'Statut': 'accordée',
    'Stagiaires': '20', 'Heures de formation': '700', 'Coût pédagogique': '21 000,00', 'Coût salarial': '9 000,00',
    'Accordé OPCA': '12 900,00', 'Accordé État': '3 600,00', 'Accordé FSE': '3 000,00', 'Accordé Région': '3 900,00',
    'Accordé FPSPP': '', 'Accordé Pôle emploi': '', 'Accordé Entreprise': '6 600,00',
    'Versé OPCA': '5 000,00', 'Versé État': '', 'Versé FSE': '', 'Versé Région': '', 'Versé FPSPP': '', 'Versé Pôle emploi': '',
    'Date du solde': '',
    ...overrides,
  };
}

function csv(rows: Record<string, string>[], separator = ';'): Buffer {
  const cell = (v: string) => (v.includes(separator) || v.includes('"') ? `"${v.replace(/"/g, '""')}"` : v);
  return Buffer.from([IMPORT_HEADERS, ...rows.map((r) => IMPORT_HEADERS.map((h) => r[h] ?? ''))].map((cells) => cells.map(cell).join(separator)).join('\n'), 'utf8');
}

/** Three valid rows: approved with a payment, closed, refused without a plan. */
const validRows = (prefix: string) => [
  row({ 'Référence': `${prefix}-001` }),
  row({ 'Référence': `${prefix}-002`, 'Raison sociale': 'Plastiques de Champagnole', 'SIRET': '44306184100054', 'Code NAF': '22.29A', 'IDCC': '292',
    'Département': '39', 'Zone emploi': 'lons le saunier', 'OPCA de rattachement': 'agefos pme franche-comte', 'Statut': 'soldée', 'Date du solde': '30/06/2011',
    'Versé OPCA': '12 900,00', 'Versé État': '3 600,00' }),
  row({ 'Référence': `${prefix}-003`, 'Raison sociale': 'Forges de Gray', 'SIRET': '73282932000090', 'Code NAF': '25.50A', 'Département': '70',
    'Statut': 'refusée', 'Accordé OPCA': '', 'Accordé État': '', 'Accordé FSE': '', 'Accordé Région': '', 'Accordé Entreprise': '', 'Versé OPCA': '' }),
];

function multipart(filename: string, content: Buffer, contentType = 'text/csv') {
  const boundary = `----parcours${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(databaseKinds())('import of past requests on %s', (kind) => {
  let t: TestApp;
  const secretariat = 'secretariat@parcours.test';

  beforeAll(async () => { t = await testApp(kind, { now: '2011-09-01T08:00:00.000Z' }); });
  afterAll(async () => { await t?.close(); });

  const upload = async (email: string | null, filename: string, content: Buffer, url = '/api/imports/funding-requests', contentType?: string) => {
    const body = multipart(filename, content, contentType);
    return t.app.inject({ method: 'POST', url, payload: body.payload, headers: { ...body.headers, ...(email ? { cookie: await t.login(email) } : {}) } });
  };
  const job = async (id: number) => {
    const j = await t.ctx.database.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return { ...j, result: j.result ? JSON.parse(j.result) : null };
  };
  const requestCount = async () => Number((await t.ctx.database.db.selectFrom('fundingRequests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('loads the Acte I history through the import: the seed figures, exactly', async () => {
    const { db } = t.ctx.database;
    const acte1 = db.selectFrom('fundingRequests as r').innerJoin('measures as m', 'm.id', 'r.measureId')
      .where('m.code', '=', 'ACTE1-CELLULE').where('r.isImported', '=', true);
    const totals = await acte1.select((eb) => [
      eb.fn.countAll<number>().as('requests'), eb.fn.count<number>('r.companyId').distinct().as('companies'),
      eb.fn.sum<number>('r.traineeCount').as('trainees'), eb.fn.sum<number>('r.trainingHours').as('hours'),
      eb.fn.sum<number>('r.totalCostCents').as('cost'),
    ]).executeTakeFirstOrThrow();
    expect(Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, Number(v)]))).toEqual({
      requests: 72, companies: 72, trainees: 10_748, hours: 366_513, cost: 1_500_000_000,
    });
    const byFunder = await acte1.innerJoin('fundingLines as l', 'l.requestId', 'r.id')
      .select((eb) => ['l.funder', eb.fn.sum<number>('l.approvedCents').as('approved')]).groupBy('l.funder').execute();
    const funder = (f: string) => Number(byFunder.find((b) => b.funder === f)?.approved ?? 0);
    expect(funder('OPCA')).toBe(645_000_000);
    expect(funder('STATE') + funder('FSE')).toBe(330_000_000);
    expect(funder('REGION')).toBe(195_000_000);
    expect(funder('COMPANY')).toBe(330_000_000);

    const statuses = await acte1.select('r.status').distinct().execute();
    expect(statuses.map((s) => s.status)).toEqual(['closed']);
    const years = await acte1.select(sql<string>`substr(cast(r.decided_at as text), 1, 4)`.as('year')).distinct().execute();
    expect(years.map((y) => y.year).sort()).toEqual(['2009', '2010']);
    const departements = await acte1.select('r.departement').distinct().execute();
    expect(departements.map((d) => d.departement).sort()).toEqual(['25', '39', '70', '90']);

    // The envelopes equal the history: fully committed, never overdrawn.
    const envelopes = await db.selectFrom('envelopes as e').innerJoin('measures as m', 'm.id', 'e.measureId')
      .leftJoin('commitments as c', 'c.envelopeId', 'e.id')
      .select((eb) => ['e.funder', 'e.amountCents', eb.fn.sum<number>('c.amountCents').as('committed')])
      .where('m.code', '=', 'ACTE1-CELLULE').groupBy(['e.funder', 'e.amountCents']).execute();
    for (const e of envelopes) expect(Number(e.committed)).toBe(Number(e.amountCents));

    const history = await db.selectFrom('historyEvents').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('entityType', '=', 'fundingRequest').where('action', '=', 'imported').executeTakeFirstOrThrow();
    expect(Number(history.n)).toBe(72);
  });

  it('ships the same Acte I file as the generator produces', () => {
    expect(fs.readFileSync(ACTE_ONE_CSV, 'utf8')).toBe(acteOneCsv());
  });

  it('imports a valid CSV file through the background job, with progress and the file name in the history', async () => {
    const before = await requestCount();
    const response = await upload(secretariat, 'historique-2010.csv', csv(validRows('CSV')));
    expect(response.statusCode).toBe(202);
    const { jobId } = response.json();
    expect(await drainJobs(t.ctx)).toBe(1);

    const done = await job(jobId);
    expect(done.status).toBe('done');
    expect(done.progress).toBe(100);
    expect(done.progressLabel).toBe('Enregistrement 3 / 3');
    expect(done.result).toMatchObject({ ok: true, imported: 3, companiesCreated: 3, references: ['CSV-001', 'CSV-002', 'CSV-003'], warnings: [] });
    expect(done.result.message).toMatch(/3 demandes importées/);
    expect(await requestCount()).toBe(before + 3);

    const { db } = t.ctx.database;
    const requests = await db.selectFrom('fundingRequests').selectAll().where('reference', 'like', 'CSV-%').orderBy('reference').execute();
    expect(requests.map((r) => [r.status, r.isImported, r.traineeCount, r.trainingHours, Number(r.totalCostCents)])).toEqual([
      ['approved', true, 20, 700, 3_000_000], ['closed', true, 20, 700, 3_000_000], ['refused', true, 20, 700, 3_000_000],
    ]);
    expect(requests[1]).toMatchObject({ nafCode: '2229A', idcc: '0292', departement: '39', employmentArea: 'lons-le-saunier', teachingCostCents: 2_100_000, payCostCents: 900_000 });
    expect(requests[0].employmentArea).toBeNull();
    expect(requests[0].committedCents).toBe(3_000_000);
    expect(requests[0].paidCents).toBe(500_000);
    expect(requests[2].committedCents).toBe(0);

    const lines = await db.selectFrom('fundingLines').select(['funder', 'proposedCents', 'approvedCents']).where('requestId', '=', requests[0].id).orderBy('position').execute();
    expect(lines).toEqual([
      { funder: 'OPCA', proposedCents: 1_290_000, approvedCents: 1_290_000 }, { funder: 'STATE', proposedCents: 360_000, approvedCents: 360_000 },
      { funder: 'FSE', proposedCents: 300_000, approvedCents: 300_000 }, { funder: 'REGION', proposedCents: 390_000, approvedCents: 390_000 },
      { funder: 'COMPANY', proposedCents: 660_000, approvedCents: 660_000 },
    ]);
    const payments = await db.selectFrom('payments').select(['funder', 'amountCents', 'paidOn']).where('requestId', '=', requests[1].id).orderBy('funder').execute();
    expect(payments).toEqual([{ funder: 'OPCA', amountCents: 1_290_000, paidOn: '2011-06-30' }, { funder: 'STATE', amountCents: 360_000, paidOn: '2011-06-30' }]);
    const company = await db.selectFrom('organisations').select(['kind', 'name', 'employmentArea']).where('id', '=', requests[1].companyId).executeTakeFirstOrThrow();
    expect(company).toEqual({ kind: 'company', name: 'Plastiques de Champagnole', employmentArea: 'lons-le-saunier' });
    const event = await db.selectFrom('historyEvents').selectAll().where('entityType', '=', 'fundingRequest').where('entityId', '=', requests[0].id).executeTakeFirstOrThrow();
    expect(event.action).toBe('imported');
    expect(JSON.parse(event.changes)).toMatchObject({ file: 'historique-2010.csv', line: 2 });
    expect(await envelopeDrift(db)).toEqual([]);
  });

  it('imports an XLSX file with typed cells, and refuses the same references a second time', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Historique');
    sheet.addRow(IMPORT_HEADERS);
    const typed = (r: Record<string, string>) => IMPORT_HEADERS.map((h) => {
      const v = r[h] ?? '';
      if (/^\d{2}\/\d{2}\/\d{4}$/.test(v)) { const [d, m, y] = v.split('/'); return new Date(Date.UTC(+y, +m - 1, +d)); }
      if (/^[\d ]+,\d{2}$/.test(v)) return Number(v.replace(/ /g, '').replace(',', '.'));
      return v;
    });
    for (const r of validRows('XLSX')) sheet.addRow(typed(r));
    const content = Buffer.from(await workbook.xlsx.writeBuffer());

    const response = await upload(secretariat, 'historique.xlsx', content, undefined, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.statusCode).toBe(202);
    await drainJobs(t.ctx);
    const done = await job(response.json().jobId);
    expect(done.status).toBe('done');
    expect(done.result).toMatchObject({ ok: true, imported: 3, companiesCreated: 0 });
    const imported = await t.ctx.database.db.selectFrom('fundingRequests').select(['decidedAt', 'activityDropStart', 'totalCostCents']).where('reference', '=', 'XLSX-001').executeTakeFirstOrThrow();
    expect(imported).toEqual({ decidedAt: '2010-09-16T00:00:00.000Z', activityDropStart: '2010-09-01', totalCostCents: 3_000_000 });

    const before = await requestCount();
    const again = await upload(secretariat, 'historique.xlsx', content);
    await drainJobs(t.ctx);
    const refused = await job(again.json().jobId);
    expect(refused.status).toBe('failed');
    expect(refused.attempts).toBe(1);
    expect(refused.result.errors.map((e: { message: string }) => e.message)).toEqual([2, 3, 4].map((line) =>
      `Ligne ${line}, colonne « Référence » : la référence « XLSX-00${line - 1} » existe déjà : ce fichier a-t-il déjà été importé ?`));
    expect(await requestCount()).toBe(before);
  });

  it('refuses an invalid file as a whole, listing every error with its line number', async () => {
    const rows = [
      row({ 'Référence': 'BAD-002' }),
      row({ 'Référence': 'BAD-003', 'SIRET': '40483304800023' }),
      row({ 'Référence': 'BAD-004', 'Date de décision': '31/02/2010' }),
      row({ 'Référence': 'BAD-005', 'Code NAF': '99.99Z', 'SIRET': '55210055400013', 'Raison sociale': 'Plastiques du Haut-Jura' }),
      row({ 'Référence': 'BAD-006', 'Fin baisse activité': '01/08/2010' }),
      row({ 'Référence': 'BAD-007', 'Accordé Région': '3 400,00' }),
      row({ 'Référence': 'BAD-008', 'Zone emploi': 'Lyon' }),
    ];
    const before = await requestCount();
    const response = await upload(secretariat, 'erreurs.csv', csv(rows, ','));
    expect(response.statusCode).toBe(202);
    await drainJobs(t.ctx);
    const failed = await job(response.json().jobId);
    expect(failed.status).toBe('failed');
    expect(failed.attempts).toBe(1);
    expect(failed.error).toMatch(/6 erreurs : aucune demande n’a été importée/);
    expect(failed.result).toMatchObject({ ok: false, filename: 'erreurs.csv', rowCount: 7, errorCount: 6, truncated: false });
    expect(failed.result.errors.map((e: { line: number; message: string }) => e.message)).toEqual([
      'Ligne 3, colonne « SIRET » : Ce SIRET n’existe pas : sa clé de contrôle est fausse. Vérifiez chaque chiffre.',
      'Ligne 4, colonne « Date de décision » : « 31/02/2010 » n’est pas une date valide (format JJ/MM/AAAA).',
      'Ligne 5, colonne « Code NAF » : le code NAF 99.99Z n’existe pas dans la nomenclature NAF rév. 2.',
      'Ligne 6, colonne « Fin baisse activité » : la fin de la baisse d’activité (01/08/2010) précède son début (01/09/2010).',
      'Ligne 7 : les financements (29 500,00 €) ne couvrent pas le coût total (coût pédagogique + coût salarial = 30 000,00 €) : il manque 500,00 €.',
      `Ligne 8, colonne « Zone emploi » : « Lyon » n’est pas une zone d’emploi de la liste : ${EMPLOYMENT_AREAS.map((a) => a.label).join(', ')}.`,
    ].map((m) => m.replace(/(\d) (\d)|(\d) €/g, (_, a, b, c) => (c ? `${c}\u00a0€` : `${a}\u00a0${b}`))));
    expect(await requestCount()).toBe(before);
  });

  it('checks a file without writing it (dry run), warning when history overdraws an envelope', async () => {
    const before = await requestCount();
    // Same company, measure and day as CSV-001 but without a reference: taken for a second import of that row.
    const bad = await upload(secretariat, 'erreurs.csv', csv([row(), row({ 'SIRET': '123', 'Date de décision': '23/09/2010' })]), '/api/imports/funding-requests/check');
    expect(bad.statusCode).toBe(200);
    expect(bad.json()).toMatchObject({ ok: false, rows: 2, errorCount: 2 });
    expect(bad.json().errors.map((e: { message: string }) => e.message)).toEqual([
      'Ligne 2 : une demande du SIRET 40483304800022 décidée le 16/09/2010 sur ce dispositif a déjà été importée.',
      'Ligne 3, colonne « SIRET » : Le SIRET compte 14 chiffres (3 saisis).',
    ]);

    // The Acte I envelopes are fully committed by the demo history.
    const good = await upload(secretariat, 'ok.csv', csv([row({ 'Code dispositif': 'ACTE1-CELLULE', 'Date de décision': '10/12/2009' })]), '/api/imports/funding-requests/check');
    expect(good.json()).toMatchObject({ ok: true, rows: 1, errors: [] });
    expect(good.json().warnings[0].message).toMatch(/^Ligne 2 : l’enveloppe OPCA \/ OPCO du dispositif ACTE1-CELLULE est dépassée de 12\u00a0900,00\u00a0€/);
    expect(await requestCount()).toBe(before);

    const unreadable = await upload(secretariat, 'vieux.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]), '/api/imports/funding-requests/check');
    expect(unreadable.json()).toMatchObject({ ok: false, errors: [{ line: 0, message: expect.stringMatching(/Excel 97-2003/) }] });
    const missingColumn = await upload(secretariat, 'colonnes.csv', Buffer.from('SIRET;Statut\n40483304800022;accordée\n'), '/api/imports/funding-requests/check');
    expect(missingColumn.json().errors[0].message).toBe('Ligne 1 : la colonne obligatoire « Code dispositif » est absente du fichier.');
  });

  it('lets only the secretariat and administrators import', async () => {
    const content = csv(validRows('AUTH'));
    expect((await upload(null, 'a.csv', content)).statusCode).toBe(401);
    expect((await upload('entreprise@parcours.test', 'a.csv', content)).statusCode).toBe(403);
    expect((await upload('opca@parcours.test', 'a.csv', content, '/api/imports/funding-requests/check')).statusCode).toBe(403);
    expect((await upload('admin@parcours.test', 'a.csv', content, '/api/imports/funding-requests/check')).json().ok).toBe(true);
    const noFile = await t.app.inject({ method: 'POST', url: '/api/imports/funding-requests', headers: { cookie: await t.login(secretariat), 'content-type': 'application/json' }, payload: {} });
    expect(noFile.statusCode).toBe(400);
  });
});

describe('import command line', () => {
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parcours-import-'));
    // The CLI works on an existing platform: give it the demo's measures and organisations.
    const database = createDatabase({ dataDir: dir });
    await migrateToLatest(database);
    await loadDemoData({ database, clock: systemClock, config: { publicUrl: 'http://localhost:3000', secureCookies: false, sessionHours: 10 } });
    await database.destroy();
  });
  afterAll(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  const run = (file: string, ...args: string[]) => {
    const env: NodeJS.ProcessEnv = { ...process.env, PARCOURS_DATA_DIR: dir };
    delete env.DATABASE_URL;
    return spawnSync('npx', ['tsx', 'src/weeklyCell/import/cli.ts', file, ...args], { env, encoding: 'utf8', timeout: 300_000 });
  };

  it('exits 1 with line-numbered French errors for an invalid file, 0 for a valid one', () => {
    const invalidFile = path.join(dir, 'invalide.csv');
    fs.writeFileSync(invalidFile, csv([row(), row({ 'SIRET': '40483304800023' })]));
    const invalid = run(invalidFile, '--dry-run');
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toContain('Ligne 3, colonne « SIRET » : Ce SIRET n’existe pas');

    const validFile = path.join(dir, 'valide.csv');
    fs.writeFileSync(validFile, csv(validRows('CLI')));
    const dry = run(validFile, '--dry-run');
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('3 demandes seraient importées');

    const real = run(validFile);
    expect(real.status, real.stderr).toBe(0);
    expect(real.stdout).toContain('Enregistrement 3 / 3');
    expect(real.stdout).toContain('3 demandes importées');
    expect(run(validFile).status).toBe(1);
  });
});
