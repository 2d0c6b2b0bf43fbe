import { DEMO_PASSWORD, insertDemoOrganisations, insertDemoUsers } from '../src/demo/organisations.js';
import { insertDemoProgrammes } from '../src/demo/programmes.js';
import { hashPassword } from '../src/platform/identity/passwords.js';
import { systemClock, type AppContext } from '../src/platform/http/context.js';
import { openBench, resetTarget, type BenchDb, type Target } from './db.js';
import { generate, type Counts, type GenerationReport } from './generate.js';

/** A context around the bench database, as the server builds it (real clock, no OIDC, no web root). */
export function benchContext(bench: BenchDb): AppContext {
  return { database: bench.database, clock: systemClock, config: { publicUrl: 'http://127.0.0.1', secureCookies: false, sessionHours: 10 } };
}

/** Empty database → migrations → demo partnership (accounts, programmes, envelopes) → generated national data. */
export async function buildDataSet(target: Target, counts: Counts, log: (line: string) => void = () => {}): Promise<GenerationReport> {
  await resetTarget(target);
  const bench = await openBench(target);
  try {
    await loadDemoConfiguration(bench);
    return await generate(bench, counts, { log });
  } finally {
    await bench.close();
  }
}

/**
 * The demo partnership without its stories: organisations, one account per role, Acte I
 * and Acte II with targets, envelopes and rules. The demo's sample requests and history
 * would only add a few hundred rows to millions; the generator writes the rest.
 */
async function loadDemoConfiguration(bench: BenchDb): Promise<void> {
  const at = new Date().toISOString();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await bench.database.db.transaction().execute(async (trx) => {
    const rc = { database: bench.database, clock: { now: () => new Date(at) } };
    const organisations = await insertDemoOrganisations(trx, rc, at);
    await insertDemoUsers(trx, rc, at, organisations, passwordHash);
    await insertDemoProgrammes(trx, organisations);
  });
}
