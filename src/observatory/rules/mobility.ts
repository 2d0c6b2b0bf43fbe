/**
 * Ways out of « tout auto »: from a job the car industry hires, the jobs the ROME says one can
 * move to (close moves first, then moves after training), ranked by their tension in the same
 * employment area. A target without a known tension comes last, never first.
 */
export interface Move { source: string; target: string; kind: 1 | 2; rank: number }

export interface RankedTarget { target: string; kind: 1 | 2; rank: number; tension: number | null; difficultShareBp: number | null }

export function rankTargets(source: string, moves: readonly Move[], tensionOf: (rome: string) => { tension: number | null; difficultShareBp: number | null }): RankedTarget[] {
  const seen = new Set<string>();
  const targets: RankedTarget[] = [];
  for (const m of [...moves].filter((x) => x.source === source && x.target !== source).sort((a, b) => a.kind - b.kind || a.rank - b.rank)) {
    if (seen.has(m.target)) continue;
    seen.add(m.target);
    targets.push({ target: m.target, kind: m.kind, rank: m.rank, ...tensionOf(m.target) });
  }
  return targets.sort((a, b) => {
    if (a.tension === null || b.tension === null) return (a.tension === null ? 1 : 0) - (b.tension === null ? 1 : 0) || a.kind - b.kind || a.rank - b.rank;
    return b.tension - a.tension || a.kind - b.kind || a.rank - b.rank;
  });
}

/** « Ways out »: the targets more tense than the reference average (composite above 0). */
export const waysOut = (targets: readonly RankedTarget[]) => targets.filter((t) => t.tension !== null && t.tension > 0);
