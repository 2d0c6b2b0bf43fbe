import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { migrateToLatest } from '../src/server/migrate.js';
import { buildApp, type Api } from '../src/platform/http/app.js';
import { routeModules } from '../src/server/modules.js';
import { registerJobs } from '../src/server/jobs.js';
import { importFile } from '../src/weeklyCell/import/importService.js';
import { buildDashboard } from '../src/steering/dashboard.js';
import { factsState, rebuildFacts } from '../src/steering/factUpdates.js';
import { recordHistory } from '../src/platform/history/history.js';
import { DEMO_PASSWORD } from '../src/demo/organisations.js';
import { BENCH_OUT, openBench, type BenchDb, type CapturedQuery, type Target } from './db.js';
import { serverNodeFlags } from '../scripts/serverFlags.mjs';
import type { DataSet } from './dataset.js';
import { analyse } from './generate.js';
import { historyCsv, historyRows, insertHistoryRaw } from './importFile.js';
import { benchContext } from './setup.js';
import { loadRuns, standardRuns, workload, type LoadRun } from './concurrency.js';

/**
 * Measures one generated data set: the app listens on 127.0.0.1 (real HTTP, fetch from
 * the same process), every endpoint figure sits next to its floor — the SQL that endpoint
 * sent, captured from Kysely's log and replayed on the bare driver in-process. Runs in its
 * own process (bench/run.ts spawns it) so the memory figures are the server's, not the
 * generator's. Every loop is bounded in count and in time.
 */
export interface Stat { n: number; p50: number; p95: number; mean: number; min: number; max: number }
export interface Comparison {
  name: string; path: string; http: Stat; raw: Stat; ratio: number;
  /** Queries the endpoint sent (session lookup included); the floor replays those that read business tables. */
  queries: number; replayed: number; plans: string[]; error?: string;
  /** 1-minute load average when the measurement ended: the machine is shared, read every figure with it. */
  load1?: number;
}
export interface ImportFigures {
  rows: number; serviceSeconds: number; serviceRowsPerSecond: number; rawSeconds: number; rawRowsPerSecond: number; ratio: number; ok: boolean; message: string;
  rounds?: { rawSeconds: number; serviceSeconds: number; ratio: number }[]; load1?: number;
}
export interface ExportFigures {
  path: string; rows: number; expectedRows: number; bytes: number; seconds: number; rowsPerSecond: number; baselineRssMb: number; peakRssMb: number;
  /** Node flags of the measured server process (those of `npm start`). */
  serverFlags?: string;
  rawSeconds: number; rawRows: number; rawRowsPerSecond: number; truncated: boolean; error?: string; load1?: number;
}
export interface Results {
  db: string; scale: number; startedAt: string; machine: Machine; counts: DataSet['counts']; generation: DataSet['generation'];
  dashboard: Comparison & { endpoint: 'steering' | 'programme-report' };
  dashboardViews?: Comparison[]; refresh?: RefreshFigures | null;
  lists: Comparison[]; import: ImportFigures | null; export: ExportFigures | null; loadAfter: number[];
  /** The mixed workload under concurrent load (bench/concurrency.ts). */
  concurrency?: LoadRun[];
}
export interface RefreshFigures {
  view: string; ms: number; floorMs: number; queries: number;
  /** The first HTTP call of each view right after a write: it applies the change to the facts, then computes and keeps the view. */
  firstCallMs: Record<string, number>; load1: number;
  /** The same right after a write that moves figures of people (the secrecy cubes are protected again). */
  firstPeopleCallMs?: Record<string, number>;
  /** The full rebuild of the facts, when the data set had none (a generated set writes no history). */
  rebuild?: { ms: number; records: number };
}
export interface Machine { cpus: number; cpuModel: string; memoryGb: number; node: string; platform: string; loadBefore: number[] }

export const machine = (): Machine => ({
  cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '?', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version,
  platform: `${os.type()} ${os.release()}`, loadBefore: os.loadavg().map((l) => Math.round(l * 100) / 100),
});

export function stat(samples: number[]): Stat {
  const sorted = [...samples].sort((a, b) => a - b);
  // Nearest rank, as the steering does: a percentile is a sample that was actually observed.
  const rank = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    n: sorted.length, p50: round(rank(50)), p95: round(rank(95)), min: round(sorted[0] ?? NaN), max: round(sorted[sorted.length - 1] ?? NaN),
    mean: round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
  };
}

