import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFirstAdministrator } from '../../src/operations/firstAdministrator.js';
import { importConfigPack, readSeedPack } from '../../src/operations/configPack.js';
import { databaseKinds } from '../support/databases.js';
import { cliPlace, type CliPlace } from './support.js';

const PASSWORD = 'un-mot-de-passe-solide';

/** Runs the command line in its own process, as two operators on two machines would. */
function cliProcess(place: CliPlace, args: string[], stdin: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/operations/cli.ts', ...args], { env: { ...process.env, ...place.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => { out += String(c); });
    child.stderr.on('data', (c) => { err += String(c); });
    child.stdin.end(stdin);
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

describe.each(databaseKinds())('operations commands run twice at once on %s', (kind) => {
  let place: CliPlace;
  beforeAll(async () => {
    place = await cliPlace(kind);
    expect((await place.run(['migrate'])).code).toBe(0);
  });
  afterAll(async () => { await place?.close(); });

  it('creates one first administrator when two are asked for at the same time', async () => {
    const at = new Date().toISOString();
    let outcomes: { ok: boolean }[];
    if (kind === 'postgres') {
      // Two handles on one database stand for two processes.
      const [a, b] = [place.open(), place.open()];
      outcomes = await Promise.all([
        createFirstAdministrator(a, { email: 'un@cellule.fr', displayName: 'Première Personne', password: PASSWORD }, at),
        createFirstAdministrator(b, { email: 'deux@cellule.fr', displayName: 'Seconde Personne', password: PASSWORD }, at),
      ]);
    } else {
      // SQLite across processes: two command lines on the same file.
      const runs = await Promise.all([
        cliProcess(place, ['first-admin', '--email', 'un@cellule.fr', '--name', 'Première Personne', '--password-stdin'], PASSWORD),
        cliProcess(place, ['first-admin', '--email', 'deux@cellule.fr', '--name', 'Seconde Personne', '--password-stdin'], PASSWORD),
      ]);
      outcomes = runs.map((r) => ({ ok: r.code === 0 }));
      expect(runs.filter((r) => r.code === 1).map((r) => r.err)).toEqual([expect.stringContaining('Un administrateur existe déjà')]);
    }
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    const db = place.open().db;
    expect(await db.selectFrom('memberships').select('role').execute()).toEqual([{ role: 'administrator' }]);
    expect(await db.selectFrom('organisations').select('kind').where('kind', '=', 'secretariat').execute()).toHaveLength(1);
  });

  it('loads a pack once when two loads meet', async () => {
    const pack = readSeedPack();
    if (kind === 'postgres') {
      const [a, b] = [place.open(), place.open()];
      await Promise.all([importConfigPack(a, pack, new Date().toISOString()), importConfigPack(b, pack, new Date().toISOString())]);
    } else {
      const runs = await Promise.all([cliProcess(place, ['config', 'load-seed'], ''), cliProcess(place, ['config', 'load-seed'], '')]);
      expect(runs.map((r) => r.code)).toEqual([0, 0]);
    }
    const db = place.open().db;
    const n = async (table: 'organisations' | 'programmes' | 'envelopes' | 'routingRules' | 'fundingRules') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(await n('organisations')).toBe(pack.organisations.length + 1);
    expect(await n('programmes')).toBe(2);
    expect(await n('envelopes')).toBe(16);
    expect(await n('routingRules')).toBe(8);
    expect(await n('fundingRules')).toBe(10);
  });
});
