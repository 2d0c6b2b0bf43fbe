import { isoNow, type AppContext } from '../../platform/http/context.js';
import type { Actor } from '../../platform/identity/roles.js';
import type { RowError } from '../../platform/tabular/index.js';
import { checkImport, type ImportWarning } from './validateImport.js';
import { writeImport, type WriteOutcome } from './writeImport.js';

/**
 * What an import (web job, CLI, demo) hands back. It is stored as the job's result, so it
 * explains itself: `ok`, a French `message`, and either what was written or every error.
 */
export type ImportResult =
  | ({ ok: true; filename: string; message: string } & WriteOutcome)
  | { ok: false; filename: string; message: string; rowCount: number; errorCount: number; truncated: boolean; errors: RowError[] };

export interface DryRunResult {
  ok: boolean;
  filename: string;
  /** Data rows read from the file (header excluded). */
  rows: number;
  errorCount: number;
  truncated: boolean;
  errors: RowError[];
  warnings: ImportWarning[];
  message: string;
}

/**
 * `inTransaction` is true while rows are being written: on SQLite the write holds the only
 * connection, so a caller that reports progress through the database must skip those calls.
 */
export type ImportProgress = (percent: number, label: string, inTransaction: boolean) => Promise<void>;

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('fr-FR').replace(/\u202f/g, '\u00a0')} ${n > 1 ? many : one}`;

function refusal(filename: string, check: { rowCount: number; errorCount: number; truncated: boolean; errors: RowError[] }): ImportResult {
  return {
    ok: false, filename, rowCount: check.rowCount, errorCount: check.errorCount, truncated: check.truncated, errors: check.errors,
    message: `Le fichier « ${filename} » contient ${plural(check.errorCount, 'erreur', 'erreurs')} : aucune demande n’a été importée. Corrigez-les et déposez-le à nouveau.`
      + (check.truncated ? ` Seules les ${check.errors.length} premières sont listées.` : ''),
  };
}

/** Checks a file as the import would, writing nothing. */
export async function dryRunImport(ctx: AppContext, buffer: Buffer, filename: string): Promise<DryRunResult> {
  const check = await checkImport(ctx.database.db, buffer, filename);
  if (!check.ok) {
    const { message } = refusal(filename, check);
    return { ok: false, filename, rows: check.rowCount, errorCount: check.errorCount, truncated: check.truncated, errors: check.errors, warnings: [], message };
  }
  return {
    ok: true, filename, rows: check.rows.length, errorCount: 0, truncated: false, errors: [], warnings: check.warnings,
    message: `Le fichier « ${filename} » est valide : ${plural(check.rows.length, 'demande serait importée', 'demandes seraient importées')}.`,
  };
}

/** Validates the whole file, then writes it in one transaction: all rows or none. */
export async function importFile(ctx: AppContext, buffer: Buffer, filename: string, actor: Actor | null, progress: ImportProgress = async () => {}): Promise<ImportResult> {
  await progress(5, 'Lecture du fichier', false);
  // The writer plans the commitments (and their warnings) inside its transaction: no need to do it twice.
  const check = await checkImport(ctx.database.db, buffer, filename, () => progress(15, 'Contrôle des lignes', false), { envelopeWarnings: false });
  if (!check.ok) return refusal(filename, check);

  const total = check.rows.length;
  const step = Math.max(1, Math.ceil(total / 50));
  await progress(30, `Enregistrement 0 / ${total}`, false);
  const outcome = await ctx.database.db.transaction().execute((trx) => writeImport(trx, check.rows, {
    database: ctx.database,
    at: isoNow(ctx.clock), actor, filename,
    onRow: async (done) => {
      if (done % step === 0 || done === total) await progress(30 + (65 * done) / total, `Enregistrement ${done} / ${total}`, true);
    },
  }));
  await progress(99, `Enregistrement ${total} / ${total}`, false);
  return {
    ok: true, filename, ...outcome,
    message: `${plural(outcome.imported, 'demande importée', 'demandes importées')} depuis « ${filename} »`
      + (outcome.warnings.length ? `, avec ${plural(outcome.warnings.length, 'avertissement', 'avertissements')}.` : '.'),
  };
}
