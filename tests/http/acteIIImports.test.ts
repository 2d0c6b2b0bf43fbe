import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainJobs } from '../../src/platform/outbox/jobs.js';
import type { ImportColumnDoc } from '../../src/measures/import/columns.js';
import { CONTRACT_IMPORT_COLUMNS } from '../../src/proContracts/import/columns.js';
import { PATHWAY_IMPORT_COLUMNS } from '../../src/tempPathways/import/columns.js';
import { PAIR_IMPORT_COLUMNS } from '../../src/pairs/import/columns.js';
import { verifyChain } from '../../src/platform/history/history.js';
import { runFileImport } from '../../src/platform/imports/engine.js';
import { contractImport } from '../../src/proContracts/import/index.js';
import { LineRefusal } from '../../src/platform/imports/lineProblems.js';
import { writeContracts } from '../../src/proContracts/import/writeContracts.js';
import { writePairs } from '../../src/pairs/import/writePairs.js';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';

type Cells = Record<string, string>;

/** A CSV as French Excel saves it, rows keyed by column key; headers with a straight apostrophe, as typed in Excel. */
function csv(columns: readonly ImportColumnDoc[], rows: Cells[]): Buffer {
  const lines = [columns.map((c) => c.header.replace(/’/g, '\'')), ...rows.map((r) => columns.map((c) => r[c.key] ?? ''))];
  return Buffer.from(`\uFEFF${lines.map((l) => l.join(';')).join('\r\n')}\r\n`, 'utf8');
}

