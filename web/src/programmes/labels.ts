import { FUNDER_LABELS, FUNDERS } from '../../../src/programmes/funders.js';
import { MEASURE_KIND_LABELS, MEASURE_KINDS, NAF_SECTIONS } from '../../../src/programmes/schema.js';
import type { Option } from '../components/forms.js';
import type { Crumb } from '../components/Page.js';
import { formatDateFr } from '../components/format.js';

export const PROGRAMMES_CRUMB: Crumb = { label: 'Programmes', to: '/programmes' };

export const funderOptions: Option[] = FUNDERS.map((f) => ({ value: f, label: FUNDER_LABELS[f] }));
export const measureKindOptions: Option[] = MEASURE_KINDS.map((k) => ({ value: k, label: MEASURE_KIND_LABELS[k] }));
export const nafSectionOptions: Option[] = NAF_SECTIONS.map((s) => ({ value: s, label: `Section ${s}` }));
export const funderLabel = (funder: string) => FUNDER_LABELS[funder as keyof typeof FUNDER_LABELS] ?? funder;

const percentFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
/** Basis points → « 43 % », « 12,5 % ». */
export function formatBp(bp: number): string {
  return `${percentFormat.format(bp / 100).replace(/\u202f/g, '\u00a0')}\u00a0%`;
}

/** « du 1 décembre 2008 au 31 décembre 2010 », « depuis le 1 décembre 2008 ». */
export function formatPeriod(from: string, to: string | null): string {
  return to ? `du ${formatDateFr(from)} au ${formatDateFr(to)}` : `depuis le ${formatDateFr(from)} (sans fin)`;
}

/** Consumption of an envelope in percent (0–100, capped), for the progress bar. */
export function consumption(committedCents: number, amountCents: number): number {
  if (amountCents <= 0) return committedCents > 0 ? 100 : 0;
  return Math.max(0, Math.min(100, (committedCents / amountCents) * 100));
}
