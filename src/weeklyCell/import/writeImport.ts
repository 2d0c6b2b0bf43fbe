import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../platform/db/database.js';
import { insertRows } from '../../platform/db/insertRows.js';
import type { Schema } from '../../platform/db/schema.js';
import { chainedEvent } from '../../platform/history/history.js';
import type { Actor } from '../../platform/identity/roles.js';
import { searchKey } from '../../shared/search.js';
import { commitmentPlan } from './envelopes.js';
import type { ImportRow } from './validateImport.js';
import type { ImportWarning } from '../../platform/imports/lineProblems.js';
import type { WriteOptions, Written } from '../../platform/imports/engine.js';
import { envelopeBalances, moveCommitted } from '../../programmes/envelopeBalance.js';

export interface WriteOutcome {
  imported: number;
  companiesCreated: number;
  references: string[];
  ids: number[];
  warnings: ImportWarning[];
  totals: { traineeCount: number; trainingHours: number; totalCostCents: number; committedCents: number; paidCents: number };
}

/** Instants stored for a day the file only gives as a date: midnight UTC keeps the calendar day on both databases. */
const instant = (day: string) => `${day}T00:00:00.000Z`;

/** Rows per multi-row INSERT of request headers (≈ 30 columns: well under SQLite's 32,766 parameters). */
const CHUNK = 500;

/**
 * Writes checked rows inside the caller's transaction, so that a failure on row 400
 * leaves nothing of rows 1–399. `onRow` lets the caller report progress.
 *
 * Rows are written per chunk with one multi-row INSERT per table: a statement per row (and a
 * history read per row) made the import ~20× slower than the raw insert rate. Ids come back
 * through RETURNING, matched to rows by their (unique) reference rather than by position —
 * neither database promises that RETURNING follows the VALUES order.
 */
export async function writeImport(
  trx: Transaction<Schema>,
  rows: ImportRow[],
  options: { database: Database; at: string; actor: Actor | null; filename: string; onRow?: (done: number, total: number) => Promise<void> },
): Promise<WriteOutcome> {
  const { database, at, actor, filename } = options;
  const companies = await companyIds(trx, database, rows, at);
  // Read inside the transaction: what another import committed meanwhile counts.
  const { commitments, warnings } = commitmentPlan(rows, await envelopeBalances(trx, rows.map((r) => r.measureId)));
  const totals = { traineeCount: 0, trainingHours: 0, totalCostCents: 0, committedCents: 0, paidCents: 0 };
  const references: string[] = [];
  const ids: number[] = [];
  // Placeholder references of rows the file gives none: unique within this import and against others.
  const nonce = randomUUID();

  for (let from = 0; from < rows.length; from += CHUNK) {
    const chunk = rows.slice(from, from + CHUNK).map((row, k) => {
      const planned = commitments.get(row.line) ?? [];
      return {
        row, planned, provisional: row.reference ?? `tmp-import-${nonce}-${from + k}`,
        committedCents: planned.reduce((sum, c) => sum + c.cents, 0), paidCents: row.paid.reduce((sum, p) => sum + p.cents, 0),
      };
    });

    const inserted = await insertRows(trx, database, 'fundingRequests', chunk.map(({ row, provisional, committedCents, paidCents }) => {
      const closed = row.status === 'closed';
      return {
        reference: provisional,
        measureId: row.measureId, companyId: companies.get(row.siret)!, trainingFundId: row.trainingFundId, status: row.status,
        companyName: row.companyName, searchName: searchKey(row.companyName), siret: row.siret, nafCode: row.nafCode, idcc: row.idcc, headcount: row.headcount, departement: row.departement, employmentArea: row.employmentArea,
        activityDropStart: row.dropStart, activityDropEnd: row.dropEnd, justificationKind: null, authorisationReference: null,
        partialActivityHours: null, retentionCommitmentMonths: null, retentionCommitment: null,
        traineeCount: row.trainees, trainingHours: row.trainingHours, teachingCostCents: row.teachingCostCents,
        payCostCents: row.payCostCents, totalCostCents: row.totalCostCents,
        // A settled request was carried out as planned as far as the history tells.
        realisedHours: closed ? row.trainingHours : 0, realisedCostCents: closed ? row.totalCostCents : 0,
        committedCents, paidCents,
        submittedAt: null, decidedAt: instant(row.decisionDate), closedAt: row.status === 'approved' ? null : instant(row.settledOn ?? row.decisionDate),
        createdAt: at, updatedAt: at, createdBy: actor?.userId ?? null,
        isImported: true, version: 1,
      };
    }), { returning: ['id', 'reference'] });
    const idOf = new Map(inserted.map((r) => [r.reference as string, Number(r.id)]));

    const written = chunk.map((c) => {
      const requestId = idOf.get(c.provisional)!;
      const reference = c.row.reference ?? `IMP-${c.row.decisionDate.slice(0, 4)}-${String(requestId).padStart(5, '0')}`;
      return { ...c, requestId, reference };
    });
    const renamed = written.filter((w) => !w.row.reference);
    if (renamed.length) {
      await trx.updateTable('fundingRequests')
        .set({ reference: sql<string>`case id ${sql.join(renamed.map((w) => sql`when ${w.requestId} then ${w.reference}`), sql` `)} end` })
        .where('id', 'in', renamed.map((w) => w.requestId)).execute();
    }

    await insertRows(trx, database, 'fundingLines', written.flatMap(({ row, requestId }) => row.approved.map((a, position) => ({
      requestId, position, funder: a.funder, proposedCents: a.cents, approvedCents: row.status === 'refused' ? 0 : a.cents,
    }))));
    await insertRows(trx, database, 'commitments', written.flatMap(({ planned, requestId }) => planned.map((c) => ({
      requestId, envelopeId: c.envelopeId, funder: c.funder, amountCents: c.cents, releasedCents: 0, sessionId: null, createdAt: at,
    }))));
    await moveCommitted(trx, written.flatMap(({ planned }) => planned.map((c): [number, number] => [c.envelopeId, c.cents])));
    await insertRows(trx, database, 'payments', written.flatMap(({ row, requestId, reference }) => row.paid.map((p) => ({
      requestId, funder: p.funder, amountCents: p.cents, paidOn: row.settledOn ?? row.decisionDate,
      reference: `${reference} (reprise d’historique)`,
      // The column is required; 0 marks a payment recorded by an import run without a user (CLI, demo).
      recordedBy: actor?.userId ?? 0, organisationId: p.organisationId, createdAt: at,
    }))));
    // Each request is new: its chain starts here (sequence 1 after the genesis hash), no need to read it.
    await insertRows(trx, database, 'historyEvents', written.map(({ row, requestId, reference, committedCents, paidCents }) => chainedEvent(null, actor, at, {
      entityType: 'fundingRequest', entityId: requestId, action: 'imported',
      motivation: `Reprise d’historique depuis le fichier « ${filename} », ligne ${row.line}.`,
      changes: { file: filename, line: row.line, reference, status: row.status, totalCostCents: row.totalCostCents, committedCents, paidCents },
    })));

    for (const [k, { row, reference, committedCents, paidCents }] of written.entries()) {
      references.push(reference);
      ids.push(written[k].requestId);
      totals.traineeCount += row.trainees;
      totals.trainingHours += row.trainingHours;
      totals.totalCostCents += row.totalCostCents;
      totals.committedCents += committedCents;
      totals.paidCents += paidCents;
      await options.onRow?.(from + k + 1, rows.length);
    }
  }
  return { imported: rows.length, companiesCreated: companies.created, references, ids, warnings, totals };
}

