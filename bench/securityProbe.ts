import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD, demoUsers } from '../src/demo/organisations.js';
import { serverNodeFlags } from '../scripts/serverFlags.mjs';
import { buildServerIfNeeded } from '../scripts/serverBuild.mjs';
import { manyRowsCsv, manyRowsWorkbook, zipBomb } from '../tests/security/hostileFiles.js';

/**
 * `npx tsx bench/securityProbe.ts`: the figures of docs/security.md. Spawns the server as
 * `npm start` runs it (its bundle, same Node flags; SQLite, demo data), then, while sampling its resident
 * memory and the answer time of /api/health:
 * 1. sends the hostile uploads of the attack report to the import check and launch routes;
 * 2. has one partner run 20 dashboard computations with varying dates at once for 20 s, then
 *    ask for 45 plenary PDF reports in 15 s;
 * 3. times failed logins for known and unknown e-mail addresses.
 */
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parcours-probe-'));
const port = 3900 + Math.floor(Math.random() * 90);
const base = `http://127.0.0.1:${port}`;

/** PROBE_DATABASE_URL: a PostgreSQL database of its own (it is filled with the demo data); SQLite otherwise. */
const databaseUrl = process.env.PROBE_DATABASE_URL ?? '';
// The bundle with the flags of `npm start` (scripts/start.mjs): no transpiler in the process whose memory is measured.
const bundle = await buildServerIfNeeded();
const server = spawn(process.execPath, [...serverNodeFlags(), '--enable-source-maps', bundle], {
  cwd: root, stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PARCOURS_DATA_DIR: dataDir, PARCOURS_LOG: '0', PARCOURS_WEB_ROOT: path.join(dataDir, 'none'), DATABASE_URL: databaseUrl },
});

const rss = () => {
  const status = fs.readFileSync(`/proc/${server.pid}/status`, 'utf8');
  const field = (name: string) => Number(/(\d+) kB/.exec(status.split('\n').find((l) => l.startsWith(name)) ?? '')?.[1] ?? 0) / 1024;
  return { now: field('VmRSS:'), peak: field('VmHWM:') };
};

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('le serveur ne répond pas');
}

async function login(email: string): Promise<string> {
  const response = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
  if (!response.ok) throw new Error(`connexion ${email} : ${response.status}`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0];
}

/** Samples /api/health and the memory every 50 ms until stopped. */
function sampler() {
  const latencies: number[] = [];
  let peakRss = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      await fetch(`${base}/api/health`).then((r) => r.arrayBuffer()).catch(() => undefined);
      latencies.push(performance.now() - started);
      peakRss = Math.max(peakRss, rss().now);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const sorted = [...latencies].sort((a, b) => a - b);
      const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
      return { samples: sorted.length, p50: at(0.5), p95: at(0.95), max: Math.round(sorted.at(-1) ?? 0), peakRssMb: Math.round(peakRss) };
    },
  };
}

async function upload(cookie: string, url: string, filename: string, content: Buffer) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(content)]), filename);
  const started = performance.now();
  const response = await fetch(`${base}${url}`, { method: 'POST', headers: { cookie }, body: form });
  const body = await response.text();
  let message = body.slice(0, 160);
  try {
    const json = JSON.parse(body);
    message = json.error?.message ?? json.message ?? message;
  } catch {
    // not JSON: kept as text
  }
  return { status: response.status, ms: Math.round(performance.now() - started), message };
}

