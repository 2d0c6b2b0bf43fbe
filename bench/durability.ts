import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';

/**
 * npx tsx bench/durability.ts [--transactions 500] [--rounds 5] [--dir data/bench-durability]
 *
 * What `synchronous = FULL` costs against NORMAL on SQLite in WAL mode, as the server writes:
 * small transactions begun IMMEDIATE, each an acknowledged action (a history row of ~400
 * bytes and a counter update). FULL syncs the WAL at every commit, NORMAL only at
 * checkpoints. Rounds alternate the two settings on fresh files so that the load of a shared
 * machine falls on both alike; the figures are the medians of the rounds.
 */
function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}
const transactions = Number(option('transactions', '500'));
const rounds = Number(option('rounds', '5'));
const dir = path.resolve(option('dir', 'data/bench-durability'));
fs.mkdirSync(dir, { recursive: true });

type Mode = 'NORMAL' | 'FULL';

interface Round { perTxMs: number; medianMs: number; p95Ms: number }

function measure(mode: Mode, round: number): Round {
  const file = path.join(dir, `durability-${mode}-${round}.sqlite`);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  const db = new SqliteDatabase(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`synchronous = ${mode}`);
  db.exec('create table history (id integer primary key, entity_id integer not null, at text not null, changes text not null)');
  db.exec('create table counters (id integer primary key, n integer not null)');
  db.exec('insert into counters (id, n) values (1, 0)');
  const insert = db.prepare('insert into history (entity_id, at, changes) values (?, ?, ?)');
  const bump = db.prepare('update counters set n = n + 1 where id = 1');
  const begin = db.prepare('begin immediate');
  const commit = db.prepare('commit');
  const changes = JSON.stringify({ decision: 'approved', lines: [{ funder: 'OPCA', approvedCents: 400000 }, { funder: 'STATE', approvedCents: 300000 }], motivation: 'x'.repeat(250) });
  const times: number[] = [];
  for (let n = 0; n < transactions; n++) {
    const started = process.hrtime.bigint();
    begin.run();
    insert.run(n, new Date().toISOString(), changes);
    bump.run();
    commit.run();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  db.close();
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  times.sort((a, b) => a - b);
  return { perTxMs: times.reduce((a, b) => a + b, 0) / times.length, medianMs: times[Math.floor(times.length / 2)]!, p95Ms: times[Math.floor(times.length * 0.95)]! };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const results: Record<Mode, Round[]> = { NORMAL: [], FULL: [] };
for (let round = 0; round < rounds; round++) {
  for (const mode of (round % 2 === 0 ? ['NORMAL', 'FULL'] : ['FULL', 'NORMAL']) as Mode[]) results[mode].push(measure(mode, round));
}
console.log(`SQLite WAL, ${transactions} transactions × ${rounds} rounds, folder ${dir}`);
console.log('| synchronous | mean per transaction (ms) | median (ms) | p95 (ms) | transactions / s (from the mean) |');
console.log('|---|---|---|---|---|');
for (const mode of ['NORMAL', 'FULL'] as Mode[]) {
  const mean = median(results[mode].map((r) => r.perTxMs));
  const p50 = median(results[mode].map((r) => r.medianMs));
  const p95 = median(results[mode].map((r) => r.p95Ms));
  console.log(`| ${mode} | ${mean.toFixed(3)} | ${p50.toFixed(3)} | ${p95.toFixed(3)} | ${Math.round(1000 / mean)} |`);
}
fs.rmSync(dir, { recursive: true, force: true });
