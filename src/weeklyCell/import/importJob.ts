import { registerMeasureImportJob } from '../../measures/import/jobAndRoutes.js';
import { historyImport } from './importService.js';

export { IMPORT_JOB } from './importService.js';

/** The history import runs in the background as every import does (src/measures/import). */
export const registerImportJob = (): void => registerMeasureImportJob(historyImport);
