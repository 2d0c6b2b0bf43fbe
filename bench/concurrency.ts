import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { serverNodeFlags } from '../scripts/serverFlags.mjs';
import type { BenchDb, CapturedQuery, Target } from './db.js';

/**
 * The mixed workload under concurrent load through real HTTP: lists, a filtered list, a
 * request detail, contracts, the steering dashboard, and one draft creation in ten, sent by
 * autocannon to the server running alone in its own process(es) — next to the floor: the
 * same SQL the reads sent (captured one request at a time), replayed by as many workers on
 * the bare driver (PostgreSQL: a pool of the server's size; SQLite: one synchronous handle).
 * Server CPU and peak RSS are read from /proc for the server processes only.
 */
export interface LoadRun {
  label: string; connections: number; processes: number; writes: boolean; seconds: number;
  requests: number; rps: number; p50: number; p95: number; p99: number; max: number; errors: number; non2xx: number;
  serverCpuMsPerRequest: number; serverCpuPercent: number; peakRssMb: number;
  floorRps: number; ratio: number; load1: number;
}

interface Step { method: 'GET' | 'POST'; path: string; who: 'reader' | 'company'; body?: string }

export interface Workload { steps: Step[]; floor: CapturedQuery[][] }

/** The mix of issue 13: nine reads, one write. The floor replays the reads' own SQL. */
export async function workload(bench: BenchDb, get: (url: string) => Promise<unknown>): Promise<Workload> {
  const { db } = bench.database;
  const request = await db.selectFrom('fundingRequests').select('id').where('status', '=', 'approved').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  const measure = await db.selectFrom('measures').select('id').where('code', '=', 'ACTE2-AXE1').executeTakeFirstOrThrow();
  const fund = await db.selectFrom('organisations').select('id').where('name', '=', 'OPCAIM (métallurgie)').executeTakeFirstOrThrow();
  const reads = [
    '/api/requests?pageSize=20&sort=updatedAt&order=desc', '/api/requests?pageSize=20&status=approved&sort=submittedAt&order=desc',
    `/api/requests/${request.id}`, '/api/pro-contracts?pageSize=20', '/api/steering/dashboard',
    '/api/requests?pageSize=20&page=3&sort=updatedAt&order=desc', '/api/requests?pageSize=20&departement=25', `/api/requests/${request.id}`, '/api/pro-contracts?pageSize=20&page=2',
  ];
  const draft = {
    measureId: measure.id, trainingFundId: fund.id,
    company: { name: 'Mécanique de Précision du Doubs', siret: '73282932000074', nafCode: '25.62A', idcc: '0054', headcount: 120, departement: '25' },
    employees: [{ lastName: 'Martin', firstName: 'Julie', birthDate: '1975-04-12', sex: 'F', socioProfessionalCategory: 'ouvrier', level1969: 'V', contractType: 'CDI' }],
    fundingLines: [{ funder: 'OPCA', proposedCents: 400_000 }],
  };
  const floor: CapturedQuery[][] = [];
  for (const url of reads) {
    // The steady state: a view already kept, a list count already made, as under load.
    await get(url);
    const { queries } = await bench.capture(() => get(url));
    floor.push(queries.filter((q) => /^\s*(select|with)\b/i.test(q.sql) && !/"sessions"/.test(q.sql)));
  }
  return {
    steps: [...reads.map((p): Step => ({ method: 'GET', path: p, who: 'reader' })), { method: 'POST', path: '/api/requests', who: 'company', body: JSON.stringify(draft) }],
    floor,
  };
}

/** Requests per second of the reads' SQL on the bare driver, `workers` at a time. */
async function floorRate(bench: BenchDb, target: Target, work: Workload, workers: number, seconds: number): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  if (bench.kind === 'sqlite') {
    // One synchronous handle: concurrency cannot add anything on the driver itself.
    for (let i = 0; performance.now() < until; i++) {
      for (const q of work.floor[i % work.floor.length]) await bench.raw.all(q.sql, q.parameters);
      done++;
    }
    return done / seconds;
  }
  const pool = new pg.Pool({ connectionString: target.pgUrl, max: Math.min(workers, Number(process.env.PARCOURS_DB_POOL_SIZE ?? 10)), options: `-c search_path=${target.pgSchema}` });
  try {
    await Promise.all(Array.from({ length: workers }, async (_, w) => {
      for (let i = w; performance.now() < until; i += workers) {
        for (const q of work.floor[i % work.floor.length]) await pool.query(q.sql, q.parameters as unknown[]);
        done++;
      }
    }));
  } finally {
    await pool.end();
  }
  return done / seconds;
}

