import { expect, it } from 'vitest';
import { demoBmoCsv } from '../../src/observatory/demo.js';
import { checkAccessibility, describeBrowser, loginAs, screenshot, useBrowser } from './support/browser.js';

describeBrowser('Observatoire (Acte III) dans le navigateur', () => {
  const ctx = useBrowser();

  it('le lecteur de la plénière trouve les sorties du « tout auto » de Belfort-Montbéliard et le paradoxe de Morteau', async () => {
    const page = ctx.page;
    await loginAs(page, 'lecteur@parcours.test');
    await page.goto('/pilotage');
    await page.getByRole('link', { name: 'Observatoire (Acte III)' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Observatoire (Acte III)' }).waitFor();
    await page.getByText('données synthétiques').first().waitFor();
    await checkAccessibility(page, { label: 'observatoire' });
    await screenshot(page, 'observatoire-accueil');

    await page.getByRole('link', { name: 'Belfort-Montbéliard-Héricourt' }).click();
    await page.getByRole('heading', { level: 1, name: /Belfort-Montbéliard-Héricourt — Tension par métier/ }).waitFor();
    await page.getByRole('table', { name: /Tension par métier — Belfort-Montbéliard-Héricourt, 2013/ }).waitFor();
    expect(await page.locator('figure.parcours-chart svg[role="img"]').count()).toBe(1);
    await checkAccessibility(page, { label: 'observatoire tension' });
    await screenshot(page, 'observatoire-tension-belfort');

    await page.getByRole('link', { name: 'Sorties du « tout auto »' }).click();
    await page.getByRole('heading', { level: 2, name: /Sorties du « tout auto » — Belfort-Montbéliard-Héricourt/ }).waitFor();
    const assembly = page.getByRole('table', { name: /Métiers cibles depuis Montage-assemblage mécanique/ });
    const setters = assembly.getByRole('row').filter({ hasText: 'Réglage d\'équipement de production industrielle' });
    await setters.getByText('en tension').waitFor();
    // The reader sees the figures but prepares nothing.
    expect(await page.getByRole('button', { name: /Préparer une action/ }).count()).toBe(0);
    await checkAccessibility(page, { label: 'observatoire sorties auto' });
    await screenshot(page, 'observatoire-sorties-auto');

    await page.goto('/observatoire/zones/morteau/paradoxe');
    const paradox = page.getByRole('table', { name: /Métiers en paradoxe à Morteau/ });
    await paradox.waitFor();
    const fitters = paradox.getByRole('row').filter({ hasText: 'Monteurs, ajusteurs' });
    await fitters.waitFor();
    // Acte I financed the car-parts makers of Morteau: requests and money show beside the paradox.
    expect(Number((await fitters.getByRole('cell').nth(4).textContent())?.trim())).toBeGreaterThan(0);
    expect(await fitters.getByRole('cell').nth(6).textContent()).toMatch(/€/);
    await checkAccessibility(page, { label: 'observatoire paradoxe' });
    await screenshot(page, 'observatoire-paradoxe-morteau');

    await page.getByRole('link', { name: 'Frontière suisse' }).click();
    await page.getByRole('heading', { level: 2, name: 'Morteau' }).waitFor();
    await checkAccessibility(page, { label: 'observatoire frontière' });
    await screenshot(page, 'observatoire-frontiere');

    await page.getByRole('link', { name: 'Métiers d’avenir' }).click();
    await page.getByRole('table', { name: 'Métiers de la liste de veille' }).getByText('Installation et maintenance d\'équipements industriels et d\'exploitation').waitFor();
    await checkAccessibility(page, { label: 'observatoire métiers d’avenir' });
    await screenshot(page, 'observatoire-metiers-avenir');

    await page.goto('/observatoire/zones/morteau/diagnostic');
    await page.getByRole('heading', { level: 3, name: 'Menaces' }).waitFor();
    await page.getByText(/Métiers en paradoxe \(2013\)/).waitFor();
    await checkAccessibility(page, { label: 'observatoire diagnostic' });
    await screenshot(page, 'observatoire-diagnostic');
  }, 120_000);

  it('un partenaire prépare en un clic une formation vers un métier en tension', async () => {
    const page = ctx.page;
    await loginAs(page, 'etat@parcours.test');
    await page.goto('/observatoire/zones/belfort-montbeliard-hericourt/sorties-auto');
    await page.getByRole('button', { name: 'Préparer une action pour Réglage d\'équipement de production industrielle' }).first().click();
    await page.getByRole('form', { name: /Action préparée pour Réglage/ }).waitFor();
    await checkAccessibility(page, { label: 'observatoire préparer' });
    await page.getByRole('button', { name: 'Enregistrer l’action préparée' }).click();
    await page.getByText('Action de formation préparée pour Réglage d\'équipement de production industrielle.').waitFor();
    await page.getByText('1 action préparée').first().waitFor();

    // The watchlist is dated and editable by the partners.
    await page.goto('/observatoire/metiers-d-avenir');
    await page.getByRole('button', { name: 'Modifier Conception et dessin produits mécaniques' }).click();
    const form = page.getByRole('form', { name: 'Modifier Conception et dessin produits mécaniques' });
    await form.getByLabel(/^Source/).fill('Comité de pilotage de la filière hydrogène');
    await checkAccessibility(page, { label: 'observatoire métiers d’avenir modification' });
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('table', { name: 'Métiers de la liste de veille' }).getByText('Comité de pilotage de la filière hydrogène').waitFor();

    // The diagnostic is co-written: a partner amends the secretariat's point, which becomes version 2.
    await page.goto('/observatoire/zones/morteau/diagnostic');
    await page.getByRole('button', { name: /^Amender le constat : Les entreprises peinent/ }).click();
    const amend = page.getByRole('form', { name: 'Amender le constat' });
    await amend.getByLabel(/^Constat/).fill('Les entreprises peinent à recruter des régleurs et des monteurs malgré les demandeurs d’emploi.');
    await amend.getByRole('button', { name: 'Enregistrer la nouvelle version' }).click();
    await page.getByText(/DIRECCTE Franche-Comté, version 2/).waitFor();
    await checkAccessibility(page, { label: 'observatoire diagnostic amendé' });
  }, 90_000);

  it('l’administrateur importe un fichier BMO officiel, voit les chiffres bouger et l’alerte arriver au récapitulatif', async () => {
    const page = ctx.page;
    await loginAs(page, 'admin@parcours.test');
    await page.goto('/observatoire/import');
    await page.getByRole('combobox', { name: 'Jeu de données' }).selectOption('bmo');
    await page.getByRole('table', { name: /Colonnes lues : Enquête Besoins en main-d’œuvre/ }).waitFor();
    const file = demoBmoCsv(2014, { boost: { bassin: 'Gray', fap: 'T4Z60', difficult: 1 } });
    await page.getByLabel(/^Fichier à importer/).setInputFiles({ name: 'Base_open_data_BMO_2014.csv', mimeType: 'text/csv', buffer: file });
    await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
    await page.getByText('Fichier valide').waitFor();
    await page.getByText(/seraient importées \(2014\)/).waitFor();
    await checkAccessibility(page, { label: 'observatoire import vérifié' });
    await screenshot(page, 'observatoire-import-verifie');
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    await page.getByRole('heading', { name: 'Import terminé' }).waitFor({ timeout: 30_000 });
    await page.getByText(/alertes? ouvertes?/).first().waitFor();
    await checkAccessibility(page, { label: 'observatoire import terminé' });
    await screenshot(page, 'observatoire-import-termine');

    await page.goto('/observatoire/zones/gray');
    await page.getByRole('table', { name: /Tension par métier — Gray, 2014/ }).waitFor();

    await page.goto('/observatoire/alertes');
    const table = page.getByRole('table', { name: 'Alertes (les plus récentes d’abord)' });
    // Cleaning staff of Gray had no alert: every difficult project in 2014 makes its tension jump.
    await table.getByRole('row').filter({ hasText: 'Gray' }).filter({ hasText: 'Agents d’entretien de locaux' }).filter({ hasText: '2014' }).first().waitFor();
    await page.getByRole('button', { name: 'Envoyer le récapitulatif maintenant' }).click();
    await page.getByText(/Récapitulatif envoyé au secrétariat et à la plénière/).waitFor();
    await page.getByText(/Gray — Agents d’entretien de locaux \(2014\)/).first().waitFor();
    await checkAccessibility(page, { label: 'observatoire alertes' });
    await screenshot(page, 'observatoire-alertes');
  }, 120_000);

  it('une entreprise ne voit pas l’observatoire', async () => {
    const page = ctx.page;
    await loginAs(page, 'entreprise@parcours.test');
    await page.goto('/observatoire');
    await page.getByText(/L’observatoire est réservé aux partenaires/).first().waitFor();
    await checkAccessibility(page, { label: 'observatoire refusé' });
  });
});
