import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/organisations.js';
import { checkAccessibility, describeBrowser, loginAs, screenshot, useBrowser, PATIENCE } from './support/browser.js';

/**
 * The request form off the demo path: an empty form's gaps all at once, the branch's fund
 * from the IDCC, envelopes and caps beside each funder, the unsaved-changes guard, draft
 * deletion, an expired session, the edits that answer a request for information; and two
 * Acte II forms (the C.Pro sex field, the pair simulation's example of today).
 */
describeBrowser('Formulaire de demande : les cas limites', () => {
  const ctx = useBrowser();
  const field = (page: Page, path: string) => page.locator(`#champ-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`);
  const check = async (label: string, name: string) => {
    await checkAccessibility(ctx.page, { label });
    await screenshot(ctx.page, name);
  };
  const guarded = async <T>(page: Page, name: string, run: () => Promise<T>): Promise<T> => {
    try { return await run(); } catch (error) { await screenshot(page, `${name}-echec`).catch(() => undefined); throw error; }
  };

  it('liste tous les manques, propose l’OPCA de la branche, montre enveloppes et plafonds, protège les saisies et supprime un brouillon', async () => {
    const page = ctx.page;
    await guarded(page, 'formulaire', async () => {
      await loginAs(page, 'entreprise@parcours.test');
      await page.goto('/demandes/nouvelle');
      await page.getByRole('heading', { level: 1, name: 'Nouvelle demande de financement' }).waitFor();
      await expect.poll(() => field(page, 'company.siret').inputValue(), { timeout: PATIENCE.step }).toBe('73282932000074');
      await expect.poll(() => field(page, 'measureId').locator('option').count(), { timeout: PATIENCE.step }).toBeGreaterThan(2);

      // An empty form: every gap at the first try, each a link to its field.
      await page.getByRole('button', { name: 'Déposer la demande' }).click();
      const summary = page.getByRole('alert').filter({ hasText: 'ne peut pas encore être déposée' });
      await summary.waitFor();
      for (const text of ['Choisissez le dispositif.', 'Indiquez l’OPCA (opérateur de compétences) de l’entreprise.', 'Indiquez la convention collective (IDCC).',
        'Indiquez le début de la baisse d’activité.', 'Ajoutez au moins un salarié concerné.', 'Ajoutez au moins une action de formation.', 'Proposez un plan de financement.']) {
        await summary.getByText(text, { exact: true }).waitFor();
      }
      expect(await summary.textContent()).not.toMatch(/point\(s\)/);
      expect(await summary.getByRole('link').count()).toBeGreaterThan(5);
      await summary.getByRole('link', { name: 'Indiquez la convention collective (IDCC).' }).click();
      await expect.poll(() => page.evaluate(() => document.activeElement?.id), { timeout: PATIENCE.step }).toBe('champ-company-idcc');
      await check('formulaire vide, tous les manques', 'formulaire-01-tous-les-manques');

      // The branch's fund from the IDCC at the request's date; another pick must be confirmed.
      await field(page, 'measureId').selectOption({ label: 'ACTE2-AXE1 — Axe 1 — poursuite de l’Acte I (PME et TPE de l’industrie)' });
      await field(page, 'activityDrop.start').fill('2010-06-01');
      await field(page, 'company.idcc').fill('0054');
      await page.getByText(/IDCC 0054 \(Métallurgie\) : fonds de la branche au 01\/06\/2010/).waitFor();
      await page.getByRole('button', { name: 'Choisir OPCAIM (métallurgie)' }).click();
      await expect.poll(() => field(page, 'trainingFundId').locator('option:checked').textContent(), { timeout: PATIENCE.step }).toBe('OPCAIM (métallurgie)');
      await field(page, 'trainingFundId').selectOption({ label: 'AGEFOS PME Franche-Comté' });
      await page.getByText('L’IDCC 0054 relève d’OPCAIM : confirmez-vous AGEFOS PME Franche-Comté ?').waitFor();
      await page.getByLabel('Oui, je confirme AGEFOS PME Franche-Comté').waitFor({ state: 'attached' });
      await check('formulaire, OPCA différent de la branche', 'formulaire-02-idcc-opca');

      // Envelopes and caps beside each funder, live.
      await field(page, 'company.headcount').fill('120');
      await page.getByRole('button', { name: 'Ajouter un financeur' }).click();
      await field(page, 'fundingLines.0.funder').selectOption('STATE');
      await field(page, 'fundingLines.0.proposedCents').fill('5000');
      const room = page.locator('#champ-fundingLines-0-funder-marge');
      await room.getByText(/État \(FNE-Formation\) : reste disponible sur ce dispositif/).waitFor();
      await room.getByText(/Finance au plus 45 % du coût total, soit au plus 0,00/).waitFor();
      await room.getByText(/Le montant demandé dépasse ce plafond de 5\s000,00/).waitFor();
      await field(page, 'company.headcount').fill('30');
      await room.getByText(/Finance au plus 80 % du coût total/).waitFor();
      await room.scrollIntoViewIfNeeded();
      await check('plan de financement, enveloppe et plafond', 'formulaire-03-enveloppe-plafond');

      // Leaving with unsaved changes asks first; staying keeps everything.
      let asked = '';
      page.once('dialog', (dialog) => { asked = dialog.message(); void dialog.dismiss(); });
      await page.getByRole('link', { name: 'Demandes', exact: true }).first().click();
      await expect.poll(() => asked).toContain('modifications non enregistrées');
      expect(new URL(page.url()).pathname).toBe('/demandes/nouvelle');
      expect(await field(page, 'company.idcc').inputValue()).toBe('0054');

      // Saved as a draft, the measure can still change; then the draft is deleted.
      await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
      await page.getByText(/^Brouillon enregistré \(DEM-/).waitFor();
      expect(await field(page, 'measureId').isDisabled()).toBe(false);
      await page.getByRole('button', { name: 'Supprimer le brouillon' }).click();
      const dialog = page.getByRole('dialog', { name: /^Supprimer le brouillon DEM-/ });
      await dialog.waitFor();
      await check('suppression du brouillon', 'formulaire-04-suppression');
      await dialog.getByRole('button', { name: 'Supprimer définitivement' }).click();
      await page.waitForURL(/\/demandes$/);
      await page.getByText(/^Brouillon DEM-\S+ supprimé\.$/).waitFor();
    });
  }, PATIENCE.test);

  it('dit « Votre session a expiré » au dépôt et revient sur la page après reconnexion', async () => {
    const page = ctx.page;
    await guarded(page, 'session', async () => {
      await loginAs(page, 'entreprise@parcours.test');
      await page.goto('/demandes/nouvelle');
      await expect.poll(() => field(page, 'company.siret').inputValue(), { timeout: PATIENCE.step }).toBe('73282932000074');
      await field(page, 'company.idcc').fill('0054');
      await ctx.context.clearCookies();
      await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'Votre session a expiré : reconnectez-vous' });
      await alert.waitFor();
      expect(await page.getByText('Le formulaire contient des erreurs').count()).toBe(0);
      expect(await alert.getByRole('link', { name: 'Se reconnecter' }).getAttribute('href')).toBe('/connexion?retour=%2Fdemandes%2Fnouvelle');
      await check('session expirée au dépôt', 'formulaire-05-session-expiree');
      // The typed IDCC is not saved: leaving the page goes through the browser's own question.
      let leaving = '';
      page.once('dialog', (d) => { leaving = d.type(); void d.accept(); });
      await alert.getByRole('link', { name: 'Se reconnecter' }).click();
      await page.waitForURL(/\/connexion\?retour=/);
      expect(leaving).toBe('beforeunload');
      await page.getByRole('textbox', { name: /^Adresse électronique/ }).fill('entreprise@parcours.test');
      await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.waitForURL(/\/demandes\/nouvelle$/);
      await page.getByRole('heading', { level: 1, name: 'Nouvelle demande de financement' }).waitFor();
    });
  }, PATIENCE.test);

  it('enregistre les compléments : la demande modifiée retourne en instruction avec la réponse', async () => {
    const page = ctx.page;
    await guarded(page, 'complements', async () => {
      // A submitted request of the company that the State asks about, set up through the API.
      const login = async (email: string) => {
        await ctx.context.clearCookies();
        expect((await page.request.post('/api/auth/login', { data: { email, password: DEMO_PASSWORD } })).status()).toBe(200);
      };
      const json = async (r: Promise<{ json(): Promise<any>; status(): number }>) => { const x = await r; expect(x.status(), JSON.stringify(await x.json())).toBeLessThan(300); return x.json(); };
      await login('entreprise@parcours.test');
      const programmes = await json(page.request.get('/api/programmes'));
      const measureId = programmes.items.flatMap((p: any) => p.measures).find((m: any) => m.code === 'ACTE2-AXE1').id;
      const funds = await json(page.request.get('/api/organisations?kind=training_fund&pageSize=100'));
      const created = await json(page.request.post('/api/requests', { data: {
        measureId, trainingFundId: funds.items.find((f: any) => f.name === 'OPCAIM (métallurgie)').id,
        company: { name: 'Mécanique de Précision du Doubs', siret: '73282932000074', nafCode: '25.62A', idcc: '0054', headcount: 120, departement: '25' },
        activityDrop: { start: '2010-06-01', end: '2010-12-31', justificationKind: 'partial_activity', authorisationReference: 'AP-25-2010-077', partialActivityHours: 3000, retentionCommitmentMonths: 12, retentionCommitment: 'Maintien dans l’emploi' },
        employees: [{ lastName: 'Martin', firstName: 'Julie', birthDate: '1975-04-12', sex: 'F', socioProfessionalCategory: 'ouvrier', level1969: 'V', contractType: 'CDI' }],
        actions: [{ title: 'Lecture de plans', objective: '', providerName: 'AFPA Franche-Comté', providerSiret: '82422814200660', hoursPerTrainee: 35, startDate: '2010-07-01', endDate: '2010-09-30', teachingCostCents: 200_000, hourlyWageCents: 1_500, trainees: [0] }],
        fundingLines: [{ funder: 'OPCA', proposedCents: 100_000 }, { funder: 'COMPANY', proposedCents: 152_500 }],
      } }));
      const submitted = await json(page.request.post(`/api/requests/${created.id}/submit`, { data: { version: created.version } }));
      await login('etat@parcours.test');
      await json(page.request.post(`/api/requests/${created.id}/information-requests`, { data: { reason: 'Précisez les heures d’activité partielle autorisées.', version: submitted.version } }));
      await ctx.context.clearCookies();
      await loginAs(page, 'entreprise@parcours.test');
      const id = created.id as number;
      await page.goto(`/demandes/${id}/modifier`);
      await page.getByRole('heading', { level: 2, name: 'Compléments demandés' }).waitFor();
      await page.getByRole('button', { name: 'Enregistrer les compléments' }).click();
      await page.getByRole('alert').getByText(/^Répondez à la question de /).waitFor();
      await field(page, 'activityDrop.partialActivityHours').fill('4000');
      await page.getByLabel(/^Réponse à /).first().fill('Les heures autorisées sont portées à 4 000 ; l’autorisation est jointe.');
      await check('compléments dans le formulaire', 'formulaire-06-complements');
      await page.getByRole('button', { name: 'Enregistrer les compléments' }).click();
      await page.waitForURL(new RegExp(`/demandes/${id}$`));
      await page.getByText(/^Compléments enregistrés : la demande DEM-\S+ est de nouveau en instruction\.$/).waitFor();
      expect(await page.getByText(/Action impossible/).count()).toBe(0);
      await page.getByText('En instruction').first().waitFor();
      await page.getByRole('tab', { name: 'Instruction' }).click();
      await page.getByText(/Les heures autorisées sont portées à 4 000/).waitFor();
      await check('demande de retour en instruction', 'formulaire-07-retour-instruction');
    });
  }, PATIENCE.test);

  it('dit le sexe attendu en clair sur le contrat de professionnalisation et simule un binôme d’aujourd’hui', async () => {
    const page = ctx.page;
    await guarded(page, 'acte2', async () => {
      await loginAs(page, 'entreprise@parcours.test');
      await page.goto('/acte-ii/contrats/nouveau');
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Enregistrer le contrat' }).click();
      await page.getByRole('alert').getByText(/Sexe : choisissez Femme ou Homme/).first().waitFor();
      expect(await page.getByText('Sexe attendu : F ou M.').count()).toBe(0);
      await check('contrat, sexe en clair', 'formulaire-08-cpro-sexe');

      await page.goto('/acte-ii/binomes/simulation');
      await page.getByRole('heading', { level: 1, name: 'Simuler un binôme' }).waitFor();
      const start = await field(page, 'startDate').inputValue();
      expect(start > new Date().toISOString().slice(0, 10)).toBe(true);
      expect(await field(page, 'expectedRetirementDate').inputValue() > start).toBe(true);
      await page.getByRole('button', { name: 'Simuler', exact: true }).click();
      await page.getByRole('heading', { name: 'Résultat de la simulation' }).waitFor();
      expect(await page.getByText('Le formulaire contient des erreurs').count()).toBe(0);
      expect(await page.getByRole('table', { name: 'Échéancier mensuel du senior' }).locator('tbody tr').count()).toBeGreaterThanOrEqual(12);
      await check('simulation d’aujourd’hui', 'formulaire-09-binome-aujourdhui');
      await page.getByRole('button', { name: 'Reprendre l’exemple de référence (taux 2008 à 2012)' }).click();
      expect(await field(page, 'startDate').inputValue()).toBe('2011-01-01');
      await page.getByRole('button', { name: 'Simuler', exact: true }).click();
      const text = (await page.locator('.parcours-acte2-worked').nth(1).textContent())!.replace(/[\u00a0\u202f]/g, ' ');
      expect(text).toContain('sur l’assiette temps plein : 198,00 €');
    });
  }, PATIENCE.test);
});
