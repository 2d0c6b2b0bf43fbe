import { MAX_REPORTED_ERRORS, type RowError } from '../../platform/tabular/index.js';

/** Errors of a file in line order, counted beyond what is reported (line 0: the file itself). */
export class Problems {
  private readonly list: RowError[] = [];
  count = 0;
  add(line: number, column: string, detail: string): void {
    this.count += 1;
    const where = line === 0 ? 'Fichier' : column ? `Ligne ${line}, colonne « ${column} »` : `Ligne ${line}`;
    if (this.list.length < MAX_REPORTED_ERRORS * 2) this.list.push({ line, column, message: `${where} : ${detail}` });
  }
  addAll(errors: readonly RowError[]): void {
    this.count += errors.length;
    for (const e of errors) if (this.list.length < MAX_REPORTED_ERRORS * 2) this.list.push(e);
  }
  report(): { errors: RowError[]; errorCount: number; truncated: boolean } {
    const errors = [...this.list].sort((a, b) => a.line - b.line).slice(0, MAX_REPORTED_ERRORS);
    return { errors, errorCount: this.count, truncated: this.count > errors.length };
  }
}

export const frCount = (n: number) => n.toLocaleString('fr-FR').replace(/\u202f/g, '\u00a0');
export const plural = (n: number, one: string, many: string) => `${frCount(n)} ${n > 1 ? many : one}`;
