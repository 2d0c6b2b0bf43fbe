import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const run = (guard: boolean) => spawnSync(process.execPath, ['--import', 'tsx', 'tests/faults/support/rejectingWork.ts'], {
  env: { ...process.env, PARCOURS_TEST_GUARD: guard ? '1' : '0' }, encoding: 'utf8', timeout: 60_000,
});

describe('the server process and its background work', () => {
  it('logs an unhandled rejection and keeps running, where Node alone would stop', () => {
    const guarded = run(true);
    expect(guarded.status).toBe(0);
    expect(guarded.stdout).toContain('toujours là');
    expect(guarded.stderr).toContain('rejet non traité dans un traitement de fond');
    expect(guarded.stderr).toContain('Génération du rapport interrompue');

    const bare = run(false);
    expect(bare.status).not.toBe(0);
    expect(bare.stdout).not.toContain('toujours là');
  }, 120_000);
});
