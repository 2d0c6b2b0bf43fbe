import { createDatabase } from '../../src/platform/db/database.js';
import { recordHistory } from '../../src/platform/history/history.js';

/**
 * A second process writing while a backup runs, as a server would: an organisation and its
 * history event per transaction, until it is stopped. Prints each id it committed.
 */
const database = createDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir: process.env.PARCOURS_DATA_DIR, poolSize: 1 });
let stopped = false;
process.on('SIGTERM', () => { stopped = true; });
for (let i = 1; !stopped; i++) {
  const at = new Date().toISOString();
  const id = await database.db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('organisations').values({
      kind: 'training_provider', name: `Organisme écrit pendant la sauvegarde ${i}`, siret: null, departement: '25', employmentArea: null, address: null, isActive: true, createdAt: at, version: 1,
    }).returning('id').executeTakeFirstOrThrow();
    await recordHistory(trx, null, at, { entityType: 'organisation', entityId: row.id, action: 'created', changes: { i } });
    return row.id;
  });
  process.stdout.write(`${id}\n`);
  await new Promise((resolve) => setTimeout(resolve, 5));
}
await database.destroy();
