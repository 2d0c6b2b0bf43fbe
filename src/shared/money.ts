/**
 * Money is always an integer number of euro cents. Floating-point euros never
 * enter the domain: amounts typed by users are parsed here, and rates are
 * expressed in basis points (1 % = 100 bp) so that every product stays exact.
 */
export type Cents = number;

export function assertCents(value: number): Cents {
  if (!Number.isSafeInteger(value)) throw new RangeError(`Montant en centimes invalide : ${value}`);
  return value;
}

/** Parses "1 234,56", "1234.56" or "1234" (euros) into cents; returns null when unreadable. */
export function parseEuros(text: string): Cents | null {
  const cleaned = text.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  if (!/^-?\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  const negative = cleaned.startsWith('-');
  const [whole, fraction = ''] = cleaned.replace('-', '').split('.');
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return negative ? -cents : cents;
}

/** Rounds half away from zero, the usual rule for amounts on French payslips and invoices. */
export function roundHalfAwayFromZero(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value));
}

/** amount × rate, the rate in basis points (10 000 = 100 %), rounded to the cent. */
export function applyRate(amount: Cents, rateBasisPoints: number): Cents {
  return roundHalfAwayFromZero((amount * rateBasisPoints) / 10_000);
}

/** Share of a part in a whole, in basis points, rounded (0 when the whole is 0). */
export function shareBasisPoints(part: Cents, whole: Cents): number {
  return whole === 0 ? 0 : roundHalfAwayFromZero((part * 10_000) / whole);
}

export function sumCents(values: readonly Cents[]): Cents {
  return values.reduce((total, value) => total + value, 0);
}

const euroFormat = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

/** "1 234,56 €" with ordinary no-break spaces (PDF fonts lack U+202F). */
export function formatEuros(cents: Cents): string {
  return euroFormat.format(cents / 100).replace(/\u202f/g, '\u00a0');
}
