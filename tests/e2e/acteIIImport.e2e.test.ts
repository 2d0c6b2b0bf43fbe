import { expect, it } from 'vitest';
import { checkAccessibility, describeBrowser, loginAs, screenshot, useBrowser, PATIENCE } from './support/browser.js';
import { PATHWAY_IMPORT_COLUMNS } from '../../src/tempPathways/import/columns.js';

/**
 * An Acte II import in the browser, as the temp agency uses it: a file with a period overlapping
 * another is checked and refused line by line; the corrected file is imported in the background
 * with its progress, and the pathway opens from the outcome.
 */
function csv(rows: Record<string, string>[]): Buffer {
  const lines = [PATHWAY_IMPORT_COLUMNS.map((c) => c.header), ...rows.map((r) => PATHWAY_IMPORT_COLUMNS.map((c) => r[c.key] ?? ''))];
  return Buffer.from(`\uFEFF${lines.map((l) => l.join(';')).join('\r\n')}\r\n`, 'utf8');
}

const first = {
  pathwayKey: 'E2E', lastName: 'Navigateur', firstName: 'Nina', sex: 'F', birthDate: '12/12/1989', level: 'VI', route: 'générale',
  hasVocationalDiploma: 'non', entryDate: '05/09/2011', kind: 'formation', start: '05/09/2011', end: '30/09/2011', hours: '90',
  costCents: '2700,00', romeCode: 'H2903', providerName: 'AFPA Franche-Comté', funding_FAFTT: '2000,00',
};
const second = { pathwayKey: 'E2E', kind: 'mission', start: '03/10/2011', end: '28/10/2011', hours: '140', romeCode: 'N1103', userCompany: 'Plastiques du Haut-Jura' };

describeBrowser('Import des parcours intérimaires dans le navigateur', () => {
  const ctx = useBrowser();

  it('vérifie un fichier en erreur, puis importe le fichier corrigé avec sa progression', async () => {
    const page = ctx.page;
    await loginAs(page, 'interim@parcours.test');
    await page.goto('/acte-ii/parcours');
    await page.getByRole('link', { name: 'Importer' }).click();
    await page.getByRole('heading', { level: 1, name: 'Importer des parcours intérimaires' }).waitFor();
    expect(await page.getByRole('link', { name: /Télécharger le modèle de fichier/ }).getAttribute('download')).toBe('modele-import-parcours.csv');
    await page.getByRole('button', { name: 'Colonnes du fichier' }).click();
    await page.getByRole('row', { name: /^Clé parcours Oui/ }).waitFor();
    await checkAccessibility(page, { label: 'import des parcours' });

    const input = page.getByLabel(/^Fichier à importer/);
    await input.setInputFiles({ name: 'parcours-faux.csv', mimeType: 'text/csv', buffer: csv([first, { ...second, start: '20/09/2011' }]) });
    await page.getByRole('button', { name: 'Vérifier', exact: true }).click();
    await page.getByText('Fichier à corriger').waitFor();
    const errors = page.getByRole('table', { name: /Erreurs à corriger/ });
    const rows = await errors.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/^3Début.*chevauche/);
    await checkAccessibility(page, { label: 'vérification en erreur' });
    await screenshot(page, 'acte-ii-import-parcours-erreurs');

    await input.setInputFiles({ name: 'parcours.csv', mimeType: 'text/csv', buffer: csv([first, second]) });
    await page.getByRole('button', { name: 'Vérifier', exact: true }).click();
    await page.getByText(/1 parcours serait importé/).waitFor();

    // Slow the job status down a little so the progress bar is seen before the outcome.
    await page.route('**/api/jobs/*', async (route) => { await new Promise((r) => setTimeout(r, 600)); await route.continue(); });
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    const progress = page.locator('.parcours-progress');
    await progress.waitFor();
    expect(await progress.textContent()).toMatch(/(Import en cours|En attente|Lecture du fichier|Contrôle des lignes|Enregistrement).* — \d+ %/);
    await page.getByRole('heading', { name: 'Import terminé' }).waitFor();
    await page.getByText('1 parcours importé depuis « parcours.csv ».').waitFor();
    await page.unroute('**/api/jobs/*');
    await checkAccessibility(page, { label: 'import terminé' });
    await screenshot(page, 'acte-ii-import-parcours-termine');

    const link = page.getByRole('link', { name: /^PI-\d{6}$/ });
    const reference = (await link.textContent())!;
    await link.click();
    await page.getByRole('heading', { level: 1, name: `Parcours ${reference}` }).waitFor();
    await page.getByText(/Navigateur/).first().waitFor();
  }, PATIENCE.test);

  it('les pages d’import des contrats et des binômes expliquent leur format et vérifient un fichier', async () => {
    const page = ctx.page;
    await loginAs(page, 'entreprise@parcours.test');
    await page.goto('/acte-ii/contrats');
    await page.getByRole('link', { name: 'Importer' }).click();
    await page.getByRole('heading', { level: 1, name: 'Importer des contrats' }).waitFor();
    expect(await page.getByRole('link', { name: /Télécharger le modèle de fichier/ }).getAttribute('download')).toBe('modele-import-contrats.csv');
    await page.getByLabel(/^Fichier à importer/).setInputFiles({ name: 'contrats.csv', mimeType: 'text/csv', buffer: Buffer.from('Nom;Prénom\nDurand;Léa\n') });
    await page.getByRole('button', { name: 'Vérifier', exact: true }).click();
    await page.getByText('Fichier à corriger').waitFor();
    expect(await page.getByRole('table', { name: /Erreurs à corriger/ }).locator('tbody tr').first().textContent()).toMatch(/^1Date de naissanceLa colonne obligatoire « Date de naissance » est absente du fichier\./);
    await checkAccessibility(page, { label: 'import des contrats' });

    await page.goto('/acte-ii/binomes');
    await page.getByRole('link', { name: 'Importer' }).click();
    await page.getByRole('heading', { level: 1, name: 'Importer des binômes' }).waitFor();
    await page.getByRole('button', { name: 'Colonnes du fichier' }).click();
    await page.getByRole('row', { name: /^Contrat du jeune Oui/ }).waitFor();
    await checkAccessibility(page, { label: 'import des binômes' });
  }, PATIENCE.test);
});
