import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../../src/platform/documents/pdfText.js';
import { drainJobs } from '../../src/platform/outbox/jobs.js';
import { percentile } from '../../src/steering/statistics.js';
import { sql } from 'kysely';
import { recordHistory } from '../../src/platform/history/history.js';
import { HELPED_STATUSES } from '../../src/steering/facts.js';
import { ensureFacts, factsState, rebuildFacts } from '../../src/steering/factUpdates.js';
import { steeringDashboard, warmSteering } from '../../src/steering/snapshots.js';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';

/** The text of a PDF as produced in production (compressed streams are inflated by pdfText). */
function textOfCompressedPdf(pdf: Buffer): string {
  return pdfText(pdf).replace(/\u00a0/g, ' ');
}

type Table = { id: string; notes: string[]; columns: { key: string; unit: string }[]; rows: { key: string; label: string; values: Record<string, number | null>; masked: string[] }[]; total: { values: Record<string, number | null>; masked: string[] } | null };
const PEOPLE_TABLES = ['territory', 'territoryByArea', 'peopleBySex', 'peopleByAgeFse2007', 'peopleByAgeFse2014', 'peopleBySituation', 'peopleByQualification'];

describe.each(databaseKinds())('steering on %s', (kind) => {
  let t: TestApp;
  const call = async (email: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { cookie: await t.login(email) }, ...(payload !== undefined ? { payload: payload as any } : {}) });
  const dashboard = async (query = '', email = 'lecteur@parcours.test') => {
    const response = await call(email, 'GET', `/api/steering/dashboard${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { tables: Table[]; kpis: any[]; processing: any; automotive: any; filterLines: string[]; notes: string[]; options: any; privacy: any };
  };
  const table = (d: { tables: Table[] }, id: string) => d.tables.find((x) => x.id === id)!;

  beforeAll(async () => {
    t = await testApp(kind, { now: '2011-03-01T08:00:00.000Z' });
    // A helped request in Corse-du-Sud with 3 trained employees: 3 people must never show.
    const { db } = t.ctx.database;
    const measure = await db.selectFrom('measures').select('id').where('code', '=', 'ACTE2-AXE1').executeTakeFirstOrThrow();
    const company = await t.orgId('Plastiques du Haut-Jura');
    const request = await db.insertInto('fundingRequests').values({
      reference: 'TEST-70-001', measureId: measure.id, companyId: company, trainingFundId: null, status: 'approved', companyName: 'Plastiques du Haut-Jura',
      siret: '55210055400013', nafCode: '2229A', idcc: null, headcount: 8, departement: '2A', traineeCount: 3, trainingHours: 210,
      teachingCostCents: 300_000, payCostCents: 90_000, totalCostCents: 390_000, realisedHours: 0, realisedCostCents: 0, committedCents: 300_000, paidCents: 0,
      submittedAt: '2010-09-01T08:00:00.000Z', decidedAt: '2010-09-15T08:00:00.000Z', closedAt: null, createdAt: '2010-08-30T08:00:00.000Z',
      updatedAt: '2010-09-15T08:00:00.000Z', createdBy: null, isImported: false,
      activityDropStart: null, activityDropEnd: null, justificationKind: null, authorisationReference: null, partialActivityHours: null, retentionCommitmentMonths: null, retentionCommitment: null,
    }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('requestEmployees').values([0, 1, 2].map((i) => ({
      requestId: request.id, lastName: `Test${i}`, firstName: 'Personne', birthDate: `198${i}-05-01`, sex: i === 0 ? 'F' : 'M',
      socioProfessionalCategory: 'ouvrier', level1969: 'V', level2019: '3', contractType: 'CDI', situation: 'employed',
    }))).execute();
    await db.insertInto('fundingLines').values({ requestId: request.id, position: 1, funder: 'REGION', proposedCents: 300_000, approvedCents: 300_000 }).execute();
    // Written without history, like a bulk load: the steering is told by a full rebuild.
    await rebuildFacts(t.ctx);
  });
  afterAll(async () => { await t?.close(); });

  it('lets readers, partners and the secretariat read aggregates, and refuses companies', async () => {
    for (const email of ['lecteur@parcours.test', 'etat@parcours.test', 'secretariat@parcours.test', 'admin@parcours.test']) {
      expect((await call(email, 'GET', '/api/steering/dashboard')).statusCode).toBe(200);
    }
    const company = await call('entreprise@parcours.test', 'GET', '/api/steering/dashboard');
    expect(company.statusCode).toBe(403);
    expect(company.json().error.message).toMatch(/pilotage/);
    expect((await call('entreprise@parcours.test', 'POST', '/api/steering/report', { filters: {} })).statusCode).toBe(403);
    expect((await call('entreprise@parcours.test', 'GET', '/api/steering/tables/money/export')).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/steering/dashboard' })).statusCode).toBe(401);
  });

  it('never lets a name, a birth date or a request reference out', async () => {
    const body = (await call('lecteur@parcours.test', 'GET', '/api/steering/dashboard')).body;
    expect(body).not.toMatch(/Test0|1980-05-01|TEST-70-001/);
  });

  it('shows targets against results and the Acte I figures from the imported history', async () => {
    const d = await dashboard();
    const kpi = (indicator: string) => d.kpis.find((k) => k.indicator === indicator)!;
    expect(kpi('companies')).toMatchObject({ measureCode: 'ACTE1-CELLULE', target: 72, achieved: 72 });
    expect(kpi('employees')).toMatchObject({ target: 10748, achieved: 10748, percent: 100 });
    expect(kpi('hours')).toMatchObject({ target: 366513, achieved: 366513 });
    expect(kpi('contracts').target).toBe(6000);
    expect(kpi('reserved_pairs').target).toBe(1000);
    expect(kpi('pathways').target).toBe(1000);
    expect(kpi('pairs').target).toBe(1000);
  });

  it('makes every total the sum of its parts', async () => {
    const d = await dashboard();
    const money = table(d, 'money');
    for (const key of ['envelope', 'committed', 'paid', 'remaining']) {
      expect(money.rows.reduce((s, r) => s + (r.values[key] ?? 0), 0)).toBe(money.total!.values[key]);
    }
    for (const r of money.rows) expect(r.values.remaining).toBe(r.values.envelope! - r.values.committed!);
    // Companies are never masked (they are not people): sections, divisions and sizes add up to the same total.
    const companies = ['companiesBySize', 'companiesBySection', 'companiesByDivision', 'companiesByArea'].map((id) => table(d, id));
    for (const c of companies) expect(c.rows.reduce((s, r) => s + (r.values.companies ?? 0), 0)).toBe(c.total!.values.companies);
    expect(new Set(companies.map((c) => c.total!.values.companies)).size).toBe(1);
    // Every people table counts the same population: one total, shown or hidden in all of them.
    const totals = PEOPLE_TABLES.map((id) => table(d, id).total!.values.people);
    expect(new Set(totals).size).toBe(1);
    // The imported Acte I trainees are known in number only, and said so — without their number, which
    // with the trainees of the company tables would give the described people by difference.
    const note = table(d, 'peopleBySex').notes.join(' ');
    expect(note).toMatch(/salariés formés ne sont connus qu’en nombre/);
    expect(note).not.toMatch(/\d/);
    for (const id of PEOPLE_TABLES) {
      const x = table(d, id);
      const visible = x.rows.reduce((s, r) => s + (r.values.people ?? 0), 0);
      const hidden = x.rows.filter((r) => r.masked.includes('people'));
      // A hidden cell is never alone beside a shown total, so none can be recomputed from it.
      if (x.total!.values.people !== null) expect(hidden.length !== 1, id).toBe(true);
      if (hidden.length === 0 && x.total!.values.people !== null) expect(visible).toBe(x.total!.values.people);
    }
    const trends = table(d, 'trends');
    expect(trends.rows.reduce((s, r) => s + (r.values.submitted ?? 0), 0)).toBe(trends.total!.values.submitted);
  });

  it('counts people by employment area as the records give it', async () => {
    const { db } = t.ctx.database;
    const areaOf = async (area: string) => {
      const companies = (await db.selectFrom('organisations').select('id').where('employmentArea', '=', area).execute()).map((o) => o.id);
      const count = async (q: { executeTakeFirstOrThrow(): Promise<{ n: unknown }> }) => Number((await q.executeTakeFirstOrThrow()).n);
      const employees = await count(db.selectFrom('requestEmployees as e').innerJoin('fundingRequests as r', 'r.id', 'e.requestId')
        .select((eb) => eb.fn.countAll().as('n')).where('r.employmentArea', '=', area).where('r.status', 'in', [...HELPED_STATUSES]));
      if (!companies.length) return employees;
      const contracts = await count(db.selectFrom('proContracts').select((eb) => eb.fn.countAll().as('n')).where('companyId', 'in', companies));
      const pathways = await count(db.selectFrom('tempPathways').select((eb) => eb.fn.countAll().as('n')).where('agencyId', 'in', companies));
      const pairs = await count(db.selectFrom('pairs').select((eb) => eb.fn.countAll().as('n')).where('companyId', 'in', companies));
      return employees + contracts + pathways + pairs;
    };
    const areas = table(await dashboard(), 'territoryByArea');
    expect(areas.notes.join(' ')).toMatch(/Zonage en zones d’emploi 2010/);
    let shown = 0;
    for (const code of ['besancon', 'saint-claude', 'belfort-montbeliard-hericourt']) {
      const expected = await areaOf(code);
      const row = areas.rows.find((r) => r.key === code)!;
      expect(expected, code).toBeGreaterThanOrEqual(5);
      // Shown as counted, or hidden as the second cell of the secrecy rule; never another figure.
      if (row.masked.includes('people')) expect(row.values.people).toBeNull();
      else { expect(row.values.people, code).toBe(expected); shown += 1; }
    }
    expect(shown).toBeGreaterThanOrEqual(2);
    expect(areas.rows.find((r) => r.key === 'besancon')!.label).toBe('Besançon');

    // Companies are counted by the area their requests give, Acte I history included.
    const companies = table(await dashboard(), 'companiesByArea');
    const helped = await db.selectFrom('fundingRequests').select(['employmentArea', (eb) => eb.fn.count<number>('siret').distinct().as('n')])
      .where('status', 'in', [...HELPED_STATUSES]).groupBy('employmentArea').execute();
    expect(helped.length).toBeGreaterThan(5);
    for (const h of helped) {
      const row = companies.rows.find((r) => r.key === (h.employmentArea ?? 'unknown'));
      expect(row?.values.companies, String(h.employmentArea)).toBe(Number(h.n));
    }
  });

  it('masks any cell under 5 people, with a second cell so it cannot be recomputed', async () => {
    const d = await dashboard();
    for (const x of d.tables) {
      for (const r of [...x.rows, ...(x.total ? [x.total] : [])]) {
        for (const [key, value] of Object.entries(r.values)) {
          const unit = (x as any).columns.find((c: any) => c.key === key)?.unit;
          if (unit === 'people' && value !== null) expect(value === 0 || value >= 5, `${x.id} ${key} = ${value}`).toBe(true);
        }
      }
    }
    const territory = table(d, 'territory');
    const row2A = territory.rows.find((r) => r.key === '2A');
    // Corse-du-Sud's 3 people are either hidden or merged into « Autres »: never shown as 3.
    if (row2A) expect(row2A).toMatchObject({ values: { people: null }, masked: ['people'] });
    expect(territory.rows.some((r) => r.values.people === 3)).toBe(false);
    const areas = table(d, 'territoryByArea');
    // The Corsican request gives no employment area: its 3 people are « Non renseignée », hidden.
    expect(areas.rows.find((r) => r.key === 'unknown')?.values.people ?? null).toBeNull();

    const only2A = await dashboard('?departement=2A');
    const t2A = table(only2A, 'territory');
    expect(t2A.total!.values.people).toBeNull();
    expect(t2A.total!.masked).toEqual(['people']);
    expect(table(only2A, 'peopleBySex').rows.every((r) => r.values.people === null || r.values.people === 0)).toBe(true);
    // Companies are not people: the one company of the filter is counted.
    expect(table(only2A, 'companiesBySize').total!.values.companies).toBe(1);
    expect(table(only2A, 'companiesBySize').rows.find((r) => r.key === 'TPE')).toMatchObject({ values: { companies: 1, people: null, hours: null } });
    expect(only2A.privacy.threshold).toBe(5);
  });

  it('filters by département, measure, funder, sector and period, and validates them', async () => {
    const all = await dashboard();
    // The filter bar offers every département that has requests (2A: the test's request), in order.
    const known = (await t.ctx.database.db.selectFrom('fundingRequests').select('departement').distinct().where('departement', 'is not', null).execute()).map((r) => r.departement!);
    expect(all.options.departements).toEqual([...new Set(['25', '39', '70', '90', ...known])].sort());
    expect(all.options.departements).toContain('2A');
    const acte1 = await dashboard('?measure=ACTE1-CELLULE');
    expect(table(acte1, 'companiesBySize').total!.values.companies).toBe(72);
    expect(acte1.kpis.every((k: any) => k.measureCode === 'ACTE1-CELLULE')).toBe(true);
    const region = await dashboard('?funder=REGION');
    expect(table(region, 'money').rows.map((r) => r.key)).toEqual(['REGION']);
    const sectionC = await dashboard('?section=C');
    expect(table(sectionC, 'companiesBySection').rows.every((r) => r.key === 'C')).toBe(true);
    expect(sectionC.notes.join(' ')).toMatch(/secteur/);
    const period = await dashboard('?from=2010-09-01&to=2010-09-30');
    expect(table(period, 'companiesBySize').total!.values.companies).toBeLessThan(table(all, 'companiesBySize').total!.values.companies!);
    expect(period.filterLines.join(' ')).toMatch(/du 01\/09\/2010 au 30\/09\/2010/);

    for (const bad of ['?section=Z9', '?departement=ABC', '?from=2010-13-01', '?from=2010-05-01&to=2010-01-01', '?funder=BANK', '?measure=bad code']) {
      const response = await call('lecteur@parcours.test', 'GET', `/api/steering/dashboard${bad}`);
      expect(response.statusCode, bad).toBe(400);
      expect(response.json().error.message).toBeTruthy();
    }
  });

  it('counts the Acte II measures from their own tables, and adds their people to the FSE indicators', async () => {
    const { db } = t.ctx.database;
    const count = async (q: any) => Number((await q.select((eb: any) => eb.fn.countAll().as('n')).executeTakeFirst()).n);
    const contracts = await count(db.selectFrom('proContracts'));
    const reserved = await count(db.selectFrom('proContracts').where('isReservedForPair', '=', true));
    const pathways = await count(db.selectFrom('tempPathways'));
    const pairs = await count(db.selectFrom('pairs'));
    const employees = await count(db.selectFrom('requestEmployees as e').innerJoin('fundingRequests as r', 'r.id', 'e.requestId').where('r.status', 'in', ['approved', 'closed']));
    // Each figure is exact or hidden, and hidden whenever it is under 5.
    const shownOrHidden = (value: number | null, n: number) => { expect(value === null || value === n, `${value} for ${n}`).toBe(true); if (n > 0 && n < 5) expect(value).toBeNull(); };

    const d = await dashboard();
    const kpi = (indicator: string) => d.kpis.find((k) => k.indicator === indicator)!;
    // A hidden result is not sent at all.
    for (const k of d.kpis) expect(k.masked ? k.achieved === null : k.achieved >= 0, k.indicator).toBe(true);
    shownOrHidden(kpi('contracts').achievedShown, contracts);
    shownOrHidden(kpi('reserved_pairs').achievedShown, reserved);
    shownOrHidden(kpi('pathways').achievedShown, pathways);
    shownOrHidden(kpi('pairs').achievedShown, pairs);
    // Everyone reached, once: trained employees, C.Pro trainees, temp workers, seniors of pairs.
    shownOrHidden(table(d, 'peopleBySex').total!.values.people, employees + contracts + pathways + pairs);
    expect(table(d, 'territory').rows.reduce((s, r) => s + (r.masked.includes('people') ? 0 : r.values.people ?? 0), 0)).toBeLessThanOrEqual(employees + contracts + pathways + pairs);

    // One measure: only its own table counts.
    const cpro = await dashboard('?measure=ACTE2-CPRO');
    expect(table(cpro, 'companiesBySize').total!.values.companies).toBe(0);
    shownOrHidden(table(cpro, 'peopleBySex').total!.values.people, contracts);
    expect(cpro.kpis.map((k: any) => k.indicator)).toEqual(['contracts', 'reserved_pairs']);
    // C.Pro are funded by the OPCA: filtering on another funder leaves them out.
    const faftt = await dashboard('?measure=ACTE2-CPRO&funder=FAFTT');
    expect(faftt.kpis.find((k: any) => k.indicator === 'contracts').achieved).toBe(0);
    // Outcomes at exit add up to the contracts whose exit is recorded (when not hidden).
    const exits = await count(db.selectFrom('proContracts').where('situationAtExit', 'is not', null));
    shownOrHidden(table(d, 'outcomes').total!.values.contractsExit, exits);
  });

  it('computes the median and 90th percentile exactly as the nearest-rank rule does on the records', async () => {
    const d = await dashboard();
    const { db } = t.ctx.database;
    const days = kind === 'postgres' ? sql<number>`extract(epoch from (decided_at - submitted_at)) / 86400.0` : sql<number>`julianday(decided_at) - julianday(submitted_at)`;
    const durations = (await db.selectFrom('fundingRequests').select(days.as('days')).where('submittedAt', 'is not', null).where('decidedAt', 'is not', null).execute())
      .map((r) => Number(r.days)).sort((a, b) => a - b);
    expect(d.processing.count).toBe(durations.length);
    expect(durations.length).toBeGreaterThan(0);
    const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
    expect(d.processing.medianDays).toBe(round(percentile(durations, 1, 2)));
    expect(d.processing.p90Days).toBe(round(percentile(durations, 9, 10)));
  });

  it('exports every table as CSV (BOM, semicolons) and XLSX', async () => {
    const csv = await call('lecteur@parcours.test', 'GET', '/api/steering/tables/money/export?format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.rawPayload.subarray(0, 3).toString('hex')).toBe('efbbbf');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('Financeur;Enveloppe (€);Engagé (net des dégagements) (€);Versé (€);Reste à engager (€)');
    expect(lines.at(-1)).toMatch(/^Total;/);
    const secret = await call('lecteur@parcours.test', 'GET', '/api/steering/tables/territory/export?format=csv&departement=2A');
    expect(secret.body).toMatch(/secret statistique/);
    expect(secret.body).not.toMatch(/;3\r?\n/);
    const xlsx = await call('lecteur@parcours.test', 'GET', '/api/steering/tables/peopleBySex/export?format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await call('lecteur@parcours.test', 'GET', '/api/steering/tables/people/export')).statusCode).toBe(400);
    for (const id of ['targets', 'companiesByDivision', 'trends', 'processing', 'outcomes', 'peopleByAgeFse2007']) {
      expect((await call('lecteur@parcours.test', 'GET', `/api/steering/tables/${id}/export?format=csv`)).statusCode, id).toBe(200);
    }
  });

  it('produces the plenary report in the background, with the Acte I page, for the requester’s organisation only', async () => {
    const started = await call('lecteur@parcours.test', 'POST', '/api/steering/report', { filters: { departement: '25' } });
    expect(started.statusCode).toBe(202);
    const { jobId } = started.json();
    const pending = (await call('lecteur@parcours.test', 'GET', `/api/jobs/${jobId}`)).json();
    expect(pending.status).toBe('pending');
    await drainJobs(t.ctx);
    const job = (await call('lecteur@parcours.test', 'GET', `/api/jobs/${jobId}`)).json();
    expect(job).toMatchObject({ status: 'done', progress: 100 });
    expect(job.result.downloadUrl).toMatch(/^\/api\/steering\/reports\/\d+$/);

    const pdf = await call('lecteur@parcours.test', 'GET', job.result.downloadUrl);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = textOfCompressedPdf(pdf.rawPayload);
    expect(text).toMatch(/Rapport à la conférence plénière/);
    expect(text).toMatch(/Département : 25/);
    expect(text).toMatch(/Document généré le 01\/03\/2011/);
    expect(text).toMatch(/Acte I — cellule opérationnelle hebdomadaire/);
    expect(text).toMatch(/Entreprises aidées 72/);
    expect(text).toMatch(/Salariés formés 10 748/);
    expect(text).toMatch(/Heures de formation 366 513 h/);
    expect(text).toMatch(/15 000 000,00 €/);
    expect(text).toMatch(/OPCA [\d ,]+€ 43 %/);
    expect(text).toMatch(/État et FSE [\d ,]+€ 22 %/);
    expect(text).toMatch(/Région [\d ,]+€ 13 %/);
    expect(text).toMatch(/Entreprises \(part restante\) [\d ,]+€ 22 %/);

    // Another organisation cannot download it, nor a company.
    expect((await call('etat@parcours.test', 'GET', job.result.downloadUrl)).statusCode).toBe(404);
    expect((await call('entreprise@parcours.test', 'GET', job.result.downloadUrl)).statusCode).toBe(403);
    const invalid = await call('lecteur@parcours.test', 'POST', '/api/steering/report', { filters: { section: 'ZZ' } });
    expect(invalid.statusCode).toBe(400);
  });

  /** A business write as every module makes it: the record and its history in one transaction. */
  const write = (entityType: string, entityId: number, change: (trx: any) => Promise<unknown>) =>
    t.ctx.database.db.transaction().execute(async (trx) => {
      await change(trx);
      await recordHistory(trx, null, t.ctx.clock.now().toISOString(), { entityType, entityId, action: 'test.change' });
    });
  const figures = (d: any) => { const { freshness: _f, generatedAt: _g, options: _o, ...rest } = d; return rest; };
  /** The facts in a canonical order, to compare the incremental ones with a full rebuild. */
  const allFacts = async () => (await t.ctx.database.db.selectFrom('steeringFacts').selectAll().execute())
    .map((f) => JSON.stringify({ ...f, n: Number(f.n), v1: Number(f.v1), entityId: Number(f.entityId), measureId: Number(f.measureId) })).sort();

  it('protects the secrecy cubes again only when figures of people move, not money alone', async () => {
    const { db } = t.ctx.database;
    const state = async () => { await ensureFacts(t.ctx); return factsState(db); };
    const paid = await db.selectFrom('fundingRequests as r').innerJoin('commitments as c', 'c.requestId', 'r.id')
      .select(['r.id', 'c.id as commitmentId']).where('r.status', 'in', [...HELPED_STATUSES]).executeTakeFirstOrThrow();
    const trained = await db.selectFrom('fundingRequests as r').innerJoin('requestEmployees as e', 'e.requestId', 'r.id')
      .select(['r.id', 'e.id as employeeId', 'e.sex']).where('r.status', 'in', [...HELPED_STATUSES]).executeTakeFirstOrThrow();
    const request = { commitmentId: paid.commitmentId, employeeId: trained.employeeId, sex: trained.sex };
    const touch = (action: string) => db.transaction().execute(async (trx) => {
      for (const id of [paid.id, trained.id]) await recordHistory(trx, null, '2011-03-01T08:00:00.000Z', { entityType: 'fundingRequest', entityId: id, action });
    });
    const before = await state();
    await db.updateTable('commitments').set((eb) => ({ releasedCents: eb('releasedCents', '+', 100) })).where('id', '=', request.commitmentId).execute();
    await touch('test.money');
    const afterMoney = await state();
    expect(afterMoney.version).toBeGreaterThan(before.version);
    expect(afterMoney.peopleVersion).toBe(before.peopleVersion);
    await db.updateTable('requestEmployees').set({ sex: request.sex === 'F' ? 'M' : 'F' }).where('id', '=', request.employeeId).execute();
    await touch('test.people');
    expect((await state()).peopleVersion).toBe(before.peopleVersion + 1);
    // Put back as it was, for the tests that follow.
    await db.updateTable('commitments').set((eb) => ({ releasedCents: eb('releasedCents', '-', 100) })).where('id', '=', request.commitmentId).execute();
    await db.updateTable('requestEmployees').set({ sex: request.sex }).where('id', '=', request.employeeId).execute();
    await touch('test.restore');
    await state();
  });

  it('keeps each view until a change is applied, and is exact right after any write', async () => {
    const { db } = t.ctx.database;
    const targetValue = (d: { kpis: any[] }) => d.kpis.find((k) => k.measureCode === 'ACTE2-CPRO' && k.indicator === 'contracts')!.target;
    const first = await dashboard('?programme=ACTE2') as any;
    const again = await dashboard('?programme=ACTE2') as any;
    expect(again.freshness).toMatchObject({ source: 'snapshot', current: true });
    expect(figures(again)).toEqual(figures(first));
    expect((await dashboard('?programme=ACTE2&departement=25') as any).freshness.source).toBe('live');
    expect((await dashboard('?departement=25&programme=ACTE2') as any).freshness).toMatchObject({ source: 'snapshot', current: true });

    // An administrator changes a target: the view is computed again at the next reading.
    const target = await db.selectFrom('targets as t').innerJoin('measures as m', 'm.id', 't.measureId').select(['t.id', 't.value', 't.version'])
      .where('m.code', '=', 'ACTE2-CPRO').where('t.indicator', '=', 'contracts').executeTakeFirstOrThrow();
    expect((await call('admin@parcours.test', 'PATCH', `/api/targets/${target.id}`, { value: 6_100, version: target.version })).statusCode).toBe(200);
    const recomputed = await dashboard('?programme=ACTE2') as any;
    expect(recomputed.freshness).toMatchObject({ source: 'live', current: true });
    expect(targetValue(recomputed)).toBe(6_100);
    const csv = await call('lecteur@parcours.test', 'GET', '/api/steering/tables/targets/export?programme=ACTE2&format=csv');
    expect(csv.body).toMatch(/6100/);

    // A contract gets its situation at exit: the next reading counts it, from that record's facts only.
    const contract = await db.selectFrom('proContracts').select(['id', 'companyId']).where('situationAtExit', 'is', null).orderBy('id').executeTakeFirstOrThrow();
    const exits = (d: any) => d.tables.find((x: Table) => x.id === 'outcomes').rows.find((r: any) => r.key === 'cdd');
    const before = await dashboard('?measure=ACTE2-CPRO');
    await write('proContract', contract.id, (trx) => trx.updateTable('proContracts').set({ situationAtExit: 'cdd' }).where('id', '=', contract.id).execute());
    const after = await dashboard('?measure=ACTE2-CPRO') as any;
    expect(after.freshness.source).toBe('live');
    const count = (row: any) => (row?.masked.includes('contractsExit') ? null : row?.values.contractsExit ?? 0);
    if (count(exits(before)) !== null && count(exits(after)) !== null) expect(count(exits(after))).toBe(count(exits(before)) + 1);
    expect(await db.selectFrom('changedEntities').select('id').execute()).toEqual([]);
    // A change that moves no figure (here: none at all) leaves every kept view valid.
    await write('proContract', contract.id, async () => {});
    expect((await dashboard('?measure=ACTE2-CPRO') as any).freshness.source).toBe('snapshot');

    // The company moves to another département: its contracts follow it.
    const company = await db.selectFrom('organisations').select(['id', 'departement']).where('id', '=', contract.companyId).executeTakeFirstOrThrow();
    await write('organisation', company.id, (trx) => trx.updateTable('organisations').set({ departement: '2B' }).where('id', '=', company.id).execute());
    const moved = await db.selectFrom('steeringFacts').select('departement').distinct().where('entityType', '=', 'proContract').where('entityId', '=', contract.id).execute();
    await dashboard('?departement=2B');
    expect((await db.selectFrom('steeringFacts').select('departement').distinct().where('entityType', '=', 'proContract').where('entityId', '=', contract.id).execute())).toEqual([{ departement: '2B' }]);
    expect(moved).not.toEqual([{ departement: '2B' }]);

    // What the changes left is exactly what a full rebuild computes, view for view.
    const incremental = await allFacts();
    const views = ['', '?measure=ACTE2-CPRO', '?departement=2B', `?departement=${company.departement}`, '?funder=OPCA&from=2010-01-01'];
    const shown = await Promise.all(views.map(async (v) => figures(await dashboard(v))));
    await rebuildFacts(t.ctx);
    expect(await allFacts()).toEqual(incremental);
    for (const [i, v] of views.entries()) expect(figures(await dashboard(v)), v).toEqual(shown[i]);

    await write('organisation', company.id, (trx) => trx.updateTable('organisations').set({ departement: company.departement }).where('id', '=', company.id).execute());
    await write('proContract', contract.id, (trx) => trx.updateTable('proContracts').set({ situationAtExit: null }).where('id', '=', contract.id).execute());
    await call('admin@parcours.test', 'PATCH', `/api/targets/${target.id}`, { value: Number(target.value) });
  });

  it('rebuilds a database never built in one background job, queued once at start', async () => {
    const { db } = t.ctx.database;
    const pending = () => db.selectFrom('jobs').select('id').where('kind', '=', 'steering.refresh').where('status', '=', 'pending').execute();
    await dashboard();
    await warmSteering(t.ctx);
    expect(await pending()).toHaveLength(0);
    await db.updateTable('steeringState').set({ rebuiltAt: null }).execute();
    await warmSteering(t.ctx);
    await warmSteering(t.ctx);
    expect(await pending()).toHaveLength(1);
    const facts = await allFacts();
    await drainJobs(t.ctx);
    const done = await db.selectFrom('jobs').select('result').where('kind', '=', 'steering.refresh').where('status', '=', 'done').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(done.result!).records).toBeGreaterThan(100);
    expect(await allFacts()).toEqual(facts);
    expect((await db.selectFrom('steeringState').select('rebuiltAt').executeTakeFirstOrThrow()).rebuiltAt).not.toBeNull();
    expect((await steeringDashboard(t.ctx, {})).freshness.current).toBe(true);
  });
});
