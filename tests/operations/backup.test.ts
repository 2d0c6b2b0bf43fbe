import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.js';
import { cliPlace, type CliPlace } from './support.js';

const PASSWORD = 'un-mot-de-passe-solide';

/** Polls until `check` holds: the suite waits on conditions, never on a fixed time. */
async function until(check: () => boolean | Promise<boolean>, what: string, tries = 2000): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`toujours pas : ${what}`);
}

describe.each(databaseKinds())('backup and restore on %s, with writes flowing', (kind) => {
  let place: CliPlace;
  let documents: string;
  let writer: ChildProcess | null = null;
  const written: number[] = [];

  beforeAll(async () => {
    place = await cliPlace(kind);
    documents = path.join(place.root, 'documents');
    place.env.PARCOURS_DOCUMENTS_DIR = documents;
    fs.mkdirSync(path.join(documents, '2026', '12'), { recursive: true });
    fs.writeFileSync(path.join(documents, '2026', '12', 'pv-seance-1.pdf'), 'procès-verbal, version sauvegardée');
    expect((await place.run(['migrate'])).code).toBe(0);
    expect((await place.run(['first-admin', '--email', 'chef@cellule.fr', '--name', 'Camille Cheffe', '--password-stdin'], { stdin: PASSWORD })).code).toBe(0);
    expect((await place.run(['config', 'load-seed'])).code).toBe(0);
  });
  afterAll(async () => {
    writer?.kill('SIGKILL');
    await place?.close();
  });

  it('backs up into timestamped folders that never overwrite each other, while another process writes', async () => {
    // A job a server was running when the backup was taken.
    const db = place.open().db;
    await db.insertInto('jobs').values({
      kind: 'steering.refresh', payload: '{}', status: 'running', attempts: 1, runAfter: '2026-12-01T09:00:00.000Z', lockedAt: '2026-12-01T09:00:00.000Z',
      lockedBy: 'serveur-1:42', progress: 10, createdAt: '2026-12-01T09:00:00.000Z',
    }).execute();

    writer = spawn(process.execPath, ['--import', 'tsx', 'tests/operations/writer.ts'], { env: { ...process.env, ...place.env }, stdio: ['ignore', 'pipe', 'inherit'] });
    writer.stdout!.on('data', (chunk) => { for (const line of String(chunk).split('\n')) if (line) written.push(Number(line)); });
    await until(() => written.length >= 5, 'le second processus a écrit');

    const now = new Date('2026-12-01T22:15:03.250Z');
    const first = await place.run(['backup'], { now });
    expect(first.code, first.err).toBe(0);
    const second = await place.run(['backup'], { now });
    expect(second.code, second.err).toBe(0);
    await until(() => written.length >= 10, 'le second processus écrit encore après la sauvegarde');

    const folders = fs.readdirSync(path.join(place.root, 'backups')).sort();
    expect(folders).toEqual(['parcours-2026-12-01T22-15-03Z', 'parcours-2026-12-01T22-15-03Z-2']);
    const folder = path.join(place.root, 'backups', folders[0]);
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'parcours.backup', database: kind, documents: true, createdAt: now.toISOString() });
    expect(fs.readdirSync(folder).sort()).toEqual(['documents', 'manifest.json', kind === 'sqlite' ? 'parcours.sqlite' : 'parcours.dump']);
    expect(first.out).toContain(path.resolve(folder));

    await new Promise<void>((resolve) => { writer!.once('exit', () => resolve()); writer!.kill('SIGTERM'); });
    writer = null;
  });

  it('restores the backup in place of a database that moved on, then checks it', async () => {
    const db = place.open().db;
    const later = await db.insertInto('organisations').values({
      kind: 'social_partner', name: 'Créée après la sauvegarde', siret: null, departement: null, employmentArea: null, address: null, isActive: true, createdAt: new Date().toISOString(), version: 1,
    }).returning('id').executeTakeFirstOrThrow();
    fs.writeFileSync(path.join(documents, '2026', '12', 'pv-seance-1.pdf'), 'procès-verbal, version modifiée');
    fs.writeFileSync(path.join(documents, 'ajout-apres.pdf'), 'nouveau');
    const folder = path.join(place.root, 'backups', 'parcours-2026-12-01T22-15-03Z');
    const at = new Date('2026-12-02T08:00:00.000Z');

    if (kind === 'postgres') {
      // A server still connected: the restore refuses rather than pull the database from under it.
      const refused = await place.run(['restore', folder], { now: at });
      expect(refused.code).toBe(1);
      expect(refused.err).toContain('arrêtez les serveurs Parcours');
    }
    await place.closeHandles();

    const restored = await place.run(['restore', folder], { now: at });
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toContain('Sauvegarde du 2026-12-01T22:15:03.250Z restaurée');
    expect(restored.out).toMatch(/Tâches interrompues par la sauvegarde remises en file : \d+\./);
    expect(restored.out).toContain('chaînes d’historique intactes, enveloppes justes');
    expect(restored.out).toContain(`${documents}.before-restore-2026-12-02T08-00-00Z`);
    if (kind === 'sqlite') expect(fs.existsSync(path.join(place.env.PARCOURS_DATA_DIR!, 'parcours.sqlite.before-restore-2026-12-02T08-00-00Z'))).toBe(true);

    const after = place.open().db;
    expect(await after.selectFrom('organisations').select('id').where('id', '=', later.id).executeTakeFirst()).toBeUndefined();
    // A consistent copy: each organisation the other process wrote is there with its history, or not at all.
    const copied = await after.selectFrom('organisations as o').leftJoin('historyEvents as h', (j) => j.onRef('h.entityId', '=', 'o.id').on('h.entityType', '=', 'organisation'))
      .select(['o.id', 'h.id as eventId']).where('o.kind', '=', 'training_provider').execute();
    expect(copied.length).toBeGreaterThanOrEqual(5);
    expect(copied.length).toBeLessThan(written.length);
    expect(copied.every((c) => c.eventId !== null)).toBe(true);
    expect(copied.map((c) => c.id).sort((a, b) => a - b)).toEqual(written.slice(0, copied.length));
    expect(await after.selectFrom('users').select('email').execute()).toEqual([{ email: 'chef@cellule.fr' }]);
    const job = await after.selectFrom('jobs').selectAll().where('kind', '=', 'steering.refresh').where('lockedBy', 'is', null).executeTakeFirst();
    expect(job?.status).toBe('pending');

    expect(fs.readFileSync(path.join(documents, '2026', '12', 'pv-seance-1.pdf'), 'utf8')).toBe('procès-verbal, version sauvegardée');
    expect(fs.existsSync(path.join(documents, 'ajout-apres.pdf'))).toBe(false);

    // Until a server starts again, the requeued job waits: verify says so, and nothing else.
    const check = await place.run(['verify'], { now: at });
    expect(check.err).toBe(`Tâche ${job!.id} (steering.refresh) en attente depuis 2026-12-01T09:00:00.000Z : aucun serveur ne traite la file (serveurs arrêtés ?).\n1 anomalie(s).`);
  });

  it('refuses a folder that is not a backup, or a backup of the other database kind', async () => {
    const empty = path.join(place.root, 'pas-une-sauvegarde');
    fs.mkdirSync(empty);
    const run = await place.run(['restore', empty]);
    expect(run.code).toBe(1);
    expect(run.err).toContain('n’est pas une sauvegarde Parcours');
    const folder = path.join(place.root, 'backups', 'parcours-2026-12-01T22-15-03Z-2');
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
    fs.writeFileSync(path.join(folder, 'manifest.json'), JSON.stringify({ ...manifest, database: kind === 'sqlite' ? 'postgres' : 'sqlite', file: manifest.file }));
    const other = await place.run(['restore', folder]);
    expect(other.code).toBe(1);
    expect(other.err).toContain('Cette sauvegarde est celle d’une base');
  });
});
