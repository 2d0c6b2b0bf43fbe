import { parsers, type CellParser } from '../../platform/tabular/index.js';
import { columnOfField, date, hours, layoutOf, level, sex, text } from '../../measures/import/cells.js';
import {
  CONTRACT_TYPES, EXTENDED_DURATION_REASONS, EXTENDED_DURATION_REASON_LABELS, PRIORITY_PUBLICS, PRIORITY_PUBLIC_LABELS, type PriorityPublic,
} from '../rules/index.js';
import { CONTRACT_IMPORT_COLUMNS } from './columns.js';

const publics: CellParser<PriorityPublic[]> = (raw) => {
  const parse = parsers.enumeration(PRIORITY_PUBLICS.map((code) => ({ code, label: PRIORITY_PUBLIC_LABELS[code] })));
  const out: PriorityPublic[] = [];
  for (const part of raw.split(/[,;/]/).map((p) => p.trim()).filter(Boolean)) {
    const r = parse(part);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return { ok: true, value: out };
};

const PARSERS: Record<string, CellParser> = {
  siret: parsers.siret(), fund: text(200), lastName: text(100), firstName: text(100), birthDate: date, sex, level,
  hasRecognisedQualification: parsers.boolean(), jobSeeker: parsers.boolean(), publics,
  contractType: parsers.enumeration(CONTRACT_TYPES.map((code) => ({ code, label: code }))),
  startDate: date, endDate: date,
  extendedDurationReason: parsers.enumeration(EXTENDED_DURATION_REASONS.map((code) => ({ code, label: EXTENDED_DURATION_REASON_LABELS[code] }))),
  trainingHours: hours, branchAllowsTrainingAbove25: parsers.boolean(), targetedQualification: text(), targetedLevel: level, providerName: text(),
  grossMonthlyPayCents: parsers.euros(), branchMinimumMonthlyCents: parsers.euros(), branchHourlyRateCents: parsers.euros(),
  tutorLastName: text(100), tutorFirstName: text(100), tutorBirthDate: date, tutorExperienceMonths: parsers.integer({ min: 0, max: 720 }),
  tutorIsEmployer: parsers.boolean(), tutorTrainingHours: hours, reservedForPair: parsers.boolean(),
};

export const CONTRACT_IMPORT_LAYOUT = layoutOf(CONTRACT_IMPORT_COLUMNS, PARSERS);

/** The header of each body field, to put a rule's breach in the right column. */
const COLUMN_OF_FIELD: Record<string, string> = {
  companyId: 'siret', trainingFundId: 'fund',
  'trainee.lastName': 'lastName', 'trainee.firstName': 'firstName', 'trainee.birthDate': 'birthDate', 'trainee.sex': 'sex',
  'trainee.level': 'level', 'trainee.hasRecognisedQualification': 'hasRecognisedQualification', 'trainee.jobSeeker': 'jobSeeker',
  'trainee.publics': 'publics', publics: 'publics', contractType: 'contractType', startDate: 'startDate', endDate: 'endDate',
  extendedDurationReason: 'extendedDurationReason', trainingHours: 'trainingHours', branchAllowsTrainingAbove25: 'branchAllowsTrainingAbove25',
  targetedQualification: 'targetedQualification', targetedLevel: 'targetedLevel', providerName: 'providerName',
  grossMonthlyPayCents: 'grossMonthlyPayCents', branchMinimumMonthlyCents: 'branchMinimumMonthlyCents', branchHourlyRateCents: 'branchHourlyRateCents',
  tutor: 'tutorLastName', tutorId: 'tutorLastName', newTutor: 'tutorLastName', 'tutor.otherTrainees': 'tutorLastName',
  'tutor.relatedExperienceMonths': 'tutorExperienceMonths', 'newTutor.relatedExperienceMonths': 'tutorExperienceMonths',
  'newTutor.lastName': 'tutorLastName', 'newTutor.firstName': 'tutorFirstName', 'newTutor.birthDate': 'tutorBirthDate',
  'newTutor.isEmployer': 'tutorIsEmployer', tutorTrainingHours: 'tutorTrainingHours', reservedForPair: 'reservedForPair',
  quota: 'reservedForPair', 'override.motivation': 'reservedForPair',
};

/** The file's header for a field path of the API ('' when the breach concerns the whole line). */
export const contractColumn = (path: string): string => columnOfField(CONTRACT_IMPORT_COLUMNS, COLUMN_OF_FIELD, path);
