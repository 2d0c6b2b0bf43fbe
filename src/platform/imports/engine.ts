import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import type { RunContext } from '../actions/runAction.js';
import type { Schema } from '../db/schema.js';
import { isoNow, type AppContext } from '../http/context.js';
import type { Actor } from '../identity/roles.js';
import { readTable, rowChecker, TabularError, validateRows, type Layout, type RowError, type Table } from '../tabular/index.js';
import { frenchCount, LineProblems, LineRefusal, plural, type ImportWarning } from './lineProblems.js';

/**
 * The one import engine: the Acte II imports (contracts, temp pathways, pairs), the history
 * of the weekly cell and the observatory's published data sets are instances of it. It reads
 * the file, parses each line against the layout, runs the import's checks (the same rules as
 * its API), then writes everything in one transaction. An import only says how to check and
 * how to write its rows: through the measure's actions, or with bulk inserts for the
 * history's or a national data set's tens of thousands of lines.
 * `A` is who imports: a signed-in user, or nobody for a load by the command line or the demo.
 */
export interface FileImport<Row, A extends Actor | null = Actor> {
  /** Job kind, e.g. 'import.proContracts'. */
  job: string;
  /** Nouns, singular and plural: « contrat », « contrats » (`feminine` for « demande »). */
  noun: { one: string; many: string; feminine?: boolean };
  /** Completes « Votre rôle ne vous permet pas … ». */
  forbidden: string;
  mayImport(actor: Actor): boolean;
  /**
   * The columns, or how to find them in the file's headers (published files rename theirs from
   * year to year); a resolver reports the missing ones in `problems` and answers null.
   */
  layout: Layout | ((headers: readonly string[], problems: LineProblems) => Layout | null);
  /** Lines a file may hold; null for no cap. MAX_IMPORT_LINES when not given. */
  maxLines?: number | null;
  /**
   * Checks every parsed line against the database (nothing written); reports through `problems`,
   * and `checked(done, total)` as it goes. `purpose` lets an import skip, before a real write,
   * what its writer computes again inside the transaction.
   */
  check(db: Kysely<Schema>, actor: A, lines: { line: number; value: Record<string, any> }[], problems: LineProblems, checked: CheckProgress, purpose: CheckPurpose, filename: string): Promise<Row[] | CheckedRows<Row>>;
  /** Writes checked rows inside the caller's transaction; throws LineRefusal when a line is refused there. */
  write(trx: Transaction<Schema>, actor: A, rows: Row[], options: WriteOptions): Promise<Written>;
  /** Said of the rows in the messages: `after` the count (« (2014) »), a `note` after the sentence. */
  describe?(rows: Row[]): { after?: string; note?: string };
  /** Run by the background job once the import has committed (the observatory's alerts); may add to the result. */
  afterImport?(ctx: AppContext, result: FileImportSuccess): Promise<FileImportSuccess>;
}

/** Rows with figures of the check itself for the result (lines outside the territory, say). */
export interface CheckedRows<Row> { rows: Row[]; figures: Record<string, unknown> }

export type CheckPurpose = 'dryRun' | 'import';

export type CheckProgress = (done: number, total: number) => Promise<void>;

export interface WriteOptions { database: Database; at: string; filename: string; rowCount: number; onRow: (done: number) => Promise<void> }

/** What an import's writer gives the actions it runs for each line: the database, and the import's instant as their clock. */
export const actionContext = (options: WriteOptions): RunContext => ({ database: options.database, clock: { now: () => new Date(options.at) } });

/** What a writer hands back: the records written, warnings found while writing, and figures of its own for the result. */
export interface Written { references: string[]; ids: number[]; warnings?: ImportWarning[]; summary?: Record<string, unknown> }

/** A file is a few thousand records at most: beyond that it is a data migration, not an upload. */
export const MAX_IMPORT_LINES = 2000;

export interface FileRefusal { ok: false; filename: string; message: string; rowCount: number; errorCount: number; truncated: boolean; errors: RowError[] }
export interface FileImportSuccess { ok: true; filename: string; message: string; imported: number; references: string[]; ids: number[]; warnings: ImportWarning[]; [figure: string]: unknown }
export type FileImportResult = FileImportSuccess | FileRefusal;

