import type { FieldIssue } from '../platform/http/errors.js';
import { FUNDER_LABELS, type Funder } from '../programmes/funders.js';
import { formatEuros, type Cents } from '../shared/money.js';

export const DECISIONS = ['approved', 'partially_approved', 'postponed', 'refused'] as const;
export type Decision = (typeof DECISIONS)[number];

export const DECISION_LABELS: Record<Decision, string> = {
  approved: 'Accord',
  partially_approved: 'Accord partiel',
  postponed: 'Ajournement',
  refused: 'Refus',
};

export interface DecisionLine { funder: Funder; approvedCents: Cents }

/**
 * An approval grants the plan as proposed; a partial approval lowers at least one line
 * and raises none; postponement and refusal grant nothing. Every decision is motivated.
 */
export function decisionLines(
  decision: Decision,
  proposed: readonly { funder: Funder; proposedCents: Cents }[],
  adjusted: readonly DecisionLine[] | undefined,
  motivation: string,
): { lines: DecisionLine[]; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  if (motivation.trim().length < 3) issues.push({ path: 'motivation', message: 'Motivez la décision (elle figurera au procès-verbal et dans le courrier).' });
  if (decision === 'postponed' || decision === 'refused') return { lines: [], issues };
  if (decision === 'approved') return { lines: proposed.map((l) => ({ funder: l.funder, approvedCents: l.proposedCents })), issues };

  const lines: DecisionLine[] = [];
  let lowered = false;
  proposed.forEach((line, i) => {
    const given = adjusted?.find((a) => a.funder === line.funder);
    const approvedCents = given ? given.approvedCents : line.proposedCents;
    if (approvedCents > line.proposedCents) {
      issues.push({ path: `lines.${i}.approvedCents`, message: `${FUNDER_LABELS[line.funder]} : l’accord (${formatEuros(approvedCents)}) ne peut dépasser le montant demandé (${formatEuros(line.proposedCents)}).` });
    }
    if (approvedCents < 0) issues.push({ path: `lines.${i}.approvedCents`, message: 'Un montant accordé ne peut pas être négatif.' });
    if (approvedCents < line.proposedCents) lowered = true;
    lines.push({ funder: line.funder, approvedCents });
  });
  for (const a of adjusted ?? []) {
    if (!proposed.some((p) => p.funder === a.funder)) issues.push({ path: 'lines', message: `${FUNDER_LABELS[a.funder]} ne figure pas au plan de financement.` });
  }
  if (!lowered && issues.length === 0) issues.push({ path: 'lines', message: 'Un accord partiel réduit au moins un montant ; sinon, choisissez « Accord ».' });
  return { lines, issues };
}
