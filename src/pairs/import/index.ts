import type { FileImport } from '../../platform/imports/engine.js';
import { fileImportRoutes, registerFileImportJob } from '../../platform/imports/jobAndRoutes.js';
import { mayWritePairs } from '../pairPolicy.js';
import { checkPairs, type PairImportRow } from './checkPairs.js';
import { PAIR_IMPORT_LAYOUT } from './layout.js';
import { writePairs } from './writePairs.js';

export const PAIR_IMPORT_JOB = 'import.pairs';

/** Who may import is who may create: the company (pairs of its own contracts) and the secretariat. */
export const pairImport: FileImport<PairImportRow> = {
  job: PAIR_IMPORT_JOB,
  noun: { one: 'binôme', many: 'binômes' },
  forbidden: 'd’importer des binômes intergénérationnels',
  mayImport: mayWritePairs,
  layout: PAIR_IMPORT_LAYOUT,
  check: checkPairs,
  write: writePairs,
};

export const registerPairImportJob = () => registerFileImportJob(pairImport);
export const pairImportRoutes = fileImportRoutes(pairImport, '/api/imports/pairs', ['binômes intergénérationnels', 'imports']);
