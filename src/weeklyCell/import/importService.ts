import type { AppContext } from '../../platform/http/context.js';
import { can, type Actor } from '../../platform/identity/roles.js';
import {
  dryRunFileImport, runFileImport, type DryRunResult, type ImportProgress, type FileImport, type FileImportResult,
} from '../../platform/imports/engine.js';
import { importLayout } from './layout.js';
import { checkHistory, type ImportRow } from './validateImport.js';
import { writeHistory } from './writeImport.js';

export const IMPORT_JOB = 'import.fundingRequests';

/**
 * The history of the weekly cell (past funding requests) as one more instance of the import
 * engine. Unlike the Acte II imports it has no line cap (a region's years of decisions) and
 * writes with multi-row inserts rather than one action per line, which keeps it fast; it may
 * run without a user (the command line, the demo load). Past requests are the whole
 * partnership's history: only the cell's secretariat (and the platform's administrators) bring them in.
 */
export const historyImport: FileImport<ImportRow, Actor | null> = {
  job: IMPORT_JOB,
  noun: { one: 'demande', many: 'demandes', feminine: true },
  forbidden: 'd’importer des demandes',
  mayImport: (actor) => can.runCell(actor) || can.administerPlatform(actor),
  layout: importLayout,
  maxLines: null,
  check: checkHistory,
  write: writeHistory,
};

export type ImportResult = FileImportResult;
export type { DryRunResult, ImportProgress };

/** Checks a file as the import would, writing nothing. */
export const dryRunImport = (ctx: AppContext, buffer: Buffer, filename: string): Promise<DryRunResult> =>
  dryRunFileImport(ctx, null, historyImport, buffer, filename);

/** Validates the whole file, then writes it in one transaction: all rows or none. */
export const importFile = (ctx: AppContext, buffer: Buffer, filename: string, actor: Actor | null, progress?: ImportProgress): Promise<ImportResult> =>
  runFileImport(ctx, actor, historyImport, buffer, filename, progress);
