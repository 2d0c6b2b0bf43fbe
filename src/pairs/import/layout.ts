import { parsers, type CellParser } from '../../platform/tabular/index.js';
import { columnOfField, date, layoutOf, sex, text } from '../../measures/import/cells.js';
import { PAIR_IMPORT_COLUMNS } from './columns.js';


/** « 50 », « 50 % », « 62,5 », or 0.5 from a percent-formatted cell → basis points (5000, 6250). */
const percent: CellParser<number> = (raw) => {
  const cleaned = raw.replace(/[\s\u00a0\u202f%]/g, '').replace(',', '.');
  const value = Number(cleaned);
  if (cleaned === '' || !Number.isFinite(value)) return { ok: false, message: `« ${raw} » n’est pas un pourcentage (exemple : 50).` };
  if (value <= 0 || value > 100) return { ok: false, message: 'le pourcentage doit être compris entre 0 et 100.' };
  // A cell formatted « 50 % » in Excel holds 0.5: a time or pay of 1 % or less is no pair, so it is read as that fraction.
  const percent = value <= 1 && !raw.includes('%') ? value * 100 : value;
  return { ok: true, value: Math.round(percent * 100) };
};

const PARSERS: Record<string, CellParser> = {
  juniorReference: (raw) => text(40)(raw.toUpperCase().replace(/\s/g, '')),
  seniorLastName: text(100), seniorFirstName: text(100), seniorSex: sex, seniorBirthDate: date, expectedRetirementDate: date,
  startDate: date, endDate: date, fullTimeSalaryCents: parsers.euros(), activityBp: percent, payBp: percent,
  writtenAgreement: parsers.boolean(), employerPaysEmployeeSupplement: parsers.boolean(),
};

export const PAIR_IMPORT_LAYOUT = layoutOf(PAIR_IMPORT_COLUMNS, PARSERS);

const COLUMN_OF_FIELD: Record<string, string> = {
  juniorContractId: 'juniorReference', junior: 'juniorReference',
  'senior.lastName': 'seniorLastName', 'senior.firstName': 'seniorFirstName', 'senior.sex': 'seniorSex', 'senior.birthDate': 'seniorBirthDate',
  'senior.expectedRetirementDate': 'expectedRetirementDate', senior: 'expectedRetirementDate',
  startDate: 'startDate', endDate: 'endDate', fullTimeSalaryCents: 'fullTimeSalaryCents', activityBp: 'activityBp', payBp: 'payBp',
  writtenAgreement: 'writtenAgreement', employerPaysEmployeeSupplement: 'employerPaysEmployeeSupplement',
};

/** The file's header for a field path of the API or of the rules ('' when the breach is the line's as a whole). */
export const pairColumn = (path: string): string => columnOfField(PAIR_IMPORT_COLUMNS, COLUMN_OF_FIELD, path);
