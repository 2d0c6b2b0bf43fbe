import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoActor } from '../../src/demo/weeklyCellStory.js';
import { DEMO_PASSWORD, demoUsers } from '../../src/demo/organisations.js';
import { runAction } from '../../src/platform/actions/runAction.js';
import { hashPassword } from '../../src/platform/identity/passwords.js';
import { can, type Actor } from '../../src/platform/identity/roles.js';
import { createDraft } from '../../src/weeklyCell/actions/createDraft.js';
import { submitRequest } from '../../src/weeklyCell/actions/submitRequest.js';
import { REQUEST_VISIBILITY } from '../../src/weeklyCell/requestPolicy.js';
import { requestDraftSchema } from '../../src/weeklyCell/requestSchema.js';
import { isValidSiret } from '../../src/shared/siret.js';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';
import { sampleDraft } from '../support/requests.js';

const PLASTICS = { name: 'Plastiques du Haut-Jura', siret: '55210055400013', nafCode: '22.29A', idcc: '0292', headcount: 45, departement: '39' };
const PROVIDER_EMAIL = 'formation@parcours.test';

describe.each(databaseKinds())('who sees which requests, on %s', (kind) => {
  let t: TestApp;
  const accounts = [...demoUsers.map((u) => u.email), PROVIDER_EMAIL];

  beforeAll(async () => {
    t = await testApp(kind, { now: '2010-06-15T08:00:00.000Z' });
    const { db } = t.ctx.database;
    // The demo has no training provider account: one for the AFPA.
    const afpa = await t.orgId('AFPA Franche-Comté');
    const user = await db.insertInto('users').values({ email: PROVIDER_EMAIL, displayName: 'Fanny Formation', passwordHash: await hashPassword(DEMO_PASSWORD), oidcSubject: null, isActive: true, createdAt: '2010-06-01T00:00:00.000Z', version: 1 }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('memberships').values({ userId: user.id, organisationId: afpa, role: 'contributor', createdAt: '2010-06-01T00:00:00.000Z' }).execute();
    // Drafts and submitted requests of both companies, besides the 72 imported ones.
    for (const [email, company] of [['entreprise@parcours.test', undefined], ['entreprise2@parcours.test', PLASTICS]] as const) {
      const actor = await demoActor(t.ctx, email);
      const draft = requestDraftSchema.parse(await sampleDraft(t, company ? { company } : {}));
      await runAction(t.ctx, actor, createDraft, { draft });
      const { requestId } = await runAction(t.ctx, actor, createDraft, { draft });
      await runAction(t.ctx, actor, submitRequest, { requestId, version: 1 });
    }
  });
  afterAll(async () => { await t?.close(); });

  /** What the one rule says an actor sees, computed here independently of the list query. */
  const expectedIds = async (actor: Actor): Promise<number[]> => {
    const { db } = t.ctx.database;
    const rows = await db.selectFrom('fundingRequests as r').leftJoin('requestPartners as p', (j) => j.onRef('p.requestId', '=', 'r.id').on('p.organisationId', '=', actor.organisationId))
      .select(['r.id', 'r.companyId', 'r.status', 'p.id as routed']).execute();
    const rule = REQUEST_VISIBILITY[actor.organisationKind];
    return rows.filter((r) => rule === 'own' ? r.companyId === actor.organisationId
      : rule === 'routed' ? r.routed !== null
        : rule === 'submitted' ? r.status !== 'draft' : false).map((r) => r.id).sort((a, b) => a - b);
  };

  it('lists and exports, for every account, exactly the requests its kind may see: no foreign SIRET', async () => {
    let seenByPartners = 0;
    for (const email of accounts) {
      const actor = await demoActor(t.ctx, email);
      const cookie = await t.login(email);
      const list = await t.app.inject({ method: 'GET', url: '/api/requests?pageSize=200', headers: { cookie } });
      const csv = await t.app.inject({ method: 'GET', url: '/api/requests/export?format=csv', headers: { cookie } });
      if (!can.readFiles(actor)) {
        expect([list.statusCode, csv.statusCode], email).toEqual([403, 403]);
        continue;
      }
      expect(list.json().hasNext, email).toBe(false);
      const items: { id: number; siret: string }[] = list.json().items;
      const expected = await expectedIds(actor);
      expect(items.map((r) => r.id).sort((a, b) => a - b), email).toEqual(expected);
      const exported = csv.body.replace(/^\ufeff/, '').split('\r\n').slice(1).filter(Boolean).map((line) => line.split(';')[2]!.replace(/"/g, ''));
      expect(exported.sort(), email).toEqual(items.map((r) => r.siret).sort());
      const rule = REQUEST_VISIBILITY[actor.organisationKind];
      if (rule === 'routed') seenByPartners += items.length;
      if (rule === 'own' || rule === 'none') {
        const own = (await t.ctx.database.db.selectFrom('organisations').select('siret').where('id', '=', actor.organisationId).executeTakeFirstOrThrow()).siret;
        const foreign = [...items.map((r) => r.siret), ...exported].filter((s) => s.slice(0, 9) !== own?.slice(0, 9));
        expect(foreign, `${email} : SIRET d’autres entreprises`).toEqual([]);
      }
      if (rule === 'none') expect(items, email).toEqual([]);
    }
    // The rule lets partners see what was routed to them: the comparison is not between empty lists.
    expect(seenByPartners).toBeGreaterThan(0);
  });

  it('answers « introuvable » on the detail of a request outside the viewer’s scope', async () => {
    const foreign = await t.ctx.database.db.selectFrom('fundingRequests').select('id').where('status', '!=', 'draft').where('isImported', '=', false).executeTakeFirstOrThrow();
    for (const email of ['interim@parcours.test', PROVIDER_EMAIL, 'region@parcours.test']) {
      const r = await t.app.inject({ method: 'GET', url: `/api/requests/${foreign.id}`, headers: { cookie: await t.login(email) } });
      expect(r.statusCode, email).toBe(404);
    }
  });

  it('lets a company file only under its own SIRET or another establishment of its SIREN', async () => {
    const cookie = await t.login('entreprise@parcours.test');
    const post = async (company: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/requests', headers: { cookie }, payload: await sampleDraft(t, { company: { ...(await sampleDraft(t)).company, ...company } }) });
    const usurped = await post({ name: PLASTICS.name, siret: PLASTICS.siret });
    expect(usurped.statusCode).toBe(400);
    expect(usurped.json().error).toMatchObject({ field: 'company.siret', message: expect.stringMatching(/n’est pas un établissement de Mécanique de Précision du Doubs/) });
    // Another establishment of SIREN 732 829 320: same first nine digits, its own NIC and key.
    const establishment = Array.from({ length: 99 }, (_, i) => `732829320${String(i + 10).padStart(5, '0')}`).find((s) => s !== '73282932000074' && isValidSiret(s))!;
    const own = await post({ siret: establishment });
    expect(own.statusCode, own.body).toBe(201);
    // Nor can a saved draft be moved to another company's identity.
    const draft = own.json();
    const moved = await t.app.inject({ method: 'PUT', url: `/api/requests/${draft.id}`, headers: { cookie }, payload: { ...(await sampleDraft(t, { company: PLASTICS })), version: draft.version } });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().error.field).toBe('company.siret');
    const kept = (await t.app.inject({ method: 'GET', url: `/api/requests/${draft.id}`, headers: { cookie } })).json();
    expect(kept.draft.company.siret).toBe(establishment);
  });
});
