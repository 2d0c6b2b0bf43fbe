import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoActor } from '../../src/demo/weeklyCellStory.js';
import { runAction } from '../../src/platform/actions/runAction.js';
import { createDatabase, type Database } from '../../src/platform/db/database.js';
import { buildApp, type Api } from '../../src/platform/http/app.js';
import { verifyChain } from '../../src/platform/history/history.js';
import { routeModules } from '../../src/server/modules.js';
import { createDraft } from '../../src/weeklyCell/actions/createDraft.js';
import { submitRequest } from '../../src/weeklyCell/actions/submitRequest.js';
import { requestDraftSchema } from '../../src/weeklyCell/requestSchema.js';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';
import { sampleDraft } from '../support/requests.js';

/**
 * Two partners give their first opinion on the same request at the same moment. On
 * PostgreSQL each goes through its own server (own app, own pool on the same schema),
 * as two processes would. Every opinion is kept, nobody gets a 5xx, the history chain
 * stays intact and readiness sees both opinions.
 */
const RACES = 50;

describe.each(databaseKinds())('simultaneous first opinions on %s', (kind) => {
  let t: TestApp;
  let other: Database | null = null;
  let second: Api;

  beforeAll(async () => {
    t = await testApp(kind, { now: '2010-06-15T08:00:00.000Z' });
    if (kind === 'postgres') {
      other = createDatabase({ databaseUrl: inject('postgresUrl')!, pgSchema: t.ctx.database.schema, poolSize: 4 });
      second = await buildApp({ ...t.ctx, database: other }, routeModules);
    } else {
      // One SQLite file is written by one process at a time: both callers share this one.
      second = t.app;
    }
  });
  afterAll(async () => {
    if (other) { await second.close(); await other.destroy(); }
    await t?.close();
  });

  it(`records both opinions in each of ${RACES} races, with no 5xx and an intact history`, async () => {
    const company = await demoActor(t.ctx, 'entreprise@parcours.test');
    const draft = requestDraftSchema.parse(await sampleDraft(t));
    const [opca, etat] = [await t.login('opca@parcours.test'), await t.login('etat@parcours.test')];
    const statuses: number[] = [];
    const { db } = t.ctx.database;
    for (let race = 0; race < RACES; race++) {
      const { requestId } = await runAction(t.ctx, company, createDraft, { draft });
      await runAction(t.ctx, company, submitRequest, { requestId, version: 1 });
      const [a, b] = await Promise.all([
        t.app.inject({ method: 'POST', url: `/api/requests/${requestId}/opinions`, headers: { cookie: opca }, payload: { verdict: 'favourable', comment: '', proposedCents: 400_000 } }),
        second.inject({ method: 'POST', url: `/api/requests/${requestId}/opinions`, headers: { cookie: etat }, payload: { verdict: 'reserved', comment: 'Vérifier le maintien dans l’emploi.' } }),
      ]);
      statuses.push(a.statusCode, b.statusCode);
      expect([a.statusCode, b.statusCode], `${a.body.slice(0, 200)} ${b.body.slice(0, 200)}`).toEqual([200, 200]);
      const opinions = await db.selectFrom('opinions').select('organisationId').where('requestId', '=', requestId).execute();
      expect(opinions).toHaveLength(2);
      expect(await verifyChain(db, 'fundingRequest', requestId)).toBeNull();
      const events = await db.selectFrom('historyEvents').select('action').where('entityType', '=', 'fundingRequest').where('entityId', '=', requestId).orderBy('sequence').execute();
      expect(events.map((e) => e.action)).toEqual(['created', 'submitted', 'opinion_given', 'opinion_given', 'ready_for_cell']);
      // Each writer saw the other's opinion: the last one made the request ready.
      const request = await db.selectFrom('fundingRequests').select('status').where('id', '=', requestId).executeTakeFirstOrThrow();
      expect(request.status).toBe('ready_for_cell');
    }
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses).toHaveLength(2 * RACES);
  }, 240_000);
});
