import { formatEuros, parseEuros } from '../../../src/shared/money.js';

export { formatEuros, parseEuros };

const dateFormat = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });
const shortDateFormat = new Intl.DateTimeFormat('fr-FR', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Paris' });
const dateTimeFormat = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' });
const numberFormat = new Intl.NumberFormat('fr-FR');

const nbsp = (s: string) => s.replace(/\u202f/g, '\u00a0');

/** "2010-06-01" or an ISO timestamp → Date; a bare date is read as that calendar day. */
function toDate(value: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
}

/** « 1 juin 2010 » (long), « 01/06/2010 » (short), « 1 juin 2010 à 11:00 » (withTime). */
export function formatDateFr(value: string | null | undefined, style: 'long' | 'short' | 'withTime' = 'long'): string {
  if (!value) return '';
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return value;
  const f = style === 'short' ? shortDateFormat : style === 'withTime' ? dateTimeFormat : dateFormat;
  return nbsp(f.format(date));
}

export function formatNumber(value: number): string {
  return nbsp(numberFormat.format(value));
}

/** <Money cents={123456} /> → « 1 234,56 € » ; null shows « — ». */
export function Money({ cents, empty = '—' }: { cents: number | null | undefined; empty?: string }) {
  if (cents === null || cents === undefined) return <>{empty}</>;
  return <span className="parcours-money">{formatEuros(cents)}</span>;
}

/** <DateFr value="2010-06-01" /> → <time dateTime="2010-06-01">1 juin 2010</time>. */
export function DateFr({ value, style = 'long', empty = '—' }: { value: string | null | undefined; style?: 'long' | 'short' | 'withTime'; empty?: string }) {
  if (!value) return <>{empty}</>;
  return <time dateTime={value}>{formatDateFr(value, style)}</time>;
}

/** « 123 résultats », « 1 résultat », « Aucun résultat ». */
export function pluralFr(count: number, singular: string, plural = `${singular}s`, zero?: string): string {
  if (count === 0 && zero) return zero;
  return `${formatNumber(count)} ${count > 1 ? plural : singular}`;
}
