import type { FileImport } from '../../platform/imports/engine.js';
import { fileImportRoutes, registerFileImportJob } from '../../platform/imports/jobAndRoutes.js';
import { mayWritePathways } from '../pathwayPolicy.js';
import { checkPathways, type PathwayImportRow } from './checkPathways.js';
import { PATHWAY_IMPORT_LAYOUT } from './layout.js';
import { writePathways } from './writePathways.js';

export const TEMP_PATHWAY_IMPORT_JOB = 'import.tempPathways';

/** Who may import is who may create: the temp agency (its own pathways) and the secretariat. */
export const pathwayImport: FileImport<PathwayImportRow> = {
  job: TEMP_PATHWAY_IMPORT_JOB,
  noun: { one: 'parcours', many: 'parcours' },
  forbidden: 'd’importer des parcours intérimaires',
  mayImport: mayWritePathways,
  layout: PATHWAY_IMPORT_LAYOUT,
  check: checkPathways,
  write: writePathways,
};

export const registerPathwayImportJob = () => registerFileImportJob(pathwayImport);
export const pathwayImportRoutes = fileImportRoutes(pathwayImport, '/api/imports/temp-pathways', ['parcours intérimaires', 'imports']);
