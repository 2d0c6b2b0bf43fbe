import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadDemoData } from '../../src/demo/demoData.js';
import { migrateToLatest } from '../../src/server/migrate.js';
import type { AppContext } from '../../src/platform/http/context.js';
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
  });
});

/** SQLite across processes: two child processes write first opinions on one file at once. */
describe('simultaneous first opinions from two processes on one SQLite file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parcours-opinion-race-'));
  const file = path.join(dir, 'parcours.sqlite');
  let ids: number[] = [];
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    const database = createDatabase({ sqliteFile: file });
    const ctx = { database, clock: { now: () => new Date('2010-06-15T08:00:00.000Z') }, config: { publicUrl: 'http://localhost', secureCookies: false, sessionHours: 1 } } as AppContext;
    await migrateToLatest(database);
    await loadDemoData(ctx);
    const company = await demoActor(ctx, 'entreprise@parcours.test');
    const measure = await database.db.selectFrom('measures').select('id').where('code', '=', 'ACTE2-AXE1').executeTakeFirstOrThrow();
    const fund = await database.db.selectFrom('organisations').select('id').where('name', '=', 'OPCAIM (métallurgie)').executeTakeFirstOrThrow();
    const draft = requestDraftSchema.parse(await sampleDraft({ ctx, orgId: async () => fund.id } as unknown as TestApp, { measureId: measure.id }));
    for (let race = 0; race < RACES; race++) {
      const { requestId } = await runAction(ctx, company, createDraft, { draft });
      await runAction(ctx, company, submitRequest, { requestId, version: 1 });
      ids.push(requestId);
    }
    await database.destroy();
  });

  const writer = (email: string) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/opinionWriter.ts', file, email, ids.join(',')], { cwd: path.resolve(import.meta.dirname, '../..'), stdio: ['pipe', 'pipe', 'inherit'] });
    let output = '';
    const ready = new Promise<void>((resolve) => child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); if (output.includes('ready')) resolve(); }));
    const done = new Promise<(number | string)[]>((resolve, reject) => child.once('exit', (code) => {
      const last = output.trim().split('\n').at(-1)!;
      return code === 0 ? resolve(JSON.parse(last)) : reject(new Error(`${email} : sortie ${code}\n${output}`));
    }));
    return { child, ready, done };
  };

  it(`records both opinions in each of ${RACES} races`, async () => {
    const writers = [writer('opca@parcours.test'), writer('etat@parcours.test')];
    await Promise.all(writers.map((w) => w.ready));
    for (const w of writers) w.child.stdin!.end('go\n');
    const [opca, etat] = await Promise.all(writers.map((w) => w.done));
    expect(opca).toEqual(ids.map(() => 200));
    expect(etat).toEqual(ids.map(() => 200));
    const database = createDatabase({ sqliteFile: file });
    try {
      for (const requestId of ids) {
        expect(await database.db.selectFrom('opinions').select('id').where('requestId', '=', requestId).execute()).toHaveLength(2);
        expect(await verifyChain(database.db, 'fundingRequest', requestId)).toBeNull();
        const request = await database.db.selectFrom('fundingRequests').select('status').where('id', '=', requestId).executeTakeFirstOrThrow();
        expect(request.status).toBe('ready_for_cell');
      }
    } finally {
      await database.destroy();
    }
  });
});
