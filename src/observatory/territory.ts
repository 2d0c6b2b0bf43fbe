import { EMPLOYMENT_AREAS, findEmploymentArea, type EmploymentArea } from '../shared/employmentAreas.js';
import { looseKey } from '../platform/tabular/parsers.js';

/** Départements of Franche-Comté, the partnership's territory: rows of national files elsewhere are skipped. */
export const TERRITORY_DEPARTEMENTS = ['25', '39', '70', '90'];

/**
 * BMO bassins and other published zonings name places their own way; each is read as the
 * Parcours employment area that contains it. A bassin missing here and not named like an area
 * is outside the partnership's territory.
 */
const ALIASES: Record<string, string> = {
  'belfort': 'belfort-montbeliard-hericourt', 'montbeliard': 'belfort-montbeliard-hericourt', 'hericourt': 'belfort-montbeliard-hericourt',
  'belfort montbeliard': 'belfort-montbeliard-hericourt', 'nord franche comte': 'belfort-montbeliard-hericourt', 'audincourt': 'belfort-montbeliard-hericourt',
  'lure': 'vesoul', 'luxeuil les bains': 'vesoul', 'champagnole': 'lons-le-saunier', 'oyonnax saint claude': 'saint-claude',
  'haut doubs': 'pontarlier', 'villers le lac': 'morteau', 'maiche': 'morteau', 'val de morteau': 'morteau',
};

const key = (raw: string) => looseKey(raw).replace(/[-‐'’\s]+/g, ' ').replace(/\s*\(.*\)$/, '').trim();

export function areaOf(raw: string): EmploymentArea | undefined {
  const direct = findEmploymentArea(raw);
  if (direct) return direct;
  const alias = ALIASES[key(raw)];
  return alias ? EMPLOYMENT_AREAS.find((a) => a.code === alias) : undefined;
}

/** The areas of the Swiss border strip, with the canton across from each. */
export const BORDER_AREAS: readonly { code: string; cantons: readonly string[] }[] = [
  { code: 'pontarlier', cantons: ['VD', 'NE'] },
  { code: 'morteau', cantons: ['NE'] },
  { code: 'saint-claude', cantons: ['VD', 'GE'] },
  { code: 'belfort-montbeliard-hericourt', cantons: ['JU', 'BS', 'BL'] },
];

export const CANTONS: Record<string, string> = {
  VD: 'Vaud', NE: 'Neuchâtel', GE: 'Genève', JU: 'Jura', BS: 'Bâle-Ville', BL: 'Bâle-Campagne', BE: 'Berne', SO: 'Soleure', FR: 'Fribourg', VS: 'Valais',
};

export function cantonOf(raw: string): string | undefined {
  const k = looseKey(raw);
  const code = Object.keys(CANTONS).find((c) => c.toLowerCase() === k || looseKey(CANTONS[c]) === k);
  return code;
}
