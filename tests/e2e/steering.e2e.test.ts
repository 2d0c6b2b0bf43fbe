import { expect, it } from 'vitest';
import { checkAccessibility, describeBrowser, loginAs, screenshot, useBrowser, PATIENCE } from './support/browser.js';

describeBrowser('Pilotage dans le navigateur', () => {
  const ctx = useBrowser();

  it('le lecteur de la plénière voit le tableau de bord, filtre, exporte et produit le rapport PDF', async () => {
    const page = ctx.page;
    await loginAs(page, 'lecteur@parcours.test');
    await page.goto('/pilotage');
    await page.getByRole('heading', { level: 1, name: 'Pilotage' }).waitFor();
    await page.getByText('Entreprises aidées', { exact: true }).first().waitFor();
    expect(await page.title()).toBe('Pilotage — Parcours');
    // Acte I: 72 companies helped of 72.
    await page.locator('.parcours-kpi').filter({ hasText: 'Entreprises aidées' }).getByText('72', { exact: true }).waitFor();
    // One tab per theme instead of one very long page; the open tab goes to the URL.
    const tabs = page.getByRole('tablist', { name: 'Thèmes du tableau de bord' });
    expect(await tabs.getByRole('tab').count()).toBe(7);
    await page.getByRole('heading', { level: 2, name: 'Objectifs et réalisations', exact: true }).waitFor();
    await checkAccessibility(page, { label: 'pilotage' });
    await screenshot(page, 'pilotage-tableau-de-bord');
    await page.screenshot({ path: 'test-results/screens/pilotage-haut.png' });
    await tabs.getByRole('tab', { name: 'Entreprises aidées' }).click();
    await page.waitForURL(/onglet=entreprises/);
    await page.getByRole('table', { name: /Entreprises aidées par division NAF/ }).waitFor();
    // Each chart is followed by its data table.
    expect(await page.locator('figure.parcours-chart svg[role="img"]').count()).toBeGreaterThanOrEqual(3);
    expect(await page.getByRole('table', { name: /Personnes touchées par sexe/ }).count()).toBe(0);
    await checkAccessibility(page, { label: 'pilotage entreprises' });
    await page.screenshot({ path: 'test-results/screens/pilotage-entreprises.png' });
    await tabs.getByRole('tab', { name: 'Tendances et délais' }).click();
    await page.getByRole('heading', { name: 'Tendances mensuelles' }).waitFor();
    await page.screenshot({ path: 'test-results/screens/pilotage-tendances.png' });
    await tabs.getByRole('tab', { name: 'Territoire' }).click();
    const areas = page.getByRole('table', { name: /Personnes touchées par zone d’emploi/ });
    await areas.getByRole('rowheader', { name: 'Besançon' }).waitFor();
    await page.getByRole('heading', { name: 'Personnes touchées par zone d’emploi' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/screens/pilotage-zones-emploi.png' });

    // Filters go to the URL, so the view can be shared.
    await page.getByRole('combobox', { name: 'Dispositif', exact: true }).selectOption('ACTE1-CELLULE');
    await page.getByRole('combobox', { name: 'Département', exact: true }).selectOption('25');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/measure=ACTE1-CELLULE/);
    expect(page.url()).toMatch(/departement=25/);
    expect(page.url()).toMatch(/onglet=territoire/);
    await page.getByText('Département : 25').waitFor();
    await page.reload();
    await expect.poll(async () => page.getByRole('combobox', { name: 'Département', exact: true }).inputValue(), { timeout: 20_000 }).toBe('25');

    // A measure crossed with a département: figures of people are withheld, and each table says why, with nothing to export.
    await tabs.getByRole('tab', { name: 'Personnes touchées (FSE)' }).click();
    await page.getByRole('heading', { name: 'Personnes touchées par sexe' }).waitFor();
    expect(await page.getByText(/^Non publié pour cette sélection/).count()).toBeGreaterThanOrEqual(5);
    expect(await page.getByRole('link', { name: 'CSV : Personnes touchées par sexe' }).count()).toBe(0);
    await checkAccessibility(page, { label: 'pilotage, personnes non publiées' });
    await screenshot(page, 'pilotage-personnes-non-publiees');

    // Every table has its exports.
    await tabs.getByRole('tab', { name: 'Financements' }).click();
    const csv = page.getByRole('link', { name: 'CSV : Argent par financeur' });
    expect(await csv.getAttribute('href')).toMatch(/\/api\/steering\/tables\/money\/export\?format=csv&measure=ACTE1-CELLULE&departement=25/);
    const response = await page.request.get(await csv.getAttribute('href') as string);
    expect(response.status()).toBe(200);
    expect((await response.body()).subarray(0, 3).toString('hex')).toBe('efbbbf');

    // The report is produced in the background, with progress, then offered for download.
    await page.getByRole('button', { name: 'Générer le rapport PDF' }).click();
    const link = page.getByRole('link', { name: /Télécharger le rapport/ });
    await link.waitFor();
    await page.getByText('Rapport prêt').waitFor();
    const pdf = await page.request.get(await link.getAttribute('href') as string);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 4).toString()).toBe('%PDF');
    await checkAccessibility(page, { label: 'pilotage avec rapport' });
    await screenshot(page, 'pilotage-rapport-pret');
  }, PATIENCE.test);

  it('une entreprise ne voit pas le pilotage', async () => {
    const page = ctx.page;
    await loginAs(page, 'entreprise@parcours.test');
    await page.goto('/pilotage');
    await page.getByText(/réservé aux partenaires/).first().waitFor();
    await checkAccessibility(page, { label: 'pilotage refusé' });
  });
});
