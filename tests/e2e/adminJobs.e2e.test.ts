import { expect, it } from 'vitest';
import { labelJobKinds, registerJob } from '../../src/platform/outbox/jobs.js';
import { checkAccessibility, describeBrowser, loginAs, screenshot, useBrowser } from './support/browser.js';

describeBrowser('Tâches de fond dans l’administration', () => {
  const ctx = useBrowser();

  it('montre une tâche en échec avec son erreur, la relance, puis la montre terminée', async () => {
    let sent = 0;
    registerJob('test.mailing', async () => { sent++; return { sent }; });
    labelJobKinds({ 'test.mailing': 'Envoi des courriels de séance' });
    const { db } = ctx.server.ctx.database;
    const at = new Date().toISOString();
    const { id } = await db.insertInto('jobs').values({
      kind: 'test.mailing', payload: '{}', status: 'failed', attempts: 3, runAfter: at, progress: 0, createdAt: at, finishedAt: at,
      error: 'Le serveur de courrier a refusé la connexion',
    }).returning('id').executeTakeFirstOrThrow();

    const page = ctx.page;
    await loginAs(page, 'admin@parcours.test');
    await page.goto('/administration/taches');
    await page.getByRole('heading', { level: 1, name: 'Tâches de fond' }).waitFor();
    await page.getByLabel('État').selectOption({ label: 'En échec' });
    await page.getByLabel('Sorte de tâche').selectOption({ label: 'Envoi des courriels de séance' });
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/status=failed/);
    await page.getByText('1 résultat', { exact: true }).waitFor();
    const row = page.getByRole('row').filter({ hasText: `n° ${id}` });
    await row.getByText('Le serveur de courrier a refusé la connexion').waitFor();
    await row.getByText('En échec').waitFor();
    await checkAccessibility(page, { label: 'tâches en échec' });
    await screenshot(page, 'taches-en-echec');

    await row.getByRole('button', { name: `Relancer la tâche n° ${id}` }).click();
    const dialog = page.getByRole('dialog', { name: `Relancer la tâche n° ${id} ?` });
    await dialog.waitFor();
    await checkAccessibility(page, { label: 'relance à confirmer' });
    await screenshot(page, 'taches-relance');
    await dialog.getByRole('button', { name: 'Relancer la tâche' }).click();
    await page.getByText(`Tâche n° ${id} relancée : elle est de nouveau en attente.`).waitFor();

    // The poller of the server runs it; the list shows it done, with the error of its failed run kept.
    await expect.poll(async () => (await db.selectFrom('jobs').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, { timeout: 10_000 }).toBe('done');
    expect(sent).toBe(1);
    await page.getByLabel('État').selectOption({ label: 'Terminée' });
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/status=done/);
    const done = page.getByRole('row').filter({ hasText: `n° ${id}` });
    await done.getByText('Terminée').waitFor();
    expect(await done.getByRole('button', { name: /Relancer/ }).count()).toBe(0);
    await checkAccessibility(page, { label: 'tâches terminées' });
    await screenshot(page, 'taches-terminees');
  }, 120_000);
});
