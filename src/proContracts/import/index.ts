import { mayWriteContracts } from '../contractPolicy.js';
import type { FileImport } from '../../platform/imports/engine.js';
import { fileImportRoutes, registerFileImportJob } from '../../platform/imports/jobAndRoutes.js';
import { checkContracts, type ContractImportRow } from './checkContracts.js';
import { CONTRACT_IMPORT_LAYOUT } from './layout.js';
import { writeContracts } from './writeContracts.js';

export const PRO_CONTRACT_IMPORT_JOB = 'import.proContracts';

/** Who may import is who may create: the employer, its training fund, the secretariat. */
export const contractImport: FileImport<ContractImportRow> = {
  job: PRO_CONTRACT_IMPORT_JOB,
  noun: { one: 'contrat', many: 'contrats' },
  forbidden: 'd’importer des contrats de professionnalisation',
  mayImport: mayWriteContracts,
  layout: CONTRACT_IMPORT_LAYOUT,
  check: checkContracts,
  write: writeContracts,
};

export const registerContractImportJob = () => registerFileImportJob(contractImport);
export const contractImportRoutes = fileImportRoutes(contractImport, '/api/imports/pro-contracts', ['contrats de professionnalisation', 'imports']);
