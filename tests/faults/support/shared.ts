import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { inject } from 'vitest';
import { createDatabase, type Database, type DatabaseKind } from '../../../src/platform/db/database.js';
import { migrateToLatest } from '../../../src/server/migrate.js';
import type { AppContext, Clock } from '../../../src/platform/http/context.js';
import { freshDatabase } from '../../support/databases.js';

/**
 * A database other processes can open too: a SQLite file in a temporary folder, or a
 * throw-away PostgreSQL schema. `env` tells a child process where it is; `another()` opens a
 * second handle in this process (PostgreSQL only: two SQLite handles in one process block
 * each other's synchronous busy wait).
 */
export interface SharedDatabase {
  database: Database;
  env: Record<string, string>;
  another(): Database;
  destroy(): Promise<void>;
}

export async function sharedDatabase(kind: DatabaseKind): Promise<SharedDatabase> {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parcours-faults-'));
    const file = path.join(dir, 'parcours.sqlite');
    const database = createDatabase({ sqliteFile: file });
    await migrateToLatest(database);
    return {
      database,
      env: { PARCOURS_TEST_SQLITE_FILE: file },
      another: () => { throw new Error('Deux connexions SQLite dans un même processus se bloquent : utilisez un processus fils.'); },
      destroy: async () => { await database.destroy(); fs.rmSync(dir, { recursive: true, force: true }); },
    };
  }
  const database = await freshDatabase(kind);
  const url = inject('postgresUrl')!;
  const others: Database[] = [];
  return {
    database,
    env: { PARCOURS_TEST_PG_URL: url, PARCOURS_TEST_PG_SCHEMA: database.schema! },
    another: () => {
      const other = createDatabase({ databaseUrl: url, pgSchema: database.schema, poolSize: 4 });
      others.push(other);
      return other;
    },
    destroy: async () => {
      for (const other of others) await other.destroy();
      await database.destroy();
    },
  };
}

export interface TestClock extends Clock { set(iso: string): void; advance(ms: number): void }

export function testClock(start: string): TestClock {
  let current = new Date(start).getTime();
  return { now: () => new Date(current), set: (iso) => { current = new Date(iso).getTime(); }, advance: (ms) => { current += ms; } };
}

export function contextOn(database: Database, clock: Clock, jobs: AppContext['config']['jobs'] = {}): AppContext {
  return { database, clock, config: { publicUrl: 'http://localhost:3000', secureCookies: false, sessionHours: 10, jobs } };
}

/** Runs a TypeScript file in a fresh Node process, as the server runs (tsx loader). */
export function spawnTs(script: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Resolves with the first stdout line matching `pattern`; rejects if the process ends first. */
export function waitForLine(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(pattern);
      if (match) { child.stdout!.off('data', onData); resolve(match); }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => { err += chunk.toString(); });
    child.once('exit', (code, signal) => reject(new Error(`processus terminé (${code ?? signal}) avant « ${pattern} » : ${out}${err}`)));
  });
}

export function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
