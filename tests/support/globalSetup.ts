import pg from 'pg';
import type { TestProject } from 'vitest/node';

/**
 * Decides once per run whether the PostgreSQL suites run. With PARCOURS_TEST_POSTGRES=1
 * (what CI sets) an unreachable server fails the run instead of being skipped.
 */
export default async function setup(project: TestProject) {
  const url = process.env.PARCOURS_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const required = process.env.PARCOURS_TEST_POSTGRES === '1';
  let available = false;
  if (process.env.PARCOURS_TEST_POSTGRES !== '0') {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('select 1');
      available = true;
    } catch (error) {
      if (required) throw new Error(`PostgreSQL est requis (PARCOURS_TEST_POSTGRES=1) mais injoignable à ${url} : ${(error as Error).message}`);
    } finally {
      await client.end().catch(() => {});
    }
  }
  if (!available) console.warn(`\n[parcours] PostgreSQL injoignable à ${url} : les suites PostgreSQL sont IGNORÉES. Lancez PostgreSQL ou PARCOURS_TEST_POSTGRES=1 pour les exiger.\n`);
  project.provide('postgresUrl', available ? url : null);
}

declare module 'vitest' {
  export interface ProvidedContext { postgresUrl: string | null }
}
