import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkAccessibility, describeBrowser, loginAs, screenshot, useBrowser, PATIENCE } from './support/browser.js';

/** DSFR radios hide the input: click its label. */
const pickRadio = (page: Page, id: string) => page.locator(`label[for="${id}"]`).click();

describeBrowser('Acte II dans le navigateur', () => {
  const ctx = useBrowser();
  const created = { id: '', reference: '' };

  it('l’employeur vérifie un contrat, corrige la règle non respectée, l’enregistre et voit le plancher de rémunération', async () => {
    const page = ctx.page;
    await loginAs(page, 'entreprise@parcours.test');
    await page.goto('/acte-ii/contrats');
    await page.getByRole('heading', { level: 1, name: 'Contrats de professionnalisation' }).waitFor();
    await page.getByText(/Contrats signés : \d+ sur 6\s000/).waitFor();
    await page.getByText(/\d+ résultats?/).first().waitFor();
    await checkAccessibility(page, { label: 'contrats (employeur)' });
    await screenshot(page, 'acte2-contrats-liste');

    await page.getByRole('link', { name: 'Nouveau contrat' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nouveau contrat de professionnalisation' }).waitFor();
    await page.locator('#champ-trainingFundId').selectOption({ label: 'OPCAIM (métallurgie)' });
    await page.locator('#champ-trainee-lastName').fill('Vuillemin');
    await page.locator('#champ-trainee-firstName').fill('Jade');
    await pickRadio(page, 'champ-trainee-sex-F');
    await page.locator('#champ-trainee-birthDate').fill('1990-03-15');
    await page.locator('#champ-trainee-level').selectOption('V');
    await pickRadio(page, 'champ-trainee-hasRecognisedQualification-false');
    await pickRadio(page, 'champ-trainee-jobSeeker-false');
    await pickRadio(page, 'champ-tutorMode-new');
    await page.locator('#champ-newTutor-lastName').fill('Grosjean');
    await page.locator('#champ-newTutor-firstName').fill('Marc');
    await page.locator('#champ-newTutor-birthDate').fill('1960-05-02');
    await page.locator('#champ-newTutor-relatedExperienceMonths').fill('12');
    await pickRadio(page, 'champ-contractType-CDD');
    await page.locator('#champ-startDate').fill('2012-09-01');
    await page.locator('#champ-endDate').fill('2013-08-31');
    await page.locator('#champ-trainingHours').fill('350');
    await page.locator('#champ-targetedQualification').fill('CQPM opérateur régleur sur machine-outil');
    await page.locator('#champ-targetedLevel').selectOption('V');
    await page.locator('#champ-providerName').fill('AFPA Franche-Comté');
    await page.locator('#champ-grossMonthlyPayCents').fill('1 200,00');

    // The live check explains the breach next to the tutor's experience.
    await page.getByRole('button', { name: 'Vérifier le contrat' }).click();
    await page.getByRole('heading', { name: 'Le formulaire contient des erreurs' }).waitFor();
    const experienceError = page.locator('#champ-newTutor-relatedExperienceMonths-messages .fr-message--error');
    await experienceError.waitFor();
    expect(await experienceError.textContent()).toMatch(/expérience|mois/i);
    await page.getByRole('heading', { name: /règle\(s\) non respectée\(s\)/ }).waitFor();
    await page.getByRole('table', { name: /Rémunération minimale mois par mois/ }).waitFor();
    await checkAccessibility(page, { label: 'contrat vérifié en erreur' });
    await screenshot(page, 'acte2-contrat-verification-erreur');

    await page.locator('#champ-newTutor-relatedExperienceMonths').fill('36');
    await page.getByRole('button', { name: 'Vérifier le contrat' }).click();
    await page.getByRole('heading', { name: 'Le contrat respecte les règles du contrat de professionnalisation' }).waitFor();
    await expect.poll(() => experienceError.count()).toBe(0);
    const floorRows = page.getByRole('table', { name: /Rémunération minimale mois par mois/ }).locator('tbody tr');
    expect(await floorRows.count()).toBe(12);
    await page.getByRole('heading', { name: /Prise en charge par l’OPCA :/ }).waitFor();
    await checkAccessibility(page, { label: 'contrat vérifié' });
    await screenshot(page, 'acte2-contrat-verification-ok');

    await page.getByRole('button', { name: 'Enregistrer le contrat' }).click();
    await page.waitForURL(/\/acte-ii\/contrats\/\d+$/);
    // The page first shows a generic title while the contract loads; wait for the one naming its reference.
    await page.getByText(/Contrat .* enregistré\./).waitFor();
    const heading = page.getByRole('heading', { level: 1, name: /^Contrat (?!de professionnalisation$)/ });
    await heading.waitFor();
    created.id = page.url().split('/').pop()!;
    created.reference = (await heading.textContent())!.replace(/^Contrat /, '').trim();
    expect(created.reference).not.toBe('');
    await page.getByRole('heading', { name: 'Rémunération minimale mois par mois' }).waitFor();
    await page.getByText('Le salaire brut mensuel (1 200,00 €) respecte le minimum légal chaque mois.'.replace(/ €/g, '\u00a0€'), { exact: false }).first().waitFor().catch(async () => {
      await page.getByText(/respecte le minimum légal chaque mois/).waitFor();
    });
    await page.getByText('Grosjean').first().waitFor();
    await checkAccessibility(page, { label: 'fiche contrat' });
    await screenshot(page, 'acte2-contrat-fiche');
  }, PATIENCE.test);

  it('l’OPCA retrouve le contrat qu’il finance dans sa liste', async () => {
    const page = ctx.page;
    await loginAs(page, 'opca@parcours.test');
    await page.goto('/acte-ii/contrats?q=Vuillemin');
    await page.getByRole('link', { name: created.reference }).waitFor();
    await page.getByText('1 résultat', { exact: true }).waitFor();
    await checkAccessibility(page, { label: 'contrats (OPCA)' });
    await screenshot(page, 'acte2-contrats-opca');
  });

  it('le secrétariat enregistre la suite de parcours et consulte les suivis à faire', async () => {
    const page = ctx.page;
    await loginAs(page, 'secretariat@parcours.test');
    await page.goto(`/acte-ii/contrats/${created.id}`);
    await page.getByRole('heading', { level: 2, name: 'Suite de parcours' }).waitFor();
    await page.locator('#champ-certification').selectOption('obtained');
    await page.locator('#champ-situationAtExit').selectOption('cdiSameEmployer');
    await page.locator('#champ-situationAfter6Months').selectOption('cdiSameEmployer');
    await page.getByRole('button', { name: 'Enregistrer la suite de parcours' }).click();
    await page.getByText('Suite de parcours enregistrée.').waitFor();
    await page.getByText('Suivi à 6 mois renseigné').waitFor();
    await page.getByRole('heading', { name: 'Suite de parcours', level: 3 }).first().waitFor();
    await checkAccessibility(page, { label: 'suite de parcours' });
    await screenshot(page, 'acte2-contrat-suite-de-parcours');

    await page.goto('/acte-ii/contrats/suivis?state=late');
    await page.getByRole('heading', { level: 1, name: 'Suivis à 6 mois à faire' }).waitFor();
    await page.getByText(/résultat|Aucun suivi/).first().waitFor();
    await checkAccessibility(page, { label: 'suivis à faire' });
    await screenshot(page, 'acte2-suivis');
  });

  it('l’agence vérifie l’éligibilité, enregistre un parcours de deux périodes et voit la chronologie', async () => {
    const page = ctx.page;
    await loginAs(page, 'interim@parcours.test');
    await page.goto('/acte-ii/parcours');
    await page.getByRole('heading', { level: 1, name: 'Parcours intérimaires' }).waitFor();
    await page.getByRole('table', { name: /Enveloppe, montants engagés et reste/ }).waitFor();
    await page.getByText(/\d+ résultats?/).first().waitFor();
    await checkAccessibility(page, { label: 'parcours (agence)' });
    await screenshot(page, 'acte2-parcours-liste');

    await page.getByRole('link', { name: 'Nouveau parcours' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nouveau parcours intérimaire' }).waitFor();
    await page.locator('#champ-worker-lastName').fill('Cuenot');
    await page.locator('#champ-worker-firstName').fill('Kevin');
    await pickRadio(page, 'champ-worker-sex-M');
    await page.locator('#champ-worker-birthDate').fill('1988-11-20');
    await page.locator('#champ-worker-level').selectOption('V');
    await pickRadio(page, 'champ-worker-route-vocational');
    await page.getByText(/Non éligible/).waitFor();
    await page.getByText(/Niveau V atteint par la voie professionnelle/).waitFor();
    await checkAccessibility(page, { label: 'éligibilité refusée' });
    await screenshot(page, 'acte2-parcours-non-eligible');

    await page.locator('#champ-worker-level').selectOption('Vbis');
    await page.getByText(/Éligible au parcours intérimaire/).waitFor();
    await page.locator('#champ-entryDate').fill('2012-03-01');
    await page.locator('#champ-periods-0-start').fill('2012-03-01');
    await page.locator('#champ-periods-0-end').fill('2012-04-13');
    await page.locator('#champ-periods-0-hours').fill('210');
    await page.locator('#champ-periods-0-providerName').fill('AFPA Franche-Comté');
    await page.locator('#champ-periods-0-targetedQualification').fill('CQP opérateur polyvalent');
    await page.locator('#champ-periods-0-romeCode').fill('H2903');
    await page.locator('#champ-periods-0-costCents').fill('4 200,00');
    await page.getByRole('button', { name: 'Ajouter une mission' }).click();
    await page.locator('#champ-periods-1-start').fill('2012-04-16');
    await page.locator('#champ-periods-1-end').fill('2012-07-13');
    await page.locator('#champ-periods-1-hours').fill('420');
    await page.locator('#champ-periods-1-userCompany').fill('Mécanique de Précision du Doubs');
    await page.locator('#champ-periods-1-romeCode').fill('H2913');
    await page.getByRole('button', { name: 'Ajouter une ligne de financement' }).click();
    const funder = page.locator('#champ-fundingLines-0-funder');
    await expect.poll(() => funder.locator('option').count()).toBeGreaterThan(1);
    await funder.selectOption({ index: 1 });
    await page.locator('#champ-fundingLines-0-amountCents').fill('4 200,00');
    await expect.poll(() => page.locator('svg.parcours-gantt rect').count()).toBe(2);
    await checkAccessibility(page, { label: 'formulaire de parcours' });
    await screenshot(page, 'acte2-parcours-formulaire');

    await page.getByRole('button', { name: 'Enregistrer le parcours' }).click();
    await page.waitForURL(/\/acte-ii\/parcours\/\d+$/);
    await page.getByRole('heading', { level: 1, name: /^Parcours / }).waitFor();
    await page.getByRole('heading', { name: 'Chronologie du parcours' }).waitFor();
    expect(await page.locator('svg.parcours-gantt rect.parcours-gantt__training').count()).toBe(1);
    expect(await page.locator('svg.parcours-gantt rect.parcours-gantt__mission').count()).toBe(1);
    await page.getByRole('list', { name: 'Légende du graphique' }).waitFor();
    await page.getByText(/2 métier\(s\)/).first().waitFor();
    await checkAccessibility(page, { label: 'fiche parcours' });
    await screenshot(page, 'acte2-parcours-fiche');
  }, PATIENCE.test);

  it('l’employeur simule un binôme et retrouve l’exemple 198,00 € / 135,00 € / 27,00 €', async () => {
    const page = ctx.page;
    await loginAs(page, 'entreprise@parcours.test');
    await page.goto('/acte-ii/binomes');
    await page.getByRole('heading', { level: 1, name: 'Binômes intergénérationnels' }).waitFor();
    await page.getByText(/\d+ résultats?/).first().waitFor();
    await checkAccessibility(page, { label: 'binômes' });
    await screenshot(page, 'acte2-binomes-liste');

    await page.getByRole('link', { name: 'Simuler un binôme' }).click();
    await page.getByRole('heading', { level: 1, name: 'Simuler un binôme' }).waitFor();
    // The page opens on an example valid today; the seed's worked example is one click away.
    await page.getByRole('button', { name: 'Reprendre l’exemple de référence (taux 2008 à 2012)' }).click();
    await page.getByRole('button', { name: 'Simuler', exact: true }).click();
    const summary = page.locator('.parcours-acte2-worked').nth(1);
    await summary.waitFor();
    const text = (await summary.textContent())!.replace(/[\u00a0\u202f]/g, ' ');
    expect(text).toContain('Salaire versé : 1 600,00 €');
    expect(text).toContain('sur l’assiette temps plein : 198,00 €');
    expect(text).toContain('(contre 158,40 € sur le salaire versé)');
    expect(text).toContain('Cotisations vieillesse salarié : 135,00 €, dont 27,00 € sur le supplément de 400,00 €');
    expect(await page.getByRole('table', { name: 'Échéancier mensuel du senior' }).locator('tbody tr').count()).toBe(13);
    await checkAccessibility(page, { label: 'simulation de binôme' });
    await screenshot(page, 'acte2-binome-simulation');
  });

  it('le lecteur voit les compteurs mais aucune liste nominative', async () => {
    const page = ctx.page;
    await loginAs(page, 'lecteur@parcours.test');
    await page.goto('/acte-ii');
    await page.getByRole('heading', { level: 1, name: 'Acte II (2010–2014)' }).waitFor();
    await page.getByRole('heading', { name: 'Avancement des contrats de professionnalisation' }).waitFor();
    await page.getByRole('heading', { name: 'Avancement des parcours intérimaires' }).waitFor();
    await page.getByRole('heading', { name: 'Avancement des binômes intergénérationnels' }).waitFor();
    await checkAccessibility(page, { label: 'Acte II (lecteur)' });
    await screenshot(page, 'acte2-lecteur');

    await page.goto('/acte-ii/contrats');
    await page.getByText(/Contrats signés : \d+ sur 6\s000/).waitFor();
    await page.getByRole('heading', { name: 'Chiffres agrégés seulement' }).waitFor();
    expect(await page.getByRole('table', { name: /Liste des contrats/ }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Nouveau contrat' }).count()).toBe(0);
    await checkAccessibility(page, { label: 'contrats (lecteur)' });
    await page.goto('/acte-ii/parcours');
    await page.getByRole('heading', { name: 'Chiffres agrégés seulement' }).waitFor();
    expect(await page.getByRole('table', { name: /Liste des parcours/ }).count()).toBe(0);
    // The API refuses the list too.
    expect((await page.request.get('/api/pro-contracts')).status()).toBe(403);
  });
});
