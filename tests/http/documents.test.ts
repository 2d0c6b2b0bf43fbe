import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/platform/history/history.js';
import { verifyIntegrity } from '../../src/operations/verify.js';
import { databaseStorage } from '../../src/platform/storage/storage.js';
import { sweepUnnamedBlobs } from '../../src/weeklyCell/documentSweep.js';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';
import { multipartForm, pdfBytes, xlsxBytes } from '../support/documents.js';
import { sampleDraft } from '../support/requests.js';

const COMPANY = 'entreprise@parcours.test';
const OTHER_COMPANY = 'entreprise2@parcours.test';
const OPCA = 'opca@parcours.test';
const STATE = 'etat@parcours.test';

describe.each(databaseKinds())('supporting documents and the company–partner thread on %s', (kind) => {
  let t: TestApp;
  let measureId: number;
  const call = async (email: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { cookie: await t.login(email) }, ...(payload !== undefined ? { payload: payload as any } : {}) });
  const upload = async (email: string, requestId: number, fields: Record<string, string | number | undefined>, file: { filename: string; content: Buffer }) => {
    const form = multipartForm(fields, [file]);
    return t.app.inject({ method: 'POST', url: `/api/requests/${requestId}/documents`, headers: { cookie: await t.login(email), ...form.headers }, payload: form.payload });
  };
  const checklist = async (email: string, requestId: number) => (await call(email, 'GET', `/api/requests/${requestId}/documents`)).json();
  const line = (list: any, stage: string, label: RegExp) => list.stages.find((s: any) => s.stage === stage).lines.find((l: any) => label.test(l.label));

  /** Axis 1's list with the authorisation and the quote required at filing, the signed plan at compléments, the invoices at payment. */
  const requireDocuments = async (required: RegExp) => {
    const current = (await call('admin@parcours.test', 'GET', `/api/measures/${measureId}/expected-documents`)).json();
    const items = current.items.map((i: any) => ({ id: i.id, version: i.version, stage: i.stage, label: i.label, isRequired: required.test(i.label) }));
    const saved = await call('admin@parcours.test', 'PUT', `/api/measures/${measureId}/expected-documents`, { items });
    expect(saved.statusCode, saved.body).toBe(200);
    return saved.json();
  };

  const newRequest = async () => {
    const created = await call(COMPANY, 'POST', '/api/requests', await sampleDraft(t));
    expect(created.statusCode).toBe(201);
    return created.json();
  };

  beforeAll(async () => {
    t = await testApp(kind, { now: '2010-06-15T08:00:00.000Z' });
    measureId = (await t.ctx.database.db.selectFrom('measures').select('id').where('code', '=', 'ACTE2-AXE1').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => { await t?.close(); });

  it('lets administrators only edit the list, and the demo seeds what the cell asks', async () => {
    const list = (await call(COMPANY, 'GET', `/api/measures/${measureId}/expected-documents`)).json();
    expect(list.items.map((i: any) => i.label)).toContain('Autorisation d’activité partielle (ou accord APLD)');
    expect(list.items.filter((i: any) => i.stage === 'payment').map((i: any) => i.label)).toContain('Factures de l’organisme de formation');
    const refused = await call(OPCA, 'PUT', `/api/measures/${measureId}/expected-documents`, { items: [] });
    expect(refused.statusCode).toBe(403);
    const bad = await call('admin@parcours.test', 'PUT', `/api/measures/${measureId}/expected-documents`, { items: [{ stage: 'nowhere', label: 'X', isRequired: true }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues.map((i: any) => i.path)).toEqual(expect.arrayContaining(['items.0.stage', 'items.0.label']));
  });

  it('checks the type from the content, caps the size, cleans the name, and gates submission on the missing documents', async () => {
    await requireDocuments(/Autorisation|Devis|Plan de formation|Factures/);
    const draft = await newRequest();

    // Submission names each missing document among the other points.
    const early = await call(COMPANY, 'POST', `/api/requests/${draft.id}/submit`, { version: draft.version });
    expect(early.statusCode).toBe(400);
    const messages = early.json().error.issues.map((i: any) => i.message);
    expect(messages).toEqual(expect.arrayContaining(['Pièce manquante (dépôt) : « Autorisation d’activité partielle (ou accord APLD) ».', 'Pièce manquante (dépôt) : « Devis et programme de l’organisme de formation ».']));

    let list = await checklist(COMPANY, draft.id);
    const authorisation = line(list, 'filing', /Autorisation/);
    const quote = line(list, 'filing', /Devis/);
    expect(authorisation).toMatchObject({ isRequired: true, documents: [] });
    expect(list.uploadStages.map((s: any) => s.stage)).toEqual(['filing']);

    // A program renamed .pdf is refused by its content; a PDF named .txt is accepted and renamed.
    const exe = await upload(COMPANY, draft.id, { expectedDocumentId: authorisation.expectedDocumentId }, { filename: 'autorisation.pdf', content: Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff') });
    expect(exe.statusCode).toBe(400);
    expect(exe.json().error).toMatchObject({ field: 'file', message: expect.stringMatching(/Type de fichier refusé \(EXE\).*PDF, PNG, JPEG/) });
    const text = await upload(COMPANY, draft.id, { expectedDocumentId: authorisation.expectedDocumentId }, { filename: 'note.pdf', content: Buffer.from('juste du texte') });
    expect(text.statusCode).toBe(400);
    const empty = await upload(COMPANY, draft.id, { expectedDocumentId: authorisation.expectedDocumentId }, { filename: 'vide.pdf', content: Buffer.alloc(0) });
    expect(empty.json().error.message).toBe('Le fichier est vide.');
    const huge = await upload(COMPANY, draft.id, { expectedDocumentId: authorisation.expectedDocumentId }, { filename: 'gros.pdf', content: Buffer.concat([pdfBytes(), Buffer.alloc(10 * 1024 * 1024)]) });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error).toMatchObject({ field: 'file', message: 'Le fichier dépasse la taille maximale de 10 Mo.' });
    // Nothing of the refused files was kept.
    expect((await t.ctx.database.db.selectFrom('documentBlobs').select('key').execute()).length).toBe(0);

    const nul = await upload(COMPANY, draft.id, { stage: 'filing', label: 'Pi\u0000èce' }, { filename: 'a.pdf', content: pdfBytes() });
    expect(nul.json().error).toMatchObject({ field: 'label', message: expect.stringMatching(/NUL/) });
    const long = `${'Très-long-nom-'.repeat(20)}.pdf`;
    const ok = await upload(COMPANY, draft.id, { expectedDocumentId: authorisation.expectedDocumentId }, { filename: `..\\..\\etc/auto\u0000risa\u202etion\u0007 AP-25.txt`, content: pdfBytes('autorisation') });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().filename).toBe('autorisation AP-25.pdf');
    const longName = await upload(COMPANY, draft.id, { expectedDocumentId: quote.expectedDocumentId }, { filename: long, content: pdfBytes('devis') });
    expect(longName.statusCode).toBe(201);
    expect(longName.json().filename.length).toBeLessThanOrEqual(120);
    expect(longName.json().filename).toMatch(/\.pdf$/);
    const sheet = await upload(COMPANY, draft.id, { stage: 'filing', label: 'Programme détaillé' }, { filename: 'programme', content: await xlsxBytes() });
    expect(sheet.statusCode, sheet.body).toBe(201);
    expect(sheet.json().filename).toBe('programme.xlsx');

    list = await checklist(COMPANY, draft.id);
    const provided = line(list, 'filing', /Autorisation/).documents[0];
    expect(provided).toMatchObject({ organisationName: 'Mécanique de Précision du Doubs', version: 1, mayDelete: true });
    expect(provided.current).toMatchObject({ filename: 'autorisation AP-25.pdf', uploadedByName: 'Claire Entreprise', contentType: 'application/pdf' });
    expect(list.stages[0].others.map((d: any) => d.label)).toEqual(['Programme détaillé']);
    const download = await call(COMPANY, 'GET', provided.current.url);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toContain("filename*=UTF-8''autorisation%20AP-25.pdf");
    expect(download.rawPayload.toString()).toContain('autorisation');
    // Bytes changed behind the application are refused on read and reported by the integrity check.
    const { db } = t.ctx.database;
    const blob = await db.selectFrom('requestDocumentVersions').select('storageKey').where('documentId', '=', provided.id).executeTakeFirstOrThrow();
    const original = (await db.selectFrom('documentBlobs').select('content').where('key', '=', blob.storageKey).executeTakeFirstOrThrow()).content;
    await db.updateTable('documentBlobs').set({ content: pdfBytes('falsifiée') }).where('key', '=', blob.storageKey).execute();
    const altered = await call(COMPANY, 'GET', provided.current.url);
    expect(altered.statusCode).toBe(500);
    expect(altered.json().error.message).toMatch(/altéré/);
    expect((await verifyIntegrity(db, new Date('2010-06-15T08:00:00.000Z'))).problems).toContain(`Pièce stockée altérée : ${blob.storageKey} ne correspond plus à son empreinte SHA-256.`);
    await db.updateTable('documentBlobs').set({ content: Buffer.from(original) }).where('key', '=', blob.storageKey).execute();
    expect((await call(COMPANY, 'GET', provided.current.url)).statusCode).toBe(200);

    const fresh = (await call(COMPANY, 'GET', `/api/requests/${draft.id}`)).json();
    const submitted = await call(COMPANY, 'POST', `/api/requests/${draft.id}/submit`, { version: fresh.version });
    expect(submitted.statusCode, submitted.body).toBe(200);

    // Submitted: the filing stage is closed, its documents can no longer be deleted.
    const closed = await call(COMPANY, 'DELETE', `/api/requests/${draft.id}/documents/${provided.id}?version=1`);
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error.message).toMatch(/« Dépôt » ne peuvent plus être modifiées/);
  });

  it('keeps replaced versions, deletes only for the uploader while the stage is open, and records it all in history', async () => {
    await requireDocuments(/^$/);
    const draft = await newRequest();
    const list = await checklist(COMPANY, draft.id);
    const quote = line(list, 'filing', /Devis/);
    const first = (await upload(COMPANY, draft.id, { expectedDocumentId: quote.expectedDocumentId }, { filename: 'devis-v1.pdf', content: pdfBytes('v1') })).json();
    const stale = await upload(COMPANY, draft.id, { documentId: first.documentId, version: 2 }, { filename: 'devis-v2.pdf', content: pdfBytes('v2') });
    expect(stale.statusCode).toBe(409);
    const replaced = await upload(COMPANY, draft.id, { documentId: first.documentId, version: 1 }, { filename: 'devis-v2.pdf', content: pdfBytes('v2') });
    expect(replaced.statusCode, replaced.body).toBe(201);
    const doc = line(replaced.json().checklist, 'filing', /Devis/).documents[0];
    expect(doc.versions.map((v: any) => v.filename)).toEqual(['devis-v1.pdf', 'devis-v2.pdf']);
    expect(doc.current.filename).toBe('devis-v2.pdf');
    expect((await call(COMPANY, 'GET', doc.versions[0].url)).rawPayload.toString()).toContain('v1');

    // Two replacements sent at once from the same version: one becomes version 3, the other is told to reload.
    const race = await Promise.all([1, 2].map((n) => upload(COMPANY, draft.id, { documentId: doc.id, version: 2 }, { filename: `devis-v3-${n}.pdf`, content: pdfBytes(`v3-${n}`) })));
    expect(race.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const afterRace = line(await checklist(COMPANY, draft.id), 'filing', /Devis/).documents[0];
    expect(afterRace.versions.map((v: any) => v.versionNo)).toEqual([1, 2, 3]);
    // The refused upload's bytes were not kept.
    const { db } = t.ctx.database;
    const count = async (table: 'documentBlobs' | 'requestDocumentVersions') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(await count('documentBlobs')).toBe(await count('requestDocumentVersions'));

    const deleted = await call(COMPANY, 'DELETE', `/api/requests/${draft.id}/documents/${doc.id}?version=3`);
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(line(deleted.json(), 'filing', /Devis/).documents).toEqual([]);
    expect((await call(COMPANY, 'GET', doc.versions[0].url)).statusCode).toBe(404);
    const history = (await call(COMPANY, 'GET', `/api/requests/${draft.id}/history`)).json().items.map((e: any) => e.action);
    expect(history).toEqual(['created', 'document_uploaded', 'document_replaced', 'document_replaced', 'document_deleted']);
    expect(await count('documentBlobs')).toBe(await count('requestDocumentVersions'));
    // No broken link in the request's history chain.
    expect(await verifyChain(t.ctx.database.db, 'fundingRequest', draft.id)).toBeNull();
  });

  it('asks for a named document in an information request, refuses the answer without it, then links it to the answer', async () => {
    await requireDocuments(/^$/);
    const draft = await newRequest();
    const submitted = (await call(COMPANY, 'POST', `/api/requests/${draft.id}/submit`, { version: draft.version })).json();
    const expected = (await call(OPCA, 'GET', `/api/measures/${measureId}/expected-documents`)).json().items;
    const plan = expected.find((i: any) => i.label === 'Plan de formation signé');
    const foreign = await call(OPCA, 'POST', `/api/requests/${draft.id}/information-requests`, { reason: 'Joignez le plan.', version: submitted.version, documents: [{ expectedDocumentId: 999_999 }] });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.field).toBe('documents.0.expectedDocumentId');
    const asked = await call(OPCA, 'POST', `/api/requests/${draft.id}/information-requests`, {
      reason: 'Joignez le plan de formation signé et le calendrier.', version: submitted.version,
      documents: [{ expectedDocumentId: plan.id }, { label: 'Calendrier des sessions' }],
    });
    expect(asked.statusCode, asked.body).toBe(200);
    const question = asked.json().informationRequests[0];

    // The company's alert names the documents asked for.
    const alert = await t.ctx.database.db.selectFrom('notifications').select('body').where('organisationId', '=', await t.orgId('Mécanique de Précision du Doubs')).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(alert.body).toContain('Pièces demandées : « Plan de formation signé », « Calendrier des sessions ».');
    let list = await checklist(COMPANY, draft.id);
    expect(list.requested.map((r: any) => [r.label, r.askedByOrganisation, r.document])).toEqual([
      ['Plan de formation signé', 'OPCAIM (métallurgie)', null], ['Calendrier des sessions', 'OPCAIM (métallurgie)', null]]);

    const early = await call(COMPANY, 'POST', `/api/requests/${draft.id}/information-requests/${question.id}/answer`, { answer: 'Voici.', version: asked.json().version });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.issues.map((i: any) => i.message)).toEqual(['Pièce demandée non fournie : « Plan de formation signé ».', 'Pièce demandée non fournie : « Calendrier des sessions ».']);

    for (const item of list.requested) {
      const sent = await upload(COMPANY, draft.id, { informationItemId: item.id }, { filename: `${item.label}.pdf`, content: pdfBytes(item.label) });
      expect(sent.statusCode, sent.body).toBe(201);
    }
    const twice = await upload(COMPANY, draft.id, { informationItemId: list.requested[0].id }, { filename: 'encore.pdf', content: pdfBytes() });
    expect(twice.statusCode).toBe(409);
    const version = (await call(COMPANY, 'GET', `/api/requests/${draft.id}`)).json().version;
    const answered = await call(COMPANY, 'POST', `/api/requests/${draft.id}/information-requests/${question.id}/answer`, { answer: 'Le plan signé et le calendrier sont joints.', version });
    expect(answered.statusCode, answered.body).toBe(200);

    // The OPCA sees the documents in the information stage and downloads the plan.
    list = await checklist(OPCA, draft.id);
    const signed = list.requested.find((r: any) => r.label === 'Plan de formation signé');
    expect(signed.document.current).toMatchObject({ filename: 'Plan de formation signé.pdf', organisationName: 'Mécanique de Précision du Doubs' });
    expect(signed.answeredAt).not.toBeNull();
    const instruction = (await call(OPCA, 'GET', `/api/requests/${draft.id}`)).json();
    expect(instruction.informationRequests[0].documents.map((d: any) => [d.label, d.file?.filename])).toEqual([
      ['Plan de formation signé', 'Plan de formation signé.pdf'], ['Calendrier des sessions', 'Calendrier des sessions.pdf']]);
    expect(line(list, 'information', /Plan de formation/).documents).toHaveLength(1);
    expect((await call(OPCA, 'GET', signed.document.current.url)).rawPayload.toString()).toContain('Plan de formation');
  });

  it('holds readiness and payment until their required documents are there, naming them', async () => {
    await requireDocuments(/Plan de formation|Factures/);
    const draft = await newRequest();
    const submitted = (await call(COMPANY, 'POST', `/api/requests/${draft.id}/submit`, { version: draft.version })).json();
    await call(OPCA, 'POST', `/api/requests/${draft.id}/opinions`, { verdict: 'favourable', comment: '', funder: 'OPCA', proposedCents: 400_000 });
    const opinion = await call(STATE, 'POST', `/api/requests/${draft.id}/opinions`, { verdict: 'favourable', comment: '', funder: 'STATE', proposedCents: 300_000 });
    expect(opinion.statusCode, opinion.body).toBe(200);
    let view = opinion.json();
    expect(view.status).toBe('in_instruction');
    expect(view.readiness.missing.map((m: any) => m.message)).toEqual(['Pièce manquante (compléments) : « Plan de formation signé ».']);
    expect(submitted.status).toBe('in_instruction');

    const plan = line(await checklist(OPCA, draft.id), 'information', /Plan de formation/);
    const byPartner = await upload(OPCA, draft.id, { expectedDocumentId: plan.expectedDocumentId }, { filename: 'plan.pdf', content: pdfBytes('plan') });
    expect(byPartner.statusCode, byPartner.body).toBe(201);
    view = (await call(OPCA, 'GET', `/api/requests/${draft.id}`)).json();
    expect(view.status).toBe('ready_for_cell');
    // Only the organisation that uploaded it may delete it.
    const docId = line(byPartner.json().checklist, 'information', /Plan/).documents[0].id;
    expect((await call(COMPANY, 'DELETE', `/api/requests/${draft.id}/documents/${docId}?version=1`)).statusCode).toBe(403);
    expect((await upload(COMPANY, draft.id, { documentId: docId, version: 1 }, { filename: 'autre.pdf', content: pdfBytes() })).statusCode).toBe(403);
    expect(line(await checklist(COMPANY, draft.id), 'information', /Plan/).documents[0]).toMatchObject({ mayDelete: false, mayReplace: false });

    // Approved as if by the cell, to reach the payment gate.
    const { db } = t.ctx.database;
    await db.updateTable('fundingRequests').set({ status: 'approved', decidedAt: '2010-06-15T08:00:00.000Z' }).where('id', '=', draft.id).execute();
    await db.updateTable('fundingLines').set((eb) => ({ approvedCents: eb.ref('proposedCents') })).where('requestId', '=', draft.id).execute();
    const payment = { funder: 'OPCA', amountCents: 100_000, paidOn: '2010-06-15', reference: 'MANDAT-1' };
    const held = await call(OPCA, 'POST', `/api/requests/${draft.id}/payments`, payment);
    expect(held.statusCode).toBe(409);
    expect(held.json().error.issues.map((i: any) => i.message)).toEqual(['Pièce manquante (versement) : « Factures de l’organisme de formation ».']);
    const invoices = line(await checklist(COMPANY, draft.id), 'payment', /Factures/);
    expect((await upload(COMPANY, draft.id, { expectedDocumentId: invoices.expectedDocumentId }, { filename: 'factures.pdf', content: pdfBytes('facture') })).statusCode).toBe(201);
    const paid = await call(OPCA, 'POST', `/api/requests/${draft.id}/payments`, payment);
    expect(paid.statusCode, paid.body).toBe(200);
  });

  it('shows documents exactly to those who see the request: other organisations get 404, readers nothing', async () => {
    await requireDocuments(/^$/);
    const draft = await newRequest();
    const list = await checklist(COMPANY, draft.id);
    const uploaded = (await upload(COMPANY, draft.id, { expectedDocumentId: line(list, 'filing', /Autorisation/).expectedDocumentId }, { filename: 'a.pdf', content: pdfBytes('secret') })).json();
    const doc = line(uploaded.checklist, 'filing', /Autorisation/).documents[0];
    // A draft: no partner sees it yet.
    for (const email of [OPCA, 'secretariat@parcours.test', OTHER_COMPANY, 'lecteur@parcours.test', 'interim@parcours.test']) {
      expect((await call(email, 'GET', `/api/requests/${draft.id}/documents`)).statusCode, email).toBe(404);
      expect((await call(email, 'GET', doc.current.url)).statusCode, email).toBe(404);
      const sent = await upload(email, draft.id, { expectedDocumentId: line(list, 'filing', /Devis/).expectedDocumentId }, { filename: 'b.pdf', content: pdfBytes() });
      expect(sent.statusCode, email).toBe(404);
      expect((await call(email, 'DELETE', `/api/requests/${draft.id}/documents/${doc.id}?version=1`)).statusCode, email).toBe(404);
    }
    const submitted = (await call(COMPANY, 'POST', `/api/requests/${draft.id}/submit`, { version: draft.version })).json();
    expect((await call(OPCA, 'GET', doc.current.url)).statusCode).toBe(200);
    expect((await call('secretariat@parcours.test', 'GET', `/api/requests/${draft.id}/documents`)).statusCode).toBe(200);
    // Not routed, another company, a reader: still nothing.
    for (const email of ['region@parcours.test', OTHER_COMPANY, 'lecteur@parcours.test']) {
      expect((await call(email, 'GET', doc.current.url)).statusCode, email).toBe(404);
      expect((await call(email, 'GET', `/api/requests/${draft.id}/thread`)).statusCode, email).toBe(404);
      const post = await call(email, 'POST', `/api/requests/${draft.id}/thread`, { body: 'Bonjour.' });
      expect(post.statusCode, email).toBe(404);
    }
    // The other company's own request id with a valid body does not reach this one's documents.
    const theirs = await call(OTHER_COMPANY, 'POST', '/api/requests', { ...(await sampleDraft(t)), company: { name: 'Plastiques du Haut-Jura', siret: '55210055400013', nafCode: '22.29A', idcc: '0292', departement: '39', headcount: 40 } });
    expect(theirs.statusCode, theirs.body).toBe(201);
    expect((await call(COMPANY, 'GET', `/api/requests/${theirs.json().id}/documents`)).statusCode).toBe(404);
    expect((await upload(COMPANY, theirs.json().id, { stage: 'filing', label: 'Intrus' }, { filename: 'x.pdf', content: pdfBytes() })).statusCode).toBe(404);
    expect(submitted.status).toBe('in_instruction');
  });

  it('sweeps the bytes a dead upload left unnamed, after a day, and never a document’s own', async () => {
    const draft = await newRequest();
    const kept = await upload(COMPANY, draft.id, { stage: 'filing', label: 'Devis signé' }, { filename: 'devis.pdf', content: pdfBytes('gardée') });
    expect(kept.statusCode, kept.body).toBe(201);
    // A process that died after putting the bytes and before its action committed: nothing names them.
    const storage = databaseStorage(t.ctx.database.db);
    await storage.put('requests/orphelin-ancien', pdfBytes('ancien'), '2010-06-13T08:00:00.000Z');
    await storage.put('requests/orphelin-en-cours', pdfBytes('en cours'), '2010-06-15T07:30:00.000Z');
    const named = (await t.ctx.database.db.selectFrom('requestDocumentVersions').select('storageKey').execute()).map((v) => v.storageKey);
    const blobsBefore = await t.ctx.database.db.selectFrom('documentBlobs').select('key').execute();
    t.clock.set('2010-06-15T08:00:00.000Z');
    // Two processes sweeping at once delete the old orphan once, and nothing else.
    const [a, b] = await Promise.all([sweepUnnamedBlobs(t.ctx), sweepUnnamedBlobs(t.ctx)]);
    expect(a.deleted + b.deleted).toBe(1);
    const left = (await t.ctx.database.db.selectFrom('documentBlobs').select('key').execute()).map((r) => r.key);
    expect(left).not.toContain('requests/orphelin-ancien');
    expect(left).toContain('requests/orphelin-en-cours');
    expect(left).toHaveLength(blobsBefore.length - 1);
    for (const key of named) expect(left).toContain(key);
    expect((await call(COMPANY, 'GET', `/api/requests/${draft.id}/documents`)).statusCode).toBe(200);
  });

  it('keeps a thread between the company and its partners, apart from the private one, with attachments and notifications', async () => {
    await requireDocuments(/^$/);
    const draft = await newRequest();
    expect((await call(COMPANY, 'POST', `/api/requests/${draft.id}/thread`, { body: 'Trop tôt.' })).statusCode).toBe(409);
    await call(COMPANY, 'POST', `/api/requests/${draft.id}/submit`, { version: draft.version });
    const empty = await call(COMPANY, 'POST', `/api/requests/${draft.id}/thread`, { body: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error).toMatchObject({ field: 'body', issues: [{ path: 'body', message: 'Le message est vide.' }] });

    const form = multipartForm({ body: 'Voici le planning prévisionnel des sessions.' }, [{ filename: 'planning.xlsx', content: await xlsxBytes() }]);
    const posted = await t.app.inject({ method: 'POST', url: `/api/requests/${draft.id}/thread`, headers: { cookie: await t.login(COMPANY), ...form.headers }, payload: form.payload });
    expect(posted.statusCode, posted.body).toBe(201);
    t.clock.set('2010-06-15T09:00:00.000Z');
    expect((await call(OPCA, 'POST', `/api/requests/${draft.id}/thread`, { body: 'Merci, bien reçu.' })).statusCode).toBe(201);
    expect((await call(STATE, 'POST', `/api/requests/${draft.id}/messages`, { body: 'Entre partenaires seulement.' })).statusCode).toBe(201);

    const seen = (await call(COMPANY, 'GET', `/api/requests/${draft.id}/thread`)).json();
    expect(seen.mayPost).toBe(true);
    expect(seen.items.map((m: any) => [m.organisationName, m.body])).toEqual([
      ['Mécanique de Précision du Doubs', 'Voici le planning prévisionnel des sessions.'], ['OPCAIM (métallurgie)', 'Merci, bien reçu.']]);
    expect(seen.items[0].attachments[0]).toMatchObject({ filename: 'planning.xlsx', contentType: expect.stringContaining('spreadsheetml') });
    expect((await call(STATE, 'GET', seen.items[0].attachments[0].url)).statusCode).toBe(200);
    // The company still never sees the partners' private thread.
    expect((await call(COMPANY, 'GET', `/api/requests/${draft.id}/messages`)).statusCode).toBe(404);

    const { db } = t.ctx.database;
    const notified = async (org: string) => (await db.selectFrom('notifications').select('subject').where('organisationId', '=', await t.orgId(org)).execute()).map((n) => n.subject);
    expect(await notified('OPCAIM (métallurgie)')).toContain(`Nouveau message sur ${draft.reference}`);
    expect(await notified('DIRECCTE Franche-Comté')).toContain(`Nouveau message sur ${draft.reference}`);
    expect(await notified('Mécanique de Précision du Doubs')).toContain(`Nouveau message sur ${draft.reference}`);
  });
});
