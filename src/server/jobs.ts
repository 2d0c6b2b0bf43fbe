import { registerSessionDocumentsJob } from '../weeklyCell/sessionClosing.js';
import { registerSteeringReportJob } from '../steering/steeringRoutes.js';
import { registerSteeringRefreshJob } from '../steering/snapshots.js';
import { registerImportJob } from '../weeklyCell/import/importJob.js';
import { registerActeIIImportJobs } from '../proContracts/import/registrations.js';
import { registerObservatoryJobs } from '../observatory/index.js';

/** Registers every background job handler; imported once by the server and by tests. */
export function registerJobs(): void {
  registerSessionDocumentsJob();
  registerSteeringReportJob();
  registerSteeringRefreshJob();
  registerImportJob();
  registerActeIIImportJobs();
  registerObservatoryJobs();
}
