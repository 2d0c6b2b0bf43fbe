import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrateToLatest } from '../../src/server/migrate.js';
import { loadDemoData } from '../../src/demo/demoData.js';
import { createDatabase, type Database } from '../../src/platform/db/database.js';
import { runAction } from '../../src/platform/actions/runAction.js';
import { AppError } from '../../src/platform/http/errors.js';
import type { Actor } from '../../src/platform/identity/roles.js';
import { recordNewContract } from '../../src/proContracts/contractActions.js';
import { PRO_CONTRACT_MEASURE, quotaCounts } from '../../src/proContracts/quota.js';
import type { ContractBody } from '../../src/proContracts/contractSchema.js';
import { recordNewPair } from '../../src/pairs/pairActions.js';
import type { PairBody } from '../../src/pairs/pairSchema.js';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';

/**
 * Writers meeting on the Acte II quota and on a pair's junior. On PostgreSQL a second pool on
 * the same schema stands for a second server process; on SQLite every writer of the process
 * goes through the one connection, each transaction begun IMMEDIATE. Each race starts the two
 * writes together, so that without the locks both would read « one place left » (or « junior
 * free ») before either commits.
 */
const RACES = 50;

describe.each(databaseKinds())('Acte II writers racing on %s', (kind) => {
  let t: TestApp;
  let other: Database;
  let company: Actor;
  let opcaim: number;
  const clock = { now: () => new Date('2011-08-20T08:00:00.000Z') };

  const contract = (name: string, overrides: Partial<ContractBody> = {}): ContractBody => ({
    trainingFundId: opcaim,
    trainee: { lastName: name, firstName: 'Léa', sex: 'F', birthDate: '1993-05-05', level: 'V', hasRecognisedQualification: true, jobSeeker: false, publics: [] },
    tutorId: null, newTutor: null, tutorTrainingHours: null,
    contractType: 'CDD', startDate: '2011-09-01', endDate: '2012-08-31', trainingHours: 400,
    targetedQualification: 'CQPM opérateur régleur sur machine-outil', targetedLevel: 'V', providerName: 'AFPA Franche-Comté',
    grossMonthlyPayCents: 90_000, reservedForPair: false, override: null,
    ...overrides,
  });
  const pair = (juniorContractId: number): PairBody => ({
    juniorContractId,
    senior: { lastName: 'Ancien', firstName: 'Marc', sex: 'M', birthDate: '1951-06-01', expectedRetirementDate: '2013-07-01' },
    startDate: '2011-09-01', endDate: '2013-06-30', fullTimeSalaryCents: 200_000, activityBp: 5000, payBp: 8000, writtenAgreement: true,
  });
  /** Both writers at once, one on each handle; each outcome is the value or the refusal. */
  const race = <T>(run: (database: Database) => Promise<T>) =>
    Promise.all([t.ctx.database, other].map((database) => run(database).then((value) => ({ value }), (error: unknown) => ({ error }))));

  async function setQuota(target: number, reserved: number) {
    const { db } = t.ctx.database;
    const measure = await db.selectFrom('measures').select('id').where('code', '=', PRO_CONTRACT_MEASURE).executeTakeFirstOrThrow();
    for (const [indicator, value] of [['contracts', target], ['reserved_pairs', reserved]] as const) {
      const updated = await db.updateTable('targets').set({ value }).where('measureId', '=', measure.id).where('indicator', '=', indicator).executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) await db.insertInto('targets').values({ measureId: measure.id, indicator, label: indicator, value }).execute();
    }
  }

  beforeAll(async () => {
    t = await testApp(kind, { now: '2011-08-20T08:00:00.000Z' });
    other = kind === 'postgres'
      ? createDatabase({ databaseUrl: inject('postgresUrl')!, pgSchema: t.ctx.database.schema, poolSize: 4 })
      : t.ctx.database;
    opcaim = await t.orgId('OPCAIM (métallurgie)');
    const { db } = t.ctx.database;
    const member = await db.selectFrom('users as u').innerJoin('memberships as m', 'm.userId', 'u.id').innerJoin('organisations as o', 'o.id', 'm.organisationId')
      .select(['u.id as userId', 'u.displayName', 'u.email', 'm.id as membershipId', 'm.organisationId', 'o.name as organisationName', 'o.kind', 'm.role'])
      .where('u.email', '=', 'entreprise@parcours.test').executeTakeFirstOrThrow();
    company = { ...member, organisationKind: member.kind as Actor['organisationKind'], role: member.role as Actor['role'] };
  });
  afterAll(async () => {
    if (other && other !== t?.ctx.database) await other.destroy();
    await t?.close();
  });

  it(`accepts exactly the last place of the quota, ${RACES} races in a row, and answers the other writer a French 409`, async () => {
    let accepted = 0;
    for (let r = 0; r < RACES; r++) {
      const { total } = await quotaCounts(t.ctx.database.db);
      // One place left: the overall target is the next contract.
      await setQuota(total + 1, 0);
      const outcomes = await race((database) => runAction({ database, clock }, company, recordNewContract, { body: contract(`Course${r}`) }));
      const won = outcomes.filter((o) => 'value' in o);
      const lost = outcomes.filter((o): o is { error: unknown } => 'error' in o);
      expect(won, `race ${r}`).toHaveLength(1);
      expect(lost).toHaveLength(1);
      const refusal = lost[0].error as AppError;
      expect(refusal).toBeInstanceOf(AppError);
      expect(refusal.statusCode).toBe(409);
      expect(refusal.code).toBe('quota_exceeded');
      expect(refusal.message).toMatch(/^L’objectif de \d+ contrats de professionnalisation est atteint/);
      expect((await quotaCounts(t.ctx.database.db)).total).toBe(total + 1);
      accepted++;
    }
    expect(accepted).toBe(RACES);
  });

  it(`keeps the places reserved for pairs from ordinary contracts racing for the last ordinary place (${RACES} races)`, async () => {
    for (let r = 0; r < RACES; r++) {
      const { total, reserved } = await quotaCounts(t.ctx.database.db);
      // Room overall, but one ordinary place left before the reserve.
      await setQuota(total + 10, reserved + 9);
      const outcomes = await race((database) => runAction({ database, clock }, company, recordNewContract, { body: contract(`Ordinaire${r}`) }));
      expect(outcomes.filter((o) => 'value' in o), `race ${r}`).toHaveLength(1);
      const refusal = (outcomes.find((o) => 'error' in o) as { error: AppError }).error;
      expect(refusal.statusCode).toBe(409);
      expect(refusal.message).toMatch(/empiéterait sur la réserve/);
    }
  });

  it(`puts a junior in one pair only when two pairs name them at once (${RACES} races)`, async () => {
    await setQuota(1_000_000, 0);
    for (let r = 0; r < RACES; r++) {
      const junior = await runAction({ database: t.ctx.database, clock }, company, recordNewContract,
        { body: contract(`Jeune${r}`, { contractType: 'CDI', reservedForPair: true }) });
      const outcomes = await race((database) => runAction({ database, clock }, company, recordNewPair, { body: pair(junior.id) }));
      expect(outcomes.filter((o) => 'value' in o), `race ${r}`).toHaveLength(1);
      const refusal = (outcomes.find((o) => 'error' in o) as { error: AppError }).error;
      expect(refusal).toBeInstanceOf(AppError);
      expect(refusal.statusCode).toBe(409);
      expect(refusal.field).toBe('juniorContractId');
      expect(refusal.message).toMatch(/^Ce contrat est déjà celui du jeune du binôme BIN-\d{6}\.$/);
      const pairs = await t.ctx.database.db.selectFrom('pairs').select('id').where('juniorContractId', '=', junior.id).execute();
      expect(pairs).toHaveLength(1);
    }
  });
});