async function startServers(target: Target, count: number): Promise<{ procs: ChildProcess[]; bases: string[] }> {
  const procs: ChildProcess[] = [];
  const bases: string[] = [];
  for (let i = 0; i < count; i++) {
    const proc = spawn(process.execPath, [...serverNodeFlags(), '--import', 'tsx', path.join('bench', 'exportServer.ts'), JSON.stringify(target)], { stdio: ['pipe', 'pipe', 'inherit'] });
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      proc.stdout!.on('data', (chunk: Buffer) => { out += chunk.toString(); const m = /PORT (\d+)/.exec(out); if (m) resolve(Number(m[1])); });
      proc.on('exit', (code) => reject(new Error(`serveur arrêté (code ${code})`)));
    });
    procs.push(proc);
    bases.push(`http://127.0.0.1:${port}`);
  }
  return { procs, bases };
}

const TICK_MS = 1000 / 100; // USER_HZ
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}
const peakRss = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function login(base: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (response.status !== 200) throw new Error(`connexion ${email} : ${response.status}`);
  return response.headers.getSetCookie().find((c) => c.startsWith('parcours_session='))!.split(';')[0];
}

export interface RunSpec { connections: number; processes: number; writes: boolean }

/** Every run of the list, each on fresh server processes, with its floor at the same concurrency. */
export async function loadRuns(bench: BenchDb, target: Target, work: Workload, specs: RunSpec[], seconds: number, password: string, log: (line: string) => void): Promise<LoadRun[]> {
  const runs: LoadRun[] = [];
  for (const spec of specs) {
    const { procs, bases } = await startServers(target, spec.processes);
    try {
      const cookies = await Promise.all(bases.map(async (b) => ({ reader: await login(b, 'secretariat@parcours.test', password), company: await login(b, 'entreprise@parcours.test', password) })));
      const steps = spec.writes ? work.steps : work.steps.filter((s) => s.method === 'GET');
      const before = procs.map((p) => cpuMs(p.pid!));
      const started = performance.now();
      const results = await Promise.all(bases.map((base, i) => autocannon({
        url: base, connections: Math.max(1, Math.round(spec.connections / spec.processes)), duration: seconds,
        requests: steps.map((s) => ({ method: s.method, path: s.path, headers: { cookie: cookies[i][s.who], ...(s.body ? { 'content-type': 'application/json' } : {}) }, ...(s.body ? { body: s.body } : {}) })),
      })));
      const elapsed = (performance.now() - started) / 1000;
      const cpu = procs.reduce((sum, p, i) => sum + cpuMs(p.pid!) - before[i], 0);
      const requests = results.reduce((s, r) => s + r.requests.total, 0);
      const floorRps = await floorRate(bench, target, work, spec.connections, Math.min(seconds, 10));
      const rps = requests / elapsed;
      const worst = (key: 'p50' | 'p97_5' | 'p99' | 'max') => Math.max(...results.map((r) => r.latency[key]));
      const run: LoadRun = {
        label: `${spec.processes} process${spec.processes > 1 ? 'es' : ''}, ${spec.connections} connections, ${spec.writes ? 'with writes' : 'read-only'}`,
        ...spec, seconds, requests, rps: Math.round(rps * 10) / 10,
        // autocannon reports p97.5, not p95: the nearest higher percentile it gives.
        p50: worst('p50'), p95: worst('p97_5'), p99: worst('p99'), max: worst('max'),
        errors: results.reduce((s, r) => s + r.errors + r.timeouts, 0), non2xx: results.reduce((s, r) => s + r.non2xx, 0),
        serverCpuMsPerRequest: requests ? Math.round((cpu / requests) * 100) / 100 : 0, serverCpuPercent: Math.round((cpu / (elapsed * 1000)) * 100),
        peakRssMb: Math.round(Math.max(...procs.map((p) => peakRss(p.pid!)))),
        floorRps: Math.round(floorRps * 10) / 10, ratio: floorRps ? Math.round((rps / floorRps) * 100) / 100 : 0,
        load1: Math.round(os.loadavg()[0] * 100) / 100,
      };
      log(`    ${run.label}: ${run.rps} req/s, p50 ${run.p50} / p97.5 ${run.p95} / p99 ${run.p99} ms, ${run.errors} errors, ${run.non2xx} non-2xx; floor ${run.floorRps} req/s (× ${run.ratio}); CPU ${run.serverCpuMsPerRequest} ms/req, RSS ${run.peakRssMb} MB`);
      runs.push(run);
    } finally {
      for (const p of procs) p.stdin!.end();
      await Promise.all(procs.map((p) => new Promise((resolve) => (p.exitCode !== null ? resolve(null) : p.on('exit', resolve)))));
    }
  }
  return runs;
}

/** The runs of issue 13: 10, 50 and 200 connections with writes, 50 read-only, and two processes on PostgreSQL. */
export function standardRuns(kind: BenchDb['kind']): RunSpec[] {
  return [
    { connections: 10, processes: 1, writes: true }, { connections: 50, processes: 1, writes: true }, { connections: 200, processes: 1, writes: true },
    { connections: 50, processes: 1, writes: false },
    ...(kind === 'postgres' ? [{ connections: 50, processes: 2, writes: false }, { connections: 50, processes: 2, writes: true }] : []),
  ];
}
