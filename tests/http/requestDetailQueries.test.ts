import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogEvent } from 'kysely';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';
import { sampleDraft } from '../support/requests.js';

/**
 * A request's detail is read in one statement, whatever it holds (src/weeklyCell/requestPresenter.ts):
 * partners, opinions, information requests, payments, documents and readiness come as JSON columns
 * of the request's row, so a detail takes one connection of the pool once, instead of sixteen
 * statements fanned out on it. Counted with Kysely's query log; the session lookup is authentication.
 */
describe.each(databaseKinds())('statements of a request detail on %s', (kind) => {
  let t: TestApp;
  let recording: string[] | null = null;
  const queryLog = (event: LogEvent) => { if (recording && event.level === 'query') recording.push(event.query.sql); };

  beforeAll(async () => { t = await testApp(kind, { now: '2010-06-15T08:00:00.000Z', queryLog }); });
  afterAll(async () => { await t?.close(); });

  const call = async (email: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { cookie: await t.login(email) }, ...(payload !== undefined ? { payload: payload as any } : {}) });

  /** The detail as `email` sees it, and the statements it sent besides the session lookup. */
  async function detail(email: string, id: number) {
    await t.login(email);
    recording = [];
    const response = await call(email, 'GET', `/api/requests/${id}`);
    const statements = recording.filter((q) => !/"sessions"/.test(q));
    recording = null;
    return { response, statements };
  }

  it('reads a request in instruction, with partners, opinions and an answered information request, in one statement for every viewer', async () => {
    const company = 'entreprise@parcours.test';
    const draft = (await call(company, 'POST', '/api/requests', await sampleDraft(t))).json();
    const submitted = (await call(company, 'POST', `/api/requests/${draft.id}/submit`, { version: draft.version })).json();
    const asked = await call('etat@parcours.test', 'POST', `/api/requests/${draft.id}/information-requests`, { reason: 'Joignez l’autorisation.', version: submitted.version });
    expect(asked.statusCode, asked.body).toBe(200);
    const question = asked.json().informationRequests[0];
    expect((await call(company, 'POST', `/api/requests/${draft.id}/information-requests/${question.id}/answer`, { answer: 'Jointe.', version: asked.json().version })).statusCode).toBe(200);
    expect((await call('opca@parcours.test', 'POST', `/api/requests/${draft.id}/opinions`, { verdict: 'favourable', comment: '', proposedCents: 400_000 })).statusCode).toBe(200);

    for (const email of [company, 'etat@parcours.test', 'opca@parcours.test', 'secretariat@parcours.test']) {
      const { response, statements } = await detail(email, draft.id);
      expect(response.statusCode, `${email}: ${response.body}`).toBe(200);
      const body = response.json();
      expect(body.partners.length).toBeGreaterThanOrEqual(2);
      expect(body.opinions).toHaveLength(1);
      expect(body.informationRequests).toHaveLength(1);
      expect(body.readiness.missing.length).toBeGreaterThan(0);
      expect(body.trainingFund).toEqual({ id: await t.orgId('OPCAIM (métallurgie)'), name: 'OPCAIM (métallurgie)' });
      expect(body.measure).toMatchObject({ id: draft.measure.id, code: 'ACTE2-AXE1' });
      expect(body.draft.actions[0].trainees).toEqual([0, 1]);
      expect(statements, `${email}:\n${statements.join('\n')}`).toHaveLength(1);
    }
    // Not routed to the Region: the same single statement answers 404.
    const { response, statements } = await detail('region@parcours.test', draft.id);
    expect(response.statusCode).toBe(404);
    expect(statements).toHaveLength(1);
  });

  it('reads an approved request with its payments and funders’ accounts in one statement', async () => {
    const { db } = t.ctx.database;
    const paid = await db.selectFrom('payments as p').innerJoin('fundingRequests as r', 'r.id', 'p.requestId')
      .select('r.id').where('r.status', '!=', 'draft').orderBy('r.id').executeTakeFirstOrThrow();
    const { response, statements } = await detail('secretariat@parcours.test', paid.id);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().payments.length).toBeGreaterThan(0);
    expect(response.json().accounts.length).toBeGreaterThan(0);
    expect(statements, statements.join('\n')).toHaveLength(1);
  });
});
