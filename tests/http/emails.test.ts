import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUsers } from '../../src/demo/organisations.js';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';
import { notifyOrganisations } from '../../src/platform/notifications/notify.js';
import { deliverDueEmails } from '../../src/platform/mail/delivery.js';

const ADMIN = 'admin@parcours.test';

describe.each(databaseKinds())('the e-mails outbox for administrators on %s', (kind) => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await testApp(kind);
    admin = await t.login(ADMIN);
    const { db } = t.ctx.database;
    const opca = await db.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.userId').select('m.organisationId')
      .where('u.email', '=', 'opca@parcours.test').executeTakeFirstOrThrow();
    const at = t.clock.now().toISOString();
    for (const n of [1, 2, 3]) {
      await notifyOrganisations(db, at, [opca.organisationId], { subject: `Avis attendu sur DEM-${n}`, body: 'Votre avis est attendu.', link: `/demandes/${n}` });
    }
  }, 120_000);
  afterAll(async () => { await t?.close(); });

  const get = (url: string, cookie = admin) => t.app.inject({ method: 'GET', url, headers: { cookie } });

  it('lists the demo e-mails waiting unsent, filters by status and address, and shows one with its text and link', async () => {
    const all = await get('/api/admin/emails?pageSize=100');
    expect(all.statusCode).toBe(200);
    expect(all.json().total).toBeGreaterThan(0);
    expect(all.json().items.every((e: { status: string }) => e.status === 'waiting')).toBe(true);
    const first = all.json().items[0];
    const one = await get(`/api/admin/emails/${first.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ id: first.id, toAddress: first.toAddress, statusLabel: 'En attente' });
    expect(typeof one.json().body).toBe('string');
    const byAddress = await get(`/api/admin/emails?to=${encodeURIComponent(first.toAddress)}&pageSize=100`);
    expect(byAddress.json().items.length).toBeGreaterThan(0);
    expect(byAddress.json().items.every((e: { toAddress: string }) => e.toAddress === first.toAddress)).toBe(true);
    expect((await get('/api/admin/emails?status=sent')).json().total).toBe(0);
  });

  it('shows a refused e-mail as retrying with its error, and a delivered one as sent', async () => {
    const ids = (await t.ctx.database.db.selectFrom('emails').select('id').orderBy('id').limit(2).execute()).map((r) => r.id);
    let calls = 0;
    const send = async () => { if (calls++ === 0) throw new Error('Relais injoignable'); };
    await deliverDueEmails({ db: t.ctx.database.db, kind, clock: t.clock, send, from: 'p@parcours.test', publicUrl: 'https://parcours.test' }, 2);
    const retrying = (await get('/api/admin/emails?status=retrying')).json();
    expect(retrying.items.map((e: { id: number }) => e.id)).toEqual([ids[0]]);
    expect(retrying.items[0]).toMatchObject({ lastError: 'Relais injoignable', attempts: 1, statusLabel: 'Nouvel essai prévu' });
    expect((await get('/api/admin/emails?status=sent')).json().items.map((e: { id: number }) => e.id)).toEqual([ids[1]]);
  });

  it('answers 400 in French for an unknown status and 404 for an unknown e-mail', async () => {
    const bad = await get('/api/admin/emails?status=lost');
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('État');
    expect((await get('/api/admin/emails/999999')).statusCode).toBe(404);
  });

  it('refuses every other account', async () => {
    const id = (await t.ctx.database.db.selectFrom('emails').select('id').limit(1).executeTakeFirstOrThrow()).id;
    for (const user of demoUsers.filter((u) => u.email !== ADMIN)) {
      const cookie = await t.login(user.email);
      expect((await get('/api/admin/emails', cookie)).statusCode, user.email).toBe(403);
      expect((await get(`/api/admin/emails/${id}`, cookie)).statusCode, user.email).toBe(403);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/emails' })).statusCode).toBe(401);
  });
});
