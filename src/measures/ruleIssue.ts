/**
 * What every Acte II rule returns for a business breach: never an exception, so the API
 * can send the field at fault and the whole list at once. Shared by the three measures.
 */
export type Severity = 'error' | 'warning';

export interface RuleIssue {
  code: string;
  /** Dotted path of the input field at fault ("tutor.otherTrainees", "periods.2.end"). */
  field: string;
  /** Plain French, with the numbers that explain the breach. */
  message: string;
  severity: Severity;
}

export function issue(code: string, field: string, message: string, severity: Severity = 'error'): RuleIssue {
  return { code, field, message, severity };
}

export function hasErrors(issues: readonly RuleIssue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

const NBSP = '\u00a0';

/** 5500 → "55 %", 2450 → "24,5 %", 2433 → "24,33 %". */
export function formatPercentBp(bp: number): string {
  const text = (bp / 100).toLocaleString('fr-FR', { maximumFractionDigits: 2 }).replace(/\u202f/g, NBSP);
  return `${text}${NBSP}%`;
}

/** Hours given in hundredths: 15167 → "151,67 h". */
export function formatHoursHundredths(hundredths: number): string {
  const text = (hundredths / 100).toLocaleString('fr-FR', { maximumFractionDigits: 2 }).replace(/\u202f/g, NBSP);
  return `${text}${NBSP}h`;
}

export function formatHours(hours: number): string {
  return formatHoursHundredths(Math.round(hours * 100));
}

/** Hours as entered (possibly with decimals) in exact hundredths, so comparisons stay integral. */
export function hoursToHundredths(hours: number): number {
  return Math.round(hours * 100);
}
