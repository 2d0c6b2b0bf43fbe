import { FUNDER_LABELS, type Funder } from '../../programmes/funders.js';
import { formatEuros } from '../../shared/money.js';
import type { EnvelopeBalance } from '../../programmes/envelopeBalance.js';

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
 * user is told, since it usually means the envelope or the file is wrong: the first line
 * that overdraws an envelope in full, the following ones in one summary per envelope (a
 * file of thousands of lines past an exhausted envelope would otherwise give as many warnings).
 */
export function commitmentPlan(rows: PlannedRow[], envelopes: EnvelopeBalance[]): {
  commitments: Map<number, PlannedCommitment[]>;
  warnings: { line: number; message: string }[];
} {
  const remaining = new Map(envelopes.map((e) => [e.id, e.amountCents - e.committedCents]));
  const commitments = new Map<number, PlannedCommitment[]>();
  const warnings: { line: number; message: string }[] = [];
  const further = new Map<string, { what: string; lines: number[]; cents: number }>();
  const note = (key: string, what: string, line: number, cents: number, first: () => string) => {
    const seen = further.get(key);
    if (!seen) { further.set(key, { what, lines: [], cents: 0 }); warnings.push({ line, message: first() }); return; }
    seen.lines.push(line);
    seen.cents += cents;
  };
  for (const row of rows) {
    if (row.status === 'refused') continue;
    const planned: PlannedCommitment[] = [];
    for (const { funder, cents } of row.approved) {
      const envelope = envelopes.find((e) => e.measureId === row.measureId && e.funder === funder);
      if (!envelope) {
        // The company's own share needs no envelope; any other funder's should have one.
        if (funder !== 'COMPANY') {
          note(`none|${row.measureCode}|${funder}`, `${FUNDER_LABELS[funder]} n’a pas d’enveloppe sur le dispositif ${row.measureCode}`, row.line, cents,
            () => `Ligne ${row.line} : ${FUNDER_LABELS[funder]} n’a pas d’enveloppe sur le dispositif ${row.measureCode} ; les ${formatEuros(cents)} accordés sont importés sans engagement.`);
        }
        continue;
      }
      const left = remaining.get(envelope.id)!;
      if (cents > left) {
        const over = cents - Math.max(left, 0);
        note(`over|${envelope.id}`, `l’enveloppe ${FUNDER_LABELS[funder]} du dispositif ${row.measureCode} est dépassée`, row.line, over,
          () => `Ligne ${row.line} : l’enveloppe ${FUNDER_LABELS[funder]} du dispositif ${row.measureCode} est dépassée de ${formatEuros(over)} (il restait ${formatEuros(Math.max(left, 0))}, ${formatEuros(cents)} accordés).`);
      }
      remaining.set(envelope.id, left - cents);
      planned.push({ envelopeId: envelope.id, funder, cents });
    }
    commitments.set(row.line, planned);
  }
  for (const { what, lines, cents } of further.values()) {
    if (lines.length === 0) continue;
    const span = lines.length === 1 ? `Ligne ${lines[0]}` : `Lignes ${lines[0]} à ${lines[lines.length - 1]}`;
    warnings.push({ line: lines[0], message: `${span} : ${what} sur ${lines.length} ligne(s) de plus, pour ${formatEuros(cents)} en tout.` });
  }
  return { commitments, warnings };
}
