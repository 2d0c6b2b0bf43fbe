import { expect, it } from 'vitest';
import { checkAccessibility, describeBrowser, loginAs, screenshot, useBrowser, PATIENCE } from './support/browser.js';
import { IMPORT_TEMPLATE_HEADERS } from '../../web/src/import/layout.js';
import { isValidSiret } from '../../src/shared/siret.js';

/**
 * The history import in the browser, as the cell's secretariat uses it: an invalid file
 * shows its errors line by line (check, then a refused import); a valid file is checked,
 * imported in the background with its progress, and the request appears in /demandes.
 */

/** A SIRET that passes the checks, built from a 12-digit prefix. */
function siret(prefix: string): string {
  for (let a = 0; a < 10; a++) for (let b = 0; b < 10; b++) {
    const candidate = `${prefix}${a}${b}`;
    if (candidate.length === 14 && isValidSiret(candidate)) return candidate;
  }
  throw new Error('no SIRET');
}

function csv(rows: Record<string, string>[]): Buffer {
  const lines = [IMPORT_TEMPLATE_HEADERS.join(';'), ...rows.map((r) => IMPORT_TEMPLATE_HEADERS.map((h) => r[h] ?? '').join(';'))];
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

const validRow = (reference: string, companySiret: string): Record<string, string> => ({
  'Référence': reference, 'Code dispositif': 'ACTE2-AXE1', 'Raison sociale': 'Tôlerie Essai de Vesoul', 'SIRET': companySiret,
  'Code NAF': '29.32Z', 'Effectif': '80', 'Département': '70', 'OPCA de rattachement': 'OPCAIM (métallurgie)',
  'Début baisse activité': '01/02/2011', 'Fin baisse activité': '30/06/2011', 'Date de décision': '15/03/2011', 'Statut': 'accordée',
  'Stagiaires': '12', 'Heures de formation': '420', 'Coût pédagogique': '9000,00', 'Coût salarial': '6000,00',
  'Accordé OPCA': '7000,00', 'Accordé État': '4000,00', 'Accordé Région': '2000,00', 'Accordé Entreprise': '2000,00',
  'Versé OPCA': '3500,00',
});

describeBrowser('Import de l’historique dans le navigateur', () => {
  const ctx = useBrowser();
  const shot = async (label: string, name: string) => {
    await checkAccessibility(ctx.page, { label });
    await screenshot(ctx.page, name);
  };

  it('un fichier invalide montre ses erreurs numérotées par ligne', async () => {
    const page = ctx.page;
    await loginAs(page, 'secretariat@parcours.test');
    await page.goto('/import');
    await page.getByRole('heading', { level: 1, name: 'Importer des demandes passées' }).waitFor();
    const template = page.getByRole('link', { name: /Télécharger le modèle de fichier/ });
    expect(await template.getAttribute('download')).toBe('modele-import-demandes.csv');
    await page.getByRole('button', { name: 'Colonnes du fichier' }).click();
    await page.getByRole('row', { name: /^Code dispositif Oui/ }).waitFor();
    await shot('import', 'import-page');

    // No file chosen: said next to the field.
    await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
    await page.getByText('Choisissez un fichier CSV ou XLSX.').waitFor();

    const bad = { ...validRow('E2E-FAUX-1', '12345678901234'), 'Code dispositif': 'INCONNU' };
    const bad2 = { ...validRow('E2E-FAUX-2', siret('448921376000')), 'Stagiaires': '200', 'Coût salarial': '7000,00' };
    await page.getByLabel(/^Fichier à importer/).setInputFiles({ name: 'historique-faux.csv', mimeType: 'text/csv', buffer: csv([bad, bad2]) });
    await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
    await page.getByText('Fichier à corriger').waitFor();
    const errors = page.getByRole('table', { name: /Erreurs à corriger/ });
    await errors.waitFor();
    const rows = await errors.locator('tbody tr').allTextContents();
    expect(rows.some((r) => r.startsWith('2') && r.includes('SIRET'))).toBe(true);
    expect(rows.some((r) => r.startsWith('3') && r.includes('Stagiaires'))).toBe(true);
    expect(rows.some((r) => r.startsWith('3') && /ne couvrent pas le coût total|dépassent/.test(r))).toBe(true);
    await shot('vérification en erreur', 'import-verification-erreurs');

    // Importing it anyway: the job refuses the whole file and lists the same errors.
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    await page.getByRole('heading', { name: 'Import refusé' }).waitFor();
    await page.getByText(/aucune demande n’a été importée/).first().waitFor();
    expect(await page.getByRole('table', { name: /Erreurs à corriger/ }).locator('tbody tr').count()).toBe(rows.length);
    await shot('import refusé', 'import-refuse');
  }, PATIENCE.test);

  it('un fichier valide est vérifié, importé avec sa progression, puis la demande apparaît dans les demandes', async () => {
    const page = ctx.page;
    await loginAs(page, 'secretariat@parcours.test');
    await page.goto('/import');
    const reference = 'E2E-2011-001';
    await page.getByLabel(/^Fichier à importer/).setInputFiles({ name: 'historique-2011.csv', mimeType: 'text/csv', buffer: csv([validRow(reference, siret('448921377000'))]) });
    await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
    await page.getByText('Fichier valide').waitFor();
    await page.getByText(/1 demande serait importée/).waitFor();
    await shot('vérification valide', 'import-verification-ok');

    // Slow the job status down a little so the progress bar is seen before the result.
    await page.route('**/api/jobs/*', async (route) => { await new Promise((r) => setTimeout(r, 700)); await route.continue(); });
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    const progress = page.locator('.parcours-progress');
    await progress.waitFor();
    expect(await progress.textContent()).toMatch(/(Import en cours|En attente|Lecture du fichier|Contrôle des lignes|Enregistrement).* — \d+ %/);
    await screenshot(page, 'import-progression');
    await page.getByRole('heading', { name: 'Import terminé' }).waitFor();
    await page.getByText(`1 demande importée depuis « historique-2011.csv ».`).waitFor();
    const figures = page.locator('dl.parcours-import-figures');
    expect((await figures.textContent())!.replace(/\s/g, ' ')).toContain('Demandes importées1');
    expect((await figures.textContent())!.replace(/\s/g, ' ')).toContain('15 000,00 €');
    await page.unroute('**/api/jobs/*');
    await shot('import terminé', 'import-termine');

    await page.getByRole('link', { name: 'Voir les demandes' }).click();
    await page.waitForURL(/\/demandes\?q=E2E-2011-001/);
    await page.getByRole('link', { name: reference }).waitFor();
    await page.getByRole('row', { name: /Tôlerie Essai de Vesoul/ }).waitFor();
    await shot('demandes après import', 'import-demandes');

    // The same file again is refused: the reference exists.
    await page.goto('/import');
    await page.getByLabel(/^Fichier à importer/).setInputFiles({ name: 'historique-2011.csv', mimeType: 'text/csv', buffer: csv([validRow(reference, siret('448921377000'))]) });
    await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
    await page.getByText(/existe déjà : ce fichier a-t-il déjà été importé/).waitFor();
  }, PATIENCE.test);
});
