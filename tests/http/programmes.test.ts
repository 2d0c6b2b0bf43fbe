import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/platform/history/history.js';
import { drainJobs } from '../../src/platform/outbox/jobs.js';
import { createRequest } from '../../src/weeklyCell/requestRepository.js';
import { requestDraftSchema } from '../../src/weeklyCell/requestSchema.js';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';
import { sampleDraft } from '../support/requests.js';

const ADMIN = 'admin@parcours.test';

describe.each(databaseKinds())('programmes as data on %s', (kind) => {
  let t: TestApp;
  const call = async (email: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { cookie: await t.login(email) }, ...(payload !== undefined ? { payload: payload as any } : {}) });
  const programmeId = async (code: string) => (await t.ctx.database.db.selectFrom('programmes').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
  const measureId = async (code: string) => (await t.ctx.database.db.selectFrom('measures').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

  beforeAll(async () => { t = await testApp(kind, { now: '2010-06-15T08:00:00.000Z' }); });
  afterAll(async () => { await t?.close(); });

  it('lets every signed-in user read programmes, measures, targets, envelopes and rules', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/programmes' })).statusCode).toBe(401);
    const list = await call('lecteur@parcours.test', 'GET', '/api/programmes');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((p: any) => p.code)).toEqual(['ACTE1', 'ACTE2']);
    expect(list.json().items[1].measures.map((m: any) => m.code)).toEqual(['ACTE2-AXE1', 'ACTE2-AXE2', 'ACTE2-AXE3', 'ACTE2-CPRO']);

    const acte1 = await call('entreprise@parcours.test', 'GET', `/api/programmes/${await programmeId('ACTE1')}`);
    expect(acte1.statusCode).toBe(200);
    const cell = acte1.json().measures[0];
    expect(cell).toMatchObject({ code: 'ACTE1-CELLULE', kindLabel: 'Cellule opérationnelle hebdomadaire', requestCount: expect.any(Number) });
    expect(cell.targets.map((x: any) => [x.indicator, x.value])).toEqual([['companies', 72], ['employees', 10748], ['hours', 366513]]);
    const opca = cell.envelopes.find((e: any) => e.funder === 'OPCA');
    expect(opca).toMatchObject({ amountCents: 645_000_000, funderLabel: 'OPCA / OPCO', paidCents: expect.any(Number) });
    expect(opca.remainingCents).toBe(opca.amountCents - opca.committedCents);
    expect(cell.fundingRules).toHaveLength(5);
    expect(cell.routingRules.map((r: any) => r.organisationName)).toEqual(['OPCA/OPCO de l’entreprise', 'DIRECCTE Franche-Comté', 'Région Franche-Comté', 'Pôle emploi Franche-Comté']);
    expect((await call('lecteur@parcours.test', 'GET', '/api/programmes/99999')).statusCode).toBe(404);
    expect((await call('lecteur@parcours.test', 'GET', `/api/measures/${cell.id}`)).json().code).toBe('ACTE1-CELLULE');
  });

  it('lets administrators create, edit and delete the whole configuration, with versions and history', async () => {
    const created = await call(ADMIN, 'POST', '/api/programmes', { code: 'ACTE3', name: 'Acte III — métiers d’avenir', startsOn: '2015-01-01', endsOn: null });
    expect(created.statusCode).toBe(201);
    const p = created.json();
    expect((await call(ADMIN, 'POST', '/api/programmes', { code: 'ACTE3', name: 'Doublon', startsOn: '2015-01-01' })).statusCode).toBe(409);

    const renamed = await call(ADMIN, 'PATCH', `/api/programmes/${p.id}`, { name: 'Acte III — transfrontalier', version: p.version });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Acte III — transfrontalier', version: p.version + 1 });
    const stale = await call(ADMIN, 'PATCH', `/api/programmes/${p.id}`, { name: 'Écrasé', version: p.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toMatch(/modifié\(e\) par quelqu'un d'autre/);

    const measure = (await call(ADMIN, 'POST', '/api/measures', { programmeId: p.id, code: 'ACTE3-SUISSE', name: 'Formations transfrontalières', kind: 'weekly_cell', startsOn: '2015-01-01' })).json();
    expect(measure).toMatchObject({ code: 'ACTE3-SUISSE', version: 1 });
    const target = await call(ADMIN, 'POST', '/api/targets', { measureId: measure.id, indicator: 'employees', label: 'Salariés formés', value: 500 });
    expect(target.statusCode).toBe(201);
    expect((await call(ADMIN, 'POST', '/api/targets', { measureId: measure.id, indicator: 'employees', label: 'Encore', value: 1 })).statusCode).toBe(409);
    expect(target.json().version).toBe(1);
    expect((await call(ADMIN, 'PATCH', `/api/targets/${target.json().id}`, { value: 600, version: 1 })).json()).toMatchObject({ value: 600, version: 2 });
    // Targets and rules carry a version too: an edit from a stale page loses instead of overwriting.
    const staleTarget = await call(ADMIN, 'PATCH', `/api/targets/${target.json().id}`, { value: 1, version: 1 });
    expect(staleTarget.statusCode).toBe(409);
    expect(staleTarget.json().error.field).toBe('version');

    const envelope = await call(ADMIN, 'POST', '/api/envelopes', { measureId: measure.id, funder: 'REGION', amountCents: 100_000_000 });
    expect(envelope.statusCode).toBe(201);
    expect(envelope.json()).toMatchObject({ funder: 'REGION', amountCents: 100_000_000, committedCents: 0, remainingCents: 100_000_000, version: 1 });
    const envelopeTwice = await call(ADMIN, 'POST', '/api/envelopes', { measureId: measure.id, funder: 'REGION', amountCents: 1 });
    expect(envelopeTwice.statusCode).toBe(409);
    expect(envelopeTwice.json().error.field).toBe('funder');
    const raised = await call(ADMIN, 'PATCH', `/api/envelopes/${envelope.json().id}`, { amountCents: 120_000_000, version: 1 });
    expect(raised.json()).toMatchObject({ amountCents: 120_000_000, version: 2 });
    expect((await call(ADMIN, 'PATCH', `/api/envelopes/${envelope.json().id}`, { amountCents: 1, version: 1 })).statusCode).toBe(409);

    const rule = await call(ADMIN, 'POST', '/api/funding-rules', { measureId: measure.id, funder: 'REGION', label: 'Cofinancement régional', validFrom: '2015-01-01', maxRateBp: 3000 });
    expect(rule.statusCode).toBe(201);
    expect(rule.json()).toMatchObject({ validTo: null, maxRateBp: 3000, hourlyCapCents: null, maxHeadcount: null, funderLabel: 'Région' });
    expect((await call(ADMIN, 'PATCH', `/api/funding-rules/${rule.json().id}`, { hourlyCapCents: 1200, version: 1 })).json()).toMatchObject({ hourlyCapCents: 1200, version: 2 });
    expect((await call(ADMIN, 'PATCH', `/api/funding-rules/${rule.json().id}`, { hourlyCapCents: 1, version: 1 })).statusCode).toBe(409);

    const routing = await call(ADMIN, 'POST', '/api/routing-rules', { measureId: measure.id, organisationId: null, label: 'OPCA de l’entreprise', nafSection: 'C' });
    expect(routing.statusCode).toBe(201);
    expect(routing.json()).toMatchObject({ organisationId: null, organisationName: 'OPCA/OPCO de l’entreprise', isRequired: true, isJobSeekersOnly: false, nafSection: 'C' });
    const region = await t.orgId('Région Franche-Comté');
    const moved = await call(ADMIN, 'PATCH', `/api/routing-rules/${routing.json().id}`, { organisationId: region, funder: 'REGION', isRequired: false, version: 1 });
    expect(moved.json()).toMatchObject({ organisationName: 'Région Franche-Comté', funder: 'REGION', isRequired: false, version: 2 });

    const detail = (await call('lecteur@parcours.test', 'GET', `/api/programmes/${p.id}`)).json();
    expect(detail.measures[0].targets[0].value).toBe(600);
    expect(detail.measures[0].envelopes[0].amountCents).toBe(120_000_000);
    expect(detail.measures[0].routingRules[0].organisationName).toBe('Région Franche-Comté');

    // A programme with measures is not deleted; its measure, without requests, is (with what belongs to it).
    const refusal = await call(ADMIN, 'DELETE', `/api/programmes/${p.id}?version=2`);
    expect(refusal.statusCode).toBe(409);
    expect(refusal.json().error.message).toMatch(/ACTE3-SUISSE/);
    expect((await call(ADMIN, 'DELETE', `/api/routing-rules/${routing.json().id}?version=1`)).statusCode).toBe(409);
    expect((await call(ADMIN, 'DELETE', `/api/routing-rules/${routing.json().id}?version=2`)).statusCode).toBe(200);
    expect((await call(ADMIN, 'DELETE', `/api/funding-rules/${rule.json().id}`)).statusCode).toBe(200);
    expect((await call(ADMIN, 'DELETE', `/api/targets/${target.json().id}`)).statusCode).toBe(200);
    expect((await call(ADMIN, 'DELETE', `/api/envelopes/${envelope.json().id}?version=1`)).statusCode).toBe(409);
    expect((await call(ADMIN, 'DELETE', `/api/envelopes/${envelope.json().id}?version=2`)).statusCode).toBe(200);
    expect((await call(ADMIN, 'DELETE', `/api/measures/${measure.id}?version=1`)).statusCode).toBe(200);
    expect((await call(ADMIN, 'DELETE', `/api/programmes/${p.id}?version=2`)).statusCode).toBe(200);
    expect((await call(ADMIN, 'GET', `/api/programmes/${p.id}`)).statusCode).toBe(404);

    const history = (await call(ADMIN, 'GET', `/api/programmes/${p.id}/history`)).json().items.map((e: any) => e.action);
    expect(history).toEqual([
      'created', 'updated', 'measure_created', 'target_created', 'target_updated', 'envelope_created', 'envelope_updated',
      'funding_rule_created', 'funding_rule_updated', 'routing_rule_created', 'routing_rule_updated',
      'routing_rule_deleted', 'funding_rule_deleted', 'target_deleted', 'envelope_deleted', 'measure_deleted', 'deleted',
    ]);
    expect(await verifyChain(t.ctx.database.db, 'programme', p.id)).toBeNull();
  });

  it('refuses configuration changes to everyone but platform administrators', async () => {
    const envelope = await t.ctx.database.db.selectFrom('envelopes').select('id').limit(1).executeTakeFirstOrThrow();
    const cell = await measureId('ACTE1-CELLULE');
    for (const email of ['secretariat@parcours.test', 'etat@parcours.test', 'lecteur@parcours.test', 'entreprise2@parcours.test']) {
      const attempts = [
        await call(email, 'POST', '/api/programmes', { code: 'PIRATE', name: 'Pirate', startsOn: '2015-01-01' }),
        await call(email, 'PATCH', `/api/envelopes/${envelope.id}`, { amountCents: 1, version: 1 }),
        await call(email, 'POST', '/api/funding-rules', { measureId: cell, funder: 'STATE', label: 'Pirate', validFrom: '2030-01-01' }),
        await call(email, 'DELETE', `/api/measures/${cell}?version=1`),
        await call(email, 'GET', `/api/programmes/${await programmeId('ACTE1')}/history`),
      ];
      for (const r of attempts) {
        expect(r.statusCode, email).toBe(403);
        expect(r.json().error.message).toMatch(/administrateurs/);
      }
    }
  });

  it('refuses bad input with the field at fault', async () => {
    const cell = await measureId('ACTE1-CELLULE');
    const acte1 = await programmeId('ACTE1');
    const cases: [string, string, unknown, string][] = [
      ['POST', '/api/envelopes', { measureId: cell, funder: 'PE', amountCents: 10 }, 'funder'],
      ['POST', '/api/envelopes', { measureId: cell, funder: 'FPSPP', amountCents: -1 }, 'amountCents'],
      ['POST', '/api/envelopes', { measureId: cell, funder: 'FPSPP', amountCents: 12.5 }, 'amountCents'],
      ['POST', '/api/envelopes', { measureId: 99999, funder: 'FPSPP', amountCents: 10 }, 'measureId'],
      ['POST', '/api/measures', { programmeId: acte1, code: 'minuscules', name: 'X', kind: 'weekly_cell', startsOn: '2010-01-01' }, 'code'],
      ['POST', '/api/measures', { programmeId: acte1, code: 'ACTE1-BIS', name: 'Bis', kind: 'nope', startsOn: '2010-01-01' }, 'kind'],
      ['POST', '/api/programmes', { code: 'ACTE9', name: 'Acte IX', startsOn: '2015-02-30' }, 'startsOn'],
      ['POST', '/api/programmes', { code: 'ACTE9', name: 'Acte IX', startsOn: '2015-02-01', endsOn: '2014-12-31' }, 'endsOn'],
      ['POST', '/api/funding-rules', { measureId: cell, funder: 'FPSPP', label: 'À l’envers', validFrom: '2010-06-01', validTo: '2010-01-01' }, 'validTo'],
      ['POST', '/api/funding-rules', { measureId: cell, funder: 'FPSPP', label: 'Taux', validFrom: '2010-06-01', maxRateBp: 12_000 }, 'maxRateBp'],
      ['POST', '/api/routing-rules', { measureId: cell, organisationId: await t.orgId('Plastiques du Haut-Jura'), label: 'Entreprise' }, 'organisationId'],
      ['POST', '/api/routing-rules', { measureId: cell, organisationId: null, label: 'Département', departement: '100' }, 'departement'],
    ];
    for (const [method, url, body, field] of cases) {
      const r = await call(ADMIN, method as 'POST', url, body);
      expect(r.statusCode, `${url} ${JSON.stringify(body)}`).toBe(400);
      expect(r.json().error.field, `${url} ${JSON.stringify(body)}`).toBe(field);
      expect(r.json().error.issues[0].message).toMatch(/[a-zé]/);
    }
  });

  it('refuses overlapping periods of the same measure, funder and headcount bracket, naming the rule', async () => {
    const cell = await measureId('ACTE1-CELLULE');
    const small = await t.ctx.database.db.selectFrom('fundingRules').selectAll().where('measureId', '=', cell)
      .where('funder', '=', 'STATE').where('maxHeadcount', '=', 49).executeTakeFirstOrThrow();
    const next = { measureId: cell, funder: 'STATE', label: 'FNE-Formation 2011 — moins de 50 salariés', validFrom: '2011-01-01', maxRateBp: 7000, maxHeadcount: 49 };
    const overlapping = await call(ADMIN, 'POST', '/api/funding-rules', next);
    expect(overlapping.statusCode).toBe(409);
    expect(overlapping.json().error.message).toContain('« FNE-Formation — entreprises de moins de 50 salariés » (à partir du 01/12/2008)');
    expect(overlapping.json().error.field).toBe('validFrom');

    // Another bracket does not collide; ending the old rule makes room for the new one.
    expect((await call(ADMIN, 'POST', '/api/funding-rules', { ...next, label: 'Moins de 10 salariés', maxHeadcount: 9 })).statusCode).toBe(201);
    expect((await call(ADMIN, 'PATCH', `/api/funding-rules/${small.id}`, { validTo: '2010-12-31', version: small.version })).statusCode).toBe(200);
    const created = await call(ADMIN, 'POST', '/api/funding-rules', next);
    expect(created.statusCode).toBe(201);
    const backwards = await call(ADMIN, 'PATCH', `/api/funding-rules/${created.json().id}`, { validFrom: '2010-12-31', version: created.json().version });
    expect(backwards.statusCode).toBe(409);
    expect(backwards.json().error.message).toContain('du 01/12/2008 au 31/12/2010');
  });

  it('shows what a session close committed and what was paid on each envelope, and guards used envelopes', async () => {
    const axis1 = await measureId('ACTE2-AXE1');
    const before = (await call(ADMIN, 'GET', `/api/measures/${axis1}`)).json().envelopes;
    const request = await approveThroughTheCell();
    const envelopes = (await call('lecteur@parcours.test', 'GET', `/api/measures/${axis1}`)).json().envelopes;
    const opca = envelopes.find((e: any) => e.funder === 'OPCA');
    const state = envelopes.find((e: any) => e.funder === 'STATE');
    const opcaBefore = before.find((e: any) => e.funder === 'OPCA');
    expect(opca).toMatchObject({ committedCents: 400_000, paidCents: 0, remainingCents: opcaBefore.amountCents - 400_000 });
    expect(state).toMatchObject({ committedCents: 300_000 });

    const paid = await call('etat@parcours.test', 'POST', `/api/requests/${request.id}/payments`, { funder: 'STATE', amountCents: 100_000, paidOn: '2010-06-15', reference: 'MANDAT-9' });
    expect(paid.statusCode).toBe(200);
    const afterPayment = (await call('lecteur@parcours.test', 'GET', `/api/measures/${axis1}`)).json().envelopes.find((e: any) => e.funder === 'STATE');
    expect(afterPayment).toMatchObject({ committedCents: 300_000, paidCents: 100_000, remainingCents: afterPayment.amountCents - 300_000 });

    const deleting = await call(ADMIN, 'DELETE', `/api/envelopes/${opca.id}?version=${opca.version}`);
    expect(deleting.statusCode).toBe(409);
    expect(deleting.json().error.message).toMatch(/1 engagement/);
    const cut = await call(ADMIN, 'PATCH', `/api/envelopes/${opca.id}`, { amountCents: 399_999, version: opca.version });
    expect(cut.statusCode).toBe(409);
    expect(cut.json().error.field).toBe('amountCents');
    const refunded = await call(ADMIN, 'PATCH', `/api/envelopes/${opca.id}`, { funder: 'FPSPP', version: opca.version });
    expect(refunded.statusCode).toBe(409);
    const measureDeletion = await call(ADMIN, 'DELETE', `/api/measures/${axis1}?version=1`);
    expect(measureDeletion.statusCode).toBe(409);
    expect(measureDeletion.json().error.message).toMatch(/demande\(s\) y sont rattachées/);
  });

  it('computes the programme report from aggregates, readable by readers, and exports it', async () => {
    const programme = (await call(ADMIN, 'POST', '/api/programmes', { code: 'BILAN', name: 'Programme du bilan', startsOn: '2009-01-01' })).json();
    const measureA = (await call(ADMIN, 'POST', '/api/measures', { programmeId: programme.id, code: 'BILAN-A', name: 'Volet A', kind: 'weekly_cell', startsOn: '2009-01-01' })).json();
    const measureB = (await call(ADMIN, 'POST', '/api/measures', { programmeId: programme.id, code: 'BILAN-B', name: 'Volet B', kind: 'weekly_cell', startsOn: '2009-01-01' })).json();
    const empty = (await call('lecteur@parcours.test', 'GET', `/api/programmes/${programme.id}/report`)).json();
    expect(empty).toMatchObject({ requestCount: 0, companiesHelped: 0, employeesTrained: 0, trainingHours: 0, totalCostCents: 0, byFunder: [], remainderCents: 0 });
    const company = await t.orgId('Mécanique de Précision du Doubs');
    const { db } = t.ctx.database;

    // Cost of the sample draft: 9 100 € for 2 trainees and 140 h; each request gets its own split.
    const insert = async (measure: number, status: string, siret: string, approved: Record<string, number>) => {
      const draft = requestDraftSchema.parse(await sampleDraft(t, {
        measureId: measure,
        company: { name: `Entreprise ${siret}`, siret, nafCode: '25.62A', idcc: '0054', headcount: 120, departement: '25' },
        fundingLines: Object.entries(approved).map(([funder, cents]) => ({ funder, proposedCents: cents })),
      }));
      return db.transaction().execute(async (trx) => {
        const id = await createRequest(trx, company, draft, '2009-06-01T00:00:00.000Z', 1, { status, isImported: true });
        for (const [funder, cents] of Object.entries(approved)) {
          await trx.updateTable('fundingLines').set({ approvedCents: cents }).where('requestId', '=', id).where('funder', '=', funder).execute();
        }
        return id;
      });
    };
    await insert(measureA.id, 'closed', '73282932000074', { OPCA: 400_000, STATE: 200_000, FSE: 100_000, COMPANY: 210_000 });
    await insert(measureA.id, 'approved', '73282932000074', { OPCA: 391_300, REGION: 118_300, COMPANY: 400_400 });
    await insert(measureB.id, 'closed', '55210055400013', { OPCA: 500_000, REGION: 200_000, COMPANY: 210_000 });
    // Not decided positively: not counted.
    await insert(measureB.id, 'refused', '44306184100047', { OPCA: 910_000 });
    await insert(measureB.id, 'in_instruction', '82422814200660', { OPCA: 910_000 });

    const report = await call('lecteur@parcours.test', 'GET', `/api/programmes/${programme.id}/report`);
    expect(report.statusCode).toBe(200);
    const r = report.json();
    expect(r).toMatchObject({
      programme: { id: programme.id, code: 'BILAN' }, measureId: null, requestCount: 3,
      companiesHelped: 2, employeesTrained: 6, trainingHours: 420, totalCostCents: 3 * 910_000, remainderCents: 0,
    });
    expect(r.measures.map((m: any) => m.code)).toEqual(['BILAN-A', 'BILAN-B']);
    expect(r.byFunder).toEqual([
      { funder: 'OPCA', label: 'OPCA / OPCO', amountCents: 1_291_300, shareBp: 4730 },
      { funder: 'STATE', label: 'État (FNE-Formation)', amountCents: 200_000, shareBp: 733 },
      { funder: 'FSE', label: 'Fonds social européen', amountCents: 100_000, shareBp: 366 },
      { funder: 'REGION', label: 'Région', amountCents: 318_300, shareBp: 1166 },
      { funder: 'COMPANY', label: 'Entreprise (autofinancement)', amountCents: 820_400, shareBp: 3005 },
    ]);
    expect(r.byFunder.reduce((s: number, f: any) => s + f.amountCents, 0) + r.remainderCents).toBe(r.totalCostCents);

    // The whole is the sum of its parts, measure by measure.
    const a = (await call('lecteur@parcours.test', 'GET', `/api/programmes/${programme.id}/report?measureId=${measureA.id}`)).json();
    const b = (await call('lecteur@parcours.test', 'GET', `/api/programmes/${programme.id}/report?measureId=${measureB.id}`)).json();
    expect(a).toMatchObject({ measureId: measureA.id, companiesHelped: 1, requestCount: 2 });
    for (const key of ['requestCount', 'employeesTrained', 'trainingHours', 'totalCostCents', 'remainderCents'] as const) {
      expect(a[key] + b[key], key).toBe(r[key]);
    }

    const foreign = await call('lecteur@parcours.test', 'GET', `/api/programmes/${programme.id}/report?measureId=${await measureId('ACTE1-CELLULE')}`);
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.field).toBe('measureId');
    expect((await call('lecteur@parcours.test', 'GET', '/api/programmes/99999/report')).statusCode).toBe(404);

    const csv = await call('lecteur@parcours.test', 'GET', `/api/programmes/${programme.id}/report/export?format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/bilan-bilan/);
    const lines = csv.body.replace(/^\ufeff/, '').split('\r\n');
    expect(lines[0]).toBe('Indicateur;Valeur;Unité');
    expect(lines).toContain('Entreprises aidées;2;entreprises');
    expect(lines).toContain('Coût total;27300,00;€');
    expect(lines).toContain('Part — OPCA / OPCO;47,30;%');
    expect(lines).toContain('Reste non financé;0,00;€');
    const xlsx = await call('lecteur@parcours.test', 'GET', `/api/programmes/${programme.id}/report/export?format=xlsx&measureId=${measureB.id}`);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await call('lecteur@parcours.test', 'GET', `/api/programmes/${programme.id}/report/export?format=pdf`)).statusCode).toBe(400);
  });

  it('reproduces the Acte I table from the imported history when the demo data holds it', async () => {
    const { db } = t.ctx.database;
    const imported = await db.selectFrom('fundingRequests').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('measureId', '=', await measureId('ACTE1-CELLULE')).where('isImported', '=', true).executeTakeFirstOrThrow();
    // The import of the 72 Acte I requests is demo data of its own; without it there is nothing to compare.
    if (Number(imported.n) === 0) return;
    const r = (await call('lecteur@parcours.test', 'GET', `/api/programmes/${await programmeId('ACTE1')}/report`)).json();
    expect(r).toMatchObject({ companiesHelped: 72, employeesTrained: 10_748, trainingHours: 366_513, totalCostCents: 15_000_000_00, remainderCents: 0 });
    const share = (...funders: string[]) => r.byFunder.filter((f: any) => funders.includes(f.funder)).reduce((s: number, f: any) => s + f.shareBp, 0);
    expect([share('OPCA'), share('STATE', 'FSE'), share('REGION'), share('COMPANY')]).toEqual([4300, 2200, 1300, 2200]);
  });

  it('shows a job to its creator and organisation only, and notifications to their organisation only', async () => {
    const job = await t.ctx.database.db.selectFrom('jobs').select(['id', 'createdBy', 'organisationId']).where('kind', '=', 'cell.sessionDocuments').executeTakeFirstOrThrow();
    const pending = await call('secretariat@parcours.test', 'GET', `/api/jobs/${job.id}`);
    expect(pending.statusCode).toBe(200);
    expect(pending.json()).toMatchObject({ id: job.id, kind: 'cell.sessionDocuments', status: 'pending', progress: 0, result: null, error: null });
    // Same organisation as the secretary who closed the session.
    expect((await call(ADMIN, 'GET', `/api/jobs/${job.id}`)).statusCode).toBe(200);
    for (const email of ['etat@parcours.test', 'entreprise@parcours.test', 'lecteur@parcours.test']) {
      expect((await call(email, 'GET', `/api/jobs/${job.id}`)).statusCode, email).toBe(404);
    }
    expect((await call('secretariat@parcours.test', 'GET', '/api/jobs/99999')).statusCode).toBe(404);

    await drainJobs(t.ctx);
    const done = (await call('secretariat@parcours.test', 'GET', `/api/jobs/${job.id}`)).json();
    expect(done).toMatchObject({ status: 'done', progress: 100, result: { documents: 2 } });

    const mine = await call('entreprise@parcours.test', 'GET', '/api/notifications');
    expect(mine.statusCode).toBe(200);
    expect(mine.json().unread).toBeGreaterThanOrEqual(1);
    const decision = mine.json().items.find((n: any) => n.subject.startsWith('Décision de la cellule'));
    expect(decision).toMatchObject({ isRead: false, readAt: null, link: expect.stringMatching(/^\/demandes\//) });

    expect((await call('entreprise2@parcours.test', 'POST', `/api/notifications/${decision.id}/read`)).statusCode).toBe(404);
    expect((await call('entreprise2@parcours.test', 'GET', '/api/notifications')).json().items.map((n: any) => n.id)).not.toContain(decision.id);
    const read = await call('entreprise@parcours.test', 'POST', `/api/notifications/${decision.id}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: decision.id, isRead: true, readAt: '2010-06-15T08:00:00.000Z' });
    const after = (await call('entreprise@parcours.test', 'GET', '/api/notifications?order=newest')).json();
    expect(after.unread).toBe(mine.json().unread - 1);
    expect((await call('entreprise@parcours.test', 'GET', '/api/notifications?unreadOnly=true')).json().items.map((n: any) => n.id)).not.toContain(decision.id);
    expect((await call('entreprise@parcours.test', 'POST', '/api/notifications/read-all')).json().updated).toBe(after.unread);
    expect((await call('entreprise@parcours.test', 'GET', '/api/notifications?pageSize=500')).statusCode).toBe(400);
  });

  /** Files the sample request and takes it through instruction and a closed session, approved as proposed. */
  async function approveThroughTheCell() {
    const company = 'entreprise@parcours.test';
    const draft = (await call(company, 'POST', '/api/requests', await sampleDraft(t))).json();
    const submitted = await call(company, 'POST', `/api/requests/${draft.id}/submit`, { version: draft.version });
    expect(submitted.statusCode).toBe(200);
    await call('opca@parcours.test', 'POST', `/api/requests/${draft.id}/opinions`, { verdict: 'favourable', comment: '' });
    const ready = await call('etat@parcours.test', 'POST', `/api/requests/${draft.id}/opinions`, { verdict: 'favourable', comment: '' });
    expect(ready.json().status).toBe('ready_for_cell');
    // Held on the day of the test clock: a session is not opened before its date.
    const session = (await call('secretariat@parcours.test', 'POST', '/api/sessions', { heldOn: '2010-06-15' })).json();
    const opened = (await call('secretariat@parcours.test', 'POST', `/api/sessions/${session.id}/open`, { version: session.version })).json();
    const item = session.items.find((i: any) => i.requestId === draft.id);
    expect((await call('secretariat@parcours.test', 'POST', `/api/sessions/${session.id}/decisions`, { itemId: item.id, decision: 'approved', motivation: 'Accord.' })).statusCode).toBe(200);
    expect((await call('secretariat@parcours.test', 'POST', `/api/sessions/${session.id}/close`, { version: opened.version })).statusCode).toBe(200);
    return draft as { id: number };
  }
});