/** The same rows as a workbook with typed cells (dates, numbers), as a spreadsheet user would save it. */
async function xlsx(columns: readonly ImportColumnDoc[], rows: Cells[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Import');
  sheet.addRow(columns.map((c) => c.header));
  for (const r of rows) {
    sheet.addRow(columns.map((c) => {
      const v = r[c.key] ?? '';
      if (/^\d{2}\/\d{2}\/\d{4}$/.test(v)) { const [d, m, y] = v.split('/'); return new Date(Date.UTC(+y, +m - 1, +d)); }
      if (/^\d+(,\d+)?$/.test(v) && c.key !== 'siret') return Number(v.replace(',', '.'));
      return v;
    }));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function multipart(filename: string, content: Buffer) {
  const boundary = `----parcours${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    content, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(databaseKinds())('Acte II imports on %s', (kind) => {
  let t: TestApp;
  const company = 'entreprise@parcours.test';
  const secretariat = 'secretariat@parcours.test';
  const agency = 'interim@parcours.test';

  beforeAll(async () => { t = await testApp(kind, { now: '2011-08-20T08:00:00.000Z' }); });
  afterAll(async () => { await t?.close(); });

  const upload = async (email: string, url: string, filename: string, content: Buffer) => {
    const body = multipart(filename, content);
    return t.app.inject({ method: 'POST', url, payload: body.payload, headers: { ...body.headers, cookie: await t.login(email) } });
  };
  const call = async (email: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { cookie: await t.login(email) }, ...(payload !== undefined ? { payload: payload as any } : {}) });
  /** Uploads, checks the job is visible and pending, runs it, returns the finished job as GET /api/jobs/:id shows it. */
  const importThroughJob = async (email: string, url: string, filename: string, content: Buffer) => {
    const response = await upload(email, url, filename, content);
    expect(response.statusCode, response.body).toBe(202);
    const { jobId } = response.json();
    const pending = (await call(email, 'GET', `/api/jobs/${jobId}`)).json();
    expect(pending).toMatchObject({ status: 'pending', progress: 0 });
    expect(await drainJobs(t.ctx)).toBe(1);
    const job = await call(email, 'GET', `/api/jobs/${jobId}`);
    expect(job.statusCode).toBe(200);
    return job.json();
  };
  const count = async (table: 'proContracts' | 'tempPathways' | 'pairs') =>
    Number((await t.ctx.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  describe('contracts', () => {
    const url = '/api/imports/pro-contracts';
    const contract = (overrides: Cells = {}): Cells => ({
      fund: 'OPCAIM (métallurgie)', lastName: 'Import', firstName: 'Anne', birthDate: '03/03/1992', sex: 'F', level: 'V',
      hasRecognisedQualification: 'oui', jobSeeker: 'non', contractType: 'CDD', startDate: '01/10/2011', endDate: '30/09/2012',
      trainingHours: '400', targetedQualification: 'CQPM opérateur', targetedLevel: 'V', providerName: 'AFPA Franche-Comté',
      grossMonthlyPayCents: '900,00', tutorLastName: 'Tutrice', tutorFirstName: 'Irène', tutorExperienceMonths: '60', tutorIsEmployer: 'non',
      ...overrides,
    });

    it('imports a CSV through the job, with progress, creating the tutor once for the lines naming her', async () => {
      const before = await count('proContracts');
      const job = await importThroughJob(company, url, 'contrats.csv', csv(CONTRACT_IMPORT_COLUMNS, [contract(), contract({ firstName: 'Zoé', reservedForPair: 'non' })]));
      expect(job).toMatchObject({ status: 'done', progress: 100, progressLabel: 'Enregistrement 2 / 2', kind: 'import.proContracts' });
      expect(job.result).toMatchObject({ ok: true, imported: 2, filename: 'contrats.csv' });
      expect(job.result.references[0]).toMatch(/^CPRO-\d{6}$/);
      expect(job.result.message).toMatch(/^2 contrats importés depuis « contrats\.csv »/);
      expect(await count('proContracts')).toBe(before + 2);
      const [first, second] = await Promise.all(job.result.ids.map(async (id: number) => (await call(company, 'GET', `/api/pro-contracts/${id}`)).json()));
      expect(first).toMatchObject({ isImported: true, tutor: { lastName: 'Tutrice' } });
      expect(second.tutor.id).toBe(first.tutor.id);
      expect(first.history.map((h: any) => h.action)).toEqual(['imported']);
    });

    it('uses a registered tutor as registered, saying so when the file differs', async () => {
      const checked = (await upload(company, `${url}/check`, 'tuteur.csv', csv(CONTRACT_IMPORT_COLUMNS, [contract({ firstName: 'Claire', tutorExperienceMonths: '30' })]))).json();
      expect(checked).toMatchObject({ ok: true, rows: 1 });
      expect(checked.warnings.map((w: { message: string }) => w.message)).toContain(
        'Ligne 2 : le tuteur Irène Tutrice est déjà enregistré pour cet employeur (60 mois d’expérience, non employeur) : ce sont ces informations qui comptent, pas celles du fichier.');
    });

    it('reports its progress while reading, checking and writing', async () => {
      const content = csv(CONTRACT_IMPORT_COLUMNS, ['Pierre', 'Paul', 'Jacques'].map((firstName) => contract({ lastName: 'Progrès', firstName, tutorLastName: 'Suivi', tutorFirstName: firstName })));
      // The actor as the route stores it in the job; the queued job is dropped and its work run here, step by step.
      const { jobId } = (await upload(company, url, 'progres.csv', content)).json();
      const { db } = t.ctx.database;
      const queued = await db.selectFrom('jobs').select('payload').where('id', '=', jobId).executeTakeFirstOrThrow();
      await db.deleteFrom('jobs').where('id', '=', jobId).execute();
      const seen: string[] = [];
      const result = await runFileImport(t.ctx, JSON.parse(queued.payload).actor, contractImport, content, 'progres.csv', async (percent, label, inTransaction) => {
        seen.push(`${Math.round(percent)} % ${label}${inTransaction ? ' (transaction)' : ''}`);
      });
      expect(result.ok).toBe(true);
      expect(seen).toEqual([
        '5 % Lecture du fichier', '10 % Contrôle des lignes', '17 % Contrôle 1 / 3', '23 % Contrôle 2 / 3', '30 % Contrôle 3 / 3',
        '30 % Enregistrement 0 / 3', '52 % Enregistrement 1 / 3 (transaction)', '73 % Enregistrement 2 / 3 (transaction)',
        '95 % Enregistrement 3 / 3 (transaction)', '99 % Enregistrement 3 / 3',
      ]);
    });

    it('refuses at write time what the recording refuses, rolling the whole file back', async () => {
      const { db } = t.ctx.database;
      const { jobId } = (await upload(company, url, 'course.csv', csv(CONTRACT_IMPORT_COLUMNS, [contract()]))).json();
      const queued = await db.selectFrom('jobs').select('payload').where('id', '=', jobId).executeTakeFirstOrThrow();
      await db.deleteFrom('jobs').where('id', '=', jobId).execute();
      const actor = JSON.parse(queued.payload).actor;
      const opcaim = await t.orgId('OPCAIM (métallurgie)');
      const body = (firstName: string, trainingHours: number) => ({
        trainingFundId: opcaim, trainee: { lastName: 'Course', firstName, sex: 'F' as const, birthDate: '1992-03-03', level: 'V' as const, hasRecognisedQualification: true, jobSeeker: false, publics: [] },
        contractType: 'CDD' as const, startDate: '2011-10-01', endDate: '2012-09-30', trainingHours, targetedQualification: 'CQPM', targetedLevel: 'V' as const,
        providerName: 'AFPA', grossMonthlyPayCents: 90_000, reservedForPair: false,
      });
      const before = await count('proContracts');
      // As if the rules had changed between the check and the write: line 3 is refused inside the transaction.
      const rows = [{ line: 2, body: body('Une', 400), tutorKey: null, tutorId: null, newTutor: null }, { line: 3, body: body('Deux', 100), tutorKey: null, tutorId: null, newTutor: null }];
      const attempt = db.transaction().execute((trx) => writeContracts(trx, actor, rows, { database: t.ctx.database, at: '2011-08-20T08:00:00.000Z', filename: 'course.csv', rowCount: 2, onRow: async () => {} }));
      const refusal = await attempt.then(() => null, (e: unknown) => e);
      expect(refusal).toBeInstanceOf(LineRefusal);
      expect((refusal as LineRefusal).problems.errors().errors[0].message).toMatch(/^Ligne 3, colonne « Heures de formation » :/);
      expect(await count('proContracts')).toBe(before);
    });

    it('imports an XLSX file of the secretariat, naming employers by SIRET', async () => {
      const job = await importThroughJob(secretariat, url, 'contrats.xlsx', await xlsx(CONTRACT_IMPORT_COLUMNS, [
        contract({ siret: '73282932000074', lastName: 'Classeur', tutorLastName: 'Tuteur', tutorFirstName: 'Xavier' }),
        contract({ siret: '55210055400013', fund: 'AGEFOS PME Franche-Comté', lastName: 'Classeur', firstName: 'Bruno', tutorLastName: 'Tuteur', tutorFirstName: 'Yves' }),
      ]));
      expect(job.status, JSON.stringify(job.result)).toBe('done');
      const rows = await t.ctx.database.db.selectFrom('proContracts as c').innerJoin('organisations as o', 'o.id', 'c.companyId')
        .select(['o.siret', 'c.startDate', 'c.grossMonthlyPayCents', 'c.trainingHoursHundredths']).where('c.lastName', '=', 'Classeur').orderBy('c.id').execute();
      expect(rows).toEqual([
        { siret: '73282932000074', startDate: '2011-10-01', grossMonthlyPayCents: 90_000, trainingHoursHundredths: 40_000 },
        { siret: '55210055400013', startDate: '2011-10-01', grossMonthlyPayCents: 90_000, trainingHoursHundredths: 40_000 },
      ]);
    });

    it('refuses an invalid file as a whole, every error with its line number, through the job and the check', async () => {
      const before = await count('proContracts');
      const file = csv(CONTRACT_IMPORT_COLUMNS, [
        contract({ firstName: 'Bonne' }),
        contract({ firstName: 'Courte', trainingHours: '100' }),
        contract({ firstName: 'Datée', birthDate: '31/02/1992', sex: 'X' }),
        contract({ firstName: 'Autre', siret: '55210055400013' }),
        contract({ firstName: 'Sans', tutorExperienceMonths: '', tutorFirstName: 'Nouveau' }),
      ]);
      const checked = (await upload(company, `${url}/check`, 'erreurs.csv', file)).json();
      expect(checked).toMatchObject({ ok: false, rows: 5 });
      const messages: string[] = checked.errors.map((e: { message: string }) => e.message);
      expect(messages.some((m) => m.startsWith('Ligne 3, colonne « Heures de formation » :'))).toBe(true);
      expect(messages).toContain('Ligne 4, colonne « Date de naissance » : « 31/02/1992 » n’est pas une date valide (format JJ/MM/AAAA).');
      expect(messages.some((m) => m.startsWith('Ligne 4, colonne « Sexe » :'))).toBe(true);
      expect(messages).toContain('Ligne 5, colonne « SIRET employeur » : le SIRET 55210055400013 n’est pas celui de votre entreprise : une entreprise n’importe que ses propres contrats.');
      expect(messages.some((m) => m.startsWith('Ligne 6, colonne « Expérience du tuteur (mois) » :'))).toBe(true);
      expect(checked.errors.every((e: { line: number; message: string }) => e.message.startsWith(`Ligne ${e.line}`))).toBe(true);
      expect(checked.errors.some((e: { line: number }) => e.line === 2)).toBe(false);

      const job = await importThroughJob(company, url, 'erreurs.csv', file);
      expect(job.status).toBe('failed');
      expect(job.result).toMatchObject({ ok: false, errorCount: checked.errorCount });
      expect(job.result.message).toMatch(/aucun contrat n’a été importé/);
      expect(await count('proContracts')).toBe(before);
    });

    it('applies the quota across the file: ordinary lines may not eat into the places reserved for pairs', async () => {
      const { db } = t.ctx.database;
      const measure = await db.selectFrom('measures').select('id').where('code', '=', 'ACTE2-CPRO').executeTakeFirstOrThrow();
      const counters = (await call(company, 'GET', '/api/pro-contracts/counters')).json();
      const reservedTarget = counters.reserved + 5;
      // One ordinary place left: the second ordinary line would take a reserved place, the reserved line not.
      const target = counters.total - counters.reserved + 1 + reservedTarget;
      await db.updateTable('targets').set({ value: target }).where('measureId', '=', measure.id).where('indicator', '=', 'contracts').execute();
      await db.updateTable('targets').set({ value: reservedTarget }).where('measureId', '=', measure.id).where('indicator', '=', 'reserved_pairs').execute();
      try {
        const rows = [contract({ firstName: 'Un' }), contract({ firstName: 'Deux', tutorFirstName: 'Autre' }), contract({ firstName: 'Binôme', contractType: 'CDI', reservedForPair: 'oui', tutorFirstName: 'Troisième' })];
        const checked = (await upload(company, `${url}/check`, 'quota.csv', csv(CONTRACT_IMPORT_COLUMNS, rows))).json();
        expect(checked.ok).toBe(false);
        expect(checked.errors).toHaveLength(1);
        expect(checked.errors[0]).toMatchObject({ line: 3, column: 'Réservé binôme' });
        expect(checked.errors[0].message).toMatch(/empiéterait sur la réserve/);
        const fine = (await upload(company, `${url}/check`, 'quota.csv', csv(CONTRACT_IMPORT_COLUMNS, [rows[0], rows[2]]))).json();
        expect(fine).toMatchObject({ ok: true, rows: 2, errors: [] });
      } finally {
        await db.updateTable('targets').set({ value: 6000 }).where('measureId', '=', measure.id).where('indicator', '=', 'contracts').execute();
        await db.updateTable('targets').set({ value: 1000 }).where('measureId', '=', measure.id).where('indicator', '=', 'reserved_pairs').execute();
      }
    });

    it('lets only those who record contracts import them, and a fund only its own', async () => {
      const file = csv(CONTRACT_IMPORT_COLUMNS, [contract({ siret: '73282932000074' })]);
      for (const email of ['lecteur@parcours.test', agency, 'etat@parcours.test']) {
        expect((await upload(email, url, 'a.csv', file)).statusCode).toBe(403);
        expect((await upload(email, `${url}/check`, 'a.csv', file)).statusCode).toBe(403);
      }
      const fund = (await upload('opca@parcours.test', `${url}/check`, 'a.csv', csv(CONTRACT_IMPORT_COLUMNS, [contract({ siret: '73282932000074', fund: 'AGEFOS PME Franche-Comté' })]))).json();
      expect(fund.errors[0].message).toMatch(/^Ligne 2, colonne « OPCA » : « AGEFOS PME Franche-Comté » n’est pas votre OPCA/);
      expect((await upload('opca@parcours.test', `${url}/check`, 'a.csv', csv(CONTRACT_IMPORT_COLUMNS, [contract({ siret: '73282932000074', fund: '' })]))).json().ok).toBe(true);
      const noFile = await t.app.inject({ method: 'POST', url, headers: { cookie: await t.login(company), 'content-type': 'application/json' }, payload: {} });
      expect(noFile.statusCode).toBe(400);
      const unreadable = (await upload(company, `${url}/check`, 'vieux.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2]))).json();
      expect(unreadable.errors[0]).toMatchObject({ line: 0, message: expect.stringMatching(/Excel 97-2003/) });
    });
  });

  describe('temp pathways', () => {
    const url = '/api/imports/temp-pathways';
    const person = (key: string, overrides: Cells = {}): Cells => ({
      pathwayKey: key, lastName: 'Girard', firstName: 'Kevin', sex: 'M', birthDate: '04/04/1988', level: 'Vbis', route: 'générale',
      hasVocationalDiploma: 'non', entryDate: '01/09/2011', ...overrides,
    });
    const training = (overrides: Cells = {}): Cells => ({ kind: 'formation', start: '01/09/2011', end: '30/09/2011', hours: '105', costCents: '3150,00', romeCode: 'H2903', providerName: 'AFPA Franche-Comté', targetedQualification: 'CQP conducteur de ligne', ...overrides });
    const mission = (overrides: Cells = {}): Cells => ({ kind: 'mission', start: '01/10/2011', end: '30/11/2011', hours: '280', romeCode: 'N1103', userCompany: 'Mécanique de Précision du Doubs', ...overrides });

    it('imports pathways, one row per period grouped by key, with financing from the first row', async () => {
      const before = await count('tempPathways');
      const rows = [
        { ...person('P1'), ...training(), funding_FAFTT: '2500,00', funding_REGION: '650,00' },
        { pathwayKey: 'P1', ...mission() },
        { ...person('P2', { lastName: 'Petit', firstName: 'Sarah', sex: 'F', level: 'V', entryDate: '03/10/2011' }), ...mission({ start: '03/10/2011', end: '31/10/2011', hours: '140' }), funding_FAFTT: '1000,00' },
      ];
      const job = await importThroughJob(agency, url, 'parcours.csv', csv(PATHWAY_IMPORT_COLUMNS, rows));
      expect(job.status, JSON.stringify(job.result)).toBe('done');
      expect(job).toMatchObject({ progress: 100, progressLabel: 'Enregistrement 2 / 2' });
      expect(job.result).toMatchObject({ ok: true, imported: 2 });
      expect(await count('tempPathways')).toBe(before + 2);
      const p1 = (await call(agency, 'GET', `/api/temp-pathways/${job.result.ids[0]}`)).json();
      expect(p1.periods.map((p: any) => [p.kind, p.start, p.end, p.hours])).toEqual([['training', '2011-09-01', '2011-09-30', 105], ['mission', '2011-10-01', '2011-11-30', 280]]);
      expect(p1.versatility).toBe(2);
      expect(p1.fundingLines.map((l: any) => [l.funder, l.amountCents])).toEqual([['FAFTT', 250_000], ['REGION', 65_000]]);
      expect(p1.history.map((h: any) => h.action)).toEqual(expect.arrayContaining(['created', 'imported']));

      const xlsxJob = await importThroughJob(secretariat, url, 'parcours.xlsx', await xlsx(PATHWAY_IMPORT_COLUMNS, [{ ...person('X', { lastName: 'Classeur', agency: '44306184100047' }), ...training() }]));
      expect(xlsxJob.status, JSON.stringify(xlsxJob.result)).toBe('done');
      const stored = await t.ctx.database.db.selectFrom('tempPathways').select(['agencyId', 'entryDate']).where('lastName', '=', 'Classeur').executeTakeFirstOrThrow();
      expect(stored).toEqual({ agencyId: await t.orgId('Intérim Franche-Comté'), entryDate: '2011-09-01' });
      expect(await verifyChain(t.ctx.database.db, 'tempPathway', p1.id)).toBeNull();
    });

    it('refuses ineligible people, overlapping periods, unknown ROME codes and an envelope overdrawn across the file, writing nothing', async () => {
      const envelope = (await call(agency, 'GET', '/api/temp-pathways/envelope')).json();
      const fpspp = envelope.items.find((e: any) => e.funder === 'FPSPP');
      const half = Math.floor(fpspp.remainingCents / 2) + 100;
      const euros = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
      const before = await count('tempPathways');
      const rows = [
        { ...person('A', { level: 'IV' }), ...training() },
        { ...person('B'), ...training() },
        { pathwayKey: 'B', ...mission({ start: '15/09/2011' }) },
        { ...person('C'), ...mission({ romeCode: 'A9999' }) },
        { ...person('D'), ...training(), funding_FPSPP: euros(half) },
        { ...person('E'), ...training(), funding_FPSPP: euros(half) },
        { pathwayKey: 'E', ...mission(), lastName: 'Autre' },
      ];
      const file = csv(PATHWAY_IMPORT_COLUMNS, rows);
      const checked = (await upload(agency, `${url}/check`, 'erreurs.csv', file)).json();
      expect(checked.ok).toBe(false);
      const at = (line: number) => checked.errors.filter((e: any) => e.line === line).map((e: any) => `${e.column} | ${e.message}`);
      expect(at(2)).toEqual([expect.stringMatching(/^Niveau \| Ligne 2, colonne « Niveau » : Niveau IV.* : le parcours intérimaire est réservé/)]);
      expect(at(4)).toEqual([expect.stringMatching(/^Début \| Ligne 4, colonne « Début » : .*chevauche/)]);
      expect(at(5)).toEqual(['Code ROME | Ligne 5, colonne « Code ROME » : le code ROME A9999 n’existe pas dans le répertoire ROME.']);
      expect(at(6)).toEqual([]);
      expect(at(7)).toEqual([expect.stringMatching(/^Financement FPSPP \| Ligne 7, colonne « Financement FPSPP » : l’enveloppe de l’axe 2 serait dépassée/)]);
      expect(at(8)).toEqual([expect.stringMatching(/^Nom \| Ligne 8, colonne « Nom » : la ligne 7 du parcours « E » indique « Girard »/)]);

      const job = await importThroughJob(agency, url, 'erreurs.csv', file);
      expect(job.status).toBe('failed');
      expect(job.result.errors).toEqual(checked.errors);
      expect(await count('tempPathways')).toBe(before);
    });

    it('scopes the import: an agency its own pathways, the secretariat names the agency, others are refused', async () => {
      const { db } = t.ctx.database;
      await db.insertInto('organisations').values({ kind: 'temp_agency', name: 'Autre Intérim', siret: null, departement: '25', address: null, isActive: true, createdAt: '2011-01-01T00:00:00.000Z', version: 1 }).execute();
      const row = { ...person('S'), ...training() };
      const other = (await upload(agency, `${url}/check`, 'a.csv', csv(PATHWAY_IMPORT_COLUMNS, [{ ...row, agency: 'Autre Intérim' }]))).json();
      expect(other.errors.map((e: any) => e.message)).toEqual(['Ligne 2, colonne « Agence » : « Autre Intérim » n’est pas votre agence : une agence n’importe que ses propres parcours.']);
      const unnamed = (await upload(secretariat, `${url}/check`, 'a.csv', csv(PATHWAY_IMPORT_COLUMNS, [row]))).json();
      expect(unnamed.errors[0].message).toBe('Ligne 2, colonne « Agence » : indiquez l’entreprise de travail temporaire (SIRET ou nom).');
      expect((await upload(secretariat, `${url}/check`, 'a.csv', csv(PATHWAY_IMPORT_COLUMNS, [{ ...row, agency: 'autre interim' }]))).json()).toMatchObject({ ok: true, rows: 1 });
      for (const email of [company, 'opca@parcours.test', 'lecteur@parcours.test', 'region@parcours.test']) {
        expect((await upload(email, url, 'a.csv', csv(PATHWAY_IMPORT_COLUMNS, [row]))).statusCode).toBe(403);
      }
    });
  });

  describe('pairs', () => {
    const url = '/api/imports/pairs';
    let juniorRef: string;
    let secondRef: string;
    let otherCompanyRef: string;
    const pair = (reference: string, overrides: Cells = {}): Cells => ({
      juniorReference: reference, seniorLastName: 'Ancien', seniorFirstName: 'Marc', seniorSex: 'M', seniorBirthDate: '01/06/1951',
      expectedRetirementDate: '01/07/2013', startDate: '03/10/2011', endDate: '30/06/2013', fullTimeSalaryCents: '2000,00',
      activityBp: '50', payBp: '80 %', writtenAgreement: 'oui', ...overrides,
    });

    beforeAll(async () => {
      const opcaim = await t.orgId('OPCAIM (métallurgie)');
      const junior = (email: string, lastName: string) => call(email, 'POST', '/api/pro-contracts', {
        trainingFundId: opcaim,
        trainee: { lastName, firstName: 'Tom', sex: 'M', birthDate: '1992-02-02', level: 'V', hasRecognisedQualification: true, jobSeeker: false, publics: [] },
        newTutor: { lastName: `Tuteur${lastName}`, firstName: 'Marc', birthDate: '1951-06-01', relatedExperienceMonths: 300, isEmployer: false },
        contractType: 'CDI', startDate: '2011-10-03', endDate: '2012-09-30', trainingHours: 400,
        targetedQualification: 'CQPM usineur', targetedLevel: 'V', providerName: 'AFPA', grossMonthlyPayCents: 110_000, reservedForPair: true,
      });
      const refs = [];
      for (const [email, name] of [[company, 'JeuneUn'], [company, 'JeuneDeux'], ['entreprise2@parcours.test', 'JeuneAutre']]) {
        const r = await junior(email, name);
        expect(r.statusCode, r.body).toBe(201);
        refs.push(r.json().reference as string);
      }
      [juniorRef, secondRef, otherCompanyRef] = refs;
    });

    it('refuses another company’s contract, a senior too far from retirement and a junior twice, writing nothing', async () => {
      const before = await count('pairs');
      const file = csv(PAIR_IMPORT_COLUMNS, [
        pair(juniorRef),
        pair(otherCompanyRef),
        pair(secondRef, { expectedRetirementDate: '01/01/2016' }),
        pair(juniorRef.toLowerCase(), { seniorFirstName: 'Jean' }),
      ]);
      const checked = (await upload(company, `${url}/check`, 'binomes.csv', file)).json();
      expect(checked.errors.map((e: any) => e.message)).toEqual([
        `Ligne 3, colonne « Contrat du jeune » : contrat de professionnalisation « ${otherCompanyRef} » inconnu pour cet employeur.`,
        expect.stringMatching(/^Ligne 4, colonne « Départ en retraite prévu » : Le départ en retraite prévu le 01\/01\/2016 est à plus de 2 ans/),
        'Ligne 5, colonne « Contrat du jeune » : ce contrat est déjà celui du binôme de la ligne 2.',
      ]);
      const job = await importThroughJob(company, url, 'binomes.csv', file);
      expect(job.status).toBe('failed');
      expect(job.result.errorCount).toBe(3);
      expect(await count('pairs')).toBe(before);
    });

    it('imports valid pairs through the job, with their monthly schedule, and refuses them a second time', async () => {
      const before = await count('pairs');
      const job = await importThroughJob(company, url, 'binomes.xlsx', await xlsx(PAIR_IMPORT_COLUMNS, [pair(juniorRef, { activityBp: '0,5', payBp: '0,8' }), pair(secondRef, { seniorLastName: 'Doyen', activityBp: '', payBp: '' })]));
      expect(job.status, JSON.stringify(job.result)).toBe('done');
      expect(job).toMatchObject({ progress: 100, progressLabel: 'Enregistrement 2 / 2' });
      expect(job.result.references[0]).toMatch(/^BIN-\d{6}$/);
      expect(await count('pairs')).toBe(before + 2);
      // Percent-formatted cells hold fractions (0.5 for 50 %).
      expect((await call(company, 'GET', `/api/pairs/${job.result.ids[0]}`)).json()).toMatchObject({ activityBp: 5000, payBp: 8000 });
      const p = (await call(company, 'GET', `/api/pairs/${job.result.ids[1]}`)).json();
      expect(p).toMatchObject({ activityBp: 5000, payBp: 8000, senior: { lastName: 'Doyen', expectedRetirementDate: '2013-07-01' }, junior: { reference: secondRef } });
      expect(p.schedule.rows.length).toBeGreaterThan(12);
      expect(p.history.map((h: any) => h.action)).toEqual(['imported']);

      const again = (await upload(secretariat, `${url}/check`, 'binomes.csv', csv(PAIR_IMPORT_COLUMNS, [pair(juniorRef)]))).json();
      expect(again.errors[0].message).toBe(`Ligne 2, colonne « Contrat du jeune » : ce contrat est déjà celui du jeune du binôme ${job.result.references[0]}.`);
    });

    it('checks again at write time that the junior has not joined another pair meanwhile', async () => {
      const { db } = t.ctx.database;
      const junior = await db.selectFrom('proContracts').select(['id', 'companyId']).where('reference', '=', juniorRef).executeTakeFirstOrThrow();
      const actor = { userId: 1, displayName: 'x', email: 'x', membershipId: 1, organisationId: junior.companyId, organisationName: 'x', organisationKind: 'company' as const, role: 'contributor' as const };
      const body = { juniorContractId: junior.id, senior: { lastName: 'Tard', firstName: 'Venu', sex: 'M' as const, birthDate: '1951-06-01', expectedRetirementDate: '2013-07-01' },
        writtenAgreement: true, startDate: '2011-10-03', endDate: '2013-06-30', fullTimeSalaryCents: 200_000 };
      const before = await count('pairs');
      const refusal = await db.transaction().execute((trx) => writePairs(trx, actor, [{ line: 4, body, companyId: junior.companyId, juniorReference: juniorRef }],
        { database: t.ctx.database, at: '2011-08-20T08:00:00.000Z', filename: 'tard.csv', rowCount: 1, onRow: async () => {} })).then(() => null, (e: unknown) => e);
      expect(refusal).toBeInstanceOf(LineRefusal);
      expect((refusal as LineRefusal).problems.errors().errors[0].message).toMatch(/^Ligne 4, colonne « Contrat du jeune » : ce contrat est déjà celui du jeune du binôme BIN-/);
      expect(await count('pairs')).toBe(before);
    });

    it('lets only companies and the secretariat import pairs', async () => {
      for (const email of ['opca@parcours.test', agency, 'lecteur@parcours.test', 'etat@parcours.test']) {
        expect((await upload(email, url, 'a.csv', csv(PAIR_IMPORT_COLUMNS, [pair(juniorRef)]))).statusCode).toBe(403);
      }
    });
  });
});
