import fs from 'node:fs';
import { expect, it } from 'vitest';
import { checkAccessibility, describeBrowser, loginAs, screenshot, useBrowser, PATIENCE } from './support/browser.js';
import { ACTE_ONE_CSV } from '../../src/demo/acteOneHistory.js';
import { createFirstAdministrator } from '../../src/operations/firstAdministrator.js';
import { importConfigPack, readSeedPack } from '../../src/operations/configPack.js';

/**
 * Putting Parcours into service, in the browser: on a database with no demo data, the first
 * administrator (created as `parcours first-admin` does) with the seed's configuration pack
 * loaded (`parcours config load-seed`) signs in, imports the Acte I history and reads the
 * programme's report with the seed's figures.
 */
const ADMIN = { email: 'chef@cellule.fr', password: 'un-mot-de-passe-solide' };

describeBrowser('Mise en service sur une base vide', () => {
  const ctx = useBrowser({
    prepare: async ({ database }) => {
      const at = new Date().toISOString();
      const created = await createFirstAdministrator(database, { email: ADMIN.email, displayName: 'Camille Cheffe', password: ADMIN.password }, at);
      if (!created.ok) throw new Error(created.message);
      await importConfigPack(database, readSeedPack(), at);
    },
  });

  it('le premier administrateur se connecte, importe l’historique de l’Acte I et lit le bilan', async () => {
    const page = ctx.page;
    await page.goto('/connexion');
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await checkAccessibility(page, { label: 'connexion' });
    await loginAs(page, ADMIN.email, ADMIN.password);
    await page.getByText('Camille Cheffe').first().waitFor();
    await checkAccessibility(page, { label: 'accueil du premier administrateur' });
    await screenshot(page, 'mise-en-service-accueil');

    await page.goto('/import');
    await page.getByRole('heading', { level: 1, name: 'Importer des demandes passées' }).waitFor();
    await page.getByLabel(/^Fichier à importer/).setInputFiles({ name: 'acte1-historique.csv', mimeType: 'text/csv', buffer: fs.readFileSync(ACTE_ONE_CSV) });
    await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
    await page.getByText(/72 demandes/).first().waitFor();
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    await page.getByRole('heading', { name: 'Import terminé' }).waitFor();
    await checkAccessibility(page, { label: 'import terminé' });
    await screenshot(page, 'mise-en-service-import');

    const programme = await ctx.server.ctx.database.db.selectFrom('programmes').select('id').where('code', '=', 'ACTE1').executeTakeFirstOrThrow();
    // The seed pack brought the cell's list of supporting documents, ready to edit.
    const cell = await ctx.server.ctx.database.db.selectFrom('measures').select('id').where('code', '=', 'ACTE1-CELLULE').executeTakeFirstOrThrow();
    await page.goto(`/programmes/${programme.id}`);
    const firstDocument = page.locator(`#piece-${cell.id}-0-intitule`);
    await firstDocument.waitFor();
    expect(await firstDocument.inputValue()).toBe('Autorisation d’activité partielle (ou accord APLD)');
    expect(await page.locator(`#piece-${cell.id}-7-intitule`).inputValue()).toBe('Bulletins de salaire des stagiaires (coût salarial)');
    await checkAccessibility(page, { label: 'programme Acte I chargé du paquet' });
    await screenshot(page, 'mise-en-service-pieces');

    await page.goto(`/programmes/${programme.id}/rapport`);
    const figure = (label: string) => page.locator('dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');
    await figure('Entreprises aidées').waitFor();
    const texts = await Promise.all(['Entreprises aidées', 'Salariés formés', 'Heures de formation', 'Coût total'].map((l) => figure(l).textContent()));
    expect(texts.map((t) => t!.replace(/\s/g, ' '))).toEqual(['72', '10 748', '366 513', '15 000 000,00 €']);
    await checkAccessibility(page, { label: 'bilan de l’Acte I' });
    await screenshot(page, 'mise-en-service-bilan');
  }, PATIENCE.test);
});
