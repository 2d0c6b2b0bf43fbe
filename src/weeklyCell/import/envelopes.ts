import { FUNDER_LABELS, type Funder } from '../../programmes/funders.js';
import { formatEuros } from '../../shared/money.js';

export interface EnvelopeState { id: number; measureId: number; funder: Funder; amountCents: number; committedCents: number }

export interface PlannedCommitment { envelopeId: number; funder: Funder; cents: number }

interface PlannedRow {
  line: number;
  reference: string | null;
  measureId: number;
  measureCode: string;
  status: string;
  approved: { funder: Funder; cents: number }[];
}

/**
 * What each imported request commits on its measure's envelopes. Unlike a session of the
 * cell, history is not refused for overdrawing an envelope — the money was spent — but the
 * user is told, since it usually means the envelope or the file is wrong.
 */
export function commitmentPlan(rows: PlannedRow[], envelopes: EnvelopeState[]): {
  commitments: Map<number, PlannedCommitment[]>;
  warnings: { line: number; message: string }[];
} {
  const remaining = new Map(envelopes.map((e) => [e.id, e.amountCents - e.committedCents]));
  const commitments = new Map<number, PlannedCommitment[]>();
  const warnings: { line: number; message: string }[] = [];
  for (const row of rows) {
    if (row.status === 'refused') continue;
    const planned: PlannedCommitment[] = [];
    for (const { funder, cents } of row.approved) {
      const envelope = envelopes.find((e) => e.measureId === row.measureId && e.funder === funder);
      if (!envelope) {
        // The company's own share needs no envelope; any other funder's should have one.
        if (funder !== 'COMPANY')
          warnings.push({ line: row.line, message: `Ligne ${row.line} : ${FUNDER_LABELS[funder]} n’a pas d’enveloppe sur le dispositif ${row.measureCode} ; les ${formatEuros(cents)} accordés sont importés sans engagement.` });
        continue;
      }
      const left = remaining.get(envelope.id)!;
      if (cents > left) {
        warnings.push({ line: row.line, message: `Ligne ${row.line} : l’enveloppe ${FUNDER_LABELS[funder]} du dispositif ${row.measureCode} est dépassée de ${formatEuros(cents - Math.max(left, 0))} (il restait ${formatEuros(Math.max(left, 0))}, ${formatEuros(cents)} accordés).` });
      }
      remaining.set(envelope.id, left - cents);
      planned.push({ envelopeId: envelope.id, funder, cents });
    }
    commitments.set(row.line, planned);
  }
  return { commitments, warnings };
}
