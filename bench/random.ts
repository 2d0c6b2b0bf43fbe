/**
 * Deterministic draws for the generator: the same seed gives the same data set on every
 * machine, so figures can be reproduced from a fresh clone.
 */
export interface Random {
  (): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** Index drawn from cumulative weights (see cumulative()). */
  weighted(cumulativeWeights: Float64Array): number;
  chance(p: number): boolean;
}

/** mulberry32: tiny, fast, good enough for test data (not for anything secret). */
export function seeded(seed: number): Random {
  let state = seed >>> 0;
  const next = (() => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }) as Random;
  next.int = (min, max) => min + Math.floor(next() * (max - min + 1));
  next.pick = (items) => items[Math.floor(next() * items.length)];
  next.chance = (p) => next() < p;
  next.weighted = (cumulativeWeights) => {
    const x = next() * cumulativeWeights[cumulativeWeights.length - 1];
    let lo = 0;
    let hi = cumulativeWeights.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulativeWeights[mid] > x) hi = mid; else lo = mid + 1;
    }
    return lo;
  };
  return next;
}

export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => { sum += w; out[i] = sum; });
  return out;
}

/** Calendar days as ISO strings, computed once: the generator formats tens of millions of dates. */
const EPOCH = Date.UTC(1930, 0, 1);
const DAYS: string[] = Array.from({ length: 366 * 100 }, (_, i) => new Date(EPOCH + i * 86_400_000).toISOString().slice(0, 10));
export const dayNumber = (iso: string) => Math.round((Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) - EPOCH) / 86_400_000);
export const isoDay = (n: number) => DAYS[n];
export const instant = (n: number, hour = 9) => `${DAYS[n]}T${hour < 10 ? '0' : ''}${hour}:00:00.000Z`;

/** A SIRET that passes the Luhn check (the import validates them): SIREN key, then establishment 0001 and its key. */
export function siretFor(sirenBody: number): string {
  const body = String(sirenBody).padStart(8, '0');
  let siren = '';
  for (let d = 0; d <= 9; d++) if (luhn(`${body}${d}`)) { siren = `${body}${d}`; break; }
  for (let d = 0; d <= 9; d++) if (luhn(`${siren}0001${d}`)) return `${siren}0001${d}`;
  throw new Error(`pas de SIRET pour ${sirenBody}`);
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) { digit *= 2; if (digit > 9) digit -= 9; }
    sum += digit;
  }
  return sum % 10 === 0;
}
