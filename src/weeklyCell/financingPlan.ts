import type { FieldIssue } from '../platform/http/errors.js';
import { FUNDER_LABELS, type Funder } from '../programmes/funders.js';
import { applyRate, formatEuros, type Cents } from '../shared/money.js';
import { formatDateFr, type IsoDate } from '../shared/dates.js';

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
 * The most a funder's rule lets it pay on a request of this cost and these hours: the
 * lower of its rate of the total cost and its hourly cap. Null when the rule sets neither.
 */
export function ruleCeiling(rule: Pick<FundingRule, 'maxRateBp' | 'hourlyCapCents'>, totalCostCents: Cents, trainingHours: number): Cents | null {
  const limits = [
    rule.maxRateBp !== null ? applyRate(totalCostCents, rule.maxRateBp) : null,
    rule.hourlyCapCents !== null ? rule.hourlyCapCents * trainingHours : null,
  ].filter((v): v is number => v !== null);
  return limits.length ? Math.min(...limits) : null;
}

/** « 80 % du coût total », « 50,00 € par heure de stagiaire » — a rule's limits as a company reads them. */
export function describeRule(rule: Pick<FundingRule, 'maxRateBp' | 'hourlyCapCents'>): string | null {
  const parts = [
    rule.maxRateBp !== null ? `${(rule.maxRateBp / 100).toLocaleString('fr-FR')} % du coût total` : null,
    rule.hourlyCapCents !== null ? `${formatEuros(rule.hourlyCapCents)} par heure de stagiaire` : null,
  ].filter(Boolean);
  return parts.length ? `au plus ${parts.join(' et ')}` : null;
}

/**
 * A plan balances when its lines add up to the total cost, each funder stays within
 * its rule in force on the rule date (maximum rate, hourly cap) and within what
 * remains of its envelope. The company's own share needs no envelope. The messages are
 * read by the company: they say what to change, in its words, not the funders'.
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
        issues.push({ path, message: `${label} ne finance pas ce dispositif à la date du ${formatDateFr(plan.ruleDate)} : retirez cette ligne ou choisissez un autre financeur.` });
      } else {
        if (rule.maxRateBp !== null) {
          const max = applyRate(plan.totalCostCents, rule.maxRateBp);
          if (line.proposedCents > max) {
            issues.push({ path, message: `${label} finance au plus ${(rule.maxRateBp / 100).toLocaleString('fr-FR')} % du coût total, soit ${formatEuros(max)} : ramenez les ${formatEuros(line.proposedCents)} demandés à ce montant et reportez le reste sur un autre financeur ou sur votre autofinancement.` });
          }
        }
        if (rule.hourlyCapCents !== null) {
          const max = rule.hourlyCapCents * plan.trainingHours;
          if (line.proposedCents > max) {
            issues.push({ path, message: `${label} finance au plus ${formatEuros(rule.hourlyCapCents)} par heure de stagiaire, soit ${formatEuros(max)} pour ${plan.trainingHours.toLocaleString('fr-FR')} heures : ramenez les ${formatEuros(line.proposedCents)} demandés à ce montant.` });
          }
        }
      }
      const envelope = envelopes.find((e) => e.funder === line.funder);
      if (!envelope) {
        issues.push({ path, message: `${label} n’a pas de crédits sur ce dispositif : retirez cette ligne ou choisissez un autre financeur.` });
      } else {
        const remaining = envelope.amountCents - envelope.committedCents;
        if (line.proposedCents > remaining) {
          issues.push({ path, message: remaining > 0
            ? `${label} ne dispose plus que de ${formatEuros(remaining)} sur ce dispositif : ramenez les ${formatEuros(line.proposedCents)} demandés à ce montant au plus.`
            : `${label} n’a plus de crédits disponibles sur ce dispositif : retirez cette ligne ou choisissez un autre financeur.` });
        }
      }
    }
  });
  return issues;
}

/** What a company may know of a funder on a measure before it asks: what is left and its limits. */
export interface FunderOutlook {
  funder: Funder; label: string;
  /** What the funder may still grant on the measure, all companies together; null for the company's own share. */
  remainingCents: Cents | null;
  /** The rule in force on the day for the company's headcount, as the company reads it. */
  limit: { maxRateBp: number | null; hourlyCapCents: Cents | null; text: string | null } | null;
}

/**
 * Each funder of a measure with an envelope: what remains and its limit on that day. Only
 * aggregates leave: no commitment, request or company is named. A measure is exhausted when
 * no funder but the company itself has anything left.
 */
export function fundingOutlook(envelopes: readonly (EnvelopeState & { funder: Funder })[], rules: readonly FundingRule[], day: IsoDate, headcount: number | null): { exhausted: boolean; funders: FunderOutlook[] } {
  const funders = envelopes.map((e): FunderOutlook => {
    const rule = e.funder === 'COMPANY' ? undefined : ruleFor(rules, e.funder, day, headcount);
    return {
      funder: e.funder, label: FUNDER_LABELS[e.funder] ?? e.funder,
      remainingCents: e.funder === 'COMPANY' ? null : Math.max(0, e.amountCents - e.committedCents),
      limit: rule ? { maxRateBp: rule.maxRateBp, hourlyCapCents: rule.hourlyCapCents, text: describeRule(rule) } : null,
    };
  });
  return { exhausted: !funders.some((f) => f.remainingCents !== null && f.remainingCents > 0), funders };
}
