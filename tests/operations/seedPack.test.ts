import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportConfigPack, readSeedPack } from '../../src/operations/configPack.js';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';

describe.each(databaseKinds())('seed pack and demo data on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => { t = await testApp(kind); });
  afterAll(async () => { await t?.close(); });

  it('ask companies for the same documents, at the same stages, in the same order', async () => {
    const lists = (pack: Awaited<ReturnType<typeof exportConfigPack>>) =>
      Object.fromEntries(pack.programmes.flatMap((p) => p.measures).map((m) => [m.code, m.expectedDocuments]));
    const seed = lists(readSeedPack());
    expect(seed['ACTE1-CELLULE'].filter((d) => d.isRequired).map((d) => d.label)).toEqual([
      'Autorisation d’activité partielle (ou accord APLD)', 'Devis et programme de l’organisme de formation',
      'Feuilles d’émargement', 'Factures de l’organisme de formation',
    ]);
    expect(lists(await exportConfigPack(t.ctx.database.db))).toEqual(seed);
  });
});
