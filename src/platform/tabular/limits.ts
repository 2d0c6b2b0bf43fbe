/**
 * What an uploaded table may hold. Every cap is checked while the file is read, so a hostile
 * file is refused after reading at most one cap's worth, whatever its declared or real size.
 */
export interface ReadLimits {
  /** Bytes of the file as sent (the upload limit of the forms). */
  maxBytes: number;
  /** Spreadsheet lines after the header line, blank ones included. */
  maxRows: number;
  /** Position of the last filled cell of a line. */
  maxColumns: number;
  /** Characters of one cell: Excel's own limit. */
  maxCellChars: number;
  /** Uncompressed bytes of one part of an XLSX workbook (its sheet, its shared strings…). */
  maxEntryBytes: number;
  /** Uncompressed bytes of all the parts together. */
  maxInflatedBytes: number;
  /** Parts in an XLSX workbook. */
  maxEntries: number;
}

const MB = 1024 * 1024;

export const READ_LIMITS: Readonly<ReadLimits> = {
  maxBytes: 20 * MB,
  maxRows: 10_000,
  maxColumns: 200,
  maxCellChars: 32_767,
  maxEntryBytes: 32 * MB,
  maxInflatedBytes: 64 * MB,
  maxEntries: 1_000,
};

/** "10 000" with the no-break space French typography puts between thousands. */
export const frenchCount = (n: number) => n.toLocaleString('fr-FR').replace(/[\u202f\u00a0]/g, '\u00a0');
export const megabytes = (bytes: number) => `${frenchCount(Math.round(bytes / MB))} Mo`;
