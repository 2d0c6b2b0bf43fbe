export type TabularFormat = 'csv' | 'xlsx';

const CONTENT_TYPES: Record<TabularFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** "demandes-2026-11-26.csv": dated so that successive downloads do not overwrite each other. */
export function exportFilename(base: string, format: TabularFormat, now: Date = new Date()): string {
  const safeBase =
    base
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'export';
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  return `${safeBase}-${day}.${format}`;
}

export function contentTypeFor(format: TabularFormat): string {
  return CONTENT_TYPES[format];
}
