/**
 * Names sort the way a French reader expects (« Électronique » among the E, not after
 * the Z), with the same SQL on SQLite and PostgreSQL: accents and ligatures are folded
 * before lower(), which only knows ASCII on SQLite. Meant for short lists (organisations,
 * users); large lists sort on an indexed normalised column instead.
 */
const FOLDS: [string, string][] = [
  ['É', 'e'], ['È', 'e'], ['Ê', 'e'], ['Ë', 'e'], ['é', 'e'], ['è', 'e'], ['ê', 'e'], ['ë', 'e'],
  ['À', 'a'], ['Â', 'a'], ['Ä', 'a'], ['à', 'a'], ['â', 'a'], ['ä', 'a'],
  ['Î', 'i'], ['Ï', 'i'], ['î', 'i'], ['ï', 'i'], ['Ô', 'o'], ['Ö', 'o'], ['ô', 'o'], ['ö', 'o'],
  ['Ù', 'u'], ['Û', 'u'], ['Ü', 'u'], ['ù', 'u'], ['û', 'u'], ['ü', 'u'], ['Ç', 'c'], ['ç', 'c'],
  ['Œ', 'oe'], ['œ', 'oe'], ['Æ', 'ae'], ['æ', 'ae'], ['’', "''"],
];

export function frenchSortKey(column: string): string {
  return `lower(${FOLDS.reduce((expression, [from, to]) => `replace(${expression}, '${from}', '${to}')`, column)})`;
}
