import { beforeAll, expect, it } from 'vitest';
import { playWeeklyCellStory } from '../../src/demo/weeklyCellStory.js';
import { addDays, todayIso } from '../../src/shared/dates.js';
import { checkAccessibility, describeBrowser, loginAs, screenshot, useBrowser, PATIENCE } from './support/browser.js';

/**
 * The cell's secrecy and its composition, in the browser: the Region, which does not sit,
 * sees no session until the secretariat makes it a standing member; a session dated
 * later opens only with a motivation.
 */
describeBrowser('Séances de la cellule : qui les lit, qui y siège', () => {
  const ctx = useBrowser();
  beforeAll(async () => { await playWeeklyCellStory(ctx.server.ctx); }, PATIENCE.test);
  const as = async (email: string) => {
    await ctx.context.clearCookies();
    await loginAs(ctx.page, email);
  };

  it('montre les séances à ceux qui siègent, et la composition de la cellule se règle par le secrétariat', async () => {
    const page = ctx.page;
    await as('region@parcours.test');
    await page.goto('/cellule/seances');
    await page.getByText('Aucune séance pour le moment.').waitFor();

    await as('secretariat@parcours.test');
    await page.goto('/cellule/seances');
    await page.getByRole('link', { name: /^CELLULE-2011-S24$/ }).waitFor();
    await page.getByText('Membres permanents de la cellule').click();
    const form = page.getByRole('form', { name: 'Membres permanents de la cellule' });
    await form.getByLabel('Région Franche-Comté', { exact: true }).check({ force: true });
    await form.getByLabel('Représentant(e) de Région Franche-Comté').fill('Rachel Région');
    await form.getByLabel('Fonction (Région Franche-Comté)').fill('Vice-présidente formation');
    await checkAccessibility(page, { label: 'membres permanents' });
    await screenshot(page, 'seances-membres-permanents');
    await page.getByRole('button', { name: 'Enregistrer les membres' }).click();
    await page.getByText(/Membres permanents enregistrés : .*Région Franche-Comté/).waitFor();

    await as('region@parcours.test');
    await page.goto('/cellule/seances');
    await page.getByRole('link', { name: /^CELLULE-2011-S24$/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Séance CELLULE-2011-S24' }).waitFor();
    await page.getByRole('link', { name: /Procès-verbal de séance/ }).waitFor();
    // A member reads; only the secretariat runs the session.
    expect(await page.getByRole('button', { name: /Clore|Ouvrir/ }).count()).toBe(0);
    await checkAccessibility(page, { label: 'séance lue par un membre' });
  }, PATIENCE.test);

  it('n’ouvre une séance avant sa date qu’avec un motif', async () => {
    const page = ctx.page;
    await as('secretariat@parcours.test');
    await page.goto('/cellule/seances');
    await page.getByLabel(/^Date de la séance/).fill(addDays(todayIso(), 14));
    await page.getByRole('button', { name: 'Préparer la séance' }).click();
    await page.waitForURL(/\/cellule\/seances\/\d+$/);
    const motivation = page.getByLabel(/^Motif de la tenue anticipée/);
    await motivation.waitFor();
    await motivation.fill('Séance avancée : la date prévue tombe pendant le comité régional.');
    await checkAccessibility(page, { label: 'ouverture anticipée' });
    await screenshot(page, 'seances-ouverture-anticipee');
    await page.getByRole('button', { name: 'Ouvrir la séance' }).click();
    await page.getByText('La séance est ouverte').waitFor();
    await page.getByRole('region', { name: 'Participants' }).getByText(/DIRECCTE Franche-Comté — Étienne État/).waitFor();
  }, PATIENCE.test);
});
