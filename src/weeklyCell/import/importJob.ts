import { registerFileImportJob } from '../../platform/imports/jobAndRoutes.js';
import { historyImport } from './importService.js';

export { IMPORT_JOB } from './importService.js';

/** The history import runs in the background as every import does (src/platform/imports). */
export const registerImportJob = (): void => registerFileImportJob(historyImport);
