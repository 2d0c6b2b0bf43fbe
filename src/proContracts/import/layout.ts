import { parsers, type CellParser, type Layout } from '../../platform/tabular/index.js';
import { LEVELS_1969, LEVEL_1969_LABELS } from '../../shared/qualification.js';
import {
  CONTRACT_TYPES, EXTENDED_DURATION_REASONS, EXTENDED_DURATION_REASON_LABELS, PRIORITY_PUBLICS, PRIORITY_PUBLIC_LABELS, type PriorityPublic,
} from '../rules/index.js';
import { CONTRACT_IMPORT_COLUMNS, type ImportColumnDoc } from './columns.js';

/** Hours as typed in France: « 151,67 », « 400 ». */
export const hours: CellParser<number> = (raw) => {
  const value = Number(raw.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.'));
  if (!Number.isFinite(value) || value < 0 || !/\d/.test(raw)) return { ok: false, message: `« ${raw} » n’est pas un nombre d’heures.` };
  return { ok: true, value: Math.round(value * 100) / 100 };
};

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

export const level = parsers.enumeration(LEVELS_1969.map((code) => ({ code, label: LEVEL_1969_LABELS[code] })));
export const sex = parsers.enumeration([{ code: 'F', label: 'Femme' }, { code: 'M', label: 'Homme' }]);
const text = (max = 300) => parsers.text({ maxLength: max });
const date = parsers.date({ min: '1900-01-01', max: '2100-12-31' });

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

/** A layout from the documented columns: « oui » means required by the parser, anything else is checked by the rules. */
export function layoutOf(columns: readonly ImportColumnDoc[], parsersByKey: Record<string, CellParser>): Layout {
  return {
    columns: columns.map((c) => {
      const parse = parsersByKey[c.key];
      if (!parse) throw new Error(`Colonne sans analyseur : ${c.key}`);
      return { key: c.key, header: c.header, required: c.required === 'oui', parse };
    }),
  };
}

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
export function contractColumn(path: string): string {
  const key = COLUMN_OF_FIELD[path] ?? COLUMN_OF_FIELD[path.split('.').slice(0, 2).join('.')] ?? COLUMN_OF_FIELD[path.split('.')[0]];
  return CONTRACT_IMPORT_COLUMNS.find((c) => c.key === key)?.header ?? '';
}
