/**
 * Qualification levels: the 1969 nomenclature is what files of the period
 * carry, the 2019 framework (décret 2019-14) is derived from it. Level I maps
 * to 7 or 8 and cannot be derived: the user must say which.
 */
export const LEVELS_1969 = ['VI', 'Vbis', 'V', 'IV', 'III', 'II', 'I'] as const;
export type Level1969 = (typeof LEVELS_1969)[number];
export const LEVELS_2019 = ['1', '2', '3', '4', '5', '6', '7', '8'] as const;
export type Level2019 = (typeof LEVELS_2019)[number];

export const LEVEL_1969_LABELS: Record<Level1969, string> = {
  VI: 'VI — sortie avant la fin du collège',
  Vbis: 'V bis — sortie en cours de CAP/BEP ou avant la terminale',
  V: 'V — CAP, BEP',
  IV: 'IV — baccalauréat',
  III: 'III — bac + 2',
  II: 'II — licence, maîtrise',
  I: 'I — master, doctorat, ingénieur',
};

/** Possible 2019 levels for a 1969 level. Levels below V had no diploma and map to 1–2 (to 2 by default). */
export function levels2019For(level: Level1969): Level2019[] {
  switch (level) {
    case 'VI': return ['1', '2'];
    case 'Vbis': return ['2'];
    case 'V': return ['3'];
    case 'IV': return ['4'];
    case 'III': return ['5'];
    case 'II': return ['6'];
    case 'I': return ['7', '8'];
  }
}

/** The 2019 level when it follows from the 1969 level alone, null when the user must choose. */
export function derivedLevel2019(level: Level1969): Level2019 | null {
  const options = levels2019For(level);
  if (level === 'VI') return '2';
  return options.length === 1 ? options[0] : null;
}

export function isInfraV(level: Level1969): boolean {
  return level === 'VI' || level === 'Vbis';
}

/** Rank for comparisons: higher is more qualified. */
export function levelRank(level: Level1969): number {
  return LEVELS_1969.indexOf(level);
}
