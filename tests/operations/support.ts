import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { createDatabase, type Database, type DatabaseKind } from '../../src/platform/db/database.js';
import { runCli } from '../../src/operations/commands.js';

export interface CliRun { code: number; out: string; err: string }

/**
 * A place for the command line as an operator has it: an empty SQLite data folder, or an
 * empty PostgreSQL database of its own on the test server (the commands work on whole
 * databases: pg_dump, pg_restore, create database), with its own backup folder.
 */
export interface CliPlace {
  kind: DatabaseKind;
  env: NodeJS.ProcessEnv;
  root: string;
  run(argv: string[], options?: { stdin?: string; now?: Date; answers?: string[] }): Promise<CliRun>;
  /** A handle on the same database, as a server process would hold it. */
  open(): Database;
  /** Closes the handles open() gave, as servers are stopped before a restore. */
  closeHandles(): Promise<void>;
  close(): Promise<void>;
}

export async function cliPlace(kind: DatabaseKind, extraEnv: NodeJS.ProcessEnv = {}): Promise<CliPlace> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'parcours-ops-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH, HOME: process.env.HOME, PARCOURS_DEMO: '0',
    PARCOURS_DATA_DIR: path.join(root, 'data'), PARCOURS_BACKUP_DIR: path.join(root, 'backups'), ...extraEnv,
  };
  let databaseName: string | null = null;
  let serverUrl: string | null = null;
  if (kind === 'postgres') {
    serverUrl = inject('postgresUrl');
    if (!serverUrl) throw new Error('PostgreSQL indisponible');
    databaseName = `parcours_ops_${randomBytes(5).toString('hex')}`;
    const url = new URL(serverUrl);
    url.pathname = `/${databaseName}`;
    env.DATABASE_URL = url.toString();
  }
  const handles: Database[] = [];
  return {
    kind, env, root,
    async run(argv, options = {}) {
      const out: string[] = [];
      const err: string[] = [];
      const answers = [...(options.answers ?? [])];
      const code = await runCli(argv, {
        env, out: (l) => out.push(l), err: (l) => err.push(l),
        ask: options.answers ? async () => answers.shift() ?? '' : undefined,
        readStdin: async () => options.stdin ?? '',
        now: () => options.now ?? new Date(),
      });
      return { code, out: out.join('\n'), err: err.join('\n') };
    },
    open() {
      const database = createDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.PARCOURS_DATA_DIR, poolSize: 2 });
      handles.push(database);
      return database;
    },
    async closeHandles() {
      for (const h of handles.splice(0)) await h.destroy().catch(() => {});
    },
    async close() {
      for (const h of handles.splice(0)) await h.destroy().catch(() => {});
      if (databaseName && serverUrl) {
        const admin = new pg.Client({ connectionString: serverUrl });
        await admin.connect();
        await admin.query(`drop database if exists ${databaseName} with (force)`);
        await admin.end();
      }
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
