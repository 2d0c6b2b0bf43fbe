import { isoNow, type AppContext } from '../../platform/http/context.js';
import type { Actor } from '../../platform/identity/roles.js';
import { readTable, rowChecker, TabularError, type RowError, type Table } from '../../platform/tabular/index.js';
import { resolveColumns } from './headers.js';
import { frCount, plural, Problems } from './problems.js';
import type { Dataset } from './datasets.js';

/** A national BMO file is about 50,000 lines: room for it, not for anything bigger. */
export const MAX_LINES = 120_000;

export interface Checked<R> { records: R[]; rowCount: number; outside: number; years: number[]; masked: number }

export interface CheckReport {
  ok: boolean; filename: string; rows: number; errorCount: number; truncated: boolean; errors: RowError[];
  warnings: { line: number; message: string }[]; message: string;
}

export type ImportOutcome =
  | { ok: true; filename: string; message: string; imported: number; references: string[]; warnings: { line: number; message: string }[]; importId: number; years: number[]; masked: number; outside: number; dataset: string }
  | { ok: false; filename: string; message: string; rowCount: number; errorCount: number; truncated: boolean; errors: RowError[] };

type Progress = (percent: number, label: string) => Promise<void>;

/** Reads and checks a file against a dataset: the records it would write, or every error with its line. */
export async function checkDataset<R>(dataset: Dataset<R>, buffer: Buffer, filename: string, progress: Progress = async () => {}): Promise<{ ok: true; checked: Checked<R> } | { ok: false; rowCount: number; problems: Problems }> {
  const problems = new Problems();
  let table: Table;
  try {
    table = await readTable(buffer, filename);
  } catch (error) {
    if (!(error instanceof TabularError)) throw error;
    problems.add(0, '', error.message);
    return { ok: false, rowCount: 0, problems };
  }
  const rowCount = table.rows.length;
  if (rowCount > MAX_LINES) {
    problems.add(0, '', `un import compte ${frCount(MAX_LINES)} lignes au plus (${frCount(rowCount)} reçues) : découpez le fichier.`);
    return { ok: false, rowCount, problems };
  }
  const { layout, missing } = resolveColumns(table.headers, dataset.columns);
  for (const column of missing) problems.add(1, column.label, `la colonne obligatoire « ${column.label} » est absente du fichier (${dataset.label}).`);
  if (rowCount === 0) problems.add(0, '', 'le fichier ne contient aucune ligne de données.');
  if (problems.count) return { ok: false, rowCount, problems };
  await progress(10, 'Contrôle des lignes');

  const check = rowChecker<Record<string, any>>(table.headers, { columns: layout });
  const kept: { line: number; record: R }[] = [];
  let outside = 0;
  const every = Math.max(1, Math.ceil(rowCount / 10));
  for (const [i, row] of table.rows.entries()) {
    const one = check(row);
    if (!one.ok) { problems.addAll(one.errors); continue; }
    const record = dataset.record(one.value, one.line, filename, problems);
    if (record === 'outside') outside++;
    else if (record !== null) kept.push({ line: one.line, record });
    if ((i + 1) % every === 0) await progress(10 + (40 * (i + 1)) / rowCount, `Contrôle ${frCount(i + 1)} / ${frCount(rowCount)}`);
  }
  const records = dataset.combine(kept, problems);
  if (problems.count === 0 && records.length === 0)
    problems.add(0, '', `aucune ligne ne concerne les zones d’emploi du territoire (${frCount(outside)} lignes hors territoire).`);
  if (problems.count) return { ok: false, rowCount, problems };
  return { ok: true, checked: { records, rowCount, outside, years: dataset.years(records), masked: dataset.masked(records) } };
}

const outsideWarning = (outside: number) => (outside ? [{ line: 0, message: `${plural(outside, 'ligne concerne', 'lignes concernent')} d’autres territoires que les zones d’emploi de Franche-Comté : elles sont ignorées.` }] : []);
const maskedNote = (masked: number) => (masked ? ` ${plural(masked, 'valeur secrète (« * ») est gardée', 'valeurs secrètes (« * ») sont gardées')} comme secrètes, jamais comme zéro.` : '');

export async function dryRun<R>(dataset: Dataset<R>, buffer: Buffer, filename: string): Promise<CheckReport> {
  const result = await checkDataset(dataset, buffer, filename);
  if (!result.ok) {
    const { errors, errorCount, truncated } = result.problems.report();
    return { ok: false, filename, rows: result.rowCount, errorCount, truncated, errors, warnings: [], message: refusedMessage(filename, errorCount, truncated, errors.length) };
  }
  const c = result.checked;
  return {
    ok: true, filename, rows: c.rowCount, errorCount: 0, truncated: false, errors: [], warnings: outsideWarning(c.outside),
    message: `Le fichier « ${filename} » est valide : ${plural(c.records.length, `${dataset.noun.one} serait importée`, `${dataset.noun.many} seraient importées`)}${c.years.length ? ` (${c.years.join(', ')})` : ''}.${maskedNote(c.masked)}`,
  };
}

const refusedMessage = (filename: string, count: number, truncated: boolean, shown: number) =>
  `Le fichier « ${filename} » contient ${plural(count, 'erreur', 'erreurs')} : rien n’a été importé. ${count > 1 ? 'Corrigez-les' : 'Corrigez-la'} et déposez-le à nouveau.`
  + (truncated ? ` Seules les ${shown} premières sont listées.` : '');

/** Checks the whole file, then replaces what it covers in one transaction: every line or none. */
export async function runImport<R>(ctx: AppContext, actor: Actor | null, dataset: Dataset<R>, buffer: Buffer, filename: string, options: { progress?: Progress; synthetic?: boolean; inTransactionProgress?: boolean } = {}): Promise<ImportOutcome> {
  const progress = options.progress ?? (async () => {});
  await progress(5, 'Lecture du fichier');
  const result = await checkDataset(dataset, buffer, filename, progress);
  if (!result.ok) {
    const { errors, errorCount, truncated } = result.problems.report();
    return { ok: false, filename, rowCount: result.rowCount, errorCount, truncated, errors, message: refusedMessage(filename, errorCount, truncated, errors.length) };
  }
  const c = result.checked;
  await progress(55, `Enregistrement de ${frCount(c.records.length)} ${c.records.length > 1 ? dataset.noun.many : dataset.noun.one}`);
  const at = isoNow(ctx.clock);
  const importId = await ctx.database.db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('observatoryImports').values({
      dataset: dataset.key, filename, years: c.years.join(','), rowCount: c.rowCount, keptCount: c.records.length, maskedCount: c.masked,
      isSynthetic: options.synthetic ?? false, importedBy: actor?.userId ?? null, importedAt: at,
    }).returning('id').executeTakeFirstOrThrow();
    await dataset.write(trx, c.records, row.id);
    return row.id;
  });
  await progress(95, 'Import enregistré');
  return {
    ok: true, filename, importId, dataset: dataset.key, imported: c.records.length, references: [], years: c.years, masked: c.masked, outside: c.outside,
    warnings: outsideWarning(c.outside),
    message: `${plural(c.records.length, `${dataset.noun.one} importée`, `${dataset.noun.many} importées`)} depuis « ${filename} »${c.years.length ? ` (${c.years.join(', ')})` : ''}.${maskedNote(c.masked)}`,
  };
}
