import { looseKey } from '../../platform/tabular/parsers.js';
import type { CellParser, LayoutColumn } from '../../platform/tabular/index.js';

/**
 * Published files change their headers from year to year (the BMO bassin columns are `BE19` …
 * `BE25`, 2019 used other labels): a column is known by every header it has carried. The layout
 * given to the tabular validator then names the file's own header, so its errors say what the
 * user sees.
 */
export interface DatasetColumn {
  key: string;
  /** The header shown in the documentation and in errors about a missing column. */
  label: string;
  aliases: readonly (string | RegExp)[];
  required: boolean;
  parse: CellParser;
}

const matches = (header: string, alias: string | RegExp) =>
  typeof alias === 'string' ? looseKey(header).replace(/[\s_-]+/g, '') === looseKey(alias).replace(/[\s_-]+/g, '') : alias.test(header.trim());

/** The file's header of each column (first alias that matches), or the missing required ones. */
export function resolveColumns(headers: readonly string[], columns: readonly DatasetColumn[]): { layout: LayoutColumn[]; missing: DatasetColumn[] } {
  const layout: LayoutColumn[] = [];
  const missing: DatasetColumn[] = [];
  const used = new Set<string>();
  for (const column of columns) {
    const header = column.aliases.map((a) => headers.find((h) => !used.has(h) && matches(h, a))).find((h) => h !== undefined);
    if (header === undefined) {
      if (column.required) missing.push(column);
      continue;
    }
    used.add(header);
    layout.push({ header, key: column.key, required: column.required, parse: column.parse });
  }
  return { layout, missing };
}
