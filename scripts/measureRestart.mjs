// Measures how long `npm start` takes to answer /api/health, on SQLite and on PostgreSQL:
// a first start on an empty database (migrations), then restarts with nothing to rebuild.
//   npm run measure:restart                 (PostgreSQL from PARCOURS_MEASURE_PG, default the test server)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildWebIfNeeded, root } from './webBuild.mjs';
import { buildServerIfNeeded } from './serverBuild.mjs';

const server = process.env.PARCOURS_MEASURE_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const restarts = Number(process.env.PARCOURS_MEASURE_RESTARTS ?? 3);

async function startAndTime(env, port) {
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(root, 'scripts/start.mjs')], { cwd: root, env: { ...process.env, ...env, PORT: String(port), PARCOURS_LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'inherit'] });
  // The server's own line when it listens gives the CPU its start-up used: on a busy
  // machine the wall-clock time is mostly waiting for a core.
  let cpuMs = null;
  let buffered = '';
  child.stdout.on('data', (chunk) => {
    buffered += String(chunk);
    const match = /"startupCpuMs":(\d+)/.exec(buffered);
    if (match) cpuMs = Number(match[1]);
  });
  let exited = false;
  child.on('exit', () => { exited = true; });
  for (;;) {
    if (exited) throw new Error('le serveur s’est arrêté avant de répondre');
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (response.ok) break;
    } catch { /* not listening yet */ }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const ms = Date.now() - started;
  await new Promise((resolve) => { child.once('exit', resolve); child.kill('SIGTERM'); });
  return { ms, cpuMs };
}

async function measure(label, env) {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const first = await startAndTime(env, port);
  const again = [];
  for (let i = 0; i < restarts; i++) again.push(await startAndTime(env, port));
  const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
  const one = (run) => `${s(run.ms)} (CPU du serveur ${run.cpuMs === null ? '?' : s(run.cpuMs)})`;
  console.log(`${label} : premier démarrage (base vide, migrations) ${one(first)} ; redémarrages ${again.map(one).join(', ')} ; charge ${os.loadavg()[0].toFixed(1)} sur ${os.cpus().length} cœurs`);
  return again;
}

// What this measures is a restart with nothing to rebuild: build first what is missing.
if (buildWebIfNeeded('avant la mesure') !== 0) process.exit(1);
await buildServerIfNeeded();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parcours-restart-'));
const name = `parcours_restart_${process.pid}`;
const admin = new pg.Client({ connectionString: server });
try {
  await measure('SQLite', { PARCOURS_DEMO: '0', PARCOURS_DATA_DIR: dir });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  await measure('PostgreSQL', { PARCOURS_DEMO: '0', DATABASE_URL: url.toString() });
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
  await admin.query(`drop database if exists ${name} with (force)`).catch(() => {});
  await admin.end().catch(() => {});
}
