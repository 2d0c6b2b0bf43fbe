import { expect, it } from 'vitest';
import { checkAccessibility, describeBrowser, loginAs, screenshot, useBrowser, PATIENCE } from './support/browser.js';

describeBrowser('Référentiel des OPCA par branche dans l’administration', () => {
  const ctx = useBrowser();

  it('liste les périodes, filtre, trie, pagine, refuse un chevauchement près du champ puis ajoute une période', async () => {
    const page = ctx.page;
    await loginAs(page, 'admin@parcours.test');
    await page.getByRole('heading', { level: 1, name: /Bonjour Alice/ }).waitFor();
    const nav = page.locator('#fr-header-main-navigation');
    await nav.getByRole('button', { name: 'Administration' }).click();
    await nav.getByRole('link', { name: 'Référentiels › OPCA par branche (IDCC)' }).click();
    await page.waitForURL(/\/administration\/referentiels\/idcc$/);
    await page.getByRole('heading', { level: 1, name: 'OPCA par branche (IDCC)' }).waitFor();
    await page.getByText('35 résultats').waitFor();
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBe(20);
    await expect.poll(() => rows.first().locator('th').textContent()).toBe('0016');
    await checkAccessibility(page, { label: 'référentiel IDCC' });
    await screenshot(page, 'idcc-01-liste');

    await page.getByRole('link', { name: /Page 2|^2$/ }).first().click();
    await page.waitForURL(/page=2/);
    await expect.poll(() => rows.count()).toBe(15);

    const filters = page.getByRole('search', { name: 'Filtres de la liste' });
    await filters.getByLabel('Fonds (OPCA ou OPCO)').fill('opcaim');
    await filters.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/fund=opcaim/);
    await page.getByText(/^\d+ résultats?$/).waitFor();
    await expect.poll(async () => (await rows.locator('td:nth-child(3)').allTextContents()).every((f) => f === 'OPCAIM')).toBe(true);
    await page.getByRole('button', { name: /^Branche/ }).click();
    await page.waitForURL(/sort=branch/);
    await checkAccessibility(page, { label: 'référentiel IDCC filtré' });
    await screenshot(page, 'idcc-02-filtre-opcaim');

    await filters.getByRole('button', { name: 'Réinitialiser' }).click();
    // The reset empties the fields once the address has lost its filters: type after that.
    await page.waitForURL((url) => !url.search.includes('fund='));
    await expect.poll(() => filters.getByLabel('Fonds (OPCA ou OPCO)').inputValue()).toBe('');
    await filters.getByLabel('IDCC').fill('1607');
    await filters.getByRole('button', { name: 'Filtrer' }).click();
    await page.getByText('1 résultat', { exact: true }).waitFor();

    // A period inside the open one's past is refused, with the message next to the start date.
    const form = page.getByRole('form', { name: 'Ajouter une période' });
    await form.getByLabel('IDCC').fill('1607');
    await form.getByLabel('Branche').fill('Jeux, jouets, articles de fêtes');
    await form.getByLabel('Fonds (OPCA ou OPCO)').fill('Opco futur');
    await form.locator('#champ-validFrom').fill('2018-01-01');
    await form.locator('#champ-validTo').fill('2020-12-31');
    await form.getByRole('button', { name: 'Enregistrer la période' }).click();
    const message = form.locator('#champ-validFrom-messages');
    await message.getByText('L’IDCC 1607 relève déjà de OPCO 2i depuis le 01/04/2019 : les périodes ne se chevauchent pas.').waitFor();
    expect(await form.locator('#champ-validFrom').getAttribute('aria-invalid')).toBe('true');
    await checkAccessibility(page, { label: 'période refusée' });
    await screenshot(page, 'idcc-03-chevauchement');

    await form.locator('#champ-validFrom').fill('2099-01-01');
    await form.locator('#champ-validTo').fill('');
    await form.getByRole('button', { name: 'Enregistrer la période' }).click();
    await page.getByText('IDCC 1607 : Opco futur à partir du 01/01/2099 enregistré.').waitFor();
    await page.getByText('2 résultats').waitFor();
    const periods = await rows.allTextContents();
    expect(periods[0]).toMatch(/OPCO 2i.*31\/12\/2098.*En cours/);
    expect(periods[1]).toMatch(/Opco futur.*01\/01\/2099.*sans fin.*À venir/);
    await checkAccessibility(page, { label: 'période ajoutée' });
    await screenshot(page, 'idcc-04-ajoutee');
  }, PATIENCE.test);
});
