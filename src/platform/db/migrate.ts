import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './database.js';
import * as m001 from './migrations/001_platform.js';
import * as m002 from './migrations/002_programmes_and_reference.js';
import * as m003 from './migrations/003_weekly_cell.js';
import * as m004 from './migrations/004_reference_data.js';
import * as m005 from './migrations/005_acte_ii.js';
import * as m006 from './migrations/006_bench_indexes.js';
import * as m007 from './migrations/007_list_indexes.js';
import * as m008 from './migrations/008_steering_snapshots.js';
import * as m009 from './migrations/009_envelope_balances.js';
import * as m010 from './migrations/010_organisation_siret.js';
import * as m011 from './migrations/011_employment_areas.js';
import * as m012 from './migrations/012_job_leases.js';
import * as m014 from './migrations/014_cell_membership.js';
import * as m016 from './migrations/016_security_limits.js';
import * as m018 from './migrations/018_steering_facts.js';
import * as m019 from './migrations/019_observatory.js';
import * as m020 from './migrations/020_email_delivery.js';
import * as m021 from './migrations/021_supporting_documents.js';
import * as m022 from './migrations/022_worklists_and_reminders.js';
import * as m023 from './migrations/023_idcc_funds.js';
import * as m024 from './migrations/024_list_and_detail_indexes.js';
import * as m025 from './migrations/025_steering_cells.js';
import * as m026 from './migrations/026_steering_people_version.js';
import * as m027 from './migrations/027_secrecy_groups.js';

/**
 * What migrations load that belongs to business modules (platform imports none of them): the
 * caller hands it over, `src/server/migrate.ts` for every entry point.
 */
export interface MigrationData { referenceData: m004.ReferenceData; idccFunds: () => m023.IdccFundRow[] }

type Step = (db: Parameters<Migration['up']>[0], kind: Database['kind'], data: MigrationData) => Promise<void>;

/** Migrations are listed here in order; each receives the dialect where column types differ. */
export const steps: [string, Step][] = [
  ['001_platform', m001.up],
  ['002_programmes_and_reference', m002.up],
  ['003_weekly_cell', m003.up],
  ['004_reference_data', (db, _kind, data) => m004.up(db, data.referenceData)],
  ['005_acte_ii', m005.up],
  ['006_bench_indexes', (db) => m006.up(db)],
  ['007_list_indexes', (db) => m007.up(db)],
  ['008_steering_snapshots', m008.up],
  ['009_envelope_balances', m009.up],
  ['010_organisation_siret', (db) => m010.up(db)],
  ['011_employment_areas', (db) => m011.up(db)],
  ['012_job_leases', m012.up],
  ['014_cell_membership', m014.up],
  ['016_security_limits', (db) => m016.up(db)],
  ['018_steering_facts', m018.up],
  ['019_observatory', m019.up],
  ['020_email_delivery', m020.up],
  ['021_supporting_documents', m021.up],
  ['022_worklists_and_reminders', m022.up],
  ['023_idcc_funds', (db, kind, data) => m023.up(db, kind, data.idccFunds)],
  ['024_list_and_detail_indexes', (db) => m024.up(db)],
  ['025_steering_cells', m025.up],
  ['026_steering_people_version', (db) => m026.up(db)],
  ['027_secrecy_groups', (db) => m027.up(db)],
];

class ListedMigrations implements MigrationProvider {
  constructor(private readonly kind: Database['kind'], private readonly list: [string, Step][], private readonly data: MigrationData) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(this.list.map(([name, up]) => [name, { up: (db) => up(db, this.kind, this.data) }]));
  }
}

/**
 * « schema "x" does not exist » (SQLSTATE 3F000) or « relation "x.t" does not exist » (42P01) about a
 * schema other than this database's own: Kysely's migrator reads the columns of every table of the
 * server, and another database's schema dropped during that read fails it either way.
 */
export function vanishedElsewhere(error: unknown, own: string | undefined): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  const named = e?.code === '3F000' ? /schema "([^"]+)"/.exec(e.message ?? '')?.[1]
    : e?.code === '42P01' ? /relation "([^".]+)\.[^"]+"/.exec(e.message ?? '')?.[1]
      : undefined;
  return named !== undefined && named !== own;
}

/** Applies the pending migrations; returns the names of those it applied. */
export async function migrateWith(database: Database, data: MigrationData): Promise<string[]> {
  // Kysely looks for its own tables in every schema unless told which one: name it, so that
  // databases sharing a server (one schema per test run, per region…) never see each other's.
  const migrator = new Migrator({
    db: database.db, provider: new ListedMigrations(database.kind, steps, data),
    ...(database.schema ? { migrationTableSchema: database.schema } : {}),
  });
  let { error, results } = await migrator.migrateToLatest();
  // Kysely's migrator first lists the tables of every schema; a schema dropped meanwhile by another
  // database of the same server (a region's, a finished test run's) fails that listing with « schema … does
  // not exist » or « relation … does not exist » before anything is applied. Listing again a moment later sees the server without it. While
  // schemas keep being dropped each listing may meet another one: every such failure is one schema fewer, so
  // the bound is generous (about a minute), not a handful of tries.
  for (let attempt = 1; attempt <= 60 && vanishedElsewhere(error, database.schema); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(100 * attempt, 1_000)));
    ({ error, results } = await migrator.migrateToLatest());
  }
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw Object.assign(new Error(`Migration impossible (${failed?.migrationName ?? 'inconnue'}) : ${String((error as Error)?.message ?? error)}`), { code: (error as { code?: unknown })?.code });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
