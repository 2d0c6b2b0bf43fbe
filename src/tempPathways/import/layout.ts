import { parsers, type CellParser } from '../../platform/tabular/index.js';
import { date, hours, layoutOf, level, sex, text } from '../../measures/import/cells.js';
import { PERIOD_KINDS, PERIOD_KIND_LABELS, SCHOOLING_ROUTES } from '../rules/index.js';
import { PATHWAY_FUNDER_COLUMNS, PATHWAY_IMPORT_COLUMNS } from './columns.js';

const rome: CellParser<string> = (raw) => {
  const code = raw.replace(/\s/g, '').toUpperCase();
  return /^[A-N]\d{4}$/.test(code) ? { ok: true, value: code } : { ok: false, message: `« ${raw} » n’est pas un code ROME : une lettre de A à N suivie de 4 chiffres (par exemple H2903).` };
};

const PARSERS: Record<string, CellParser> = {
  pathwayKey: text(60), agency: text(200), lastName: text(100), firstName: text(100), sex, birthDate: date, level,
  route: parsers.enumeration(SCHOOLING_ROUTES.map((code) => ({ code, label: code === 'general' ? 'générale' : 'professionnelle' }))),
  hasVocationalDiploma: parsers.boolean(), entryDate: date,
  kind: parsers.enumeration(PERIOD_KINDS.map((code) => ({ code, label: PERIOD_KIND_LABELS[code] }))),
  start: date, end: date, hours, costCents: parsers.euros(), romeCode: rome,
  providerName: text(300), userCompany: text(300), targetedQualification: text(300),
  ...Object.fromEntries(PATHWAY_FUNDER_COLUMNS.map((f) => [f.key, parsers.euros()])),
};

export const PATHWAY_IMPORT_LAYOUT = layoutOf(PATHWAY_IMPORT_COLUMNS, PARSERS);

export const pathwayHeader = (key: string) => PATHWAY_IMPORT_COLUMNS.find((c) => c.key === key)?.header ?? '';

const WORKER_FIELDS: Record<string, string> = {
  lastName: 'lastName', firstName: 'firstName', sex: 'sex', birthDate: 'birthDate', level: 'level', route: 'route', hasVocationalDiploma: 'hasVocationalDiploma',
};

/**
 * Where a breach of the API's body belongs in the file: periods on their own row, everything
 * else (person, entry, agency, financing) on the pathway's first row.
 */
export function pathwayCell(path: string, rowLines: number[], funders: string[]): { line: number; column: string } {
  const parts = path.split('.');
  const first = rowLines[0];
  if (parts[0] === 'periods' && parts.length >= 2 && /^\d+$/.test(parts[1])) {
    const line = rowLines[Number(parts[1])] ?? first;
    return { line, column: pathwayHeader(parts[2] ?? '') };
  }
  if (parts[0] === 'worker' || parts[0] === 'participant') return { line: first, column: pathwayHeader(WORKER_FIELDS[parts[1]] ?? '') };
  if (parts[0] === 'entryDate') return { line: first, column: pathwayHeader('entryDate') };
  if (parts[0] === 'agencyId') return { line: first, column: pathwayHeader('agency') };
  if (parts[0] === 'fundingLines') {
    const funder = funders[Number(parts[1])];
    return { line: first, column: PATHWAY_FUNDER_COLUMNS.find((f) => f.funder === funder)?.header ?? '' };
  }
  return { line: first, column: '' };
}
