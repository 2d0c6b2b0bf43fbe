import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkAccessibility, describeBrowser, loginAs, screenshot, useBrowser, PATIENCE } from './support/browser.js';

/**
 * The weekly cell's whole cycle, clicked through by each party: the company files and
 * submits, the OPCA and the State instruct (with a request for information), the
 * secretariat holds and closes the session, the company declares realisation, the funders
 * pay, the secretariat settles. Same story as tests/http/weeklyCell.test.ts.
 */
describeBrowser('Cellule hebdomadaire dans le navigateur', () => {
  // The server keeps the real clock: a frozen 2010 clock would give the session cookie an
  // expiry in the past, which the browser drops. Payments are dated today (UTC, as the server).
  const ctx = useBrowser();
  const today = new Date().toISOString().slice(0, 10);

  const field = (page: Page, path: string) => page.locator(`#champ-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`);
  const as = async (email: string) => {
    await ctx.context.clearCookies();
    await loginAs(ctx.page, email);
  };
  const check = async (label: string, name = label) => {
    await checkAccessibility(ctx.page, { label });
    await screenshot(ctx.page, name);
  };
  const openTab = async (page: Page, id: number, tab: string, name: string) => {
    await page.goto(`/demandes/${id}${tab === 'dossier' ? '' : `?onglet=${tab}`}`);
    await page.getByRole('tab', { name, selected: true }).waitFor();
  };

  it('dépose, instruit, décide en séance, suit la réalisation et solde une demande', async () => {
    try {
      await cycle();
    } catch (error) {
      // Keep what the page showed when it failed.
      await screenshot(ctx.page, 'cellule-echec').catch(() => undefined);
      throw error;
    }
  }, PATIENCE.test);

  async function cycle() {
    const page = ctx.page;

    // ---- The company files a request ---------------------------------------------
    await as('entreprise@parcours.test');
    await page.goto('/demandes');
    await page.getByRole('heading', { level: 1, name: 'Demandes de financement' }).waitFor();
    await page.getByText(/résultat/).first().waitFor();
    await check('demandes (entreprise)', 'cellule-01-demandes-entreprise');
    await page.getByRole('link', { name: 'Nouvelle demande' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nouvelle demande de financement' }).waitFor();

    // Company block prefilled from the user's organisation.
    await expect.poll(() => field(page, 'company.siret').inputValue()).toBe('73282932000074');
    expect(await field(page, 'company.name').inputValue()).toBe('Mécanique de Précision du Doubs');
    // The employment area comes from the organisation too, and the areas of its département come first.
    await expect.poll(() => field(page, 'company.employmentArea').inputValue()).toBe('besancon');
    expect(await field(page, 'company.employmentArea').locator('option').nth(1).textContent()).toMatch(/Besançon|Montbéliard|Morteau|Pontarlier/);
    await expect.poll(() => field(page, 'measureId').locator('option').count()).toBeGreaterThan(1);
    await field(page, 'measureId').selectOption({ label: 'ACTE2-AXE1 — Axe 1 — poursuite de l’Acte I (PME et TPE de l’industrie)' });
    await expect.poll(() => field(page, 'trainingFundId').locator('option').count()).toBeGreaterThan(1);
    await field(page, 'trainingFundId').selectOption({ label: 'OPCAIM (métallurgie)' });
    await field(page, 'company.nafCode').fill('25.62A');
    await field(page, 'company.idcc').fill('0054');
    await field(page, 'company.headcount').fill('120');

    await field(page, 'activityDrop.start').fill('2010-06-01');
    await field(page, 'activityDrop.end').fill('2010-12-31');
    await field(page, 'activityDrop.justificationKind').selectOption('partial_activity');
    await field(page, 'activityDrop.authorisationReference').fill('AP-25-2010-042');
    await field(page, 'activityDrop.partialActivityHours').fill('15000');
    await field(page, 'activityDrop.retentionCommitmentMonths').fill('12');
    await field(page, 'activityDrop.retentionCommitment').fill('Aucun licenciement économique pendant 12 mois');

    const employees = [
      { lastName: 'Martin', firstName: 'Julie', birthDate: '1975-04-12', sex: 'F', socioProfessionalCategory: 'ouvrier', level1969: 'V' },
      { lastName: 'Petit', firstName: 'Marc', birthDate: '1962-10-01', sex: 'M', socioProfessionalCategory: 'technicien_am', level1969: 'I' },
    ];
    for (const [i, e] of employees.entries()) {
      await page.getByRole('button', { name: 'Ajouter un salarié' }).click();
      await field(page, `employees.${i}.lastName`).fill(e.lastName);
      await field(page, `employees.${i}.firstName`).fill(e.firstName);
      await field(page, `employees.${i}.birthDate`).fill(e.birthDate);
      await field(page, `employees.${i}.sex`).selectOption(e.sex);
      await field(page, `employees.${i}.socioProfessionalCategory`).selectOption(e.socioProfessionalCategory);
      await field(page, `employees.${i}.level1969`).selectOption(e.level1969);
    }
    // Level V gives level 3 of the 2019 framework; level I asks 7 or 8.
    await page.getByText('Niveau 3', { exact: true }).waitFor();
    await field(page, 'employees.1.level2019').selectOption('7');

    await page.getByRole('button', { name: 'Ajouter une action de formation' }).click();
    await field(page, 'actions.0.title').fill('Usinage sur commande numérique');
    await field(page, 'actions.0.objective').fill('Polyvalence sur centres d’usinage');
    await field(page, 'actions.0.providerName').fill('AFPA Franche-Comté');
    await field(page, 'actions.0.providerSiret').fill('82422814200660');
    await field(page, 'actions.0.hoursPerTrainee').fill('70');
    await field(page, 'actions.0.startDate').fill('2010-07-01');
    await field(page, 'actions.0.endDate').fill('2010-09-30');
    await field(page, 'actions.0.teachingCostCents').fill('7000');
    await field(page, 'actions.0.hourlyWageCents').fill('15');
    await page.getByLabel('Julie Martin', { exact: true }).check({ force: true });
    await page.getByLabel('Marc Petit', { exact: true }).check({ force: true });
    // Totals computed on screen: 7 000 € teaching + 2 × 70 h × 15 € = 9 100 €.
    const totals = page.getByRole('region', { name: 'Totaux de la demande' });
    await totals.getByText('140', { exact: true }).waitFor();
    await totals.getByText('9 100,00 €').waitFor();

    // Submitting without a financing plan: the draft is saved and the missing points are listed.
    await page.getByRole('button', { name: 'Déposer la demande' }).click();
    await page.getByRole('heading', { name: 'Le formulaire contient des erreurs' }).waitFor();
    await page.getByRole('alert').getByText('Proposez un plan de financement.').waitFor();
    await page.waitForURL(/\/demandes\/\d+\/modifier$/);
    await check('formulaire de demande, dépôt refusé', 'cellule-02-formulaire-manques');

    const lines = [['OPCA', '4000'], ['STATE', '3000'], ['COMPANY', '2100']];
    for (const [i, [funder, amount]] of lines.entries()) {
      await page.getByRole('button', { name: 'Ajouter un financeur' }).click();
      await field(page, `fundingLines.${i}.funder`).selectOption(funder);
      await field(page, `fundingLines.${i}.proposedCents`).fill(amount);
    }
    await page.getByText(/reste à financer : 0,00/).waitFor();
    await screenshot(page, 'cellule-03-formulaire-complet');
    await page.getByRole('button', { name: 'Déposer la demande' }).click();
    await page.waitForURL(/\/demandes\/\d+$/);
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByText(/déposée : elle est transmise aux partenaires/).waitFor();
    await page.getByText('En instruction').first().waitFor();
    await page.getByRole('heading', { level: 1, name: /^Demande DEM-/ }).waitFor();
    const reference = (await page.getByRole('heading', { level: 1 }).textContent())!.replace(/^Demande /, '').trim();
    await check('demande déposée (entreprise)', 'cellule-04-demande-entreprise');

    // ---- The OPCA gives its opinion and writes in the private thread ---------------
    await as('opca@parcours.test');
    await openTab(page, id, 'instruction', 'Instruction');
    await page.getByText('Avis attendu').first().waitFor();
    await page.getByLabel('Favorable', { exact: true }).check({ force: true });
    await page.getByLabel(/^Montant proposé/).fill('4000');
    await page.getByRole('button', { name: 'Enregistrer l’avis' }).click();
    await page.getByText('Votre avis a été enregistré.').waitFor();
    await check('instruction (OPCA)', 'cellule-05-instruction-opca');
    await page.getByRole('tab', { name: 'Fil privé' }).click();
    await page.locator('#fil-message').fill('Coût horaire cohérent avec nos barèmes.');
    await page.getByRole('button', { name: 'Envoyer le message' }).click();
    await page.getByText('Coût horaire cohérent avec nos barèmes.').waitFor();
    await check('fil privé (OPCA)');

    // ---- The State asks for information --------------------------------------------
    await as('etat@parcours.test');
    await openTab(page, id, 'instruction', 'Instruction');
    await page.getByLabel(/^Question à l’entreprise/).fill('Joignez l’autorisation d’activité partielle.');
    await page.getByRole('button', { name: 'Demander des compléments' }).click();
    await page.getByText('La demande de compléments a été envoyée à l’entreprise.').waitFor();
    await page.getByText('Compléments demandés').first().waitFor();
    await check('instruction (État, compléments demandés)');

    // ---- The company answers ------------------------------------------------------------
    await as('entreprise@parcours.test');
    await page.goto(`/demandes/${id}`);
    await page.getByText('Des compléments vous sont demandés').waitFor();
    await page.getByRole('button', { name: 'Instruction' }).first().click();
    await page.getByRole('tab', { name: 'Instruction', selected: true }).waitFor();
    // The company never sees the private thread.
    expect(await page.getByRole('tab', { name: 'Fil privé' }).count()).toBe(0);
    await page.getByLabel(/^Votre réponse/).fill('Autorisation n° AP-25-2010-042 jointe.');
    await page.getByRole('button', { name: 'Envoyer la réponse' }).click();
    await page.getByText('Votre réponse a été transmise aux partenaires.').waitFor();
    await check('instruction (entreprise, réponse)', 'cellule-06-reponse-entreprise');

    // ---- The State gives its opinion: the request becomes ready ---------------------
    await as('etat@parcours.test');
    await openTab(page, id, 'instruction', 'Instruction');
    await page.getByLabel('Favorable avec réserves', { exact: true }).check({ force: true });
    await page.getByLabel(/^Commentaire/).fill('Vérifier l’engagement de maintien dans l’emploi.');
    await page.getByRole('button', { name: 'Enregistrer l’avis' }).click();
    await page.getByText('Votre avis a été enregistré.').waitFor();
    await page.getByText('Prête pour la cellule').first().waitFor();
    await page.getByText('Instruction complète : la demande est prête pour la cellule.').waitFor();
    await check('instruction (État, avis)', 'cellule-07-instruction-etat');

    // ---- The secretariat holds the session ---------------------------------------------
    await as('secretariat@parcours.test');
    await page.goto('/cellule/seances');
    await page.getByRole('heading', { level: 1, name: 'Séances de la cellule' }).waitFor();
    await check('séances', 'cellule-08-seances');
    await page.getByLabel(/^Date de la séance/).fill(today);
    await page.getByRole('button', { name: 'Préparer la séance' }).click();
    await page.waitForURL(/\/cellule\/seances\/\d+$/);
    await page.getByText(/préparée : 1 demande/).waitFor();
    await page.getByRole('link', { name: reference }).waitFor();
    await check('séance préparée', 'cellule-09-seance-preparee');
    // Opening records who sits: the cell's standing members are ticked, with their representatives.
    const opening = page.getByRole('form', { name: 'Ouvrir la séance' });
    await opening.getByLabel('DIRECCTE Franche-Comté', { exact: true }).waitFor();
    expect(await opening.getByLabel('DIRECCTE Franche-Comté', { exact: true }).isChecked()).toBe(true);
    await opening.getByLabel('Région Franche-Comté', { exact: true }).check({ force: true });
    await opening.getByLabel('Représentant(e) de Région Franche-Comté').fill('Rachel Région');
    await page.getByRole('button', { name: 'Ouvrir la séance' }).click();
    await page.getByText('La séance est ouverte').waitFor();
    const present = page.getByRole('region', { name: 'Participants' });
    await present.getByText('DIRECCTE Franche-Comté — Étienne État, Directeur adjoint du travail, DIRECCTE').waitFor();
    await present.getByText('Région Franche-Comté — Rachel Région').waitFor();

    await page.getByLabel('Accord partiel', { exact: true }).check({ force: true });
    await page.getByLabel(/^État \(FNE-Formation\) \(demandé/).fill('2500');
    await page.getByLabel(/^Motivation/).fill('Part de l’État ramenée à 2 500 €.');
    await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await page.getByText(/Décision enregistrée pour .* : Accord partiel/).waitFor();
    // Only the latest message shows: the opening one is gone.
    expect(await page.getByText('La séance est ouverte').count()).toBe(0);
    expect(await page.getByText(/préparée : 1 demande/).count()).toBe(0);
    const committed = page.getByRole('region', { name: /Montants accordés à ce stade/ });
    await committed.getByText('2 500,00 €').waitFor();
    await check('séance ouverte, décision', 'cellule-10-seance-decision');

    await page.getByRole('button', { name: 'Clore la séance' }).click();
    const dialog = page.getByRole('dialog', { name: /Clore la séance/ });
    await dialog.getByText('produit le procès-verbal de séance', { exact: false }).waitFor();
    await check('séance, confirmation de clôture', 'cellule-11-cloture-confirmation');
    await dialog.getByRole('button', { name: 'Clore la séance' }).click();
    await page.getByText(/Séance close/).first().waitFor();
    const minutes = page.getByRole('link', { name: /Procès-verbal de séance/ });
    await minutes.waitFor();
    const pdf = await page.request.get((await minutes.getAttribute('href'))!);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    await check('séance close, procès-verbal', 'cellule-12-seance-close');

    // ---- The company declares what was realised -------------------------------------
    await as('entreprise@parcours.test');
    await openTab(page, id, 'decision', 'Décision');
    await page.getByText('Accord partiel').first().waitFor();
    await page.getByRole('link', { name: /Courrier de décision/ }).waitFor();
    await check('décision (entreprise)', 'cellule-13-decision-entreprise');
    await openTab(page, id, 'suivi', 'Suivi');
    await field(page, 'actions.0.realisedTrainees').fill('2');
    await field(page, 'actions.0.realisedHours').fill('120');
    await field(page, 'actions.0.realisedTeachingCostCents').fill('7000');
    await page.getByRole('button', { name: 'Enregistrer la réalisation' }).click();
    await page.getByText(/La réalisation a été enregistrée/).waitFor();
    // 8 800 € realised of 9 100 €: the State now owes 2 500 × 88/91.
    await page.getByText('2 417,58 €').first().waitFor();
    await check('suivi (entreprise)', 'cellule-14-suivi-entreprise');

    // ---- The funders pay -----------------------------------------------------------------
    for (const [email, reference, due] of [['etat@parcours.test', 'MANDAT-1', '2 417,58'], ['opca@parcours.test', 'OPCA-77', '3 868,13']] as const) {
      await as(email);
      await openTab(page, id, 'suivi', 'Suivi');
      expect((await page.getByLabel(/^Montant versé/).inputValue()).replace(/\s/g, ' ')).toBe(due);
      await page.getByLabel(/^Date du versement/).fill(today);
      await page.getByLabel(/^Référence du versement/).fill(reference);
      await page.getByRole('button', { name: 'Enregistrer le versement' }).click();
      await page.getByText('Le versement a été enregistré.').waitFor();
      await page.getByText(new RegExp(`réf\\. ${reference}`)).waitFor();
    }
    await check('suivi (OPCA, versement)', 'cellule-15-suivi-versements');

    // ---- The secretariat settles -------------------------------------------------------
    await as('secretariat@parcours.test');
    await openTab(page, id, 'suivi', 'Suivi');
    await page.getByRole('button', { name: 'Solder la demande' }).click();
    const settle = page.getByRole('dialog', { name: /Solder la demande/ });
    await settle.getByLabel(/^Motif du solde/).fill('Part entreprise justifiée par attestation.');
    await check('solde, confirmation');
    await settle.getByRole('button', { name: 'Solder', exact: true }).click();
    await page.getByText(/La demande est soldée/).waitFor();
    await page.getByText('Soldée', { exact: true }).first().waitFor();
    await page.getByRole('tab', { name: 'Historique' }).click();
    await page.getByRole('heading', { name: 'Demande soldée' }).waitFor();
    await page.getByRole('heading', { name: 'Demande de compléments' }).waitFor();
    await check('historique (secrétariat)', 'cellule-16-historique');

    // The company's list shows the request as settled.
    await as('entreprise@parcours.test');
    await page.goto('/demandes?status=closed');
    await page.getByRole('row').filter({ hasText: reference }).getByText('Soldée').waitFor();
    await check('demandes soldées (entreprise)', 'cellule-17-demandes-soldees');
  }
});
