import { fileImportRoutes } from '../../platform/imports/jobAndRoutes.js';
import { historyImport } from './importService.js';

/** POST /api/imports/funding-requests (202, background job) and its /check dry run. */
export const importRoutes = fileImportRoutes(historyImport, '/api/imports/funding-requests', ['imports']);
