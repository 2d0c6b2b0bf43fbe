import type { Transaction } from 'kysely';
import type { Schema } from '../../platform/db/schema.js';
import { recordHistory } from '../../platform/history/history.js';
import type { Actor } from '../../platform/identity/roles.js';
import { commitmentPlan } from './envelopes.js';
import { envelopeStates, type ImportRow, type ImportWarning } from './validateImport.js';

export interface WriteOutcome {
  imported: number;
  companiesCreated: number;
  references: string[];
  warnings: ImportWarning[];
  totals: { traineeCount: number; trainingHours: number; totalCostCents: number; committedCents: number; paidCents: number };
}

/** Instants stored for a day the file only gives as a date: midnight UTC keeps the calendar day on both databases. */
const instant = (day: string) => `${day}T00:00:00.000Z`;

/**
 * Writes checked rows inside the caller's transaction, so that a failure on row 400
 * leaves nothing of rows 1–399. `onRow` lets the caller report progress.
 */
export async function writeImport(
  trx: Transaction<Schema>,
  rows: ImportRow[],
  options: { at: string; actor: Actor | null; filename: string; onRow?: (done: number, total: number) => Promise<void> },
): Promise<WriteOutcome> {
  const { at, actor, filename } = options;
  const companies = await companyIds(trx, rows, at);
  // Read inside the transaction: what another import committed meanwhile counts.
  const { commitments, warnings } = commitmentPlan(rows, await envelopeStates(trx, rows));
  const totals = { traineeCount: 0, trainingHours: 0, totalCostCents: 0, committedCents: 0, paidCents: 0 };
  const references: string[] = [];

  for (const [index, row] of rows.entries()) {
    const planned = commitments.get(row.line) ?? [];
    const committedCents = planned.reduce((sum, c) => sum + c.cents, 0);
    const paidCents = row.paid.reduce((sum, p) => sum + p.cents, 0);
    const decidedAt = instant(row.decisionDate);
    const closedAt = row.status === 'approved' ? null : instant(row.settledOn ?? row.decisionDate);
    const closed = row.status === 'closed';

    const inserted = await trx.insertInto('fundingRequests').values({
      reference: row.reference ?? `tmp-import-${index}-${at}`,
      measureId: row.measureId, companyId: companies.get(row.siret)!, trainingFundId: row.trainingFundId, status: row.status,
      companyName: row.companyName, siret: row.siret, nafCode: row.nafCode, idcc: row.idcc, headcount: row.headcount, departement: row.departement,
      activityDropStart: row.dropStart, activityDropEnd: row.dropEnd, justificationKind: null, authorisationReference: null,
      partialActivityHours: null, retentionCommitmentMonths: null, retentionCommitment: null,
      traineeCount: row.trainees, trainingHours: row.trainingHours, teachingCostCents: row.teachingCostCents,
      payCostCents: row.payCostCents, totalCostCents: row.totalCostCents,
      // A settled request was carried out as planned as far as the history tells.
      realisedHours: closed ? row.trainingHours : 0, realisedCostCents: closed ? row.totalCostCents : 0,
      committedCents, paidCents,
      submittedAt: null, decidedAt, closedAt, createdAt: at, updatedAt: at, createdBy: actor?.userId ?? null,
      isImported: true, version: 1,
    }).returning('id').executeTakeFirstOrThrow();
    const requestId = inserted.id;
    let reference = row.reference;
    if (!reference) {
      reference = `IMP-${row.decisionDate.slice(0, 4)}-${String(requestId).padStart(5, '0')}`;
      await trx.updateTable('fundingRequests').set({ reference }).where('id', '=', requestId).execute();
    }
    references.push(reference);

    if (row.approved.length) {
      await trx.insertInto('fundingLines').values(row.approved.map((a, position) => ({
        requestId, position, funder: a.funder, proposedCents: a.cents, approvedCents: row.status === 'refused' ? 0 : a.cents,
      }))).execute();
    }
    if (planned.length) {
      await trx.insertInto('commitments').values(planned.map((c) => ({
        requestId, envelopeId: c.envelopeId, funder: c.funder, amountCents: c.cents, releasedCents: 0, sessionId: null, createdAt: at,
      }))).execute();
    }
    if (row.paid.length) {
      await trx.insertInto('payments').values(row.paid.map((p) => ({
        requestId, funder: p.funder, amountCents: p.cents, paidOn: row.settledOn ?? row.decisionDate,
        reference: `${reference} (reprise d’historique)`,
        // The column is required; 0 marks a payment recorded by an import run without a user (CLI, demo).
        recordedBy: actor?.userId ?? 0, organisationId: p.organisationId, createdAt: at,
      }))).execute();
    }
    await recordHistory(trx, actor, at, {
      entityType: 'fundingRequest', entityId: requestId, action: 'imported',
      motivation: `Reprise d’historique depuis le fichier « ${filename} », ligne ${row.line}.`,
      changes: { file: filename, line: row.line, reference, status: row.status, totalCostCents: row.totalCostCents, committedCents, paidCents },
    });

    totals.traineeCount += row.trainees;
    totals.trainingHours += row.trainingHours;
    totals.totalCostCents += row.totalCostCents;
    totals.committedCents += committedCents;
    totals.paidCents += paidCents;
    await options.onRow?.(index + 1, rows.length);
  }
  return { imported: rows.length, companiesCreated: companies.created, references, warnings, totals };
}

/** Finds each company organisation by SIRET, creating those the platform does not know yet. */
async function companyIds(trx: Transaction<Schema>, rows: ImportRow[], at: string): Promise<Map<string, number> & { created: number }> {
  const ids = Object.assign(new Map<string, number>(), { created: 0 });
  const sirets = [...new Set(rows.map((r) => r.siret))];
  for (let i = 0; i < sirets.length; i += 500) {
    const found = await trx.selectFrom('organisations').select(['id', 'siret']).where('kind', '=', 'company')
      .where('siret', 'in', sirets.slice(i, i + 500)).orderBy('id').execute();
    for (const f of found) if (f.siret && !ids.has(f.siret)) ids.set(f.siret, f.id);
  }
  for (const row of rows) {
    if (ids.has(row.siret)) continue;
    const created = await trx.insertInto('organisations').values({
      kind: 'company', name: row.companyName, siret: row.siret, departement: row.departement, address: null,
      isActive: true, createdAt: at, version: 1,
    }).returning('id').executeTakeFirstOrThrow();
    ids.set(row.siret, created.id);
    ids.created += 1;
  }
  return ids;
}
