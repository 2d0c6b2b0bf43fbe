import type { MeasureImport } from '../../measures/import/engine.js';
import { measureImportRoutes, registerMeasureImportJob } from '../../measures/import/jobAndRoutes.js';
import { mayWritePathways } from '../pathwayPolicy.js';
import { checkPathways, type PathwayImportRow } from './checkPathways.js';
import { PATHWAY_IMPORT_LAYOUT } from './layout.js';
import { writePathways } from './writePathways.js';

export const TEMP_PATHWAY_IMPORT_JOB = 'import.tempPathways';

/** Who may import is who may create: the temp agency (its own pathways) and the secretariat. */
export const pathwayImport: MeasureImport<PathwayImportRow> = {
  job: TEMP_PATHWAY_IMPORT_JOB,
  noun: { one: 'parcours', many: 'parcours' },
  forbidden: 'd’importer des parcours intérimaires',
  mayImport: mayWritePathways,
  layout: PATHWAY_IMPORT_LAYOUT,
  check: checkPathways,
  write: writePathways,
};

export const registerPathwayImportJob = () => registerMeasureImportJob(pathwayImport);
export const pathwayImportRoutes = measureImportRoutes(pathwayImport, '/api/imports/temp-pathways', ['parcours intérimaires', 'imports']);
