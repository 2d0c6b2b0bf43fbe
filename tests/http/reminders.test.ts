import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainJobs } from '../../src/platform/outbox/jobs.js';
import { sendDigest } from '../../src/platform/notifications/digest.js';
import { sendReminders } from '../../src/weeklyCell/reminders.js';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';
import { sampleDraft } from '../support/requests.js';
import { signIn } from '../support/signIn.js';

describe.each(databaseKinds())('deadlines, reminders and notification preferences on %s', (kind) => {
  let t: TestApp;
  let requestId: number;
  let dueOn: string;
  const call = async (email: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { cookie: await signIn(t, email) }, ...(payload !== undefined ? { payload: payload as any } : {}) });
  const at = (day: string, time = '07:00:00') => t.clock.set(`${day}T${time}.000Z`);
  const remindersOf = async () => t.ctx.database.db.selectFrom('reminders').selectAll().where('requestId', '=', requestId).orderBy('id').execute();
  const emailsTo = async (address: string, like: string) => t.ctx.database.db.selectFrom('emails').select(['subject', 'body', 'effectKey'])
    .where('toAddress', '=', address).where('subject', 'like', like).execute();

  beforeAll(async () => {
    t = await testApp(kind, { now: '2010-06-15T08:00:00.000Z' });
    // OPCAIM wants its reminders in the daily digest; the DIRECCTE wants none by e-mail.
    expect((await call('opca@parcours.test', 'PUT', '/api/notifications/preferences', { preferences: [{ kind: 'reminder', mode: 'digest' }] })).statusCode).toBe(200);
    expect((await call('etat@parcours.test', 'PUT', '/api/notifications/preferences', { preferences: [{ kind: 'reminder', mode: 'never' }] })).statusCode).toBe(200);
    const created = (await call('entreprise@parcours.test', 'POST', '/api/requests', await sampleDraft(t))).json();
    expect((await call('entreprise@parcours.test', 'POST', `/api/requests/${created.id}/submit`, { version: created.version })).statusCode).toBe(200);
    requestId = created.id;
    const deadlines = (await call('secretariat@parcours.test', 'GET', `/api/requests/${requestId}/deadlines`)).json();
    expect(deadlines.opinions).toHaveLength(2);
    dueOn = deadlines.opinions[0].dueOn;
    expect(deadlines.opinions.every((o: any) => o.dueOn === dueOn && !o.isOverdue && !o.isDueDateSet)).toBe(true);
  });
  afterAll(async () => { await t?.close(); });

  it('shows and keeps each preference per user', async () => {
    const mine = (await call('opca@parcours.test', 'GET', '/api/notifications/preferences')).json();
    expect(mine.items.find((p: any) => p.kind === 'reminder').mode).toBe('digest');
    expect(mine.items.find((p: any) => p.kind === 'request_routed').mode).toBe('immediate');
    const bad = await call('opca@parcours.test', 'PUT', '/api/notifications/preferences', { preferences: [{ kind: 'reminder', mode: 'weekly' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].path).toMatch(/mode/);
  });

  it('moves a deadline only for the secretariat, with a reason kept in the history', async () => {
    const opcaId = await t.orgId('OPCAIM (métallurgie)');
    const body = { organisationId: opcaId, dueOn, reason: 'Séance avancée ; avis attendu plus tôt.' };
    expect((await call('opca@parcours.test', 'PUT', `/api/requests/${requestId}/deadlines/opinion`, body)).statusCode).toBe(403);
    expect((await call('secretariat@parcours.test', 'PUT', `/api/requests/${requestId}/deadlines/opinion`, { ...body, reason: '' })).statusCode).toBe(400);
    expect((await call('secretariat@parcours.test', 'PUT', `/api/requests/${requestId}/deadlines/opinion`, { ...body, dueOn: '2010-06-01' })).json().error.field).toBe('dueOn');
    expect((await call('secretariat@parcours.test', 'PUT', `/api/requests/${requestId}/deadlines/opinion`, { ...body, organisationId: await t.orgId('Région Franche-Comté') })).statusCode).toBe(404);
    const moved = await call('secretariat@parcours.test', 'PUT', `/api/requests/${requestId}/deadlines/opinion`, body);
    expect(moved.statusCode).toBe(200);
    expect(moved.json().opinions.find((o: any) => o.organisationId === opcaId)).toMatchObject({ dueOn, isDueDateSet: true });
    const history = await t.ctx.database.db.selectFrom('historyEvents').select(['action', 'motivation']).where('entityType', '=', 'fundingRequest').where('entityId', '=', requestId).where('action', '=', 'opinion_deadline_set').execute();
    expect(history).toEqual([{ action: 'opinion_deadline_set', motivation: 'Séance avancée ; avis attendu plus tôt.' }]);
    // Another company cannot even see the request's deadlines.
    expect((await call('entreprise2@parcours.test', 'GET', `/api/requests/${requestId}/deadlines`)).statusCode).toBe(404);
  });

  it('reminds nobody two days before, then each partner once the day before, whatever the number of runs', async () => {
    const before = new Date(Date.parse(`${dueOn}T00:00:00Z`) - 2 * 86_400_000).toISOString().slice(0, 10);
    at(before);
    expect((await sendReminders(t.ctx)).sent).toBe(0);
    const dayBefore = new Date(Date.parse(`${dueOn}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    at(dayBefore);
    expect((await sendReminders(t.ctx)).sent).toBe(2);
    expect((await sendReminders(t.ctx)).sent).toBe(0);
    const reminders = await remindersOf();
    expect(reminders.map((r) => String(r.sentOn).slice(0, 10))).toEqual([dayBefore, dayBefore]);
    const notices = await t.ctx.database.db.selectFrom('notifications').select(['organisationId', 'subject', 'kind']).where('kind', '=', 'reminder').execute();
    expect(notices).toHaveLength(2);
    expect(notices[0].subject).toMatch(/Rappel : votre avis sur DEM-.* est attendu demain/);
    // Preferences: the DIRECCTE gets no e-mail, OPCAIM none at once but a digest queued for its user and day.
    expect(await emailsTo('etat@parcours.test', '%Rappel%')).toHaveLength(0);
    expect(await emailsTo('opca@parcours.test', '%Rappel%')).toHaveLength(0);
    const digests = await t.ctx.database.db.selectFrom('jobs').select(['uniqueKey', 'runAfter']).where('kind', '=', 'notifications.digest').execute();
    expect(digests.map((d) => d.uniqueKey)).toEqual([expect.stringMatching(new RegExp(`^notifications.digest:\\d+:${dayBefore}$`))]);
  });

  it('sends the digest once the next morning, and a second run adds nothing', async () => {
    const dayBefore = new Date(Date.parse(`${dueOn}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    at(dueOn, '06:30:00');
    await drainJobs(t.ctx);
    const digest = await emailsTo('opca@parcours.test', '%Récapitulatif%');
    expect(digest).toHaveLength(1);
    expect(digest[0].body).toMatch(/Rappel : votre avis sur DEM-/);
    const opca = await t.ctx.database.db.selectFrom('users').select('id').where('email', '=', 'opca@parcours.test').executeTakeFirstOrThrow();
    expect((await sendDigest(t.ctx, opca.id, dayBefore)).items).toBe(1);
    expect(await emailsTo('opca@parcours.test', '%Récapitulatif%')).toHaveLength(1);
  });

  it('reminds on the deadline once even when two runs race, then flags the opinion overdue the day after', async () => {
    at(dueOn);
    const [a, b] = await Promise.all([sendReminders(t.ctx), sendReminders(t.ctx)]);
    expect(a.sent + b.sent).toBe(2);
    expect((await remindersOf()).filter((r) => String(r.sentOn).slice(0, 10) === dueOn)).toHaveLength(2);
    // The OPCA gives its opinion after the reminder: counted as dealt with.
    t.clock.set(`${dueOn}T09:00:00.000Z`);
    expect((await call('opca@parcours.test', 'POST', `/api/requests/${requestId}/opinions`, { verdict: 'favourable', comment: '', proposedCents: 400_000 })).statusCode).toBe(200);
    const next = new Date(Date.parse(`${dueOn}T07:00:00Z`) + 86_400_000).toISOString();
    t.clock.set(next);
    expect((await sendReminders(t.ctx)).sent).toBe(0);
    const deadlines = (await call('secretariat@parcours.test', 'GET', `/api/requests/${requestId}/deadlines`)).json();
    expect(deadlines.opinions.map((o: any) => [o.name, o.isGiven, o.isOverdue])).toEqual([['OPCAIM (métallurgie)', true, false], ['DIRECCTE Franche-Comté', false, true]]);
    const usage = await call('admin@parcours.test', 'GET', '/api/admin/reminders');
    expect(usage.json().items).toEqual([{ month: dueOn.slice(0, 7), kind: 'opinion', kindLabel: 'Avis attendu', sent: 4, dealtWith: 2 }]);
    expect((await call('secretariat@parcours.test', 'GET', '/api/admin/reminders')).statusCode).toBe(403);
  });

  it('gives the company ten days to answer and reminds it before the deadline', async () => {
    const day = t.clock.now().toISOString().slice(0, 10);
    const version = (await call('etat@parcours.test', 'GET', `/api/requests/${requestId}`)).json().version;
    const asked = await call('etat@parcours.test', 'POST', `/api/requests/${requestId}/information-requests`, { reason: 'Joignez le programme de formation.', version });
    expect(asked.statusCode).toBe(200);
    const deadlines = (await call('entreprise@parcours.test', 'GET', `/api/requests/${requestId}/deadlines`)).json();
    const replyDue = new Date(Date.parse(`${day}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10);
    expect(deadlines.information).toEqual([expect.objectContaining({ dueOn: replyDue, isAnswered: false, isOverdue: false })]);
    at(new Date(Date.parse(`${replyDue}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10));
    expect((await sendReminders(t.ctx)).sent).toBe(1);
    const mail = await emailsTo('entreprise@parcours.test', '%Rappel : compléments attendus demain%');
    expect(mail).toHaveLength(1);
  });

  it('keeps the read state per user and hides other organisations’ notifications', async () => {
    const secretariat = (await call('secretariat@parcours.test', 'GET', '/api/notifications?state=unread&pageSize=5')).json();
    expect(secretariat.unread).toBeGreaterThan(0);
    const first = secretariat.items[0];
    const adminBefore = (await call('admin@parcours.test', 'GET', '/api/notifications/unread-count')).json().unread;
    expect((await call('secretariat@parcours.test', 'POST', `/api/notifications/${first.id}/read`)).json().isRead).toBe(true);
    // The administrator, a member of the same organisation, still has it unread.
    expect((await call('admin@parcours.test', 'GET', '/api/notifications/unread-count')).json().unread).toBe(adminBefore);
    expect((await call('secretariat@parcours.test', 'GET', '/api/notifications/unread-count')).json().unread).toBe(secretariat.unread - 1);
    const read = (await call('secretariat@parcours.test', 'GET', '/api/notifications?state=read')).json();
    expect(read.items.map((n: any) => n.id)).toEqual([first.id]);
    // Another organisation's notification does not exist for the OPCA.
    expect((await call('opca@parcours.test', 'POST', `/api/notifications/${first.id}/read`)).statusCode).toBe(404);
    expect((await call('secretariat@parcours.test', 'POST', '/api/notifications/99999999/read')).statusCode).toBe(404);
    const all = await call('admin@parcours.test', 'POST', '/api/notifications/read-all');
    expect(all.json().updated).toBe(adminBefore);
    expect((await call('admin@parcours.test', 'GET', '/api/notifications/unread-count')).json().unread).toBe(0);
    expect((await call('secretariat@parcours.test', 'GET', '/api/notifications/unread-count')).json().unread).toBe(secretariat.unread - 1);
  });
});
