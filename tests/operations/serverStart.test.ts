import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServerIfNeeded } from '../../scripts/serverBuild.mjs';
import { databaseKinds } from '../support/databases.js';
import { cliPlace, type CliPlace } from './support.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * The server as `npm start` runs it — the bundle of this version — on an empty database
 * without demo data: it applies the migrations, listens, answers /api/health, writes its
 * JSON start-up line, and then runs the queued warm-up job in the background.
 */
describe.each(databaseKinds())('the bundled server on an empty %s database', (kind) => {
  let place: CliPlace;
  let server: ChildProcess | null = null;
  const lines: Record<string, unknown>[] = [];
  const port = 21000 + Math.floor(Math.random() * 20000);

  beforeAll(async () => { place = await cliPlace(kind); });
  afterAll(async () => {
    if (server && server.exitCode === null) await new Promise((resolve) => { server!.once('exit', resolve); server!.kill('SIGTERM'); });
    await place?.close();
  });

  it('listens, answers its health check and logs in JSON', async () => {
    if (kind === 'postgres') expect((await place.run(['migrate'])).code).toBe(0);
    const bundle: string = await buildServerIfNeeded();
    server = spawn(process.execPath, ['--enable-source-maps', bundle], {
      cwd: ROOT, env: { ...process.env, ...place.env, DATABASE_URL: place.env.DATABASE_URL ?? '', PORT: String(port), HOST: '127.0.0.1', PARCOURS_METRICS_TOKEN: 'jeton' }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buffered = '';
    server.stdout!.on('data', (chunk) => {
      buffered += String(chunk);
      const complete = buffered.split('\n');
      buffered = complete.pop()!;
      for (const line of complete) if (line.trim()) lines.push(JSON.parse(line));
    });
    let health: { status: string; database: string } | null = null;
    while (!health) {
      expect(server.exitCode, 'le serveur s’est arrêté').toBeNull();
      health = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.json() as never).catch(() => null);
      if (!health) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(health).toMatchObject({ status: 'ok', database: kind });
    const listening = lines.find((l) => String(l.msg).startsWith('Parcours écoute'));
    expect(listening).toMatchObject({ database: kind, startupMs: expect.any(Number), startupCpuMs: expect.any(Number) });
    if (kind === 'sqlite') expect(lines.find((l) => l.msg === 'migrations appliquées')).toBeDefined();
    // The warm-up was queued after listening, and a poller of this process runs it.
    while (!lines.some((l) => l.msg === 'tâche' && l.kind === 'steering.refresh')) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lines.find((l) => l.msg === 'tâche')).toMatchObject({ kind: 'steering.refresh', status: 'done' });
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: 'Bearer jeton' } });
    expect(await metrics.text()).toContain('parcours_http_request_duration_seconds_count{method="GET",route="/api/health",status_code="200"}');
  });
});
