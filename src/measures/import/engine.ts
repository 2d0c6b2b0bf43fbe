import type { Kysely, Transaction } from 'kysely';
import type { Schema } from '../../platform/db/schema.js';
import { isoNow, type AppContext } from '../../platform/http/context.js';
import type { Actor } from '../../platform/identity/roles.js';
import { readTable, rowChecker, TabularError, validateRows, type Layout, type RowError, type Table } from '../../platform/tabular/index.js';
import { LineProblems, LineRefusal, plural, type ImportWarning } from './lineProblems.js';

/**
 * What the three Acte II imports (contracts, temp pathways, pairs) share: read the file, parse
 * each line against the layout, run the measure's checks (the same rules as its API), then write
 * everything in one transaction. A measure only says how to check and how to write its rows.
 */
export interface MeasureImport<Row> {
  /** Job kind, e.g. 'import.proContracts'. */
  job: string;
  /** Masculine nouns, singular and plural: « contrat », « contrats ». */
  noun: { one: string; many: string };
  /** Completes « Votre rôle ne vous permet pas … ». */
  forbidden: string;
  mayImport(actor: Actor): boolean;
  layout: Layout;
  /** Checks every parsed line against the database (nothing written); reports through `problems`, and `checked(done, total)` as it goes. */
  check(db: Kysely<Schema>, actor: Actor, lines: { line: number; value: Record<string, any> }[], problems: LineProblems, checked: CheckProgress): Promise<Row[]>;
  /** Writes checked rows inside the caller's transaction; throws LineRefusal when a line is refused there. */
  write(trx: Transaction<Schema>, actor: Actor, rows: Row[], options: WriteOptions): Promise<{ references: string[]; ids: number[] }>;
}

export type CheckProgress = (done: number, total: number) => Promise<void>;

export interface WriteOptions { at: string; filename: string; onRow: (done: number) => Promise<void> }

/** A file is a few thousand records at most: beyond that it is a data migration, not an upload. */
export const MAX_IMPORT_LINES = 2000;

export interface FileRefusal { ok: false; filename: string; message: string; rowCount: number; errorCount: number; truncated: boolean; errors: RowError[] }
export type MeasureImportResult =
  | { ok: true; filename: string; message: string; imported: number; references: string[]; ids: number[]; warnings: ImportWarning[] }
  | FileRefusal;

export interface DryRunResult {
  ok: boolean; filename: string; rows: number; errorCount: number; truncated: boolean;
  errors: RowError[]; warnings: ImportWarning[]; message: string;
}

/** `inTransaction`: on SQLite the write holds the only connection, so progress stored in the database must wait. */
export type ImportProgress = (percent: number, label: string, inTransaction: boolean) => Promise<void>;