/**
 * Across processes on SQLite: two child processes (better-sqlite3 connections in one process
 * would block each other's synchronous busy wait) race for the last places on one database file.
 */
describe.runIf(databaseKinds().includes('sqlite'))('two server processes on one SQLite file', () => {
  const PLACES = 50;
  const ATTEMPTS = 40;
  let dir: string;
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parcours-race-')); });
  afterAll(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  const worker = (label: string) => new Promise<{ accepted: number; refused: Record<string, number> }>((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'tests/support/quotaRaceWorker.ts', dir, String(ATTEMPTS), label], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker ${label}: ${code} ${err}`))));
  });

  it(`accepts exactly the ${PLACES} places left out of ${2 * ATTEMPTS} contracts sent by two processes, the rest a French 409`, async () => {
    const database = createDatabase({ dataDir: dir });
    const clock = { now: () => new Date('2011-08-20T08:00:00.000Z') };
    try {
      await migrateToLatest(database);
      await loadDemoData({ database, clock, config: { publicUrl: 'http://localhost:3000', secureCookies: false, sessionHours: 10 } });
      const { db } = database;
      const measure = await db.selectFrom('measures').select('id').where('code', '=', PRO_CONTRACT_MEASURE).executeTakeFirstOrThrow();
      const { total } = await quotaCounts(db);
      await db.deleteFrom('targets').where('measureId', '=', measure.id).where('indicator', 'in', ['contracts', 'reserved_pairs']).execute();
      await db.insertInto('targets').values([
        { measureId: measure.id, indicator: 'contracts', label: 'contrats', value: total + PLACES },
        { measureId: measure.id, indicator: 'reserved_pairs', label: 'réservés', value: 0 },
      ]).execute();
      const running = [worker('A'), worker('B')];
      while (!['A', 'B'].every((l) => fs.existsSync(path.join(dir, `ready-${l}`)))) await new Promise((resolve) => setTimeout(resolve, 20));
      fs.writeFileSync(path.join(dir, 'go'), '');
      const [a, b] = await Promise.all(running);
      expect(a.accepted + b.accepted).toBe(PLACES);
      // Both processes got places: they did write side by side.
      expect(a.accepted).toBeGreaterThan(0);
      expect(b.accepted).toBeGreaterThan(0);
      expect({ ...a.refused, ...b.refused }).toEqual({ '409 quota_exceeded': expect.any(Number) });
      expect((a.refused['409 quota_exceeded'] ?? 0) + (b.refused['409 quota_exceeded'] ?? 0)).toBe(2 * ATTEMPTS - PLACES);
      expect((await quotaCounts(db)).total).toBe(total + PLACES);
    } finally {
      await database.destroy();
    }
  }, 120_000);
});
