import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { databaseKinds, freshDatabase } from '../support/databases.js';
import type { Database } from '../../src/platform/db/database.js';
import { notifyOrganisations } from '../../src/platform/notifications/notify.js';
import { deliverDueEmails, retryDelaySeconds, smtpTransport, type MailDelivery } from '../../src/platform/mail/delivery.js';
import { startSmtp } from '../support/smtp.js';

const NOW = '2010-06-01T09:00:00.000Z';

describe.each(databaseKinds())('e-mails delivered over SMTP on %s', (kind) => {
  let database: Database;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let transport: ReturnType<typeof smtpTransport>;
  let organisationId: number;
  const clock = { at: new Date(NOW), now() { return this.at; } };
  const delivery = (): MailDelivery => ({
    db: database.db, kind, clock, send: transport.send, from: 'Parcours <ne-pas-repondre@parcours.test>', publicUrl: 'https://parcours.test',
  });

  beforeAll(async () => {
    database = await freshDatabase(kind);
    smtp = await startSmtp();
    transport = smtpTransport(smtp.url);
    const { db } = database;
    organisationId = (await db.insertInto('organisations').values({ kind: 'company', name: 'Forges de Franche-Comté', createdAt: NOW, version: 1, isActive: true }).returning('id').executeTakeFirstOrThrow()).id;
    for (const email of ['dirigeant@forges.test', 'rh@forges.test']) {
      const user = await db.insertInto('users').values({ email, displayName: email, createdAt: NOW, version: 1, isActive: true }).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('memberships').values({ userId: user.id, organisationId, role: 'administrator', createdAt: NOW } as any).execute();
    }
  });
  afterAll(async () => { transport?.close(); await smtp?.close(); await database?.destroy(); });
  beforeEach(async () => { smtp.received.length = 0; smtp.state.refuse = 0; await database.db.deleteFrom('emails').execute(); });

  it('sends the French message with an absolute link to the item, once', async () => {
    await notifyOrganisations(database.db, NOW, [organisationId], { subject: 'Compléments demandés sur DEM-2010-001', body: 'La Région demande le plan de formation signé.', link: '/demandes/12' });
    expect(await deliverDueEmails(delivery())).toBe(2);
    expect(smtp.received.map((m) => m.to).sort()).toEqual(['dirigeant@forges.test', 'rh@forges.test']);
    const mail = smtp.received[0]!;
    expect(mail.subject).toBe('[Parcours] Compléments demandés sur DEM-2010-001');
    expect(mail.from).toContain('ne-pas-repondre@parcours.test');
    expect(mail.text).toContain('La Région demande le plan de formation signé.');
    expect(mail.text).toContain('https://parcours.test/demandes/12');
    const rows = await database.db.selectFrom('emails').select(['sentAt', 'attempts', 'lastError']).execute();
    expect(rows.every((r) => r.sentAt === NOW && r.attempts === 1 && r.lastError === null)).toBe(true);
    expect(await deliverDueEmails(delivery())).toBe(0);
    expect(smtp.received).toHaveLength(2);
  });

  it('keeps a refused e-mail with its error and sends it after the backoff', async () => {
    await database.db.deleteFrom('memberships').where('userId', 'in', database.db.selectFrom('users').select('id').where('email', '=', 'rh@forges.test')).execute();
    try {
      await notifyOrganisations(database.db, NOW, [organisationId], { subject: 'Séance close', body: 'La séance du 3 juin est close.' });
      smtp.state.refuse = 1;
      expect(await deliverDueEmails(delivery())).toBe(1);
      const refused = await database.db.selectFrom('emails').selectAll().executeTakeFirstOrThrow();
      expect(refused.sentAt).toBeNull();
      expect(refused.attempts).toBe(1);
      expect(refused.lastError).toContain('Boîte pleine');
      expect(refused.nextAttemptAt).toBe(new Date(Date.parse(NOW) + retryDelaySeconds(1) * 1000).toISOString());
      // Not due yet: nothing is tried.
      expect(await deliverDueEmails(delivery())).toBe(0);
      clock.at = new Date(Date.parse(NOW) + retryDelaySeconds(1) * 1000);
      expect(await deliverDueEmails(delivery())).toBe(1);
      expect(smtp.received.map((m) => m.subject)).toEqual(['[Parcours] Séance close']);
      const sent = await database.db.selectFrom('emails').selectAll().executeTakeFirstOrThrow();
      expect(sent.sentAt).toBe(clock.at.toISOString());
      expect(sent.attempts).toBe(2);
      expect(sent.lastError).toBeNull();
    } finally {
      clock.at = new Date(NOW);
      const user = await database.db.selectFrom('users').select('id').where('email', '=', 'rh@forges.test').executeTakeFirstOrThrow();
      await database.db.insertInto('memberships').values({ userId: user.id, organisationId, role: 'administrator', createdAt: NOW } as any).execute();
    }
  });

  it('two pollers draining at once send each e-mail exactly once', async () => {
    for (let i = 0; i < 10; i++) {
      await notifyOrganisations(database.db, NOW, [organisationId], { subject: `Avis attendu ${i}`, body: 'Un avis est attendu.' });
    }
    const [a, b] = await Promise.all([deliverDueEmails(delivery()), deliverDueEmails(delivery())]);
    expect(a + b).toBe(20);
    expect(smtp.received).toHaveLength(20);
    expect(new Set(smtp.received.map((m) => `${m.to}|${m.subject}`)).size).toBe(20);
  });

  it('leaves e-mails in the outbox when no relay answers, with the error for administrators', async () => {
    await notifyOrganisations(database.db, NOW, [organisationId], { subject: 'Décision de la cellule', body: 'Accord.' });
    const dead = smtpTransport('smtp://127.0.0.1:1');
    try {
      expect(await deliverDueEmails({ ...delivery(), send: dead.send })).toBe(2);
    } finally { dead.close(); }
    const rows = await database.db.selectFrom('emails').selectAll().execute();
    expect(rows.every((r) => r.sentAt === null && r.attempts === 1 && (r.lastError ?? '').length > 0)).toBe(true);
  });
});
