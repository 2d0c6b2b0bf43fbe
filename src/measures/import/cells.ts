import { parsers, type CellParser, type Layout } from '../../platform/tabular/index.js';
import { LEVELS_1969, LEVEL_1969_LABELS } from '../../shared/qualification.js';
import type { ImportColumnDoc } from './columns.js';

/** Hours as typed in France: « 151,67 », « 400 ». */
export const hours: CellParser<number> = (raw) => {
  const value = Number(raw.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.'));
  if (!Number.isFinite(value) || value < 0 || !/\d/.test(raw)) return { ok: false, message: `« ${raw} » n’est pas un nombre d’heures.` };
  return { ok: true, value: Math.round(value * 100) / 100 };
};

export const level = parsers.enumeration(LEVELS_1969.map((code) => ({ code, label: LEVEL_1969_LABELS[code] })));
export const sex = parsers.enumeration([{ code: 'F', label: 'Femme' }, { code: 'M', label: 'Homme' }]);
export const text = (max = 300) => parsers.text({ maxLength: max });
export const date = parsers.date({ min: '1900-01-01', max: '2100-12-31' });

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

/** The file's header for a field path of the API or of the rules, tried whole then by its leading parts ('' for the line as a whole). */
export function columnOfField(columns: readonly ImportColumnDoc[], columnOf: Record<string, string>, path: string): string {
  const key = columnOf[path] ?? columnOf[path.split('.').slice(0, 2).join('.')] ?? columnOf[path.split('.')[0]];
  return columns.find((c) => c.key === key)?.header ?? '';
}
