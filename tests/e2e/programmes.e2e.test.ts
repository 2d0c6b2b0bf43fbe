import { expect, it } from 'vitest';
import { checkAccessibility, describeBrowser, loginAs, screenshot, useBrowser, PATIENCE } from './support/browser.js';

/**
 * Programmes as data in the browser: a reader opens the Acte I report (the seed's figures,
 * from the demo history imported at start-up); an administrator edits an envelope and a
 * dated funding rule and sees the change, and meets the French 409 when cutting an
 * envelope below what is committed.
 */
describeBrowser('Programmes dans le navigateur', () => {
  const ctx = useBrowser();
  const shot = async (label: string, name: string) => {
    await checkAccessibility(ctx.page, { label });
    await screenshot(ctx.page, name);
  };

  it('le lecteur ouvre le bilan de l’Acte I et y lit les chiffres du bilan', async () => {
    const page = ctx.page;
    await loginAs(page, 'lecteur@parcours.test');
    await page.goto('/programmes');
    await page.getByRole('heading', { level: 1, name: 'Programmes' }).waitFor();
    await page.getByRole('heading', { level: 2, name: /Acte I — cellule/ }).waitFor();
    await page.getByText('Salariés formés : 10 748').waitFor();
    // Readers see no editing control.
    expect(await page.getByRole('link', { name: 'Créer un programme' }).count()).toBe(0);
    await shot('programmes (lecteur)', 'programmes-liste-lecteur');

    await page.getByRole('link', { name: 'Bilan de Acte I — cellule opérationnelle hebdomadaire' }).click();
    await page.getByRole('heading', { level: 1, name: /^Bilan — Acte I/ }).waitFor();
    const figures = page.locator('dl.parcours-report-figures');
    await figures.waitFor();
    const figure = async (label: string) => (await figures.locator('div', { has: page.locator('dt', { hasText: label }) }).locator('dd').textContent())?.replace(/\s/g, ' ');
    expect(await figure('Entreprises aidées')).toBe('72');
    expect(await figure('Salariés formés')).toBe('10 748');
    expect(await figure('Heures de formation')).toBe('366 513');
    expect(await figure('Coût total')).toBe('15 000 000,00 €');
    const summary = (await page.getByText(/^\d+ demandes accordées\. Financement :/).textContent())!.replace(/\s/g, ' ');
    expect(summary).toContain('43 % OPCA, 22 % État + FSE, 13 % Région, 22 % entreprises');

    // The data table next to the chart.
    const table = page.getByRole('table', { name: /Répartition par financeur/ });
    const share = async (name: string | RegExp) => (await table.getByRole('row', { name }).locator('td').nth(1).textContent())?.replace(/\s/g, ' ');
    expect(await share(/^OPCA \/ OPCO/)).toBe('43 %');
    expect(await share(/^dont État \+ FSE/)).toBe('22 %');
    expect(await share(/^Région/)).toBe('13 %');
    expect(await share(/^Entreprise \(autofinancement\)/)).toBe('22 %');
    await page.getByRole('img', { name: /Part de chaque financeur/ }).waitFor();

    // Exports answer files with the same figures.
    const csvHref = await page.getByRole('link', { name: 'Exporter le bilan en CSV' }).getAttribute('href');
    const csv = await page.request.get(csvHref!);
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    expect(text).toContain('Entreprises aidées;72');
    expect(text).toContain('Salariés formés;10748');
    const xlsx = await page.request.get((await page.getByRole('link', { name: 'Exporter le bilan en XLSX' }).getAttribute('href'))!);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toContain('spreadsheet');
    await shot('bilan Acte I', 'programme-bilan-acte1');

    // The programme's page, read only.
    await page.getByRole('link', { name: 'Retour au programme' }).click();
    await page.getByRole('heading', { level: 2, name: /ACTE1-CELLULE/ }).waitFor();
    expect(await page.getByRole('button', { name: /^Modifier l’enveloppe/ }).count()).toBe(0);
    await shot('programme Acte I (lecteur)', 'programme-acte1-lecteur');
  }, PATIENCE.test);

  it('l’administrateur modifie une enveloppe et une règle de financement et voit le changement', async () => {
    const page = ctx.page;
    await loginAs(page, 'admin@parcours.test');
    await page.goto('/programmes');
    await page.getByRole('link', { name: 'Voir le détail de Acte I — cellule opérationnelle hebdomadaire' }).click();
    await page.getByRole('heading', { level: 1, name: /^Acte I/ }).waitFor();

    // Acte I is fully committed by its history: cutting the OPCA envelope is refused in French.
    const acte1Opca = page.getByRole('table', { name: 'Enveloppes du dispositif ACTE1-CELLULE' }).getByRole('row', { name: /^OPCA \/ OPCO/ });
    expect((await acte1Opca.textContent())!.replace(/\s/g, ' ')).toContain('6 450 000,00 €');
    await page.getByRole('button', { name: 'Modifier l’enveloppe OPCA / OPCO' }).click();
    await page.getByRole('heading', { name: 'Modifier l’enveloppe OPCA / OPCO' }).waitFor();
    await page.getByLabel('Montant de l’enveloppe').fill('1 000 000,00');
    await page.getByRole('button', { name: 'Enregistrer l’enveloppe' }).click();
    await page.getByRole('alert').getByText(/ne peut pas être inférieur à ce qui est déjà engagé/).first().waitFor();
    await shot('enveloppe refusée', 'programme-enveloppe-409');
    await page.getByRole('button', { name: 'Annuler' }).click();

    // Acte II, axis 1: raise the OPCA envelope.
    await page.goto('/programmes');
    await page.getByRole('link', { name: /^Voir le détail de Acte II/ }).click();
    await page.getByRole('heading', { level: 1, name: /^Acte II/ }).waitFor();
    await shot('programme Acte II (administrateur)', 'programme-acte2-admin');
    await page.getByRole('button', { name: 'Modifier l’enveloppe OPCA / OPCO' }).click();
    const amount = page.getByLabel('Montant de l’enveloppe');
    expect((await amount.inputValue()).replace(/\s/g, ' ')).toBe('4 000 000,00');
    await amount.fill('4 500 000,00');
    await shot('formulaire enveloppe', 'programme-enveloppe-formulaire');
    await page.getByRole('button', { name: 'Enregistrer l’enveloppe' }).click();
    await page.getByText('Enveloppe OPCA / OPCO enregistrée.').waitFor();
    const axis1Opca = page.getByRole('table', { name: 'Enveloppes du dispositif ACTE2-AXE1' }).getByRole('row', { name: /^OPCA \/ OPCO/ });
    await expect.poll(async () => (await axis1Opca.locator('td').first().textContent())?.replace(/\s/g, ' ')).toBe('4 500 000,00 €');

    // A dated funding rule: new rate, hourly cap and end of validity.
    const rules = page.getByRole('table', { name: 'Règles de financement du dispositif ACTE2-AXE1' });
    await page.locator('section', { has: rules }).getByRole('button', { name: 'Modifier la règle « Prise en charge OPCA — plafond horaire »' }).click();
    await page.getByRole('heading', { name: 'Modifier la règle « Prise en charge OPCA — plafond horaire »' }).waitFor();
    await page.getByLabel('Taux maximal de prise en charge').fill('65');
    await page.getByRole('textbox', { name: /^Plafond horaire/ }).fill('55,00');
    await page.getByLabel('Valable au').fill('2014-12-31');
    // First an invalid end date: the shared schema answers before the API is called.
    await page.getByLabel('Valable du').fill('2015-01-01');
    await page.getByRole('button', { name: 'Enregistrer la règle' }).click();
    await page.getByText('La fin de validité précède son début.').first().waitFor();
    await shot('règle en erreur', 'programme-regle-erreur');
    await page.getByLabel('Valable du').fill('2010-05-04');
    await page.getByRole('button', { name: 'Enregistrer la règle' }).click();
    await page.getByText('Règle de financement « Prise en charge OPCA — plafond horaire » enregistrée.').waitFor();
    const row = rules.getByRole('row', { name: /^Prise en charge OPCA — plafond horaire/ });
    await expect.poll(async () => (await row.textContent())?.replace(/\s/g, ' ')).toMatch(/du 4 mai 2010 au 31 décembre 2014.*65 %.*55,00 € \/ h/);

    // Deleting asks for confirmation first (cancelled here).
    await page.getByRole('button', { name: 'Supprimer l’objectif « Parcours intérimaires »' }).click();
    const dialog = page.getByRole('dialog', { name: 'Supprimer cet objectif ?' });
    await dialog.waitFor();
    await shot('confirmation de suppression', 'programme-confirmation');
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('row', { name: /Parcours intérimaires/ }).first().waitFor();
    await screenshot(page, 'programme-acte2-apres');
  }, PATIENCE.test);
});
