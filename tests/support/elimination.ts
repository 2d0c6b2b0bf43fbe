/**
 * Gauss–Jordan elimination for the secrecy tests: the attacker's tool. Floating point with
 * partial pivoting is exact enough on the small 0/±1 systems the tests build.
 */
export function reducedRows(input: number[][]): { rows: number[][]; pivots: number[] } {
  const rows = input.map((r) => [...r]);
  const width = rows[0]?.length ?? 0;
  const pivots: number[] = [];
  let r = 0;
  for (let c = 0; c < width && r < rows.length; c++) {
    let p = r;
    for (let i = r + 1; i < rows.length; i++) if (Math.abs(rows[i][c]) > Math.abs(rows[p][c])) p = i;
    if (Math.abs(rows[p][c]) < 1e-9) continue;
    [rows[r], rows[p]] = [rows[p], rows[r]];
    for (let i = 0; i < rows.length; i++) {
      if (i === r || Math.abs(rows[i][c]) < 1e-12) continue;
      const f = rows[i][c] / rows[r][c];
      for (let j = c; j < width; j++) rows[i][j] -= f * rows[r][j];
    }
    pivots.push(c);
    r++;
  }
  return { rows, pivots };
}

export const rank = (rows: number[][]) => reducedRows(rows).pivots.length;

/** The unknowns (columns) whose value a system fixes: in reduced form, a pivot row naming no free unknown. */
export function fixedColumns(rows: number[][]): number[] {
  const reduced = reducedRows(rows);
  return reduced.pivots.filter((c, i) => reduced.rows[i].every((x, j) => j === c || Math.abs(x) < 1e-9));
}
