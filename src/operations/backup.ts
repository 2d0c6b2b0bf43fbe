import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import type { Database } from '../platform/db/database.js';

/**
 * Backups are folders named after their instant (UTC, to the second), one per run:
 * `parcours-2026-12-01T22-15-03Z/` holding the database (`parcours.sqlite`, or
 * `parcours.dump` in pg_dump's custom format), the stored documents when their folder
 * exists, and `manifest.json` saying what is inside. Two backups never share a name.
 */
export const BACKUP_FORMAT = 'parcours.backup';
export const SQLITE_FILE = 'parcours.sqlite';
export const PG_DUMP_FILE = 'parcours.dump';
export const DOCUMENTS_FOLDER = 'documents';

export interface Manifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  database: Database['kind'];
  file: string;
  migration: string | null;
  documents: boolean;
}

export interface StorageSettings {
  dataDir: string;
  databaseUrl?: string;
  documentsDir?: string;
}

const stamp = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');

/** Creates the backup's folder; a second backup in the same second gets `-2`, `-3`… */
function newBackupFolder(dir: string, at: Date): string {
  fs.mkdirSync(dir, { recursive: true });
  for (let n = 1; ; n++) {
    const folder = path.join(dir, `parcours-${stamp(at)}${n === 1 ? '' : `-${n}`}`);
    try {
      fs.mkdirSync(folder);
      return folder;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

async function lastMigration(database: Database): Promise<string | null> {
  try {
    const row = await database.db.selectFrom('kysely_migration' as never).select('name' as never).orderBy('name' as never, 'desc').limit(1).executeTakeFirst() as { name: string } | undefined;
    return row?.name ?? null;
  } catch {
    return null;
  }
}

export function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => { stderr += String(chunk); });
    child.on('error', (error) => reject(new Error(`${command} introuvable ou impossible à lancer : ${error.message}`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} a échoué (code ${code}) : ${stderr.trim()}`))));
  });
}

/**
 * Backs up while servers run and write. SQLite: the online backup API of better-sqlite3
 * copies a consistent state page by page without holding writers. PostgreSQL: pg_dump
 * reads one snapshot. The documents folder is copied after the database, so every
 * document the database names is in the copy (documents are only ever added).
 */
export async function backup(database: Database, settings: StorageSettings, dir: string, at: Date): Promise<{ folder: string; manifest: Manifest }> {
  const folder = newBackupFolder(dir, at);
  try {
    let file: string;
    if (database.kind === 'sqlite') {
      if (!database.sqliteHandle) throw new Error('Base SQLite sans accès direct au fichier.');
      file = SQLITE_FILE;
      // After the first step, the rest is copied in one step under one read lock: writers
      // carry on (WAL), and the copy is never restarted by their changes.
      await database.sqliteHandle.backup(path.join(folder, file), { progress: ({ remainingPages }) => Math.max(remainingPages, 100) });
    } else {
      if (!settings.databaseUrl) throw new Error('DATABASE_URL manquant.');
      file = PG_DUMP_FILE;
      await run('pg_dump', ['--format=custom', `--file=${path.join(folder, file)}`, settings.databaseUrl]);
    }
    const documents = !!settings.documentsDir && fs.existsSync(settings.documentsDir);
    if (documents) fs.cpSync(settings.documentsDir!, path.join(folder, DOCUMENTS_FOLDER), { recursive: true });
    const manifest: Manifest = { format: BACKUP_FORMAT, createdAt: at.toISOString(), database: database.kind, file, migration: await lastMigration(database), documents };
    fs.writeFileSync(path.join(folder, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    return { folder, manifest };
  } catch (error) {
    fs.rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}

export function readManifest(folder: string): Manifest {
  const file = path.join(folder, 'manifest.json');
  if (!fs.existsSync(file)) throw new Error(`${folder} n’est pas une sauvegarde Parcours (manifest.json absent).`);
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  if (manifest.format !== BACKUP_FORMAT || !fs.existsSync(path.join(folder, manifest.file))) {
    throw new Error(`${folder} : sauvegarde incomplète ou d’un autre format.`);
  }
  return manifest;
}

/** The maintenance database's address on the same server, to create the target database. */
function maintenanceUrl(url: string): { url: string; name: string } {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!name) throw new Error('DATABASE_URL ne nomme pas de base (postgres://…/nom_de_la_base).');
  parsed.pathname = '/postgres';
  return { url: parsed.toString(), name };
}

/** Creates the PostgreSQL database named by the URL when it does not exist yet; says whether it did. */
export async function ensurePostgresDatabase(url: string): Promise<boolean> {
  const target = maintenanceUrl(url);
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [target.name]);
    if (found.rowCount) return false;
    await client.query(`create database ${pg.escapeIdentifier(target.name)}`);
    return true;
  } finally {
    await client.end();
  }
}

/** Other sessions connected to the database: servers still running, a psql left open. */
export async function otherPostgresSessions(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ n: string }>('select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
    return Number(result.rows[0].n);
  } finally {
    await client.end();
  }
}

/**
 * Puts a backup in place of the configured database (and documents folder). Servers must
 * be stopped: on PostgreSQL the command refuses while other sessions are connected. The
 * replaced SQLite file and documents folder are kept beside, named `…before-restore-<instant>`.
 */
export async function restore(folder: string, settings: StorageSettings, at: Date, options: { force?: boolean } = {}): Promise<{ manifest: Manifest; kept: string[] }> {
  const manifest = readManifest(folder);
  const kind = settings.databaseUrl ? 'postgres' : 'sqlite';
  if (manifest.database !== kind) {
    throw new Error(`Cette sauvegarde est celle d’une base ${manifest.database === 'postgres' ? 'PostgreSQL' : 'SQLite'} ; la base configurée est ${kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : 'SQLite (PARCOURS_DATA_DIR)'}.`);
  }
  const kept: string[] = [];
  const suffix = `before-restore-${stamp(at)}`;
  if (kind === 'sqlite') {
    fs.mkdirSync(settings.dataDir, { recursive: true });
    const target = path.join(settings.dataDir, SQLITE_FILE);
    const incoming = `${target}.restoring`;
    fs.copyFileSync(path.join(folder, manifest.file), incoming);
    if (fs.existsSync(target)) {
      // Folds the write-ahead log into the file, so the kept copy is complete on its own.
      const previous = new SqliteDatabase(target);
      previous.pragma('wal_checkpoint(TRUNCATE)');
      previous.close();
      fs.renameSync(target, `${target}.${suffix}`);
      kept.push(`${target}.${suffix}`);
    }
    for (const extra of ['-wal', '-shm']) fs.rmSync(`${target}${extra}`, { force: true });
    fs.renameSync(incoming, target);
  } else {
    const url = settings.databaseUrl!;
    await ensurePostgresDatabase(url);
    const others = await otherPostgresSessions(url);
    if (others > 0 && !options.force) {
      throw new Error(`${others} autre(s) connexion(s) ouverte(s) sur la base : arrêtez les serveurs Parcours (et toute session psql) avant de restaurer, ou relancez avec --force.`);
    }
    await run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--exit-on-error', `--dbname=${url}`, path.join(folder, manifest.file)]);
  }
  if (manifest.documents && settings.documentsDir) {
    if (fs.existsSync(settings.documentsDir)) {
      fs.renameSync(settings.documentsDir, `${settings.documentsDir}.${suffix}`);
      kept.push(`${settings.documentsDir}.${suffix}`);
    }
    fs.cpSync(path.join(folder, DOCUMENTS_FOLDER), settings.documentsDir, { recursive: true });
  }
  return { manifest, kept };
}
