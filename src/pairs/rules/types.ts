import type { Cents } from '../../shared/money.js';
import type { IsoDate } from '../../shared/dates.js';
import type { ContractType } from '../../proContracts/rules/types.js';

export interface PairSenior {
  personId: string;
  companyId: string;
  /** Expected retirement date (départ en retraite prévu). */
  expectedRetirementDate: IsoDate;
}

export interface PairJunior {
  personId: string;
  companyId: string;
  contractType: ContractType;
  /** The C.Pro is counted in the 1,000 contracts reserved for pairs. */
  reservedForPair: boolean;
}

export interface PairInput {
  senior: PairSenior;
  junior: PairJunior;
  startDate: IsoDate;
  /** Last day of the senior's part time in the pair (at the latest the day before retirement). */
  endDate: IsoDate;
  /** Full-time reference salary fixed in the written agreement (gross monthly). */
  fullTimeSalaryCents: Cents;
  /** Working time of the senior, in basis points of full time (default 50 %). */
  activityBp?: number;
  /** Pay of the senior, in basis points of the full-time salary (default 80 %). */
  payBp?: number;
  /** Written agreement employer–employee to contribute on the full-time base (L241-3-1). */
  writtenAgreement: boolean;
  /** The employer takes on the employee's contributions on the supplement (base − paid salary). */
  employerPaysEmployeeSupplement?: boolean;
}
