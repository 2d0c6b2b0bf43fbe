import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.js';
import { cliPlace, type CliPlace } from './support.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The blocks docs/operations.md marks as procedures, in order: what an operator types. */
export function procedures(markdown: string): string[] {
  return [...markdown.matchAll(/```sh procedure\n([\s\S]*?)```/g)].map((m) => m[1]);
}

function bash(script: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', `set -euo pipefail\n${script}`], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => { output += String(c); });
    child.stderr.on('data', (c) => { output += String(c); });
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

describe.each(databaseKinds())('docs/operations.md followed literally on %s', (kind) => {
  let place: CliPlace;
  beforeAll(async () => { place = await cliPlace(kind, { ADMIN_PASSWORD: 'un-mot-de-passe-solide', npm_config_update_notifier: 'false' }); });
  afterAll(async () => { await place?.close(); });

  it('puts Parcours into service, backs it up, restores it and finds it sound', async () => {
    const blocks = procedures(fs.readFileSync(path.join(ROOT, 'docs/operations.md'), 'utf8'));
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    const { code, output } = await bash(blocks.join('\n'), { ...place.env, PARCOURS_DEMO: undefined });
    expect(code, output).toBe(0);
    expect(output).toContain('Administrateur créé : chef@cellule.example.fr');
    expect(output).toContain('programmes : 2 créé(s)');
    expect(output).toMatch(/72 demandes? importées?/);
    expect(output).toContain('Sauvegarde écrite');
    expect(output).toMatch(/Sauvegarde du .* restaurée/);
    expect(output.match(/Aucune anomalie/g)).toHaveLength(2);
    const requests = await place.open().db.selectFrom('fundingRequests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(requests.n)).toBe(72);
  }, 900_000);
});