function refusal<R>(def: MeasureImport<R>, filename: string, rowCount: number, problems: LineProblems): FileRefusal {
  const { errors, errorCount, truncated } = problems.errors();
  return {
    ok: false, filename, rowCount, errorCount, truncated, errors,
    message: `Le fichier « ${filename} » contient ${plural(errorCount, 'erreur', 'erreurs')} : aucun ${def.noun.one} n’a été importé. ${errorCount > 1 ? 'Corrigez-les' : 'Corrigez-la'} et déposez-le à nouveau.`
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

type Checked<R> = { ok: true; rows: R[]; rowCount: number; warnings: ImportWarning[] } | { ok: false; rowCount: number; problems: LineProblems };

async function checkFile<R>(
  db: Kysely<Schema>, actor: Actor, def: MeasureImport<R>, buffer: Buffer, filename: string,
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
  if (rowCount > MAX_IMPORT_LINES) {
    problems.add(0, '', `un import compte ${MAX_IMPORT_LINES.toLocaleString('fr-FR').replace(/\u202f/g, '\u00a0')} lignes au plus (${rowCount} reçues) : découpez le fichier.`);
    return { ok: false, rowCount, problems };
  }
  await hooks.onRead?.();
  // Headers first: a missing column would otherwise be reported once per line.
  const headers = validateRows(rowCount ? { headers: table.headers, rows: [] } : table, { ...def.layout, allowEmpty: rowCount > 0 });
  if (!headers.ok) {
    problems.addAll(headers.errors, headers.errorCount);
    return { ok: false, rowCount, problems };
  }
  const parsed: { line: number; value: Record<string, any> }[] = [];
  // One line at a time, so that a bad date on line 3 does not hide a rule broken on line 7.
  const check = rowChecker<Record<string, any>>(table.headers, def.layout);
  for (const row of table.rows) {
    const one = check(row);
    if (one.ok) parsed.push(one);
    else problems.addAll(one.errors);
  }
  // About twenty reports whatever the size: enough to see it move, few enough not to slow it down.
  const every = Math.max(1, Math.ceil(parsed.length / 20));
  const rows = await def.check(db, actor, parsed, problems, async (done, total) => {
    if (done % every === 0 || done === total) await hooks.onChecked?.(done, total);
  });
  if (problems.count > 0) return { ok: false, rowCount, problems };
  return { ok: true, rows, rowCount, warnings: problems.warnings };
}

/** Checks a file exactly as the import would, writing nothing. */
export async function dryRunMeasureImport<R>(ctx: AppContext, actor: Actor, def: MeasureImport<R>, buffer: Buffer, filename: string): Promise<DryRunResult> {
  const checked = await checkFile(ctx.database.db, actor, def, buffer, filename);
  if (!checked.ok) {
    const r = refusal(def, filename, checked.rowCount, checked.problems);
    return { ok: false, filename, rows: checked.rowCount, errorCount: r.errorCount, truncated: r.truncated, errors: r.errors, warnings: [], message: r.message };
  }
  const n = checked.rows.length;
  return {
    ok: true, filename, rows: checked.rowCount, errorCount: 0, truncated: false, errors: [], warnings: checked.warnings,
    message: `Le fichier « ${filename} » est valide : ${plural(n, `${def.noun.one} serait importé`, `${def.noun.many} seraient importés`)}.`,
  };
}

/** Checks the whole file, then writes it in one transaction: every row or none. */
export async function runMeasureImport<R>(ctx: AppContext, actor: Actor, def: MeasureImport<R>, buffer: Buffer, filename: string, progress: ImportProgress = async () => {}): Promise<MeasureImportResult> {
  await progress(5, 'Lecture du fichier', false);
  const checked = await checkFile(ctx.database.db, actor, def, buffer, filename, {
    onRead: () => progress(10, 'Contrôle des lignes', false),
    onChecked: (done, total) => progress(10 + (20 * done) / total, `Contrôle ${done} / ${total}`, false),
  });
  if (!checked.ok) return refusal(def, filename, checked.rowCount, checked.problems);

  const total = checked.rows.length;
  const step = Math.max(1, Math.ceil(total / 50));
  await progress(30, `Enregistrement 0 / ${total}`, false);
  const at = isoNow(ctx.clock);
  let written: { references: string[]; ids: number[] };
  try {
    written = await ctx.database.db.transaction().execute((trx) => def.write(trx, actor, checked.rows, {
      at, filename,
      onRow: async (done) => {
        if (done % step === 0 || done === total) await progress(30 + (65 * done) / total, `Enregistrement ${done} / ${total}`, true);
      },
    }));
  } catch (error) {
    if (error instanceof LineRefusal) return refusal(def, filename, checked.rowCount, error.problems);
    throw error;
  }
  await progress(99, `Enregistrement ${total} / ${total}`, false);
  const warnings = checked.warnings;
  return {
    ok: true, filename, imported: total, references: written.references, ids: written.ids, warnings,
    message: `${plural(total, `${def.noun.one} importé`, `${def.noun.many} importés`)} depuis « ${filename} »`
      + (warnings.length ? `, avec ${plural(warnings.length, 'avertissement', 'avertissements')}.` : '.'),
  };
}
