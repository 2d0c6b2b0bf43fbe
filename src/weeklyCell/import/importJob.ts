import { FinalJobError, registerJob } from '../../platform/outbox/jobs.js';
import type { Actor } from '../../platform/identity/roles.js';
import { importFile } from './importService.js';

export const IMPORT_JOB = 'import.fundingRequests';

/** The uploaded file travels in the job row, so any server process can run the import. */
export interface ImportJobPayload { filename: string; contentBase64: string; actor: Actor }

/**
 * Runs an uploaded import in the background and reports progress. An invalid file ends the
 * job 'failed' without retry (retrying cannot fix the file), with the error list as result.
 */
export function registerImportJob(): void {
  registerJob(IMPORT_JOB, async (ctx, payload: ImportJobPayload, progress, job) => {
    const result = await importFile(ctx, Buffer.from(payload.contentBase64, 'base64'), payload.filename, payload.actor,
      async (percent, label, inTransaction) => {
        // On SQLite the write transaction holds the only connection: reporting then would wait for itself.
        if (inTransaction && ctx.database.kind === 'sqlite') return;
        await progress.report(percent, label);
      });
    if (result.ok) return result;
    // runOneJob records only the message of a failure: the list of errors is stored here first.
    await ctx.database.db.updateTable('jobs').set({ result: JSON.stringify(result) }).where('id', '=', job.id).execute();
    throw new FinalJobError(result.message);
  });
}
