import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderOfficialPdf } from '../../src/platform/documents/index.js';
import { pdfText } from '../../src/platform/documents/pdfText.js';
import { drainJobs, enqueueJob, registerJob } from '../../src/platform/outbox/jobs.js';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';

describe.each(databaseKinds())('documents rendered by jobs on %s', (kind) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await testApp(kind);
    // pdfmake refuses an image it cannot decode: the render fails in the worker, not in the server.
    registerJob('test.brokenDocument', async () => {
      await renderOfficialPdf({ title: 'Pièce illisible', content: [{ image: 'data:image/png;base64,AAAA' }] });
      return { stored: true };
    });
  });
  afterAll(async () => { await t?.close(); });

  it('fails the job of a document that cannot be rendered, to be retried, and keeps serving', async () => {
    const { db } = t.ctx.database;
    const id = await enqueueJob(db, t.clock.now().toISOString(), 'test.brokenDocument', {});
    expect(await drainJobs(t.ctx)).toBe(1);
    const job = await db.selectFrom('jobs').select(['status', 'attempts', 'error']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(job.status).toBe('pending');
    expect(job.attempts).toBe(1);
    expect(job.error).toMatch(/^Le rendu du document PDF a échoué : /);
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    // The next document renders as usual.
    const pdf = await renderOfficialPdf({ title: 'Procès-verbal', content: ['Séance close.'], compress: false });
    expect(pdfText(pdf)).toContain('Séance close.');
  });
});
