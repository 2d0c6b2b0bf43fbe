import { MAX_REPORTED_ERRORS, type RowError } from '../tabular/index.js';
import { AppError } from '../http/errors.js';

/** Something worth knowing that does not stop the import (a rule's warning, a quota note). */
export interface ImportWarning { line: number; message: string }

/**
 * Collects the errors of a file in file order, keeping the count beyond what is reported, so
 * that the user gets every problem at once, each with its line number (line 0: the file itself).
 */
export class LineProblems {
  private readonly list: RowError[] = [];
  count = 0;
  readonly warnings: ImportWarning[] = [];

  add(line: number, column: string, detail: string): void {
    this.count += 1;
    const where = line === 0 ? 'Fichier' : column ? `Ligne ${line}, colonne « ${column} »` : `Ligne ${line}`;
    this.list.push({ line, column, message: `${where} : ${detail}` });
  }

  addAll(errors: RowError[], count = errors.length): void {
    this.count += count;
    this.list.push(...errors);
  }

  /** Line 0: the file as a whole (lines it skipped, say). */
  warn(line: number, detail: string): void {
    this.warnings.push({ line, message: line === 0 ? `Fichier : ${detail}` : `Ligne ${line} : ${detail}` });
  }

  /** Errors sorted by line (stable: within a line, columns then rules keep their order), capped. */
  errors(): { errors: RowError[]; errorCount: number; truncated: boolean } {
    const sorted = [...this.list].sort((a, b) => a.line - b.line);
    const errors = sorted.slice(0, MAX_REPORTED_ERRORS);
    return { errors, errorCount: this.count, truncated: this.count > errors.length };
  }
}

/**
 * Thrown by a writer when the recording of a line is refused inside the transaction (what
 * another user saved since the check, say): the transaction rolls back and the file is refused.
 */
export class LineRefusal extends Error {
  constructor(readonly problems: LineProblems) {
    super('Import refusé');
  }
}

/** An API message (« Ce contrat… ») read after « Ligne 4, colonne « … » : », where it goes on in lower case; acronyms (« OPCA ») stay. */
const asDetail = (message: string) => (/^\p{Lu}\p{Ll}/u.test(message) ? message[0].toLowerCase() + message.slice(1) : message);

/** Turns a refusal of the API's recording code into line-numbered errors, columns found from field paths. */
export function refusalAt(line: number, error: unknown, columnOf: (path: string) => string): LineRefusal {
  const problems = new LineProblems();
  if (error instanceof AppError) {
    const issues = error.issues.length ? error.issues : [{ path: error.field ?? '', message: error.message }];
    for (const i of issues) problems.add(line, columnOf(i.path), asDetail(i.message));
    return new LineRefusal(problems);
  }
  throw error;
}

/** « 120 000 »: French digit grouping, with a plain no-break space rather than the narrow one of toLocaleString. */
export const frenchCount = (n: number): string => n.toLocaleString('fr-FR').replace(/\u202f/g, '\u00a0');

/** "1 contrat" / "3 contrats", with French digit grouping. */
export function plural(n: number, one: string, many: string): string {
  return `${frenchCount(n)} ${n > 1 ? many : one}`;
}
