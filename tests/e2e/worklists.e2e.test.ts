import { expect, it } from 'vitest';
import { deliverDueEmails, smtpTransport } from '../../src/platform/mail/delivery.js';
import { DEMO_PASSWORD } from '../../src/demo/organisations.js';
import { notifyOrganisations } from '../../src/platform/notifications/notify.js';
import { addDays } from '../../src/shared/dates.js';
import { sendReminders } from '../../src/weeklyCell/reminders.js';
import { cellToday } from '../../src/weeklyCell/sessions/sessionPolicy.js';
import { startSmtp } from '../support/smtp.js';
import { checkAccessibility, describeBrowser, loginAs, screenshot, useBrowser, PATIENCE } from './support/browser.js';

/**
 * Each party's home page says what waits for it and links to the filtered list; the header
 * counts unread notifications; a reminder leaves as a real e-mail, caught by a local SMTP server.
 */
describeBrowser('Ce qui attend chacun, notifications et rappels', () => {
  // The real clock: a frozen one would give the session cookie an expiry in the past.
  const ctx = useBrowser();
  let requestId = 0;
  let reference = '';

  const api = async (email: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
    const { app } = ctx.server;
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: DEMO_PASSWORD } });
    const cookie = `parcours_session=${login.cookies.find((c) => c.name === 'parcours_session')!.value}`;
    const response = await app.inject({ method, url, headers: { cookie }, ...(payload !== undefined ? { payload: payload as any } : {}) });
    expect(response.statusCode, `${method} ${url} ${response.body}`).toBeLessThan(300);
    return response.json();
  };
  const as = async (email: string) => {
    await ctx.context.clearCookies();
    await loginAs(ctx.page, email);
  };
  const check = async (label: string) => {
    await checkAccessibility(ctx.page, { label });
    await screenshot(ctx.page, label);
  };

  /** A request filed and submitted by the demo company, routed to OPCAIM and the DIRECCTE. */
  const fileRequest = async () => {
    const { db } = ctx.server.ctx.database;
    const measure = await db.selectFrom('measures').select('id').where('code', '=', 'ACTE2-AXE1').executeTakeFirstOrThrow();
    const fund = await db.selectFrom('organisations').select('id').where('name', '=', 'OPCAIM (métallurgie)').executeTakeFirstOrThrow();
    const today = cellToday(new Date());
    const created = await api('entreprise@parcours.test', 'POST', '/api/requests', {
      measureId: measure.id, trainingFundId: fund.id,
      company: { name: 'Mécanique de Précision du Doubs', siret: '73282932000074', nafCode: '25.62A', idcc: '0054', headcount: 120, departement: '25' },
      activityDrop: { start: today, end: addDays(today, 180), justificationKind: 'partial_activity', authorisationReference: 'AP-25-042', partialActivityHours: 15000, retentionCommitmentMonths: 12, retentionCommitment: 'Aucun licenciement économique pendant 12 mois' },
      employees: [{ lastName: 'Martin', firstName: 'Julie', birthDate: '1975-04-12', sex: 'F', socioProfessionalCategory: 'ouvrier', level1969: 'V', contractType: 'CDI' }],
      actions: [{ title: 'Usinage sur commande numérique', objective: 'Polyvalence', providerName: 'AFPA Franche-Comté', providerSiret: '82422814200660', hoursPerTrainee: 70, startDate: addDays(today, 20), endDate: addDays(today, 80), teachingCostCents: 350_000, hourlyWageCents: 1_500, trainees: [0] }],
      fundingLines: [{ funder: 'OPCA', proposedCents: 200_000 }, { funder: 'STATE', proposedCents: 150_000 }, { funder: 'COMPANY', proposedCents: 105_000 }],
    });
    // Today the metalworking branch's fund is OPCO 2i: the company confirms the demo's OPCAIM.
    const submitted = await api('entreprise@parcours.test', 'POST', `/api/requests/${created.id}/submit`, { version: created.version, confirmFund: true });
    requestId = created.id;
    reference = submitted.reference;
  };

  it('montre à chaque partenaire les avis qu’il doit et mène à la liste filtrée', async () => {
    await fileRequest();
    for (const [email, label] of [['opca@parcours.test', 'accueil-opca'], ['etat@parcours.test', 'accueil-etat']] as const) {
      await as(email);
      const page = ctx.page;
      await page.getByRole('heading', { level: 2, name: 'Ce qui vous attend' }).waitFor();
      const task = page.getByRole('link', { name: /attend(ent)? votre avis/ });
      await page.getByRole('link', { name: new RegExp(reference) }).first().waitFor();
      await check(label);
      await task.click();
      await page.waitForURL(/todo=opinion/);
      await page.getByRole('link', { name: reference }).waitFor();
      expect(await page.getByLabel('À faire').inputValue()).toBe('opinion');
      await check(`${label}-liste`);
    }
  }, PATIENCE.test);

  it('dit à l’entreprise depuis quand des compléments lui sont demandés', async () => {
    const request = await api('etat@parcours.test', 'GET', `/api/requests/${requestId}`);
    await api('etat@parcours.test', 'POST', `/api/requests/${requestId}/information-requests`, { reason: 'Joignez l’autorisation d’activité partielle.', version: request.version });
    await as('entreprise@parcours.test');
    const page = ctx.page;
    const task = page.getByRole('link', { name: /compléments demandés depuis 0 jour/ }).first();
    await task.waitFor();
    await check('accueil-entreprise');
    await page.getByRole('link', { name: /demande : compléments demandés depuis/ }).click();
    await page.waitForURL(/status=awaiting_information/);
    await page.getByRole('link', { name: reference }).waitFor();
    await page.getByText(/Avant le/).first().waitFor();
    await check('accueil-entreprise-liste');
    await page.getByRole('link', { name: reference }).click();
    await page.getByRole('heading', { level: 2, name: 'Échéances' }).waitFor();
    await page.getByText(/Réponse de l’entreprise attendue le/).waitFor();
    await check('demande-echeances-entreprise');
  }, PATIENCE.test);

  it('compte les notifications non lues dans l’en-tête et les marque comme lues', async () => {
    const { db } = ctx.server.ctx.database;
    const opca = await db.selectFrom('organisations').select('id').where('name', '=', 'OPCAIM (métallurgie)').executeTakeFirstOrThrow();
    await notifyOrganisations(db, new Date().toISOString(), [opca.id], { subject: 'Séance de la cellule close', body: 'Les décisions sont disponibles.', kind: 'session_decided' });
    await as('opca@parcours.test');
    const page = ctx.page;
    const header = page.getByRole('link', { name: /^Notifications : \d+ non lues?$/ });
    await header.waitFor();
    const before = Number((await header.getAttribute('aria-label'))!.match(/\d+/)![0]);
    expect(before).toBeGreaterThan(1);
    await header.click();
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await page.locator('label[for="etat-unread"]').click();
    await page.waitForURL(/etat=unread/);
    await page.getByRole('button', { name: new RegExp(`^Marquer comme lue : Nouvelle demande à instruire : ${reference}`) }).waitFor();
    await check('notifications-non-lues');
    await page.getByRole('button', { name: new RegExp(`^Marquer comme lue : Nouvelle demande à instruire : ${reference}`) }).click();
    await page.getByText('Notification marquée comme lue.').waitFor();
    await page.getByRole('link', { name: `Notifications : ${before - 1} non lue${before - 1 > 1 ? 's' : ''}` }).waitFor();
    await page.getByRole('button', { name: 'Tout marquer comme lu' }).click();
    await page.getByRole('link', { name: 'Notifications : aucune non lue' }).waitFor();
    await check('notifications-tout-lu');
  }, PATIENCE.test);

  it('envoie un rappel la veille de l’échéance, reçu par un vrai serveur SMTP, et le mesure pour les administrateurs', async () => {
    const smtp = await startSmtp();
    const transport = smtpTransport(smtp.url);
    try {
      const { ctx: app } = ctx.server;
      const opca = await app.database.db.selectFrom('organisations').select('id').where('name', '=', 'OPCAIM (métallurgie)').executeTakeFirstOrThrow();
      const tomorrow = addDays(cellToday(new Date()), 1);
      await api('secretariat@parcours.test', 'PUT', `/api/requests/${requestId}/deadlines/opinion`, { organisationId: opca.id, dueOn: tomorrow, reason: 'Séance avancée : avis attendu demain.' });
      expect((await sendReminders(app)).sent).toBe(1);
      expect((await sendReminders(app)).sent).toBe(0);
      await deliverDueEmails({ db: app.database.db, kind: app.database.kind, clock: app.clock, send: transport.send, from: 'Parcours <ne-pas-repondre@parcours.test>', publicUrl: ctx.server.url });
      const reminder = smtp.received.find((m) => m.to === 'opca@parcours.test' && m.subject.includes('Rappel'));
      expect(reminder?.subject).toBe(`[Parcours] Rappel : votre avis sur ${reference} est attendu demain (${tomorrow.slice(8, 10)}/${tomorrow.slice(5, 7)}/${tomorrow.slice(0, 4)})`);
      expect(reminder?.text).toContain(`${ctx.server.url}/demandes/${requestId}`);
    } finally {
      transport.close();
      await smtp.close();
    }
    await as('opca@parcours.test');
    const page = ctx.page;
    await page.goto('/notifications?etat=unread');
    await page.getByRole('link', { name: new RegExp(`Rappel : votre avis sur ${reference}`) }).waitFor();
    await check('notifications-rappel');
    // Following the reminder's link reads it: the header's count drops.
    await page.getByRole('link', { name: 'Notifications : 1 non lue' }).waitFor();
    await page.getByRole('link', { name: new RegExp(`Rappel : votre avis sur ${reference}`) }).click();
    await page.waitForURL(new RegExp(`/demandes/${requestId}$`));
    await page.getByRole('link', { name: 'Notifications : aucune non lue' }).waitFor();

    await as('admin@parcours.test');
    await page.getByRole('link', { name: /tâches? en échec/ }).waitFor();
    await check('accueil-administrateur');
    await page.goto('/administration/courriels');
    await page.getByRole('heading', { level: 2, name: 'Rappels d’échéance' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'Avis attendu' }).getByRole('cell', { name: '1', exact: true }).first().waitFor();
    await check('administration-rappels');
  }, PATIENCE.test);

  it('donne au secrétariat le travail de la cellule et le réglage des échéances, et à chacun ses préférences', async () => {
    await as('secretariat@parcours.test');
    const page = ctx.page;
    await page.getByRole('link', { name: /prêtes? pour la cellule/ }).waitFor();
    await page.getByRole('link', { name: /suivis? à 6 mois en retard/ }).waitFor();
    await check('accueil-secretariat');
    await page.goto(`/demandes/${requestId}`);
    await page.getByText('Modifier l’échéance d’un avis').click();
    await page.getByRole('button', { name: 'Enregistrer l’échéance' }).waitFor();
    await check('demande-echeances-secretariat');

    await page.goto('/compte');
    await page.getByRole('heading', { level: 2, name: 'Préférences de notification' }).waitFor();
    await page.locator('label[for="pref-reminder-digest"]').click();
    expect(await page.getByRole('group', { name: /Rappels d’échéance/ }).getByLabel('Récapitulatif quotidien').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Enregistrer mes préférences' }).click();
    await page.getByText('Préférences enregistrées.').waitFor();
    await check('compte-preferences');
    const saved = await api('secretariat@parcours.test', 'GET', '/api/notifications/preferences');
    expect(saved.items.find((p: any) => p.kind === 'reminder').mode).toBe('digest');
  }, PATIENCE.test);
});
