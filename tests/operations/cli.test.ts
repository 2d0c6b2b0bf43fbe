import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/platform/http/app.js';
import { verifyPassword } from '../../src/platform/identity/passwords.js';
import { routeModules } from '../../src/server/modules.js';
import { readSeedPack, SEED_PACK_FILE } from '../../src/operations/configPack.js';
import { steps } from '../../src/platform/db/migrate.js';
import { databaseKinds } from '../support/databases.js';
import { cliPlace, type CliPlace } from './support.js';

const PASSWORD = 'un-mot-de-passe-solide';
const count = async (place: CliPlace, table: 'programmes' | 'measures' | 'envelopes' | 'organisations' | 'users' | 'historyEvents' | 'routingRules' | 'expectedDocuments') => {
  const db = place.open().db;
  return Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
};

describe.each(databaseKinds())('operations command line on %s', (kind) => {
  let place: CliPlace;
  beforeAll(async () => { place = await cliPlace(kind); });
  afterAll(async () => { await place?.close(); });

  it('explains itself and refuses what it does not know, with exit code 2', async () => {
    expect((await place.run([])).code).toBe(2);
    const help = await place.run(['help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('first-admin');
    const unknown = await place.run(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('Commande inconnue : frobnicate');
    const badOption = await place.run(['verify', '--colour']);
    expect(badOption.code).toBe(2);
    expect(badOption.err).toContain('Option inconnue : --colour');
  });

  it('applies every migration on an empty database, then has nothing left to apply', async () => {
    const first = await place.run(['migrate']);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain(steps[0][0]);
    expect(first.out).toContain(steps[steps.length - 1][0]);
    if (kind === 'postgres') expect(first.out).toContain('Base PostgreSQL créée.');
    const again = await place.run(['migrate']);
    expect(again.out).toContain('Aucune migration en attente.');
  });

  it('creates the first administrator from flags, who then signs in; a second one is refused', async () => {
    const missing = await place.run(['first-admin', '--email', 'chef@cellule.fr']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--password-stdin');
    const short = await place.run(['first-admin', '--email', 'chef@cellule.fr', '--name', 'Camille Cheffe', '--password-stdin'], { stdin: 'court\n' });
    expect(short.code).toBe(1);
    expect(short.err).toContain('12 caractères');
    const badEmail = await place.run(['first-admin', '--email', 'pas-une-adresse', '--name', 'Camille Cheffe', '--password-stdin'], { stdin: `${PASSWORD}\n` });
    expect(badEmail.code).toBe(1);
    expect(badEmail.err).toContain('Adresse électronique invalide');
    expect(await count(place, 'users')).toBe(0);

    const created = await place.run(['first-admin', '--email', 'Chef@Cellule.fr', '--name', 'Camille Cheffe', '--password-stdin'], { stdin: `${PASSWORD}\n` });
    expect(created.code, created.err).toBe(0);
    expect(created.out).toContain('chef@cellule.fr');

    const database = place.open();
    const app = await buildApp({ database, clock: { now: () => new Date() }, config: { publicUrl: 'http://localhost', secureCookies: false, sessionHours: 1 } }, routeModules);
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'chef@cellule.fr', password: PASSWORD } });
    expect(login.statusCode, login.body).toBe(200);
    const cookie = `parcours_session=${login.cookies.find((c) => c.name === 'parcours_session')!.value}`;
    const me = (await app.inject({ url: '/api/auth/me', headers: { cookie } })).json();
    expect(me.membership.role).toBe('administrator');
    expect(me.membership.organisation.kind).toBe('secretariat');
    expect(me.capabilities).toContain('administerPlatform');
    await app.close();

    const second = await place.run(['first-admin', '--email', 'autre@cellule.fr', '--name', 'Autre Personne', '--password-stdin'], { stdin: `${PASSWORD}\n` });
    expect(second.code).toBe(1);
    expect(second.err).toContain('Un administrateur existe déjà (chef@cellule.fr)');
    expect(await count(place, 'users')).toBe(1);
  });

  it('loads the seed partnership, twice without duplicating, and exports it back unchanged', async () => {
    const loaded = await place.run(['config', 'load-seed']);
    expect(loaded.code, loaded.err).toBe(0);
    expect(loaded.out).toContain('programmes : 2 créé(s)');
    expect(loaded.out).toContain('dispositifs : 5 créé(s)');
    expect(loaded.out).toContain('pièces attendues : 16 créé(s)');
    const again = await place.run(['config', 'load-seed']);
    expect(again.out).toContain('programmes : 0 créé(s), 0 modifié(s), 2 inchangé(s)');
    expect(again.out).toContain('enveloppes : 0 créé(s), 0 modifié(s), 16 inchangé(s)');
    expect(again.out).toContain('pièces attendues : 0 créé(s), 0 modifié(s), 16 inchangé(s)');
    expect(await count(place, 'programmes')).toBe(2);
    expect(await count(place, 'envelopes')).toBe(16);
    expect(await count(place, 'expectedDocuments')).toBe(16);

    // The cell's list is the one the partnership works with, in its order and at its gates.
    const cell = await place.open().db.selectFrom('expectedDocuments as d').innerJoin('measures as m', 'm.id', 'd.measureId')
      .select(['d.stage', 'd.label', 'd.isRequired', 'd.position', 'd.validFrom']).where('m.code', '=', 'ACTE1-CELLULE').orderBy('d.position').execute();
    expect(cell.map((d) => d.label)).toEqual(expect.arrayContaining(['Autorisation d’activité partielle (ou accord APLD)', 'Devis et programme de l’organisme de formation',
      'Feuilles d’émargement', 'Factures de l’organisme de formation']));
    expect(cell.filter((d) => d.isRequired).map((d) => `${d.stage}:${d.position}`)).toEqual(['filing:1', 'filing:2', 'realisation:5', 'payment:7']);

    const file = path.join(place.root, 'export.json');
    const exported = await place.run(['config', 'export', '--output', file]);
    expect(exported.code).toBe(0);
    const pack = JSON.parse(fs.readFileSync(file, 'utf8'));
    const seed = readSeedPack();
    expect(pack.programmes).toEqual(seed.programmes);
    expect(pack.programmes[0].measures[0].expectedDocuments).toHaveLength(8);
    // The secretariat first-admin created is not a partner: it does not travel in a pack.
    expect(pack.organisations).toEqual(seed.organisations);
    const names = seed.organisations.map((o) => o.name);
    expect(names).toEqual(expect.arrayContaining(['DIRECCTE Franche-Comté', 'Région Franche-Comté', 'Pôle emploi Franche-Comté', 'FPSPP', 'OPCAIM (métallurgie)']));
    expect(seed.organisations.some((o) => o.kind === 'company' as never)).toBe(false);
  });

  it('brings existing rows to a changed pack and records it in the programme history', async () => {
    const pack = readSeedPack();
    pack.programmes[0].measures[0].envelopes[0].amountCents += 100_00;
    pack.programmes[0].measures[0].targets.push({ indicator: 'jobs_kept', label: 'Emplois maintenus', value: 9000 });
    // From 2010 the quote is no longer enough: the signed agreement becomes a new dated line.
    const documents = pack.programmes[0].measures[0].expectedDocuments;
    documents[2].isRequired = true;
    documents.splice(3, 0, { stage: 'filing', label: 'Convention de formation signée', isRequired: true, validFrom: '2010-01-01', validTo: null });
    const file = path.join(place.root, 'changed.json');
    fs.writeFileSync(file, JSON.stringify(pack));
    const run = await place.run(['config', 'import', file]);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain('enveloppes : 0 créé(s), 1 modifié(s), 15 inchangé(s)');
    expect(run.out).toContain('objectifs : 1 créé(s)');
    // The inserted line moves the five after it down one place.
    expect(run.out).toContain('pièces attendues : 1 créé(s), 6 modifié(s), 10 inchangé(s)');
    const db = place.open().db;
    const envelope = await db.selectFrom('envelopes as e').innerJoin('measures as m', 'm.id', 'e.measureId').select('e.amountCents')
      .where('m.code', '=', 'ACTE1-CELLULE').where('e.funder', '=', pack.programmes[0].measures[0].envelopes[0].funder).executeTakeFirstOrThrow();
    expect(Number(envelope.amountCents)).toBe(pack.programmes[0].measures[0].envelopes[0].amountCents);
    const events = await db.selectFrom('historyEvents').select('action').where('entityType', '=', 'programme').where('action', '=', 'envelope_configured').execute();
    expect(events.length).toBeGreaterThanOrEqual(17);
    const signed = await db.selectFrom('expectedDocuments').select(['isRequired', 'position', 'validFrom']).where('label', '=', 'Convention de formation signée').execute();
    expect(signed.map((d) => ({ ...d, isRequired: !!d.isRequired }))).toEqual([{ isRequired: true, position: 4, validFrom: '2010-01-01' }]);
    const exported = path.join(place.root, 'changed-export.json');
    expect((await place.run(['config', 'export', '--output', exported])).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(exported, 'utf8')).programmes[0].measures[0].expectedDocuments).toEqual(documents);
    // Back to the seed, so the next tests read its figures.
    expect((await place.run(['config', 'load-seed'])).code).toBe(0);
  });

  it('refuses a bad pack with every problem and its path, in French, and writes nothing', async () => {
    const before = await count(place, 'historyEvents');
    const pack = JSON.parse(fs.readFileSync(SEED_PACK_FILE, 'utf8'));
    pack.programmes[0].measures[0].envelopes[0].amountCents = -5;
    pack.programmes[0].measures[0].routingRules[1].organisation = 'Préfecture inconnue';
    pack.programmes[1].endsOn = '2001-01-01';
    pack.organisations.push({ kind: 'company', name: 'Une entreprise' });
    pack.programmes.push({ code: 'NOUVEAU', name: 'Nouveau programme', startsOn: '2020-01-01', measures: [] });
    pack.programmes[0].measures[0].expectedDocuments[4].validTo = '2000-01-01';
    pack.programmes[0].measures[0].expectedDocuments.push({ ...pack.programmes[0].measures[0].expectedDocuments[0] });
    const file = path.join(place.root, 'bad.json');
    fs.writeFileSync(file, JSON.stringify(pack));
    const run = await place.run(['config', 'import', file]);
    expect(run.code).toBe(1);
    expect(run.err).toContain('rien n’a été enregistré');
    expect(run.err).toContain('programmes.0.measures.0.envelopes.0.amountCents : Montant de l’enveloppe ne peut pas être négatif.');
    expect(run.err).toContain('programmes.0.measures.0.routingRules.1.organisation : L’organisation « Préfecture inconnue » n’est pas dans la liste');
    expect(run.err).toContain('programmes.1.endsOn : La fin du programme précède son début.');
    expect(run.err).toContain('organisations.7.kind : Un paquet de configuration ne contient pas d’entreprise');
    expect(run.err).toContain('programmes.0.measures.0.expectedDocuments.4.validTo : La fin de validité précède son début.');
    expect(run.err).toContain('programmes.0.measures.0.expectedDocuments.8.label : Une pièce figure deux fois');
    expect(await count(place, 'programmes')).toBe(2);
    expect(await count(place, 'historyEvents')).toBe(before);

    const unknownStage = readSeedPack();
    (unknownStage.programmes[1].measures[0].expectedDocuments[3] as { stage: string }).stage = 'signature';
    fs.writeFileSync(file, JSON.stringify(unknownStage));
    expect((await place.run(['config', 'import', file])).err)
      .toContain('programmes.1.measures.0.expectedDocuments.3.stage : Étape inconnue (filing, information, realisation, payment).');

    fs.writeFileSync(file, '{ "format": ');
    const broken = await place.run(['config', 'import', file]);
    expect(broken.code).toBe(1);
    expect(broken.err).toContain('(fichier) : Le fichier n’est pas un JSON valide');
    fs.writeFileSync(file, JSON.stringify({ format: 'autre chose', version: 1 }));
    expect((await place.run(['config', 'import', file])).err).toContain('format : Ce fichier n’est pas un paquet de configuration Parcours');
    expect((await place.run(['config', 'import', path.join(place.root, 'absent.json')])).err).toContain('Fichier introuvable');

    const moved = readSeedPack();
    moved.programmes[1].measures.push(moved.programmes[0].measures.shift()!);
    fs.writeFileSync(file, JSON.stringify(moved));
    const refused = await place.run(['config', 'import', file]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('Le dispositif ACTE1-CELLULE appartient déjà à un autre programme que ACTE2');
    expect(await count(place, 'historyEvents')).toBe(before);
  });

  it('verifies a sound database, then finds an altered history, a drifting envelope and stopped jobs', async () => {
    const now = new Date('2026-06-01T12:00:00.000Z');
    const sound = await place.run(['verify'], { now });
    expect(sound.code, sound.err).toBe(0);
    expect(sound.out).toMatch(/Historique : \d+ chaînes, \d+ événements recalculés\./);
    expect(sound.out).toContain('Aucune anomalie');

    const db = place.open().db;
    const event = await db.selectFrom('historyEvents').select(['id', 'entityType', 'entityId', 'sequence']).where('entityType', '=', 'programme').orderBy('id').limit(1).executeTakeFirstOrThrow();
    await db.updateTable('historyEvents').set({ motivation: 'modifié à la main' }).where('id', '=', event.id).execute();
    const envelope = await db.selectFrom('envelopes').select(['id']).orderBy('id').limit(1).executeTakeFirstOrThrow();
    await db.updateTable('envelopes').set({ committedCents: 123 }).where('id', '=', envelope.id).execute();
    const job = (values: Record<string, unknown>) => db.insertInto('jobs').values({
      kind: 'test.job', payload: '{}', status: 'pending', attempts: 0, runAfter: now.toISOString(), progress: 0, createdAt: now.toISOString(), ...values,
    }).returning('id').executeTakeFirstOrThrow();
    const failed = await job({ status: 'failed', attempts: 3, error: 'plus de papier' });
    const running = await job({ status: 'running', attempts: 1, lockedAt: '2026-06-01T10:00:00.000Z', lockedBy: 'serveur-1:42' });
    const waiting = await job({ runAfter: '2026-06-01T09:00:00.000Z' });
    await job({ status: 'failed', attempts: 1, error: 'Fichier refusé', result: JSON.stringify({ ok: false, errors: [{ line: 2, message: 'x' }] }) });
    await job({ status: 'running', attempts: 1, lockedAt: '2026-06-01T11:55:00.000Z', lockedBy: 'serveur-1:42' });

    const found = await place.run(['verify'], { now });
    expect(found.code).toBe(1);
    expect(found.err).toContain(`Historique altéré : programme n° ${event.entityId}, à partir de l’événement ${event.sequence}.`);
    expect(found.err).toMatch(/Enveloppe ACTE1-CELLULE \/ \w+ : engagé tenu 123 c, somme des engagements 0 c/);
    expect(found.err).toContain(`Tâche ${failed.id} (test.job) en échec après 3 essai(s) : plus de papier.`);
    expect(found.err).toContain(`Tâche ${running.id} (test.job) en cours depuis`);
    expect(found.err).toContain(`Tâche ${waiting.id} (test.job) en attente depuis`);
    expect(found.err).toContain('5 anomalie(s).');
    expect(found.out).toContain('1 import(s) refusé(s)');

    const requeued = await place.run(['jobs', 'requeue', '--older-than', '30'], { now });
    expect(requeued.out).toBe(`Tâches remises en file : ${running.id}.`);

    // Repaired as docs/operations.md says, the database is sound again.
    await db.updateTable('historyEvents').set({ motivation: null }).where('id', '=', event.id).execute();
    await db.updateTable('envelopes').set({ committedCents: 0 }).where('id', '=', envelope.id).execute();
    await db.deleteFrom('jobs').where('kind', '=', 'test.job').execute();
    expect((await place.run(['verify'], { now })).code).toBe(0);
  });

  it('asks on a terminal what the flags do not say, and never echoes into the answer', async () => {
    const other = await cliPlace(kind);
    try {
      const mismatch = await other.run(['first-admin'], { answers: ['paul@cellule.fr', 'Paul Premier', PASSWORD, 'autre-mot-de-passe'] });
      expect(mismatch.code).toBe(1);
      expect(mismatch.err).toContain('Les deux mots de passe diffèrent');
      const run = await other.run(['first-admin', '--organisation', 'Secrétariat du partenariat'], { answers: ['paul@cellule.fr', 'Paul Premier', PASSWORD, PASSWORD] });
      expect(run.code, run.err).toBe(0);
      expect(run.out).toContain('« Secrétariat du partenariat » créée');
      const user = await other.open().db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
      expect(await verifyPassword(PASSWORD, user.passwordHash!)).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('creates an administrator who signs in with OIDC only', async () => {
    const other = await cliPlace(kind);
    try {
      const run = await other.run(['first-admin', '--email', 'agent@dreets.gouv.fr', '--name', 'Agent Public', '--oidc-subject', 'proconnect-sub-123']);
      expect(run.code, run.err).toBe(0);
      expect(run.out).toContain('fournisseur d’identité');
      const user = await other.open().db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
      expect(user).toMatchObject({ email: 'agent@dreets.gouv.fr', oidcSubject: 'proconnect-sub-123', passwordHash: null });
    } finally {
      await other.close();
    }
  });

  it('names the database it could not reach instead of failing obscurely', async () => {
    if (kind !== 'postgres') return;
    const other = await cliPlace(kind);
    try {
      const run = await other.run(['verify']);
      expect(run.code).toBe(1);
      expect(run.err).toContain('lancez d’abord « npm run parcours -- migrate »');
    } finally {
      await other.close();
    }
  });
});
