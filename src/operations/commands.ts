import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { createDatabase, type Database } from '../platform/db/database.js';
import { migrateToLatest } from '../server/migrate.js';
import { readSettings, type ServerSettings } from '../server/config.js';
import { backup, ensurePostgresDatabase, restore } from './backup.js';
import { describePackResult, exportConfigPack, importConfigPack, PackRefused, SEED_PACK_FILE } from './configPack.js';
import { parseConfigPack } from './configPackSchema.js';
import { createFirstAdministrator, DEFAULT_SECRETARIAT } from './firstAdministrator.js';
import { requeueInterruptedJobs, verifyIntegrity } from './verify.js';

/** What a command talks to: the environment, two output streams, the terminal for prompts, the clock. */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  out(line: string): void;
  err(line: string): void;
  /** Asks a question on the terminal; undefined when there is none (scripts, CI). */
  ask?(question: string, options?: { hidden?: boolean }): Promise<string>;
  /** The whole standard input, for --password-stdin. */
  readStdin(): Promise<string>;
  now(): Date;
}

export const USAGE = `Usage : npm run parcours -- <commande> [options]   (ou : npx parcours <commande>)

  migrate                               applique les migrations en attente (crée la base PostgreSQL si besoin)
  first-admin [--email E] [--name N] [--organisation O]
              [--password-stdin | --password P | --oidc-subject S]
                                        crée le premier administrateur (questions posées si une option manque)
  config load-seed                      charge le partenariat de référence (Acte I et Acte II, financeurs)
  config import <fichier.json>          charge un paquet de configuration
  config export [--output fichier.json] écrit la configuration de la base (sortie standard par défaut)
  verify [--stuck-minutes 30]           vérifie l’historique, les enveloppes et les tâches ; code 1 si anomalie
  backup [--dir ./backups]              sauvegarde la base (et les documents) dans un dossier horodaté
  restore <dossier> [--force]           restaure une sauvegarde (serveurs arrêtés)
  jobs requeue [--older-than 30]        remet en file les tâches interrompues (en cours depuis N minutes)

La base est celle du serveur : DATABASE_URL (PostgreSQL), sinon PARCOURS_DATA_DIR/parcours.sqlite.
Codes de sortie : 0 réussi, 1 refusé ou anomalie trouvée, 2 commande mal écrite.`;

class UsageError extends Error {}

