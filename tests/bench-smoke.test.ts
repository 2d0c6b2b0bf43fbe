import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { buildApp } from '../src/platform/http/app.js';
import { DEMO_PASSWORD } from '../src/demo/organisations.js';
import { routeModules } from '../src/server/modules.js';
import { dropTarget, openBench, type Target } from '../bench/db.js';
import { countsFor } from '../bench/generate.js';
import { benchContext, buildDataSet } from '../bench/setup.js';
import { databaseKinds } from './support/databases.js';

/**
 * A small run of the benchmark's generator (1,000 companies, 2,000 requests, 3,000
 * contracts): it writes what it says, the rows hold together, and the app reads them.
 * The benchmark itself (`npm run bench`) is not part of npm test.
 */
const counts = { ...countsFor(0.01), requests: 2000, contracts: 3000, pathways: 1000, pairs: 300 };
const targets: Target[] = [];
afterAll(async () => { for (const t of targets) await dropTarget(t); });

describe.each(databaseKinds())('bench generator smoke run on %s', (kind) => {
  it('writes the requested volumes, consistent rows, and the list endpoint answers', async () => {
    const tag = randomBytes(4).toString('hex');
    const target: Target = kind === 'sqlite'
      ? { kind, sqliteFile: path.join(os.tmpdir(), `parcours-bench-smoke-${tag}.sqlite`) }
      : { kind, pgUrl: inject('postgresUrl')!, pgSchema: `bench_smoke_${tag}` };
    targets.push(target);

    const report = await buildDataSet(target, counts);
    expect(counts.companies).toBe(1000);
    expect(report.tables.organisations).toBe(counts.companies + counts.trainingFunds + counts.tempAgencies);
    expect(report.tables.funding_requests).toBe(counts.requests);
    expect(report.tables.pro_contracts).toBe(counts.contracts);
    expect(report.tables.tutors).toBe(counts.companies * counts.tutorsPerCompany);
    expect(report.tables.temp_pathways).toBe(counts.pathways);
    expect(report.tables.pairs).toBe(counts.pairs);
    // Every request has its people, actions and financing plan.
    expect(report.tables.request_employees).toBeGreaterThanOrEqual(counts.requests);
    expect(report.tables.training_actions).toBeGreaterThanOrEqual(counts.requests);
    expect(report.tables.funding_lines).toBeGreaterThanOrEqual(4 * counts.requests);
    expect(report.tables.pathway_periods).toBeGreaterThanOrEqual(2 * counts.pathways);

    const bench = await openBench(target);
    try {
      const one = async (sql: string) => Number(Object.values((await bench.raw.all(sql))[0] as Record<string, unknown>)[0]);
      expect(await one("select count(*) from organisations where kind = 'company'")).toBe(counts.companies + 2); // + the demo's two
      expect(await one('select count(*) from pro_contracts')).toBe(counts.contracts);
      // Ids are assigned by the generator with constraint checks off: prove nothing dangles.
      if (kind === 'sqlite') expect(await bench.raw.all('pragma foreign_key_check')).toEqual([]);
      expect(await one('select count(*) from pairs b left join pro_contracts c on c.id = b.junior_contract_id where c.id is null or c.company_id <> b.company_id')).toBe(0);
      expect(await one('select count(*) from funding_requests r where r.trainee_count <> (select count(*) from request_employees e where e.request_id = r.id)')).toBe(0);
      expect(await one('select count(*) from funding_requests r where r.total_cost_cents <> (select sum(l.proposed_cents) from funding_lines l where l.request_id = r.id)')).toBe(0);
      expect(await one("select count(*) from commitments where envelope_id is null")).toBe(0);

      const app = await buildApp(benchContext(bench), routeModules);
      try {
        const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'secretariat@parcours.test', password: DEMO_PASSWORD } });
        expect(login.statusCode).toBe(200);
        const cookie = `parcours_session=${login.cookies.find((c) => c.name === 'parcours_session')!.value}`;
        const list = await app.inject({ method: 'GET', url: '/api/requests?pageSize=5&sort=submittedAt&order=desc', headers: { cookie } });
        expect(list.statusCode).toBe(200);
        const body = list.json() as { total: number; items: unknown[] };
        expect(body.items).toHaveLength(5);
        expect(body.total).toBe(await one("select count(*) from funding_requests where status <> 'draft'"));
      } finally {
        await app.close();
      }
    } finally {
      await bench.close();
    }
  });
});
