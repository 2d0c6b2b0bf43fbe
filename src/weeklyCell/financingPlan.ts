import type { FieldIssue } from '../platform/http/errors.js';
import { FUNDER_LABELS, type Funder } from '../programmes/funders.js';
import { applyRate, formatEuros, type Cents } from '../shared/money.js';
import type { IsoDate } from '../shared/dates.js';

/** A funder's rule for a measure, valid over a period (editable by administrators). */
export interface FundingRule {
  funder: string;
  label: string;
  validFrom: IsoDate;
  validTo: IsoDate | null;
  maxRateBp: number | null;
  hourlyCapCents: Cents | null;
  /** The rule applies to companies up to this headcount; the narrowest matching rule wins. */
  maxHeadcount: number | null;
}

export interface EnvelopeState { funder: string; amountCents: Cents; committedCents: Cents }

export interface PlanToCheck {
  lines: { funder: Funder; proposedCents: Cents }[];
  totalCostCents: Cents;
  trainingHours: number;
  headcount: number | null;
  /** The date the rules are judged on: the start of the drop in activity. */
  ruleDate: IsoDate;
}

export function ruleFor(rules: readonly FundingRule[], funder: string, day: IsoDate, headcount: number | null): FundingRule | undefined {
  return rules
    .filter((r) => r.funder === funder && r.validFrom <= day && (r.validTo === null || day <= r.validTo))
    .filter((r) => r.maxHeadcount === null || (headcount !== null && headcount <= r.maxHeadcount))
    .sort((a, b) => (a.maxHeadcount ?? Infinity) - (b.maxHeadcount ?? Infinity))[0];
}

/**
 * A plan balances when its lines add up to the total cost, each funder stays within
 * its rule in force on the rule date (maximum rate, hourly cap) and within what
 * remains of its envelope. The company's own share needs no envelope.
 */
export function checkFinancingPlan(plan: PlanToCheck, rules: readonly FundingRule[], envelopes: readonly EnvelopeState[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const sum = plan.lines.reduce((s, l) => s + l.proposedCents, 0);
  if (sum !== plan.totalCostCents) {
    const gap = plan.totalCostCents - sum;
    issues.push({
      path: 'fundingLines',
      message: `Le plan de financement totalise ${formatEuros(sum)} pour un coût total de ${formatEuros(plan.totalCostCents)} : ${gap > 0 ? `il manque ${formatEuros(gap)}` : `il dépasse de ${formatEuros(-gap)}`}.`,
    });
  }
  plan.lines.forEach((line, i) => {
    const path = `fundingLines.${i}.proposedCents`;
    const label = FUNDER_LABELS[line.funder] ?? line.funder;
    if (line.funder !== 'COMPANY' && line.proposedCents > 0) {
      const rule = ruleFor(rules, line.funder, plan.ruleDate, plan.headcount);
      if (!rule) {
        issues.push({ path, message: `${label} : aucune règle de financement n’est en vigueur au ${plan.ruleDate} pour ce dispositif.` });
      } else {
        if (rule.maxRateBp !== null) {
          const max = applyRate(plan.totalCostCents, rule.maxRateBp);
          if (line.proposedCents > max) {
            issues.push({ path, message: `${label} : ${formatEuros(line.proposedCents)} dépasse le taux maximal de ${rule.maxRateBp / 100} % du coût total (${formatEuros(max)}) — règle « ${rule.label} ».` });
          }
        }
        if (rule.hourlyCapCents !== null) {
          const max = rule.hourlyCapCents * plan.trainingHours;
          if (line.proposedCents > max) {
            issues.push({ path, message: `${label} : ${formatEuros(line.proposedCents)} dépasse le plafond de ${formatEuros(rule.hourlyCapCents)} par heure-stagiaire (${formatEuros(max)} pour ${plan.trainingHours} h) — règle « ${rule.label} ».` });
          }
        }
      }
      const envelope = envelopes.find((e) => e.funder === line.funder);
      if (!envelope) {
        issues.push({ path, message: `${label} : ce financeur n’a pas d’enveloppe sur ce dispositif.` });
      } else {
        const remaining = envelope.amountCents - envelope.committedCents;
        if (line.proposedCents > remaining) {
          issues.push({ path, message: `${label} : ${formatEuros(line.proposedCents)} dépasse le reste de l’enveloppe (${formatEuros(remaining)}).` });
        }
      }
    }
  });
  return issues;
}
