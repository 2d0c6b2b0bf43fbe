import { expect, it } from 'vitest';
import { sampleDraft } from '../support/requests.js';
import type { TestApp } from '../support/app.js';
import { pdfBytes } from '../support/documents.js';
import { checkAccessibility, describeBrowser, loginAs, screenshot, useBrowser, PATIENCE } from './support/browser.js';

/**
 * Supporting documents in the browser: the administrator makes the partial-activity
 * authorisation and the provider's quote required, the company attaches both and submits,
 * the OPCA asks for the signed training plan, the company uploads it and answers, the OPCA
 * reads it; the company and the OPCA write to each other.
 */
describeBrowser('Pièces justificatives dans le navigateur', () => {
  const ctx = useBrowser();
  const as = async (email: string) => {
    await ctx.context.clearCookies();
    await loginAs(ctx.page, email);
  };
  const check = async (label: string, name: string) => {
    await checkAccessibility(ctx.page, { label });
    await screenshot(ctx.page, name);
  };
  const pdf = (name: string, text: string) => ({ name, mimeType: 'application/pdf', buffer: pdfBytes(text) });

  it('attache les pièces, demande et reçoit le plan de formation signé', async () => {
    try {
      await story();
    } catch (error) {
      await screenshot(ctx.page, 'pieces-echec').catch(() => undefined);
      throw error;
    }
  }, PATIENCE.test);

  async function story() {
    const page = ctx.page;
    const { db } = ctx.server.ctx.database;

    // ---- The administrator marks the filing documents of Axis 1 as required ------------
    await as('admin@parcours.test');
    const acte2 = await db.selectFrom('programmes').select('id').where('code', '=', 'ACTE2').executeTakeFirstOrThrow();
    await page.goto(`/programmes/${acte2.id}`);
    await page.getByRole('heading', { name: 'Pièces justificatives attendues' }).waitFor();
    await page.getByLabel(/Obligatoire : Autorisation d’activité partielle/).check({ force: true });
    await page.getByLabel(/Obligatoire : Devis et programme/).check({ force: true });
    await page.getByRole('button', { name: 'Enregistrer la liste des pièces' }).click();
    await page.getByText('La liste des pièces a été enregistrée.').waitFor();
    await check('programme (pièces attendues)', 'pieces-01-admin-liste');

    // ---- The company's draft: submission names the missing documents -------------------
    await as('entreprise@parcours.test');
    const t = { ctx: ctx.server.ctx, orgId: async (name: string) => (await db.selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id } as unknown as TestApp;
    const created = await page.request.post('/api/requests', { data: await sampleDraft(t) });
    expect(created.status()).toBe(201);
    const draft = await created.json();
    const refused = await page.request.post(`/api/requests/${draft.id}/submit`, { data: { version: draft.version } });
    expect(refused.status()).toBe(400);
    expect((await refused.json()).error.issues.map((i: { message: string }) => i.message)).toContain('Pièce manquante (dépôt) : « Autorisation d’activité partielle (ou accord APLD) ».');

    await page.goto(`/demandes/${draft.id}?onglet=pieces`);
    await page.getByRole('heading', { level: 2, name: 'Pièces justificatives' }).waitFor();
    await page.getByText(/2 pièces obligatoires manquent/).waitFor();
    await check('pièces (entreprise, brouillon)', 'pieces-02-entreprise-manquantes');
    await page.getByLabel(/^Fichier pour « Autorisation d’activité partielle/).setInputFiles(pdf('autorisation AP-25-2010-042.pdf', 'autorisation'));
    await page.getByRole('form', { name: /Envoi — Fichier pour « Autorisation/ }).getByRole('button', { name: 'Déposer' }).click();
    await page.getByText(/La pièce a été déposée. \(autorisation AP-25-2010-042.pdf\)/).waitFor();
    await page.getByLabel(/^Fichier pour « Devis et programme/).setInputFiles(pdf('devis AFPA.pdf', 'devis'));
    await page.getByRole('form', { name: /Envoi — Fichier pour « Devis/ }).getByRole('button', { name: 'Déposer' }).click();
    await page.getByText(/La pièce a été déposée. \(devis AFPA.pdf\)/).waitFor();
    expect(await page.getByText(/pièces? obligatoires? manque/).count()).toBe(0);
    await page.getByRole('link', { name: /autorisation AP-25-2010-042.pdf/ }).waitFor();
    await check('pièces (entreprise, fournies)', 'pieces-03-entreprise-fournies');

    const fresh = await (await page.request.get(`/api/requests/${draft.id}`)).json();
    const submitted = await page.request.post(`/api/requests/${draft.id}/submit`, { data: { version: fresh.version } });
    expect(submitted.status()).toBe(200);

    // ---- The OPCA asks for the signed training plan ------------------------------------
    await as('opca@parcours.test');
    await page.goto(`/demandes/${draft.id}?onglet=instruction`);
    await page.getByRole('tab', { name: 'Instruction', selected: true }).waitFor();
    await page.getByLabel(/^Question à l’entreprise/).fill('Merci de joindre le plan de formation signé par la direction.');
    await page.getByLabel('Plan de formation signé', { exact: true }).check({ force: true });
    await check('instruction (OPCA, pièce demandée)', 'pieces-04-opca-demande');
    await page.getByRole('button', { name: 'Demander des compléments' }).click();
    await page.getByText('La demande de compléments a été envoyée à l’entreprise.').waitFor();

    // ---- The company uploads it and answers -----------------------------------------------
    await as('entreprise@parcours.test');
    await page.goto(`/demandes/${draft.id}`);
    await page.getByText('Des compléments vous sont demandés').waitFor();
    await page.getByRole('button', { name: 'Pièces', exact: true }).click();
    await page.getByRole('heading', { name: 'Pièces demandées' }).waitFor();
    await check('pièces (entreprise, pièce demandée)', 'pieces-05-entreprise-demandee');
    await page.getByLabel(/^Fichier pour « Plan de formation signé »/).first().setInputFiles(pdf('plan de formation signé.pdf', 'plan signé'));
    await page.getByRole('form', { name: /Envoi — Fichier pour « Plan de formation signé »/ }).first().getByRole('button', { name: 'Déposer' }).click();
    await page.getByText(/La pièce a été déposée. \(plan de formation signé.pdf\)/).waitFor();
    await page.getByRole('tab', { name: 'Instruction' }).click();
    await page.getByLabel(/^Votre réponse/).fill('Le plan de formation signé est joint.');
    await page.getByRole('button', { name: 'Envoyer la réponse' }).click();
    await page.getByText('Votre réponse a été transmise aux partenaires.').waitFor();

    // ---- The OPCA reads it, and writes to the company ------------------------------------
    await as('opca@parcours.test');
    await page.goto(`/demandes/${draft.id}?onglet=pieces`);
    const link = page.getByRole('link', { name: /plan de formation signé.pdf/ }).first();
    await link.waitFor();
    const download = await page.request.get((await link.getAttribute('href'))!);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toBe('application/pdf');
    expect((await download.body()).toString()).toContain('plan signé');
    await check('pièces (OPCA)', 'pieces-06-opca-pieces');
    // The request for information shows the document asked for, linked to the file received.
    await page.getByRole('tab', { name: 'Instruction' }).click();
    await page.getByText('Pièces demandées :').waitFor();
    expect(await page.locator('li', { hasText: 'Plan de formation signé —' }).getByRole('link', { name: 'plan de formation signé.pdf' }).count()).toBe(1);
    await page.getByRole('tab', { name: 'Échanges' }).click();
    await page.locator('#echange-message').fill('Merci, le plan signé est bien reçu.');
    await page.getByRole('button', { name: 'Envoyer le message' }).click();
    await page.getByText('Merci, le plan signé est bien reçu.').waitFor();
    await check('échanges (OPCA)', 'pieces-07-opca-echanges');

    await as('entreprise@parcours.test');
    await page.goto(`/demandes/${draft.id}?onglet=echanges`);
    await page.getByText('Merci, le plan signé est bien reçu.').waitFor();
    expect(await page.getByRole('tab', { name: 'Fil privé' }).count()).toBe(0);
    await check('échanges (entreprise)', 'pieces-08-entreprise-echanges');
  }
});