export interface DryRunResult {
  ok: boolean; filename: string; rows: number; errorCount: number; truncated: boolean;
  errors: RowError[]; warnings: ImportWarning[]; message: string;
}

/** `inTransaction`: on SQLite the write holds the only connection, so progress stored in the database must wait. */
export type ImportProgress = (percent: number, label: string, inTransaction: boolean) => Promise<void>;

type AnyImport = FileImport<any, any>;

/** « importé », « importée », « importés », « importées ». */
const agreed = (def: AnyImport, word: string, many: boolean) => `${word}${def.noun.feminine ? 'e' : ''}${many ? 's' : ''}`;

function refusal(def: AnyImport, filename: string, rowCount: number, problems: LineProblems): FileRefusal {
  const { errors, errorCount, truncated } = problems.errors();
  const none = def.noun.feminine ? 'aucune' : 'aucun';
  return {
    ok: false, filename, rowCount, errorCount, truncated, errors,
    message: `Le fichier « ${filename} » contient ${plural(errorCount, 'erreur', 'erreurs')} : ${none} ${def.noun.one} n’a été ${agreed(def, 'importé', false)}. ${errorCount > 1 ? 'Corrigez-les' : 'Corrigez-la'} et déposez-le à nouveau.`
      + (truncated ? ` Seules les ${errors.length} premières sont listées.` : ''),
  };
}

