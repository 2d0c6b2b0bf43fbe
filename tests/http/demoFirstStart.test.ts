import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, type Database } from '../../src/platform/db/database.js';
import { databaseKinds, freshDatabase } from '../support/databases.js';

/**
 * The very first start of a real server process, killed with SIGKILL while it loads the
 * demo, then started again: the first start leaves nothing half loaded, the restart loads
 * the whole demo, a further restart loads nothing twice.
 */
const root = path.resolve(import.meta.dirname, '../..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Server { child: ChildProcess; output(): string; waitFor(text: string): Promise<void>; exited: Promise<void> }

async function startServer(env: NodeJS.ProcessEnv): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: root, env: { ...process.env, ...env, PORT: String(await freePort()), HOST: '127.0.0.1', PARCOURS_LOG: '0', PARCOURS_WEB_ROOT: path.join(os.tmpdir(), 'no-web-app') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  const waiters: { text: string; resolve(): void }[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const w of waiters.filter((w) => output.includes(w.text))) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); }
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  return {
    child, exited, output: () => output,
    waitFor: (text) => new Promise<void>((resolve, reject) => {
      if (output.includes(text)) return resolve();
      waiters.push({ text, resolve });
      exited.then(() => { if (!output.includes(text)) reject(new Error(`Le serveur s’est arrêté avant « ${text} » :\n${output}`)); });
    }),
  };
}

const started: ChildProcess[] = [];

interface Target { env: NodeJS.ProcessEnv; reader(): Database; cleanup(): Promise<void> }

/** An empty data folder, or an empty PostgreSQL schema, for one server to start on. */
async function emptyTarget(kind: 'sqlite' | 'postgres'): Promise<Target> {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parcours-first-start-'));
    return { env: { PARCOURS_DATA_DIR: dir, DATABASE_URL: '' }, reader: () => createDatabase({ dataDir: dir }), cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const holder = await freshDatabase('postgres');
  const url = inject('postgresUrl')!;
  const schema = holder.schema!;
  return {
    env: { DATABASE_URL: `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}` },
    reader: () => createDatabase({ databaseUrl: url, pgSchema: schema, poolSize: 1 }),
    cleanup: () => holder.destroy(),
  };
}

describe.each(databaseKinds())('the first start of a server on %s', (kind) => {
  let target: Target;
  let loadMs: number;

  beforeAll(async () => {
    // How long a whole demo load takes here, so that the kills land inside it.
    const measure = await emptyTarget(kind);
    try {
      const server = await startServer(measure.env);
      await server.waitFor('Vérification des données de démonstration');
      const start = performance.now();
      await server.waitFor('Données de démonstration chargées');
      loadMs = performance.now() - start;
      server.child.kill('SIGKILL');
      await server.exited;
    } finally {
      await measure.cleanup();
    }
    target = await emptyTarget(kind);
  }, 180_000);
  afterAll(async () => {
    for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await target?.cleanup();
  });

  const counts = async () => {
    const database = target.reader();
    try {
      const { db } = database;
      const count = async (table: 'organisations' | 'fundingRequests' | 'cellSessions' | 'documents') =>
        Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const statuses = await db.selectFrom('fundingRequests').select('status').where('isImported', '=', false).execute();
      const closedSessions = await db.selectFrom('cellSessions').select('id').where('status', '=', 'closed').execute();
      const imported = await db.selectFrom('fundingRequests').select('id').where('isImported', '=', true).execute();
      return {
        organisations: await count('organisations'), requests: await count('fundingRequests'), sessions: await count('cellSessions'),
        documents: await count('documents'), imported: imported.length, walkthrough: statuses.map((s) => s.status).sort(), closedSessions: closedSessions.length,
      };
    } finally {
      await database.destroy();
    }
  };

  it('leaves nothing behind when killed during the demo load, and loads the whole demo on restart', async () => {
    // Kill points at different depths of the load: the seed, the Acte I import, the cell's story.
    let killedMidLoad = 0;
    let loadedBeforeKill = false;
    for (const share of [0.1, 0.4, 0.7]) {
      const server = await startServer(target.env);
      await server.waitFor('Vérification des données de démonstration');
      await new Promise((resolve) => setTimeout(resolve, share * loadMs));
      server.child.kill('SIGKILL');
      await server.exited;
      // A machine faster than the measure may finish first: then the load is simply complete.
      loadedBeforeKill = server.output().includes('Données de démonstration chargées');
      if (loadedBeforeKill) break;
      killedMidLoad++;
      // Not one row of a half-loaded demo: the next start sees an empty database.
      expect(await counts(), `arrêt à ${share * 100} % du chargement`).toMatchObject({ organisations: 0, requests: 0, sessions: 0, documents: 0 });
    }
    expect(killedMidLoad).toBeGreaterThanOrEqual(2);

    const server = await startServer(target.env);
    await server.waitFor('écoute');
    if (!loadedBeforeKill) expect(server.output()).toContain('Données de démonstration chargées');
    server.child.kill('SIGTERM');
    await server.exited;
    const complete = await counts();
    expect(complete.imported).toBe(72);
    expect(complete.closedSessions).toBe(1);
    expect(complete.walkthrough).toEqual(['approved', 'awaiting_information', 'closed', 'draft', 'in_instruction', 'in_instruction', 'ready_for_cell', 'refused']);
    expect(complete.documents).toBeGreaterThan(0);

    // Starting again loads nothing twice.
    const again = await startServer(target.env);
    await again.waitFor('écoute');
    expect(again.output()).not.toContain('Données de démonstration chargées');
    again.child.kill('SIGTERM');
    await again.exited;
    expect(await counts()).toEqual(complete);
  }, 300_000);
});
