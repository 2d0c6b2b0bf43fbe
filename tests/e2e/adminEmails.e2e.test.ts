import { expect, it } from 'vitest';
import { checkAccessibility, describeBrowser, loginAs, screenshot, useBrowser } from './support/browser.js';

describeBrowser('Courriels dans l’administration', () => {
  const ctx = useBrowser();

  it('liste la boîte d’envoi, filtre les courriels en nouvel essai et lit le texte de l’un d’eux', async () => {
    const { db } = ctx.server.ctx.database;
    const at = new Date().toISOString();
    await db.insertInto('emails').values({
      toAddress: 'opca@parcours.test', subject: '[Parcours] Avis attendu sur DEM-2010-004', body: 'Votre avis est attendu avant la séance.',
      link: '/demandes/4', createdAt: at, sentAt: null, effectKey: null, attempts: 2, lastError: '452 Boîte pleine', nextAttemptAt: at, claimedUntil: null,
    }).execute();

    const page = ctx.page;
    await loginAs(page, 'admin@parcours.test');
    await page.goto('/administration/courriels');
    await page.getByRole('heading', { level: 1, name: 'Courriels' }).waitFor();
    await page.getByLabel('État').selectOption({ label: 'Nouvel essai prévu' });
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/status=retrying/);
    await page.getByText('1 résultat', { exact: true }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Avis attendu sur DEM-2010-004' });
    await row.getByText('452 Boîte pleine').waitFor();
    await row.getByText('Avis attendu sur DEM-2010-004').click();
    await row.getByText('Votre avis est attendu avant la séance.').waitFor();
    expect(await row.getByRole('link', { name: '/demandes/4' }).count()).toBe(1);
    await checkAccessibility(page, { label: 'courriels en nouvel essai' });
    await screenshot(page, 'courriels-nouvel-essai');
  }, 120_000);
});
