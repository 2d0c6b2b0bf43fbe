import { formatEuros } from '../components/format.js';
import type { SteeringColumn } from '../../../src/steering/steeringTable.js';

const integer = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const nbsp = (s: string) => s.replace(/[\u202f]/g, '\u00a0');

/** A figure as the dashboard shows it; masked cells are rendered by <Secret/>, not here. */
export function formatFigure(unit: SteeringColumn['unit'], value: number | null): string {
  if (value === null) return '—';
  switch (unit) {
    case 'cents': return formatEuros(value);
    case 'percent': return `${nbsp(decimal.format(value))}\u00a0%`;
    case 'days': return `${nbsp(decimal.format(value))}\u00a0j`;
    case 'hours': return `${nbsp(integer.format(value))}\u00a0h`;
    default: return nbsp(integer.format(value));
  }
}

/** Compact axis labels: 15 M€, 120 k€, 3 400. */
export function formatCompact(unit: SteeringColumn['unit'], value: number): string {
  const v = unit === 'cents' ? value / 100 : value;
  const text = nbsp(new Intl.NumberFormat('fr-FR', { notation: 'compact', maximumFractionDigits: 1 }).format(v));
  return unit === 'cents' ? `${text}\u00a0€` : text;
}