function options<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], spec: T, positionals = 0) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: spec, allowPositionals: positionals > 0, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace(/^Unknown option '(.*)'.*$/s, 'Option inconnue : $1')}`);
  }
  if (parsed.positionals.length > positionals) throw new UsageError(`Argument en trop : ${parsed.positionals.slice(positionals).join(' ')}`);
  return parsed;
}

async function openDatabase(settings: ServerSettings, create = false): Promise<Database> {
  if (settings.databaseUrl && create) await ensurePostgresDatabase(settings.databaseUrl);
  const database = createDatabase({ databaseUrl: settings.databaseUrl, dataDir: settings.dataDir, pgSchema: settings.pgSchema, poolSize: 2 });
  try {
    await migrateToLatest(database);
  } catch (error) {
    await database.destroy();
    if ((error as { code?: string }).code === '3D000') throw new Error('La base PostgreSQL n’existe pas : lancez d’abord « npm run parcours -- migrate ».');
    throw error;
  }
  return database;
}

const where = (s: ServerSettings) => (s.databaseUrl ? `PostgreSQL (${redact(s.databaseUrl)})` : `SQLite (${path.resolve(s.dataDir, 'parcours.sqlite')})`);
/** The database address without its password, for messages. */
export const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

type Command = (args: string[], io: CliIo, settings: ServerSettings) => Promise<number>;

/** Opens the configured database, migrated, for the length of `work`. */
async function usingDatabase(settings: ServerSettings, work: (database: Database) => Promise<number>, create = false): Promise<number> {
  const database = await openDatabase(settings, create);
  try {
    return await work(database);
  } finally {
    await database.destroy();
  }
}

const migrate: Command = async (args, io, settings) => {
  options(args, {});
  if (settings.databaseUrl && (await ensurePostgresDatabase(settings.databaseUrl))) io.out('Base PostgreSQL créée.');
  const database = createDatabase({ databaseUrl: settings.databaseUrl, dataDir: settings.dataDir, pgSchema: settings.pgSchema, poolSize: 2 });
  try {
    const applied = await migrateToLatest(database);
    io.out(applied.length ? `Migrations appliquées : ${applied.join(', ')}.` : 'Aucune migration en attente.');
    io.out(`Base : ${where(settings)}.`);
    return 0;
  } finally {
    await database.destroy();
  }
};

const firstAdmin: Command = async (args, io, settings) => {
  const { values } = options(args, {
    email: { type: 'string' }, name: { type: 'string' }, organisation: { type: 'string' },
    password: { type: 'string' }, 'password-stdin': { type: 'boolean' }, 'oidc-subject': { type: 'string' },
  });
  let { email, name, password } = values;
  if (values['password-stdin']) password = (await io.readStdin()).replace(/\r?\n$/, '');
  const missing = !email || !name || (!password && !values['oidc-subject']);
  if (missing && !io.ask) {
    io.err('Options manquantes : --email, --name et --password-stdin (ou --oidc-subject) hors d’un terminal.');
    return 2;
  }
  if (io.ask) {
    email ??= await io.ask('Adresse électronique : ');
    name ??= await io.ask('Nom affiché (prénom nom) : ');
    if (!password && !values['oidc-subject']) {
      password = await io.ask('Mot de passe (12 caractères au moins) : ', { hidden: true });
      const again = await io.ask('Mot de passe, encore : ', { hidden: true });
      if (again !== password) { io.err('Les deux mots de passe diffèrent : rien n’a été créé.'); return 1; }
    }
  }
  const result = await usingDatabase(settings, async (database) => {
    const created = await createFirstAdministrator(database, {
      email: email!, displayName: name!, password: password || undefined, oidcSubject: values['oidc-subject'],
      ...(values.organisation ? { organisation: values.organisation } : {}),
    }, io.now().toISOString());
    if (!created.ok) { io.err(created.message); return 1; }
    io.out(`Administrateur créé : ${email!.trim().toLowerCase()}${created.organisationCreated ? `, dans l’organisation « ${values.organisation ?? DEFAULT_SECRETARIAT} » créée pour lui` : ''}.`);
    return 0;
  }, true);
  if (result !== 0) return result;
  io.out(values['oidc-subject'] && !password ? 'Il se connecte avec le fournisseur d’identité (OIDC).' : 'Il peut se connecter avec son adresse et son mot de passe.');
  return 0;
};

async function loadPack(database: Database, json: string, source: string, io: CliIo): Promise<number> {
  const parsed = parseConfigPack(json);
  if (!parsed.ok) {
    io.err(`Paquet de configuration refusé (${source}), rien n’a été enregistré :`);
    for (const issue of parsed.issues) io.err(`  ${issue.path || '(fichier)'} : ${issue.message}`);
    return 1;
  }
  let result;
  try {
    result = await importConfigPack(database, parsed.pack, io.now().toISOString());
  } catch (error) {
    if (!(error instanceof PackRefused)) throw error;
    io.err(`Paquet de configuration refusé (${source}), rien n’a été enregistré : ${error.message}`);
    return 1;
  }
  io.out(`Paquet de configuration chargé (${source}) :`);
  for (const line of describePackResult(result)) io.out(`  ${line}`);
  return 0;
}

const config: Command = async (args, io, settings) => {
  const [sub, ...rest] = args;
  if (sub === 'load-seed') {
    options(rest, {});
    return usingDatabase(settings, (database) => loadPack(database, fs.readFileSync(SEED_PACK_FILE, 'utf8'), 'partenariat de référence', io), true);
  }
  if (sub === 'import') {
    const { positionals } = options(rest, {}, 1);
    const file = positionals[0];
    if (!file) throw new UsageError('Nommez le fichier : config import <fichier.json>');
    if (!fs.existsSync(file)) { io.err(`Fichier introuvable : ${file}`); return 1; }
    return usingDatabase(settings, (database) => loadPack(database, fs.readFileSync(file, 'utf8'), path.basename(file), io), true);
  }
  if (sub === 'export') {
    const { values } = options(rest, { output: { type: 'string', short: 'o' } });
    return usingDatabase(settings, async (database) => {
      const json = `${JSON.stringify(await exportConfigPack(database.db), null, 2)}\n`;
      if (values.output) {
        fs.writeFileSync(values.output, json);
        io.out(`Configuration écrite dans ${values.output}.`);
      } else {
        io.out(json.trimEnd());
      }
      return 0;
    });
  }
  throw new UsageError('config : load-seed, import <fichier.json> ou export [--output fichier.json]');
};

const verify: Command = async (args, io, settings) => {
  const { values } = options(args, { 'stuck-minutes': { type: 'string' } });
  const minutes = Number(values['stuck-minutes'] ?? 30);
  if (!Number.isFinite(minutes) || minutes <= 0) throw new UsageError('--stuck-minutes : un nombre de minutes positif.');
  return usingDatabase(settings, async (database) => {
    const report = await verifyIntegrity(database.db, io.now(), minutes);
    io.out(`Historique : ${report.chains} chaînes, ${report.events} événements recalculés.`);
    for (const note of report.notes) io.out(note);
    if (report.ok) { io.out('Aucune anomalie : historique intact, enveloppes justes, aucune tâche bloquée ni en échec.'); return 0; }
    for (const problem of report.problems) io.err(problem);
    io.err(`${report.problems.length} anomalie(s).`);
    return 1;
  });
};

const backupCommand: Command = async (args, io, settings) => {
  const { values } = options(args, { dir: { type: 'string' } });
  const dir = values.dir ?? io.env.PARCOURS_BACKUP_DIR ?? './backups';
  return usingDatabase(settings, async (database) => {
    const { folder, manifest } = await backup(database, settings, dir, io.now());
    io.out(`Sauvegarde écrite : ${path.resolve(folder)} (${manifest.file}${manifest.documents ? ' et documents' : ''}).`);
    return 0;
  });
};

const restoreCommand: Command = async (args, io, settings) => {
  const { values, positionals } = options(args, { force: { type: 'boolean' } }, 1);
  if (!positionals[0]) throw new UsageError('Nommez le dossier de la sauvegarde : restore <dossier>');
  const at = io.now();
  const { manifest, kept } = await restore(positionals[0], settings, at, { force: values.force });
  io.out(`Sauvegarde du ${manifest.createdAt} restaurée dans ${where(settings)}.`);
  for (const k of kept) io.out(`L’état précédent est conservé : ${k}`);
  // A backup may come from an older version, and holds the jobs its servers were running.
  return usingDatabase(settings, async (database) => {
    const requeued = await requeueInterruptedJobs(database.db, at);
    if (requeued.length) io.out(`Tâches interrompues par la sauvegarde remises en file : ${requeued.join(', ')}.`);
    const report = await verifyIntegrity(database.db, at, 30, { serversStopped: true });
    if (report.ok) { io.out(`Vérification : ${report.chains} chaînes d’historique intactes, enveloppes justes.`); return 0; }
    for (const problem of report.problems) io.err(problem);
    return 1;
  });
};

const jobs: Command = async (args, io, settings) => {
  const [sub, ...rest] = args;
  if (sub !== 'requeue') throw new UsageError('jobs : requeue [--older-than 30]');
  const { values } = options(rest, { 'older-than': { type: 'string' } });
  const minutes = Number(values['older-than'] ?? 30);
  if (!Number.isFinite(minutes) || minutes < 0) throw new UsageError('--older-than : un nombre de minutes.');
  return usingDatabase(settings, async (database) => {
    const ids = await requeueInterruptedJobs(database.db, new Date(io.now().getTime() - minutes * 60_000));
    io.out(ids.length ? `Tâches remises en file : ${ids.join(', ')}.` : 'Aucune tâche interrompue.');
    return 0;
  });
};

const COMMANDS: Record<string, Command> = {
  migrate, 'first-admin': firstAdmin, config, verify, backup: backupCommand, restore: restoreCommand, jobs,
};

/** Runs one command line; returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    (name ? io.out : io.err)(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) { io.err(`Commande inconnue : ${name}\n\n${USAGE}`); return 2; }
  try {
    return await command(args, io, readSettings(io.env));
  } catch (error) {
    if (error instanceof UsageError) { io.err(`${error.message}\n\n${USAGE}`); return 2; }
    io.err(`Échec : ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
