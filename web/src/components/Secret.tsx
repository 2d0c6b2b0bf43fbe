/**
 * A figure hidden by the statistical secrecy. Not « < 5 »: some hidden cells are large ones,
 * hidden so that a small one cannot be found again by difference.
 */
export function Secret() {
  return <abbr className="parcours-secret" title="secret statistique : moins de 5 personnes, ou case masquée pour qu’aucune autre ne se retrouve par différence">secret</abbr>;
}
