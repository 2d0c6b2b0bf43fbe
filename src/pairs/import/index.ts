import type { MeasureImport } from '../../measures/import/engine.js';
import { measureImportRoutes, registerMeasureImportJob } from '../../measures/import/jobAndRoutes.js';
import { mayWritePairs } from '../pairPolicy.js';
import { checkPairs, type PairImportRow } from './checkPairs.js';
import { PAIR_IMPORT_LAYOUT } from './layout.js';
import { writePairs } from './writePairs.js';

export const PAIR_IMPORT_JOB = 'import.pairs';

/** Who may import is who may create: the company (pairs of its own contracts) and the secretariat. */
export const pairImport: MeasureImport<PairImportRow> = {
  job: PAIR_IMPORT_JOB,
  noun: { one: 'binôme', many: 'binômes' },
  forbidden: 'd’importer des binômes intergénérationnels',
  mayImport: mayWritePairs,
  layout: PAIR_IMPORT_LAYOUT,
  check: checkPairs,
  write: writePairs,
};

export const registerPairImportJob = () => registerMeasureImportJob(pairImport);
export const pairImportRoutes = measureImportRoutes(pairImport, '/api/imports/pairs', ['binômes intergénérationnels', 'imports']);
