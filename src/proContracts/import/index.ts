import { mayWriteContracts } from '../contractPolicy.js';
import type { MeasureImport } from '../../measures/import/engine.js';
import { measureImportRoutes, registerMeasureImportJob } from '../../measures/import/jobAndRoutes.js';
import { checkContracts, type ContractImportRow } from './checkContracts.js';
import { CONTRACT_IMPORT_LAYOUT } from './layout.js';
import { writeContracts } from './writeContracts.js';

export const PRO_CONTRACT_IMPORT_JOB = 'import.proContracts';

/** Who may import is who may create: the employer, its training fund, the secretariat. */
export const contractImport: MeasureImport<ContractImportRow> = {
  job: PRO_CONTRACT_IMPORT_JOB,
  noun: { one: 'contrat', many: 'contrats' },
  forbidden: 'd’importer des contrats de professionnalisation',
  mayImport: mayWriteContracts,
  layout: CONTRACT_IMPORT_LAYOUT,
  check: checkContracts,
  write: writeContracts,
};

export const registerContractImportJob = () => registerMeasureImportJob(contractImport);
export const contractImportRoutes = measureImportRoutes(contractImport, '/api/imports/pro-contracts', ['contrats de professionnalisation', 'imports']);