/** Repeats `fn` up to `count` times or until `seconds` have passed (at least once), after `warmup` untimed runs. */
export async function repeat(fn: () => Promise<unknown>, count: number, seconds: number, warmup = 2): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  while (samples.length < count && (samples.length === 0 || performance.now() < deadline)) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return samples;
}

export class Client {
  constructor(readonly base: string) {}
  async login(email: string): Promise<string> {
    const response = await fetch(`${this.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
    if (response.status !== 200) throw new Error(`connexion ${email} : ${response.status} ${await response.text()}`);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('parcours_session='));
    if (!cookie) throw new Error('pas de cookie de session');
    return cookie.split(';')[0];
  }
  async get(url: string, cookie: string): Promise<{ status: number; body: string }> {
    try {
      const response = await fetch(`${this.base}${url}`, { headers: { cookie } });
      return { status: response.status, body: await response.text() };
    } catch (error) {
      // A kept-alive socket the server closed while SQLite held the event loop (a view computed
      // in-process for seconds): a GET is safe to send again, once, on a new connection.
      if ((error as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw error;
      const response = await fetch(`${this.base}${url}`, { headers: { cookie, connection: 'close' } });
      return { status: response.status, body: await response.text() };
    }
  }
}

/** The queries worth replaying: reads of business tables (the session lookup is authentication, not the work). */
const businessReads = (queries: CapturedQuery[]) => queries.filter((q) => /^\s*(select|with)\b/i.test(q.sql) && !/"sessions"/.test(q.sql));

export async function replay(bench: BenchDb, queries: CapturedQuery[]): Promise<void> {
  for (const q of queries) await bench.raw.all(q.sql, q.parameters);
}

/** The planner's view of each replayed query, reduced to the lines that say scan, index or sort. */
export async function plans(bench: BenchDb, queries: CapturedQuery[]): Promise<string[]> {
  const out: string[] = [];
  for (const [i, q] of queries.entries()) {
    if (bench.kind === 'sqlite') {
      const rows = await bench.raw.all(`explain query plan ${q.sql}`, q.parameters) as { detail: string }[];
      out.push(...rows.map((r) => `q${i + 1}: ${r.detail}`));
    } else {
      const rows = await bench.raw.all(`explain ${q.sql}`, q.parameters) as { 'QUERY PLAN': string }[];
      out.push(...rows.map((r) => `q${i + 1}: ${r['QUERY PLAN'].trim()}`).filter((l) => /Scan|Sort|Aggregate|Join|Limit|Loop/i.test(l)));
    }
  }
  return out;
}

/** One endpoint through HTTP against its captured SQL on the driver. */
export async function compare(bench: BenchDb, client: Client, cookie: string, name: string, url: string, options: { count: number; seconds: number; warmup?: number }): Promise<Comparison> {
  const empty: Stat = stat([]);
  const probe = await bench.capture(() => client.get(url, cookie));
  if (probe.result.status !== 200) {
    return { name, path: url, http: empty, raw: empty, ratio: NaN, queries: probe.queries.length, replayed: 0, plans: [], error: `HTTP ${probe.result.status}: ${probe.result.body.slice(0, 200)}` };
  }
  const reads = businessReads(probe.queries);
  const http = stat(await repeat(() => client.get(url, cookie), options.count, options.seconds, options.warmup));
  const raw = stat(await repeat(() => replay(bench, reads), options.count, options.seconds, options.warmup));
  return { name, path: url, http, raw, ratio: Math.round((http.p50 / raw.p50) * 100) / 100, queries: probe.queries.length, replayed: reads.length, plans: await plans(bench, reads), load1: Math.round(os.loadavg()[0] * 100) / 100 };
}

export const LIST_SCENARIOS: { name: string; url: string }[] = [
  { name: 'requests: page 1, latest first', url: '/api/requests?pageSize=20&sort=updatedAt&order=desc' },
  { name: 'requests: page 500 (offset 9,980)', url: '/api/requests?page=500&pageSize=20&sort=updatedAt&order=desc' },
  { name: 'requests: sorted by company', url: '/api/requests?pageSize=20&sort=companyName' },
  { name: 'requests: filter status=approved', url: '/api/requests?pageSize=20&status=approved&sort=submittedAt&order=desc' },
  { name: 'requests: filter département 25', url: '/api/requests?pageSize=20&departement=25' },
  { name: 'requests: search q=company name', url: `/api/requests?pageSize=20&q=${encodeURIComponent('Horlogerie du Jura')}` },
  { name: 'requests: search q=reference', url: `/api/requests?pageSize=20&q=${encodeURIComponent('DEM-2009-00012')}` },
  { name: 'contracts: page 1 (by start date)', url: '/api/pro-contracts?pageSize=20' },
  { name: 'contracts: search q=last name', url: '/api/pro-contracts?pageSize=20&q=Masson' },
];

export async function startServer(bench: BenchDb): Promise<{ app: Api; client: Client }> {
  registerJobs();
  const app = await buildApp(benchContext(bench), routeModules);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('adresse du serveur inconnue');
  return { app, client: new Client(`http://127.0.0.1:${address.port}`) };
}

/** Applies migrations added since generation (e.g. indexes) and refreshes planner statistics if any ran. */
export async function upgrade(bench: BenchDb): Promise<void> {
  const before = await bench.database.db.selectFrom('kysely_migration' as never).select('name' as never).execute().catch(() => []);
  await migrateToLatest(bench.database);
  const after = await bench.database.db.selectFrom('kysely_migration' as never).select('name' as never).execute().catch(() => []);
  if (after.length !== before.length) await analyse(bench);
}

/**
 * The steering dashboard:
 * - the facts are built once if the data set has none (the generator writes no history);
 * - the computation of the view « everything » from the facts, in-process, next to its SQL
 *   replayed on the driver;
 * - views through HTTP, each read first right after a write (a history event on one request:
 *   the reader applies it to the facts, then computes and keeps the view), then served kept.
 */
const VIEWS = [
  ['steering dashboard, all programmes', '/api/steering/dashboard'],
  ['steering dashboard, measure ACTE2-CPRO', '/api/steering/dashboard?measure=ACTE2-CPRO'],
  ['steering dashboard, département 25', '/api/steering/dashboard?departement=25'],
  ['steering dashboard, département 25 + funder OPCA', '/api/steering/dashboard?departement=25&funder=OPCA'],
  ['steering dashboard, section C, 2012', '/api/steering/dashboard?section=C&from=2012-01-01&to=2012-12-31'],
] as const;

async function dashboard(bench: BenchDb, client: Client): Promise<{ main: Results['dashboard']; views: Comparison[]; refresh: RefreshFigures }> {
  const reader = await client.login('lecteur@parcours.test');
  const ctx = benchContext(bench);
  let rebuild: RefreshFigures['rebuild'];
  if ((await factsState(bench.database.db)).rebuiltAt === null) {
    const t = performance.now();
    const { records } = await rebuildFacts(ctx);
    rebuild = { ms: Math.round(performance.now() - t), records };
  }
  const t0 = performance.now();
  const computed = await bench.capture(() => buildDashboard(ctx, {}));
  const computeMs = performance.now() - t0;
  const reads = computed.queries.filter((q) => /^\s*(select|with)\b/i.test(q.sql));
  const t1 = performance.now();
  await replay(bench, reads);
  const refresh: RefreshFigures = { view: 'all programmes', ms: Math.round(computeMs), floorMs: Math.round(performance.now() - t1), queries: reads.length, firstCallMs: {}, load1: Math.round(os.loadavg()[0] * 100) / 100, rebuild };

  const request = await bench.database.db.selectFrom('fundingRequests').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow();
  // A write that moves figures of people: one trainee of a helped request changes sex (the secrecy cubes move).
  const trainee = await bench.database.db.selectFrom('requestEmployees as e').innerJoin('fundingRequests as r', 'r.id', 'e.requestId')
    .select(['e.id', 'e.requestId', 'e.sex']).where('r.status', 'in', ['approved', 'closed']).orderBy('e.id').limit(1).executeTakeFirstOrThrow();
  let sex = trainee.sex;
  const views: Comparison[] = [];
  for (const [name, url] of VIEWS) {
    await bench.database.db.transaction().execute((trx) => recordHistory(trx, null, new Date().toISOString(), { entityType: 'fundingRequest', entityId: request.id, action: 'bench.touch' }));
    const t = performance.now();
    await client.get(url, reader);
    refresh.firstCallMs[url] = Math.round(performance.now() - t);
    sex = sex === 'F' ? 'M' : 'F';
    await bench.database.db.transaction().execute(async (trx) => {
      await trx.updateTable('requestEmployees').set({ sex }).where('id', '=', trainee.id).execute();
      await recordHistory(trx, null, new Date().toISOString(), { entityType: 'fundingRequest', entityId: trainee.requestId, action: 'bench.people' });
    });
    const tp = performance.now();
    await client.get(url, reader);
    (refresh.firstPeopleCallMs ??= {})[url] = Math.round(performance.now() - tp);
    views.push({ ...(await compare(bench, client, reader, `${name} (kept)`, url, { count: 50, seconds: 30 })), load1: Math.round(os.loadavg()[0] * 100) / 100 });
  }
  return { main: { ...views[0], endpoint: 'steering' }, views: views.slice(1), refresh };
}

/**
 * Three rounds, each writing `count` rows through the raw floor (bench/importFile.ts: the same
 * rows as prepared statements or unnest arrays, foreign keys checked, one transaction) and
 * then through the import service (file parsed, every rule checked, written, history chained).
 * The machine is shared, so the median of the three rates is reported with each round's.
 */
async function importThroughput(bench: BenchDb, scale: number): Promise<ImportFigures> {
  const count = Math.min(2_000, Math.max(200, Math.round(10_000 * scale)));
  const rounds: { raw: number; service: number }[] = [];
  let outcome = { ok: true, message: '' };
  for (let round = 0; round < 3; round++) {
    const stamp = `${Date.now().toString(36).toUpperCase()}${round}`;
    // Raw floor first, on its own rows (other SIRETs and references), so both write the same amount into the same tables.
    const rawRows = historyRows(count, `RAW${stamp}`, 60_000_000 + round * 100_000);
    const t0 = performance.now();
    await insertHistoryRaw(bench, rawRows);
    const raw = (performance.now() - t0) / 1000;
    const file = historyCsv(historyRows(count, `IMP${stamp}`, 70_000_000 + round * 100_000));
    const t1 = performance.now();
    const result = await importFile(benchContext(bench), file, `bench-${stamp}.csv`, null);
    const service = (performance.now() - t1) / 1000;
    if (!result.ok) outcome = { ok: false, message: `${result.message} ${result.errors.slice(0, 3).map((e) => e.message).join(' ')}` };
    else outcome.message = result.message;
    rounds.push({ raw, service });
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const rawSeconds = median(rounds.map((r) => r.raw));
  const serviceSeconds = median(rounds.map((r) => r.service));
  const serviceRowsPerSecond = Math.round(count / serviceSeconds);
  const rawRowsPerSecond = Math.round(count / rawSeconds);
  return {
    rows: count, serviceSeconds: round2(serviceSeconds), serviceRowsPerSecond, rawSeconds: round2(rawSeconds), rawRowsPerSecond,
    // Each round compares the two writes made side by side; the verdict takes the median round.
    ratio: Math.round(median(rounds.map((r) => r.raw / r.service)) * 1000) / 1000, ok: outcome.ok, message: outcome.message,
    rounds: rounds.map((r) => ({ rawSeconds: round2(r.raw), serviceSeconds: round2(r.service), ratio: Math.round((r.raw / r.service) * 100) / 100 })),
    load1: Math.round(os.loadavg()[0] * 100) / 100,
  };
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/** The server alone in a child process with the production Node flags; resolves once it listens. */
async function exportServer(target: Target): Promise<{ proc: ChildProcess; client: Client }> {
  const proc = spawn(process.execPath, [...serverNodeFlags(), '--import', 'tsx', path.join('bench', 'exportServer.ts'), JSON.stringify(target)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (chunk: Buffer) => { out += chunk.toString(); const m = /PORT (\d+)/.exec(out); if (m) resolve(Number(m[1])); });
    proc.on('exit', (code) => reject(new Error(`serveur d’export arrêté (code ${code})`)));
  });
  return { proc, client: new Client(`http://127.0.0.1:${port}`) };
}

/** VmRSS and VmHWM (peak resident set since start) of a process, in bytes. */
function residentSet(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/**
 * Streams the contracts export through HTTP from a server in its own process (started with
 * the flags of `npm start`), sampling that process's resident memory every 50 ms.
 */
async function exportRun(bench: BenchDb, target: Target, inProcess: Client, maxSeconds: number): Promise<ExportFigures> {
  const url = '/api/pro-contracts/export?format=csv';
  const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
  // The floor's SQL: the export's first keyset query, captured in-process from the first chunk.
  const { queries } = await bench.capture(async () => {
    const abort = new AbortController();
    const response = await fetch(`${inProcess.base}${url}`, { headers: { cookie: await inProcess.login('secretariat@parcours.test') }, signal: abort.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    // The header line goes out before the first query: read on until data rows arrive.
    let newlines = 0;
    while (newlines < 2) {
      const { value, done } = await reader.read();
      if (done || !value) break;
      for (const byte of value) if (byte === 10) newlines += 1;
    }
    abort.abort();
    await reader.cancel().catch(() => {});
  });

  const server = await exportServer(target);
  const pid = server.proc.pid!;
  const cookie = await server.client.login('secretariat@parcours.test');
  const baseline = residentSet(pid).rss;
  let sampledPeak = baseline;
  const sampler = setInterval(() => { sampledPeak = Math.max(sampledPeak, residentSet(pid).rss); }, 50);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), maxSeconds * 1000);
  let bytes = 0; let newlines = 0; let truncated = false; let error: string | undefined;
  const t0 = performance.now();
  try {
    const response = await fetch(`${server.client.base}${url}`, { headers: { cookie }, signal: abort.signal });
    if (response.status !== 200) error = `HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`;
    else {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.length;
        for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) newlines += 1;
      }
    }
  } catch (e) {
    if (abort.signal.aborted) truncated = true; else error = String(e);
  }
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  clearTimeout(timer);
  // The kernel's high-water mark catches a peak between two samples.
  const peak = Math.max(sampledPeak, residentSet(pid).peak);
  server.proc.stdin!.end();
  await new Promise((resolve) => server.proc.once('exit', resolve));
  const rows = Math.max(0, newlines - 1);
  const expectedRows = Number((await bench.database.db.selectFrom('proContracts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);

  // Floor: that first keyset query without its chunk limit, streamed once by the driver into CSV-ish text.
  const first = queries.find((q) => /"pro_contracts"/.test(q.sql) && /\blimit\b/i.test(q.sql));
  let rawSeconds = NaN; let rawRows = 0;
  if (first) {
    const params = [...first.parameters];
    params[params.length - 1] = 1_000_000_000;
    const t1 = performance.now();
    let sink = 0;
    const deadline = performance.now() + maxSeconds * 1000;
    rawRows = await bench.raw.stream(first.sql, params, (row) => {
      sink += Object.values(row).join(';').length;
      if (performance.now() > deadline) throw new Error('floor export exceeded the time bound');
    });
    rawSeconds = (performance.now() - t1) / 1000;
    void sink;
  }
  return {
    path: url, rows, expectedRows, bytes, seconds: round2(seconds), rowsPerSecond: Math.round(rows / seconds), baselineRssMb: mb(baseline), peakRssMb: mb(peak),
    serverFlags: serverNodeFlags().join(' '),
    rawSeconds: round2(rawSeconds), rawRows, rawRowsPerSecond: Math.round(rawRows / rawSeconds), truncated, load1: Math.round(os.loadavg()[0] * 100) / 100, ...(error ? { error } : {}),
  };
}

export async function measure(dataSet: DataSet, log: (line: string) => void = console.log): Promise<Results> {
  const startedAt = new Date().toISOString();
  const m = machine();
  const bench = await openBench(dataSet.target);
  await upgrade(bench);
  const { app, client } = await startServer(bench);
  try {
    // PARCOURS_BENCH_SKIP=dashboard,lists,export,import,concurrency (any of them) measures the rest, e.g. when the dashboard alone takes minutes per call.
    const skip = (process.env.PARCOURS_BENCH_SKIP ?? '').split(',');
    log(`  dashboard…`);
    const measured = skip.includes('dashboard') ? null : await dashboard(bench, client);
    const dash = measured?.main
      ?? { name: 'dashboard (skipped: PARCOURS_BENCH_SKIP)', path: '', http: stat([]), raw: stat([]), ratio: NaN, queries: 0, replayed: 0, plans: [], error: 'skipped', endpoint: 'steering' as const };
    if (measured) log(`    computed in ${measured.refresh.ms} ms (floor ${measured.refresh.floorMs} ms); ${measured.views.map((v) => `${v.name}: p50 ${v.http.p50} ms`).join('; ')}`);
    const rebuilt = measured?.refresh.rebuild;
    if (rebuilt) log(`    steering facts rebuilt: ${rebuilt.records} records in ${(rebuilt.ms / 1000).toFixed(1)} s`);
    log(`    ${dash.name}: http p50 ${dash.http.p50} ms, raw p50 ${dash.raw.p50} ms${dash.error ? ` — ${dash.error}` : ''}`);
    const secretariat = await client.login('secretariat@parcours.test');
    const lists: Comparison[] = [];
    for (const scenario of skip.includes('lists') ? [] : LIST_SCENARIOS) {
      const c = await compare(bench, client, secretariat, scenario.name, scenario.url, { count: 50, seconds: 30 });
      log(`    ${c.name}: http p50 ${c.http.p50} / p95 ${c.http.p95} ms, raw p50 ${c.raw.p50} / p95 ${c.raw.p95} ms${c.error ? ` — ${c.error}` : ''}`);
      lists.push(c);
    }
    // The request detail the concurrent mix reads: its statements besides the session's, and their time.
    const approved = skip.includes('lists') ? undefined
      : await bench.database.db.selectFrom('fundingRequests').select('id').where('status', '=', 'approved').orderBy('id', 'desc').limit(1).executeTakeFirst();
    if (approved) {
      const c = await compare(bench, client, secretariat, 'request detail (approved)', `/api/requests/${approved.id}`, { count: 50, seconds: 30 });
      log(`    ${c.name}: http p50 ${c.http.p50} / p95 ${c.http.p95} ms, raw p50 ${c.raw.p50} / p95 ${c.raw.p95} ms, ${c.replayed}/${c.queries} statements${c.error ? ` — ${c.error}` : ''}`);
      lists.push(c);
    }
    log(`  export…`);
    const exported = skip.includes('export') ? null : await exportRun(bench, dataSet.target, client, 900);
    if (exported) log(`    ${exported.rows} rows in ${exported.seconds} s, peak RSS ${exported.peakRssMb} MB (baseline ${exported.baselineRssMb} MB); floor ${exported.rawRows} rows in ${exported.rawSeconds} s`);
    log(`  import…`);
    const imported = skip.includes('import') ? null : await importThroughput(bench, dataSet.scale);
    if (imported) log(`    ${imported.rows} rows: service ${imported.serviceRowsPerSecond} rows/s, raw ${imported.rawRowsPerSecond} rows/s (${imported.ok ? 'ok' : imported.message})`);
    log(`  concurrent load…`);
    // PARCOURS_BENCH_LOAD_SECONDS: length of each run (30 s by default, as in issue 13).
    const loadSeconds = Number(process.env.PARCOURS_BENCH_LOAD_SECONDS ?? 30);
    const concurrency = skip.includes('concurrency') ? [] : await loadRuns(bench, dataSet.target, await workload(bench, (url) => client.get(url, secretariat)),
      standardRuns(bench.kind), loadSeconds, DEMO_PASSWORD, log);
    return {
      db: dataSet.kind, scale: dataSet.scale, startedAt, machine: m, counts: dataSet.counts, generation: dataSet.generation,
      dashboard: dash, dashboardViews: measured?.views ?? [], refresh: measured?.refresh ?? null, lists, import: imported, export: exported, concurrency, loadAfter: os.loadavg().map((l) => Math.round(l * 100) / 100),
    };
  } finally {
    await app.close();
    await bench.close();
  }
}

// Spawned by run.ts: `node --import tsx bench/measure.ts <dataset note> <results file>`.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [note, out] = process.argv.slice(2);
  const dataSet = JSON.parse(fs.readFileSync(note, 'utf8')) as DataSet;
  const results = await measure(dataSet);
  fs.mkdirSync(BENCH_OUT, { recursive: true });
  fs.writeFileSync(out, JSON.stringify(results, null, 2));
  process.exit(0);
}