/** Layout headers are typeset (« Demandeur d’emploi »); spreadsheets usually carry a straight ' instead. */
function withTypographicApostrophes(table: Table): Table {
  const fix = (header: string) => header.replace(/['\u2018\u00b4`]/g, '\u2019');
  if (!table.headers.some((h) => fix(h) !== h)) return table;
  return {
    headers: table.headers.map(fix),
    rows: table.rows.map((r) => ({ line: r.line, values: Object.fromEntries(Object.entries(r.values).map(([h, v]) => [fix(h), v])) })),
  };
}

type Checked<R> = { ok: true; rows: R[]; figures: Record<string, unknown>; rowCount: number; warnings: ImportWarning[] } | { ok: false; rowCount: number; problems: LineProblems };

async function checkFile<R, A extends Actor | null>(
  db: Kysely<Schema>, actor: A, def: FileImport<R, A>, buffer: Buffer, filename: string, purpose: CheckPurpose,
  hooks: { onRead?: () => Promise<void>; onChecked?: CheckProgress } = {},
): Promise<Checked<R>> {
  const problems = new LineProblems();
  let table: Table;
  try {
    table = await readTable(buffer, filename);
  } catch (error) {
    if (!(error instanceof TabularError)) throw error;
    problems.add(0, '', error.message);
    return { ok: false, rowCount: 0, problems };
  }
  table = withTypographicApostrophes(table);
  const rowCount = table.rows.length;
  const maxLines = def.maxLines === undefined ? MAX_IMPORT_LINES : def.maxLines;
  if (maxLines !== null && rowCount > maxLines) {
    problems.add(0, '', `un import compte ${frenchCount(maxLines)} lignes au plus (${frenchCount(rowCount)} reçues) : découpez le fichier.`);
    return { ok: false, rowCount, problems };
  }
  await hooks.onRead?.();
  const layout = typeof def.layout === 'function' ? def.layout(table.headers, problems) : def.layout;
  if (!layout) return { ok: false, rowCount, problems };
  // Headers first: a missing column would otherwise be reported once per line.
  const headers = validateRows(rowCount ? { headers: table.headers, rows: [] } : table, { ...layout, allowEmpty: rowCount > 0 });
  if (!headers.ok) {
    problems.addAll(headers.errors, headers.errorCount);
    return { ok: false, rowCount, problems };
  }
  const parsed: { line: number; value: Record<string, any> }[] = [];
  // One line at a time, so that a bad date on line 3 does not hide a rule broken on line 7.
  const check = rowChecker<Record<string, any>>(table.headers, layout);
  for (const row of table.rows) {
    const one = check(row);
    if (one.ok) parsed.push(one);
    else problems.addAll(one.errors);
  }
  // About twenty reports whatever the size: enough to see it move, few enough not to slow it down.
  const every = Math.max(1, Math.ceil(parsed.length / 20));
  const checked = await def.check(db, actor, parsed, problems, async (done, total) => {
    if (done % every === 0 || done === total) await hooks.onChecked?.(done, total);
  }, purpose, filename);
  if (problems.count > 0) return { ok: false, rowCount, problems };
  const { rows, figures } = Array.isArray(checked) ? { rows: checked, figures: {} } : checked;
  return { ok: true, rows, figures, rowCount, warnings: problems.warnings };
}

/** Checks a file exactly as the import would, writing nothing. */
export async function dryRunFileImport<R, A extends Actor | null>(ctx: AppContext, actor: A, def: FileImport<R, A>, buffer: Buffer, filename: string): Promise<DryRunResult> {
  const checked = await checkFile(ctx.database.db, actor, def, buffer, filename, 'dryRun');
  if (!checked.ok) {
    const r = refusal(def, filename, checked.rowCount, checked.problems);
    return { ok: false, filename, rows: checked.rowCount, errorCount: r.errorCount, truncated: r.truncated, errors: r.errors, warnings: [], message: r.message };
  }
  const n = checked.rows.length;
  const said = def.describe?.(checked.rows) ?? {};
  return {
    ok: true, filename, rows: checked.rowCount, errorCount: 0, truncated: false, errors: [], warnings: checked.warnings,
    message: `Le fichier « ${filename} » est valide : ${plural(n, `${def.noun.one} serait ${agreed(def, 'importé', false)}`, `${def.noun.many} seraient ${agreed(def, 'importé', true)}`)}${said.after ?? ''}.${said.note ?? ''}`,
  };
}

/** Checks the whole file, then writes it in one transaction: every row or none. */
export async function runFileImport<R, A extends Actor | null>(ctx: AppContext, actor: A, def: FileImport<R, A>, buffer: Buffer, filename: string, progress: ImportProgress = async () => {}): Promise<FileImportResult> {
  await progress(5, 'Lecture du fichier', false);
  const checked = await checkFile(ctx.database.db, actor, def, buffer, filename, 'import', {
    onRead: () => progress(10, 'Contrôle des lignes', false),
    onChecked: (done, total) => progress(10 + (20 * done) / total, `Contrôle ${done} / ${total}`, false),
  });
  if (!checked.ok) return refusal(def, filename, checked.rowCount, checked.problems);

  const total = checked.rows.length;
  const step = Math.max(1, Math.ceil(total / 50));
  await progress(30, `Enregistrement 0 / ${total}`, false);
  const at = isoNow(ctx.clock);
  let written: Written;
  try {
    written = await ctx.database.db.transaction().execute((trx) => def.write(trx, actor, checked.rows, {
      database: ctx.database, at, filename, rowCount: checked.rowCount,
      onRow: async (done) => {
        if (done % step === 0 || done === total) await progress(30 + (65 * done) / total, `Enregistrement ${done} / ${total}`, true);
      },
    }));
  } catch (error) {
    if (error instanceof LineRefusal) return refusal(def, filename, checked.rowCount, error.problems);
    throw error;
  }
  await progress(99, `Enregistrement ${total} / ${total}`, false);
  const warnings = [...checked.warnings, ...(written.warnings ?? [])];
  const said = def.describe?.(checked.rows) ?? {};
  return {
    ok: true, filename, imported: total, references: written.references, ids: written.ids, warnings, ...checked.figures, ...written.summary,
    message: `${plural(total, `${def.noun.one} ${agreed(def, 'importé', false)}`, `${def.noun.many} ${agreed(def, 'importé', true)}`)} depuis « ${filename} »${said.after ?? ''}`
      + (warnings.length ? `, avec ${plural(warnings.length, 'avertissement', 'avertissements')}.` : '.') + (said.note ?? ''),
  };
}
