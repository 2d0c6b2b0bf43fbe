import { z } from 'zod';
import { searchKey } from './search.js';

/**
 * The zones d'emploi (employment areas) of Franche-Comté, where the partnership reads its
 * territory below the département: an employment area is where most residents work, so it
 * is the scale at which a drop in activity or a hiring difficulty is felt. Labels are those of
 * INSEE's 2010 zoning; codes are Parcours' own (the label in lower case, without accents), because records
 * keep the code and a new zoning will come with new areas rather than renamed ones.
 * `departements` are those of the towns that name the area; an area may reach beyond them,
 * so they only order the choices, they never refuse one.
 */
export interface EmploymentArea { code: string; label: string; departements: readonly string[] }

export const EMPLOYMENT_AREA_ZONING = 'Zonage en zones d’emploi 2010 (INSEE)';

export const EMPLOYMENT_AREAS: readonly EmploymentArea[] = [
  { code: 'belfort-montbeliard-hericourt', label: 'Belfort-Montbéliard-Héricourt', departements: ['90', '25', '70'] },
  { code: 'besancon', label: 'Besançon', departements: ['25'] },
  { code: 'dole', label: 'Dole', departements: ['39'] },
  { code: 'gray', label: 'Gray', departements: ['70'] },
  { code: 'lons-le-saunier', label: 'Lons-le-Saunier', departements: ['39'] },
  { code: 'morteau', label: 'Morteau', departements: ['25'] },
  { code: 'pontarlier', label: 'Pontarlier', departements: ['25'] },
  { code: 'saint-claude', label: 'Saint-Claude', departements: ['39'] },
  { code: 'vesoul', label: 'Vesoul', departements: ['70'] },
];

export const EMPLOYMENT_AREA_CODES = EMPLOYMENT_AREAS.map((a) => a.code) as [string, ...string[]];

export const employmentAreaSchema = z.enum(EMPLOYMENT_AREA_CODES, { message: `Zone d’emploi inconnue : choisissez l’une des ${EMPLOYMENT_AREAS.length} zones de la liste.` });

const byCode = new Map(EMPLOYMENT_AREAS.map((a) => [a.code, a]));

export const employmentAreaLabel = (code: string): string => byCode.get(code)?.label ?? code;

// Case, accents, dashes and apostrophes folded: « lons le saunier » names Lons-le-Saunier.
const byKey = new Map(EMPLOYMENT_AREAS.flatMap((a) => [[searchKey(a.label), a], [searchKey(a.code), a]] as const));

/** The area a person typed in a spreadsheet cell, by its label or its code. */
export const findEmploymentArea = (raw: string): EmploymentArea | undefined => byKey.get(searchKey(raw));

/** The areas of one département first (the towns naming them are there), then the others. */
export function employmentAreasFor(departement: string | null | undefined): EmploymentArea[] {
  const local = EMPLOYMENT_AREAS.filter((a) => departement && a.departements.includes(departement));
  return [...local, ...EMPLOYMENT_AREAS.filter((a) => !local.includes(a))];
}
