import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/support/globalSetup.ts'],
    // Bounds against a hang, not speed checks (those are in `npm run bench`): wide enough for a
    // machine whose other cores are busy.
    testTimeout: 120_000,
    hookTimeout: 600_000,
    // Database suites create their own schema; files run in parallel on 2 cores.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
