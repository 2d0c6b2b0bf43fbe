import type { IsoDate } from './dates.js';

/**
 * Every rule parameter of the programme carries its own validity period:
 * a record is judged under the parameters in force on its own date, never
 * under today's. `validTo` is inclusive; null means "until further notice".
 */
export interface Dated<T> {
  validFrom: IsoDate;
  validTo: IsoDate | null;
  value: T;
}

export function inForce<T>(versions: readonly Dated<T>[], day: IsoDate): Dated<T> | undefined {
  return versions.find((v) => v.validFrom <= day && (v.validTo === null || day <= v.validTo));
}

export class NoParameterInForce extends Error {
  constructor(readonly parameter: string, readonly day: IsoDate) {
    super(`Aucune valeur du paramètre « ${parameter} » n'est en vigueur au ${day}.`);
  }
}

export function valueOn<T>(parameter: string, versions: readonly Dated<T>[], day: IsoDate): T {
  const version = inForce(versions, day);
  if (!version) throw new NoParameterInForce(parameter, day);
  return version.value;
}

/** Periods of one parameter must not overlap, otherwise the value on a day would be ambiguous. */
export function overlappingVersions<T>(versions: readonly Dated<T>[]): [Dated<T>, Dated<T>] | null {
  const sorted = [...versions].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1];
    if (previous.validTo === null || previous.validTo >= sorted[i].validFrom) return [previous, sorted[i]];
  }
  return null;
}
