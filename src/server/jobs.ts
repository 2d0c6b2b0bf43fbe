import { registerSessionDocumentsJob } from '../weeklyCell/sessionClosing.js';

/** Registers every background job handler; imported once by the server and by tests. */
export function registerJobs(): void {
  registerSessionDocumentsJob();
}