/** The history's writer as the import engine calls it: the figures of the result page come in its summary. */
export async function writeHistory(trx: Transaction<Schema>, actor: Actor | null, rows: ImportRow[], options: WriteOptions): Promise<Written> {
  const outcome = await writeImport(trx, rows, { ...options, actor, onRow: (done) => options.onRow(done) });
  return { references: outcome.references, ids: outcome.ids, warnings: outcome.warnings, summary: { companiesCreated: outcome.companiesCreated, totals: outcome.totals } };
}

/** Finds each company organisation by SIRET, creating those the platform does not know yet. */
async function companyIds(trx: Transaction<Schema>, database: Database, rows: ImportRow[], at: string): Promise<Map<string, number> & { created: number }> {
  const ids = Object.assign(new Map<string, number>(), { created: 0 });
  const sirets = [...new Set(rows.map((r) => r.siret))];
  for (let i = 0; i < sirets.length; i += 500) {
    const found = await trx.selectFrom('organisations').select(['id', 'siret']).where('kind', '=', 'company')
      .where('siret', 'in', sirets.slice(i, i + 500)).orderBy('id').execute();
    for (const f of found) if (f.siret && !ids.has(f.siret)) ids.set(f.siret, f.id);
  }
  // The first row naming an unknown SIRET gives the company its name and département, as before.
  const missing = new Map<string, ImportRow>();
  for (const row of rows) if (!ids.has(row.siret) && !missing.has(row.siret)) missing.set(row.siret, row);
  const news = [...missing.values()];
  const created = await insertRows(trx, database, 'organisations', news.map((row) => ({
    kind: 'company', name: row.companyName, siret: row.siret, departement: row.departement, employmentArea: row.employmentArea, address: null,
    isActive: true, createdAt: at, version: 1,
  })), { returning: ['id', 'siret'] });
  // Matched by SIRET (distinct among the new ones), not by position.
  for (const c of created) ids.set(c.siret as string, Number(c.id));
  ids.created += created.length;
  return ids;
}