try {
  await waitForServer();
  console.log(`Serveur prêt sur ${databaseUrl ? 'PostgreSQL' : 'SQLite'} (pid ${server.pid}), mémoire résidente ${Math.round(rss().now)} Mo.`);
  const secretariat = await login('secretariat@parcours.test');

  // 1. Hostile uploads.
  const files: [string, Buffer][] = [
    ['demandes-5mo.csv', manyRowsCsv(19_000)],
    ['million-lignes.xlsx', await manyRowsWorkbook(1_000_000)],
    ['bombe-980mo.xlsx', await zipBomb(980)],
    ['trop-gros.csv', Buffer.alloc(21 * 1024 * 1024, 0x41)],
  ];
  const uploads = sampler();
  const rows: string[] = [];
  for (const [name, content] of files) {
    for (const url of ['/api/imports/funding-requests/check', '/api/imports/funding-requests', '/api/imports/pro-contracts/check']) {
      const result = await upload(secretariat, url, name, content);
      rows.push(`| ${name} (${(content.length / 1024 / 1024).toFixed(2)} Mo) | ${url} | ${result.status} | ${result.ms} | ${result.message} |`);
    }
  }
  const during = await uploads.stop();
  console.log('\n| fichier | route | statut | ms | message |\n|---|---|---|---|---|');
  console.log(rows.join('\n'));
  console.log(`\nPendant les envois : /api/health p50 ${during.p50} ms, p95 ${during.p95} ms, max ${during.max} ms (${during.samples} mesures) ; mémoire résidente max échantillonnée ${during.peakRssMb} Mo, pic du processus (VmHWM) ${Math.round(rss().peak)} Mo.`);

  // 2. One partner hammers the dashboard, then the plenary report.
  const partner = await login('etat@parcours.test');
  const hammer = sampler();
  const statuses = new Map<number, number>();
  const until = Date.now() + 20_000;
  await Promise.all(Array.from({ length: 20 }, async (_, worker) => {
    for (let i = 0; Date.now() < until; i++) {
      const day = String(1 + ((worker * 7 + i) % 28)).padStart(2, '0');
      const response = await fetch(`${base}/api/steering/dashboard?from=2009-01-${day}&to=2011-12-${day}`, { headers: { cookie: partner } });
      await response.arrayBuffer();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status === 429) await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }));
  const hammered = await hammer.stop();
  console.log(`\n20 calculs de tableau de bord simultanés pendant 20 s (un partenaire) : statuts ${JSON.stringify(Object.fromEntries(statuses))} ; /api/health p50 ${hammered.p50} ms, p95 ${hammered.p95} ms, max ${hammered.max} ms (${hammered.samples} mesures) ; pic du processus (VmHWM) ${Math.round(rss().peak)} Mo.`);

  const reader = await login('lecteur@parcours.test');
  const reports = sampler();
  const reportStatuses = new Map<number, number>();
  const jobIds: number[] = [];
  const asked = performance.now();
  await Promise.all(Array.from({ length: 45 }, async (_, i) => {
    await new Promise((resolve) => setTimeout(resolve, (i * 15_000) / 45));
    const response = await fetch(`${base}/api/steering/report`, { method: 'POST', headers: { cookie: reader, 'content-type': 'application/json' }, body: JSON.stringify({ filters: {} }) });
    const body = await response.text();
    if (response.status === 202) jobIds.push(JSON.parse(body).jobId);
    reportStatuses.set(response.status, (reportStatuses.get(response.status) ?? 0) + 1);
  }));
  // Until every accepted report is rendered (or failed), health still sampled.
  const outcomes = new Map<string, number>();
  for (const id of jobIds) {
    for (let i = 0; i < 1200; i++) {
      const job = await (await fetch(`${base}/api/jobs/${id}`, { headers: { cookie: reader } })).json() as { status: string };
      if (job.status === 'done' || job.status === 'failed') { outcomes.set(job.status, (outcomes.get(job.status) ?? 0) + 1); break; }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  const allRendered = Math.round((performance.now() - asked) / 1000);
  const reported = await reports.stop();
  console.log(`45 rapports PDF demandés en 15 s : statuts ${JSON.stringify(Object.fromEntries(reportStatuses))} ; tâches ${JSON.stringify(Object.fromEntries(outcomes))} en ${allRendered} s ; /api/health p50 ${reported.p50} ms, p95 ${reported.p95} ms, max ${reported.max} ms ; pic du processus (VmHWM) ${Math.round(rss().peak)} Mo.`);

  // 3. Failed logins, known and unknown addresses: the same password check either way.
  const timeLogin = async (email: string) => {
    const started = performance.now();
    await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'mot de passe incorrect' }) })).arrayBuffer();
    return performance.now() - started;
  };
  const median = (values: number[]) => Math.round([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]);
  const known: number[] = [];
  const unknown: number[] = [];
  for (const [i, user] of demoUsers.entries()) {
    known.push(await timeLogin(user.email));
    unknown.push(await timeLogin(`personne${i}@inconnu.fr`));
  }
  console.log(`Échec de connexion, médiane sur ${known.length} : compte existant ${median(known)} ms, adresse inconnue ${median(unknown)} ms ; pic du processus (VmHWM) ${Math.round(rss().peak)} Mo.`);
  console.log(`\nPic de mémoire résidente du serveur sur toute la mesure (VmHWM) : ${Math.round(rss().peak)} Mo.`);
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
