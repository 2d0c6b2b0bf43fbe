import { expect, it } from 'vitest';
import { checkAccessibility, describeBrowser, loginAs, screenshot, useBrowser, PATIENCE } from './support/browser.js';

describeBrowser('Administration dans le navigateur', () => {
  const ctx = useBrowser();

  it('crée une organisation puis un utilisateur rattaché, et les retrouve dans les listes', async () => {
    const page = ctx.page;
    await page.goto('/administration/organisations');
    await page.waitForURL(/\/connexion\?retour=/);
    await checkAccessibility(page, { label: 'connexion' });
    await screenshot(page, 'connexion');

    // Wrong password: French message next to the field.
    await page.getByLabel('Adresse électronique').fill('admin@parcours.test');
    await page.getByLabel('Mot de passe', { exact: true }).fill('mauvais-mot-de-passe');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByText('Adresse électronique ou mot de passe incorrect.').first().waitFor();
    await checkAccessibility(page, { label: 'connexion en erreur' });
    await screenshot(page, 'connexion-erreur');

    await page.getByLabel('Mot de passe', { exact: true }).fill('parcours-demo-2026');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    // Came back to the page asked for.
    await page.waitForURL(/\/administration\/organisations$/);
    await page.getByRole('heading', { level: 1, name: 'Organisations' }).waitFor();
    await page.getByText(/\d+ résultats/).waitFor();
    expect(await page.title()).toBe('Organisations — Parcours');
    await checkAccessibility(page, { label: 'organisations' });
    await screenshot(page, 'organisations-liste');

    // Home page with tiles.
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: /Bonjour Alice/ }).waitFor();
    await checkAccessibility(page, { label: 'accueil' });
    await screenshot(page, 'accueil-admin');

    // Create an organisation: first with errors, then right.
    await page.goto('/administration/organisations/nouvelle');
    await page.getByRole('heading', { level: 1, name: 'Créer une organisation' }).waitFor();
    await page.getByLabel('Nom').fill('X');
    await page.getByRole('button', { name: 'Créer l’organisation' }).click();
    await page.getByRole('heading', { name: 'Le formulaire contient des erreurs' }).waitFor();
    await page.locator('#champ-name-messages').getByText(/au moins 2 caractères/).waitFor();
    await checkAccessibility(page, { label: 'organisation en erreur' });
    await screenshot(page, 'organisation-formulaire-erreurs');

    await page.getByLabel('Type d’organisation').selectOption('company');
    await page.getByLabel('Nom').fill('Horlogerie Comtoise de Test');
    await page.getByLabel('SIRET').fill('73282932000074');
    await page.getByLabel('Département').fill('25');
    await page.getByLabel('Zone d’emploi').selectOption({ label: 'Morteau' });
    await page.getByLabel('Adresse postale').fill('1 rue des Essais, 25000 Besançon');
    await page.getByRole('button', { name: 'Créer l’organisation' }).click();
    await page.waitForURL(/\/administration\/organisations$/);
    await page.getByText('Organisation « Horlogerie Comtoise de Test » créée.').waitFor();

    // Filter by kind and text.
    await page.getByLabel('Type d’organisation').selectOption('company');
    await page.getByLabel('Rechercher').fill('Horlogerie');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/kind=company/);
    await page.getByText('1 résultat', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'Horlogerie Comtoise de Test' }).waitFor();
    const csv = await page.getByRole('link', { name: 'Exporter en CSV' }).getAttribute('href');
    expect(csv).toContain('/api/organisations/export?format=csv');
    expect(csv).toContain('kind=company');
    expect(csv).toContain('q=Horlogerie');
    expect(await page.getByRole('link', { name: 'Exporter en XLSX' }).getAttribute('href')).toContain('format=xlsx');
    // The export link answers a file.
    const response = await page.request.get(csv!);
    expect(response.status()).toBe(200);
    expect(await response.text()).toContain('Horlogerie Comtoise de Test;Entreprise;73282932000074;25;Morteau');
    await checkAccessibility(page, { label: 'organisations filtrées' });

    // Sort by name, descending, kept in the URL.
    await page.getByRole('button', { name: 'Réinitialiser' }).click();
    await page.getByRole('button', { name: /^Nom/ }).click();
    await page.waitForURL(/order=desc/);
    await expect.poll(() => page.locator('th[aria-sort="descending"]').count()).toBe(1);
    // The header changes before the rows are reloaded: wait for rows in French descending order.
    const frenchDescending = async () => {
      const names = await page.locator('tbody th[scope="row"]').allTextContents();
      return names.length > 1 && names.join('|') === [...names].sort((a, b) => b.localeCompare(a, 'fr')).join('|');
    };
    await expect.poll(frenchDescending, { timeout: PATIENCE.step }).toBe(true);
    await screenshot(page, 'organisations-tri');

    // Create a user attached to the new organisation.
    await page.goto('/administration/utilisateurs/nouveau');
    await page.getByRole('heading', { level: 1, name: 'Créer un utilisateur' }).waitFor();
    await page.getByRole('button', { name: 'Créer le compte' }).click();
    await page.getByRole('heading', { name: 'Le formulaire contient des erreurs' }).waitFor();
    await checkAccessibility(page, { label: 'utilisateur en erreur' });
    await screenshot(page, 'utilisateur-formulaire-erreurs');
    await page.getByLabel('Prénom et nom').fill('Théo Testeur');
    await page.getByLabel('Adresse électronique').fill('theo.testeur@parcours.test');
    await page.getByLabel('Mot de passe initial').fill('un-mot-de-passe-solide');
    await page.getByLabel('Organisation').selectOption({ label: 'Horlogerie Comtoise de Test (Entreprise)' });
    await page.getByLabel('Rôle').selectOption('contributor');
    await page.getByRole('button', { name: 'Créer le compte' }).click();
    await page.getByRole('heading', { level: 1, name: 'Théo Testeur' }).waitFor();
    await page.getByText('Compte de Théo Testeur créé.').waitFor();
    await page.getByRole('row', { name: /Horlogerie Comtoise de Test/ }).waitFor();
    await page.getByRole('heading', { name: 'Création' }).waitFor();
    await checkAccessibility(page, { label: 'fiche utilisateur' });
    await screenshot(page, 'utilisateur-fiche');

    // Add a second membership, then remove it through the confirmation modal.
    await page.getByLabel('Organisation').selectOption({ label: 'AFPA Franche-Comté (Organisme de formation)' });
    await page.getByLabel('Rôle').selectOption('reader');
    await page.getByRole('button', { name: 'Ajouter le rattachement' }).click();
    await page.getByText(/Rattachement à AFPA Franche-Comté .* ajouté/).waitFor();
    await page.getByRole('button', { name: /Retirer le rattachement à AFPA/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Retirer ce rattachement ?' });
    await dialog.waitFor();
    await checkAccessibility(page, { label: 'modale de confirmation' });
    await screenshot(page, 'utilisateur-confirmation');
    await dialog.getByRole('button', { name: 'Retirer le rattachement' }).click();
    await page.getByText(/Rattachement à AFPA Franche-Comté retiré/).waitFor();
    await expect.poll(() => page.getByRole('row', { name: /AFPA/ }).count()).toBe(0);

    // The users list finds them with filters.
    await page.goto('/administration/utilisateurs?q=testeur');
    await page.getByRole('link', { name: 'Théo Testeur' }).waitFor();
    await page.getByText('1 résultat', { exact: true }).waitFor();
    await page.getByLabel('Rôle').selectOption('contributor');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/role=contributor/);
    await page.getByRole('link', { name: 'Théo Testeur' }).waitFor();
    await expect.poll(() => page.getByRole('link', { name: 'Exporter en CSV' }).getAttribute('href')).toMatch(/^\/api\/users\/export\?format=csv&.*q=testeur.*&role=contributor/);
    await checkAccessibility(page, { label: 'utilisateurs' });
    await screenshot(page, 'utilisateurs-liste');

    // Not found page.
    await page.goto('/nulle-part');
    await page.getByRole('heading', { level: 1, name: 'Page non trouvée' }).waitFor();
    expect(await page.title()).toBe('Page non trouvée — Parcours');
    await checkAccessibility(page, { label: 'page 404' });
  }, PATIENCE.test);

  it('une entreprise ne voit pas l’administration et reçoit un message en français', async () => {
    const page = ctx.page;
    await loginAs(page, 'entreprise@parcours.test');
    await page.getByRole('heading', { level: 1, name: /Bonjour Claire/ }).waitFor();
    const nav = page.locator('#fr-header-main-navigation');
    await nav.getByRole('link', { name: 'Demandes' }).waitFor({ state: 'attached' });
    expect(await nav.getByText('Administration').count()).toBe(0);
    await checkAccessibility(page, { label: 'accueil entreprise' });
    await screenshot(page, 'accueil-entreprise');

    await page.goto('/administration/utilisateurs');
    await page.getByRole('heading', { level: 1, name: 'Accès réservé' }).waitFor();
    await page.getByText('Vous n’avez pas accès à cette page').waitFor();
    await checkAccessibility(page, { label: 'accès refusé' });
    await screenshot(page, 'acces-refuse');

    // Logout goes back to the login page.
    await page.getByRole('button', { name: 'Se déconnecter' }).first().click();
    await page.waitForURL(/\/connexion/);
    await page.getByText('Vous êtes déconnecté(e).').waitFor();
  }, PATIENCE.test);
});
