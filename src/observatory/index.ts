import { registerDigestJob } from './alerts.js';
import { registerObservatoryImportJob } from './import/observatoryImport.js';

export { observatoryRoutes } from './routes.js';
export { loadObservatoryDemo } from './demo.js';
export { acteIIIAnnex, acteIIIAnnexFigures } from './annex.js';

/** The observatory's background jobs: imports, and the weekly digest of alerts. */
export function registerObservatoryJobs(): void {
  registerObservatoryImportJob();
  registerDigestJob();
}
