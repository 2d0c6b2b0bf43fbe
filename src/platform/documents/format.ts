import { formatDateFr, type IsoDate } from '../../shared/dates.js';
import { normaliseIdentifier } from '../../shared/siret.js';

/** "732 829 320 00074": SIREN then NIC, grouped as INSEE prints it, with no-break spaces so it never wraps. */
export function formatSiret(siret: string): string {
  const digits = normaliseIdentifier(siret);
  if (!/^\d{14}$/.test(digits)) return siret;
  return `${digits.slice(0, 3)}\u00a0${digits.slice(3, 6)}\u00a0${digits.slice(6, 9)}\u00a0${digits.slice(9)}`;
}

const longDate = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const weekday = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', timeZone: 'UTC' });

/** "1er décembre 2026": French writes the ordinal for the first day of a month. */
export function formatLongDateFr(date: IsoDate, withWeekday = false): string {
  const instant = new Date(`${date}T00:00:00Z`);
  const text = longDate.format(instant).replace(/^1 /, '1er ');
  return withWeekday ? `${weekday.format(instant)} ${text}` : text;
}

const parisParts = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** A UTC instant as read on a clock in France: "26/11/2026 à 12:30". */
export function formatDateTimeParis(instant: Date | string): string {
  const parts = Object.fromEntries(parisParts.formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  return `${parts.day}/${parts.month}/${parts.year} à ${parts.hour}:${parts.minute}`;
}

/** The calendar day in France for an instant, as an ISO date. */
export function parisDay(instant: Date): IsoDate {
  const parts = Object.fromEntries(parisParts.formatToParts(instant).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

export { formatDateFr };
