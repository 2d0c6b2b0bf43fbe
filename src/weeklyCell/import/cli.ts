import fs from 'node:fs';
import path from 'node:path';
import { createDatabase } from '../../platform/db/database.js';
import { migrateToLatest } from '../../server/migrate.js';
import { systemClock, type AppContext } from '../../platform/http/context.js';
import { readSettings } from '../../server/config.js';
import { dryRunImport, importFile } from './importService.js';

/**
 * `npm run import -- <fichier> [--dry-run]`: imports past funding requests into the
 * configured database (DATABASE_URL, or the SQLite file in PARCOURS_DATA_DIR) with the
 * same checks as the web upload. Exit code 1 when the file is refused.
 */
const USAGE = 'Usage : npm run import -- <fichier.csv|fichier.xlsx> [--dry-run]';

async function main(argv: string[]): Promise<number> {
  const dryRun = argv.includes('--dry-run');
  const files = argv.filter((a) => !a.startsWith('--'));
  const unknown = argv.filter((a) => a.startsWith('--') && a !== '--dry-run');
  if (files.length !== 1 || unknown.length) {
    console.error(unknown.length ? `Option inconnue : ${unknown.join(', ')}\n${USAGE}` : USAGE);
    return 2;
  }
  const file = files[0];
  if (!fs.existsSync(file)) {
    console.error(`Fichier introuvable : ${file}`);
    return 1;
  }
  const content = fs.readFileSync(file);
  const filename = path.basename(file);

  const settings = readSettings();
  const database = createDatabase({ databaseUrl: settings.databaseUrl, dataDir: settings.dataDir });
  try {
    await migrateToLatest(database);
    const ctx: AppContext = { database, clock: systemClock, config: settings.app };
    console.log(`Base ${database.kind === 'postgres' ? 'PostgreSQL' : `SQLite (${settings.dataDir})`} — ${dryRun ? 'contrôle seul (--dry-run), rien ne sera enregistré' : 'import'} de « ${filename} ».`);

    if (dryRun) {
      const result = await dryRunImport(ctx, content, filename);
      for (const error of result.errors) console.error(`  ${error.message}`);
      for (const warning of result.warnings) console.log(`  Avertissement — ${warning.message}`);
      (result.ok ? console.log : console.error)(result.message);
      return result.ok ? 0 : 1;
    }

    let lastLabel = '';
    const result = await importFile(ctx, content, filename, null, async (percent, label) => {
      if (label === lastLabel) return;
      lastLabel = label;
      console.log(`[${String(Math.round(percent)).padStart(3)} %] ${label}`);
    });
    if (!result.ok) {
      for (const error of result.errors) console.error(`  ${error.message}`);
      console.error(result.message);
      return 1;
    }
    for (const warning of result.warnings) console.log(`  Avertissement — ${warning.message}`);
    console.log(result.message);
    return 0;
  } finally {
    await database.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    console.error(`L’import a échoué : ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
