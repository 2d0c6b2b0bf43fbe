import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';
import { sampleDraft } from '../support/requests.js';
import { signIn } from '../support/signIn.js';

describe.each(databaseKinds())('worklists on %s', (kind) => {
  let t: TestApp;
  let requestId: number;
  const call = async (email: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { cookie: await signIn(t, email) }, ...(payload !== undefined ? { payload: payload as any } : {}) });
  const tasks = async (email: string) => {
    const response = await call(email, 'GET', '/api/worklist');
    expect(response.statusCode).toBe(200);
    return new Map<string, any>(response.json().tasks.map((task: any) => [task.key, task]));
  };
  /** A task's count is the length of the list its link opens. */
  const listed = async (email: string, link: string) => {
    const response = await call(email, 'GET', `/api${link.replace('/demandes', '/requests')}${link.includes('?') ? '&' : '?'}pageSize=100`);
    expect(response.statusCode, link).toBe(200);
    return response.json();
  };

  beforeAll(async () => {
    t = await testApp(kind, { now: '2010-06-15T08:00:00.000Z' });
    const created = (await call('entreprise@parcours.test', 'POST', '/api/requests', await sampleDraft(t))).json();
    const submitted = await call('entreprise@parcours.test', 'POST', `/api/requests/${created.id}/submit`, { version: created.version });
    expect(submitted.statusCode).toBe(200);
    requestId = created.id;
  });
  afterAll(async () => { await t?.close(); });

  it('tells each routed partner the opinions it owes, with their deadline, and links to the same list', async () => {
    const opca = await tasks('opca@parcours.test');
    const opinions = opca.get('opinions');
    expect(opinions.label).toMatch(/attend(ent)? votre avis/);
    expect(opinions.link).toBe('/demandes?todo=opinion');
    expect(opinions.entries.map((e: any) => e.link)).toContain(`/demandes/${requestId}`);
    const list = await listed('opca@parcours.test', opinions.link);
    expect(list.total).toBe(opinions.count);
    const mine = list.items.find((r: any) => r.id === requestId);
    expect(mine.dueOn).toMatch(/^2010-06-\d\d$/);
    expect(mine.isOverdue).toBe(false);
    // The Region was not routed: the request is nowhere in its worklist.
    const region = await tasks('region@parcours.test');
    expect(region.get('opinions').entries.map((e: any) => e.link)).not.toContain(`/demandes/${requestId}`);
    expect((await listed('region@parcours.test', '/demandes?todo=opinion')).items.map((r: any) => r.id)).not.toContain(requestId);
  });

  it('flags the opinion overdue once its deadline has passed, and the filter lists it', async () => {
    const deadlines = (await call('opca@parcours.test', 'GET', `/api/requests/${requestId}/deadlines`)).json();
    const dueOn: string = deadlines.opinions.find((o: any) => o.name.startsWith('OPCAIM')).dueOn;
    t.clock.set(`${dueOn}T10:00:00.000Z`);
    expect((await tasks('opca@parcours.test')).get('opinions').entries.find((e: any) => e.link === `/demandes/${requestId}`).isOverdue).toBe(false);
    const after = new Date(Date.parse(`${dueOn}T10:00:00.000Z`) + 86_400_000).toISOString();
    t.clock.set(after);
    const opinions = (await tasks('opca@parcours.test')).get('opinions');
    expect(opinions.overdue).toBeGreaterThanOrEqual(1);
    expect(opinions.entries.find((e: any) => e.link === `/demandes/${requestId}`).isOverdue).toBe(true);
    const overdue = await listed('opca@parcours.test', '/demandes?todo=opinion&overdue=true');
    expect(overdue.items.map((r: any) => r.id)).toContain(requestId);
    expect(overdue.total).toBe(opinions.overdue);
    t.clock.set('2010-06-15T08:00:00.000Z');
  });

  it('tells the company its questions and how long they wait, then the partner the answer it received', async () => {
    const version = (await call('etat@parcours.test', 'GET', `/api/requests/${requestId}`)).json().version;
    const asked = await call('etat@parcours.test', 'POST', `/api/requests/${requestId}/information-requests`, { reason: 'Joignez l’autorisation d’activité partielle.', version });
    expect(asked.statusCode).toBe(200);
    t.clock.set('2010-06-27T08:00:00.000Z');
    const company = await tasks('entreprise@parcours.test');
    const information = company.get('information');
    expect(information.label).toMatch(/compléments demandés depuis 12 jours/);
    expect(information.link).toBe('/demandes?status=awaiting_information');
    // Asked on the 15th, ten days to answer: the 25th is past.
    expect(information.entries[0]).toMatchObject({ link: `/demandes/${requestId}`, isOverdue: true, detail: 'réponse attendue le 25/06/2010' });
    expect((await listed('entreprise@parcours.test', information.link)).total).toBe(information.count);
    expect(company.has('drafts')).toBe(true);
    expect(company.has('realisations')).toBe(true);
    expect(company.has('opinions')).toBe(false);
    // The other company sees none of it.
    expect((await tasks('entreprise2@parcours.test')).get('information').count).toBe(0);

    const question = asked.json().informationRequests[0];
    const answered = await call('entreprise@parcours.test', 'POST', `/api/requests/${requestId}/information-requests/${question.id}/answer`, { answer: 'Autorisation n° AP-25-2010-042 jointe.', version: asked.json().version });
    expect(answered.statusCode).toBe(200);
    const answers = (await tasks('etat@parcours.test')).get('answers');
    expect(answers.count).toBeGreaterThanOrEqual(1);
    expect(answers.entries.map((e: any) => e.link)).toContain(`/demandes/${requestId}`);
    expect((await listed('etat@parcours.test', answers.link)).total).toBe(answers.count);
    // The OPCA did not ask: no answer for it.
    expect((await listed('opca@parcours.test', '/demandes?todo=answered')).items.map((r: any) => r.id)).not.toContain(requestId);
    // Instruction days are net of the wait: submitted the 15th, 12 days waiting until the 27th.
    const deadlines = (await call('etat@parcours.test', 'GET', `/api/requests/${requestId}/deadlines`)).json();
    expect(deadlines.instruction).toEqual({ gross: 12, waiting: 12, net: 0 });
    t.clock.set('2010-06-15T08:00:00.000Z');
  });

  it('gives the secretariat the cell’s work and the administrator the platform’s', async () => {
    const secretariat = await tasks('secretariat@parcours.test');
    for (const key of ['ready', 'nextSession', 'payments', 'followUps', 'imports']) expect(secretariat.has(key), key).toBe(true);
    const ready = secretariat.get('ready');
    expect((await listed('secretariat@parcours.test', ready.link)).total).toBe(ready.count);
    const payments = secretariat.get('payments');
    expect((await listed('secretariat@parcours.test', payments.link)).total).toBe(payments.count);
    expect(secretariat.get('followUps').label).toMatch(/suivis? à 6 mois en retard/);

    const { db } = t.ctx.database;
    const at = t.clock.now().toISOString();
    await db.insertInto('jobs').values({ kind: 'steering.report', payload: '{}', status: 'failed', attempts: 3, runAfter: at, progress: 0, createdBy: null, organisationId: null, createdAt: at, uniqueKey: null, error: 'boom', finishedAt: at }).execute();
    const admin = await tasks('admin@parcours.test');
    expect(admin.get('failedJobs').count).toBeGreaterThanOrEqual(1);
    expect(admin.get('failedJobs').link).toBe('/administration/taches?status=failed');
    expect(admin.has('emailErrors')).toBe(true);
    expect((await tasks('secretariat@parcours.test')).has('failedJobs')).toBe(false);
    // A reader sees figures only: nothing waits for it.
    expect([...(await tasks('lecteur@parcours.test')).keys()]).toEqual([]);
  });

  it('refuses the list filter on unknown values and asks for a session', async () => {
    expect((await call('opca@parcours.test', 'GET', '/api/requests?todo=everything')).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/worklist' })).statusCode).toBe(401);
  });
});
