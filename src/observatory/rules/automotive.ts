import type { IsoDate } from '../../shared/dates.js';
import { valueOn, type Dated } from '../../shared/validity.js';

/**
 * What counts as the car industry: NAF division 29 and the supplier sub-classes of Franche-Comté
 * (forging and stamping, metal treatment, bar turning, technical plastics, foundries, gears). A
 * dated parameter, since the partnership may widen or narrow it.
 */
export interface AutomotiveScope { divisions: readonly string[]; suppliers: readonly string[] }

export const AUTOMOTIVE_SCOPES: readonly Dated<AutomotiveScope>[] = [
  { validFrom: '2008-01-01', validTo: null, value: { divisions: ['29'], suppliers: ['2229A', '2451Z', '2453Z', '2550A', '2550B', '2561Z', '2562A', '2815Z'] } },
];

export const automotiveScopeOn = (day: IsoDate): AutomotiveScope => valueOn('périmètre automobile', AUTOMOTIVE_SCOPES, day);

/** NAF codes are stored with or without the dot (« 29.32Z », « 2932Z »). */
export const nafKey = (naf: string) => naf.replace('.', '').toUpperCase();

export function isAutomotive(naf: string | null, scope: AutomotiveScope): boolean {
  if (!naf) return false;
  const key = nafKey(naf);
  return scope.divisions.includes(key.slice(0, 2)) || scope.suppliers.includes(key);
}

/** The jobs the car industry hires: ROME codes with at least `minHirings` hirings in its sectors, most hired first. */
export function automotiveJobs(mix: readonly { rome: string; naf: string; hirings: number }[], scope: AutomotiveScope, minHirings: number): { rome: string; hirings: number }[] {
  const byRome = new Map<string, number>();
  for (const m of mix) if (isAutomotive(m.naf, scope)) byRome.set(m.rome, (byRome.get(m.rome) ?? 0) + m.hirings);
  return [...byRome].filter(([, h]) => h >= minHirings).map(([rome, hirings]) => ({ rome, hirings })).sort((a, b) => b.hirings - a.hirings || a.rome.localeCompare(b.rome));
}

export interface DependencyRecord { naf: string | null; trainees: number; hirings: number }

/**
 * Automotive dependency of an area: the shares (basis points) of helped companies, trained
 * people and hirings that belong to the car industry. Null where the area has none at all.
 */
export function dependencyIndex(records: readonly DependencyRecord[], scope: AutomotiveScope) {
  const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10000));
  const auto = records.filter((r) => isAutomotive(r.naf, scope));
  const sum = (rs: readonly DependencyRecord[], k: 'trainees' | 'hirings') => rs.reduce((s, r) => s + r[k], 0);
  return {
    companiesBp: share(auto.length, records.length),
    traineesBp: share(sum(auto, 'trainees'), sum(records, 'trainees')),
    hiringsBp: share(sum(auto, 'hirings'), sum(records, 'hirings')),
  };
}
