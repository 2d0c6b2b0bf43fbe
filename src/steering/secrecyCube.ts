/**
 * Statistical secrecy that holds across views. Each table of people is published for the
 * whole partnership, for each programme, each measure and each département — one filter at
 * a time, totals also for a measure or a programme within a département — and every such
 * figure is a cell of one cube per population: measure × département × the rows of each table. Differencing two views (the all-départements view against the
 * département views, a programme against its measures, a table's total against its other
 * rows) is a linear relation between cells of that cube, so the cube is protected once, with
 * all its relations, and every view reads its masks from it.
 *
 * The method is that of hypercube suppression (τ-Argus, used by INSEE): for each cell under
 * the threshold, pick a small change of the underlying people — a few people moved between
 * cells, ±1 each — that leaves every published figure unchanged except some hidden ones, and
 * hide those. Every hidden cell is then moved by such a change, so the published figures are
 * equally consistent with two different values of it: no combination of views and totals can
 * give it back. A change is only kept when it is possible: nobody is taken from an empty cell,
 * and a hidden figure, which the reader knows is not zero, never drops to zero.
 */
export const ALL = '*';

export interface CubeMeasure { key: string; programme: string }
export interface CubeTable {
  id: string;
  /** Rows that are unions of other rows (coarse age bands, NAF sections over divisions). */
  groups?: { key: string; members: string[] }[];
  /** The row depends on the département (an employment area lies in one): a moved person takes a row of the département received. */
  withinDepartement?: boolean;
}
/** People with the same measure, département and row in every table. */
export interface PeopleGroup { m: string; d: string; rows: Record<string, string>; count: number }
export interface CubeShape { measures: CubeMeasure[]; tables: CubeTable[] }

/** A published cell: table (or ALL for the population's total), measure level, département level, row (ALL for the total). */
export interface CellRef { table: string; m: string; d: string; row: string }
const cellKey = (c: CellRef) => `${c.table}|${c.m}|${c.d}|${c.row}`;

export const programmeLevel = (code: string) => `p:${code}`;

interface Leaf { m: string; d: string; rows: Record<string, string> }
interface Move { leaf: Leaf; sign: 1 | -1 }

export interface ProtectedCube {
  /** The value and mask of a published cell; null when the cell is not one the cube publishes (a combination of filters). */
  cell(ref: CellRef): { value: number; masked: boolean } | null;
  maskedCount(): number;
}

export function protectCube(groups: readonly PeopleGroup[], shape: CubeShape, threshold: number): ProtectedCube {
  const programmeOf = new Map(shape.measures.map((m) => [m.key, programmeLevel(m.programme)]));
  const mLevels = (m: string) => [m, programmeOf.get(m) ?? programmeLevel('?'), ALL];
  const tableById = new Map(shape.tables.map((t) => [t.id, t]));
  const rowNodes = (table: CubeTable, row: string) => [row, ...(table.groups ?? []).filter((g) => g.members.includes(row)).map((g) => g.key)];

  /** The published cells a person of this leaf counts in: rows of every table and the totals, for the whole, its measure levels and its département. */
  const cellsOf = (leaf: Leaf): string[] => {
    const out: string[] = [];
    const levels: [string, string][] = [...mLevels(leaf.m).map((m) => [m, ALL] as [string, string]), [ALL, leaf.d]];
    // Totals are also published for a measure or a programme within a département (the targets of a département view).
    for (const m of mLevels(leaf.m).slice(0, 2)) out.push(cellKey({ table: ALL, m, d: leaf.d, row: ALL }));
    for (const [m, d] of levels) {
      out.push(cellKey({ table: ALL, m, d, row: ALL }));
      for (const table of shape.tables) {
        const row = leaf.rows[table.id];
        if (row === undefined) continue;
        for (const node of rowNodes(table, row)) out.push(cellKey({ table: table.id, m, d, row: node }));
      }
    }
    return out;
  };

  const values = new Map<string, number>();
  /** People per (measure, département, table, row): who can be moved. */
  const leafCounts = new Map<string, number>();
  const leafKey = (m: string, d: string, table: string, row: string) => `${m}|${d}|${table}|${row}`;
  const departements = new Set<string>();
  const measures = new Set<string>();
  for (const g of groups) {
    if (g.count <= 0) continue;
    departements.add(g.d); measures.add(g.m);
    for (const key of cellsOf(g)) values.set(key, (values.get(key) ?? 0) + g.count);
    for (const [table, row] of Object.entries(g.rows)) leafCounts.set(leafKey(g.m, g.d, table, row), (leafCounts.get(leafKey(g.m, g.d, table, row)) ?? 0) + g.count);
    leafCounts.set(leafKey(g.m, g.d, ALL, ALL), (leafCounts.get(leafKey(g.m, g.d, ALL, ALL)) ?? 0) + g.count);
  }
  const valueOf = (key: string) => values.get(key) ?? 0;
  const people = groups.filter((g) => g.count > 0);
  const measureTotals = new Map<string, number>();
  const depTotals = new Map<string, number>();
  const tableRows = new Map<string, string[]>(shape.tables.map((t) => [t.id, [...new Set(people.map((g) => g.rows[t.id]).filter((r) => r !== undefined))].sort()]));
  /** People alike but for where they live: who can be moved in place of whom. */
  const traitsOf = (g: PeopleGroup) => shape.tables.filter((t) => !t.withinDepartement).map((t) => g.rows[t.id] ?? '').join('|');
  const alike = new Map<string, PeopleGroup[]>();
  for (const g of people) {
    measureTotals.set(g.m, (measureTotals.get(g.m) ?? 0) + g.count);
    depTotals.set(g.d, (depTotals.get(g.d) ?? 0) + g.count);
    const list = alike.get(traitsOf(g));
    if (list) list.push(g); else alike.set(traitsOf(g), [g]);
  }
  const leafCount = (m: string, d: string, table: string, row: string) => leafCounts.get(leafKey(m, d, table, row)) ?? 0;

  const masked = new Set<string>();
  const isSmall = (v: number) => v > 0 && v < threshold;

  /** The published cells a change moves, or null when it is impossible or would move a figure that cannot be hidden. */
  function effect(moves: Move[]): Map<string, number> | null {
    const delta = new Map<string, number>();
    for (const move of moves) for (const key of cellsOf(move.leaf)) delta.set(key, (delta.get(key) ?? 0) + move.sign);
    for (const [key, d] of delta) {
      if (d === 0) { delta.delete(key); continue; }
      const v = valueOf(key);
      // A zero is published as such; a hidden figure is known not to be zero.
      if (v === 0 || v + d < 1) return null;
    }
    return delta;
  }
  const cost = (delta: Map<string, number>) => { let c = 0; for (const key of delta.keys()) if (!masked.has(key)) c += 1 + valueOf(key) / 1e6; return c; };

  const topBy = <T>(items: T[], score: (t: T) => number, n: number) => items.map((t) => [t, score(t)] as const).filter(([, s]) => s > 0).sort((a, b) => b[1] - a[1]).slice(0, n).map(([t]) => t);
  const sortedMeasures = [...measures].sort();
  const sortedDeps = [...departements].sort();
  const inM = (level: string, m: string) => level === ALL || level === m || level === programmeOf.get(m);
  const inD = (level: string, d: string) => level === ALL || level === d;

  /** Options along one dimension: one coordinate (inside the cell), or a pair (inside, then outside) moved in opposite directions. */
  function options<T>(inside: T[], outside: T[], allowSingle: boolean): T[][] {
    const out: T[][] = [];
    for (const a of inside) {
      if (allowSingle) out.push([a]);
      for (const b of outside) out.push([a, b]);
    }
    return out;
  }

  /** Changes of one table's row (a person's trait), which leave every total and every other table as they are. */
  function rowCandidates(c: CellRef): Move[][] {
    const table = tableById.get(c.table)!;
    const rowsOfTable = tableRows.get(c.table) ?? [];
    const insideRows = rowsOfTable.filter((r) => rowNodes(table, r).includes(c.row));
    const outsideRows = rowsOfTable.filter((r) => !insideRows.includes(r));
    const ms = topBy(sortedMeasures, (m) => measureTotals.get(m) ?? 0, 8);
    const mOptions = options(ms.filter((m) => inM(c.m, m)), c.m === ALL ? [] : ms.filter((m) => !inM(c.m, m)), true);
    const ds = topBy(sortedDeps, (d) => depTotals.get(d) ?? 0, 10);
    const dOptions = options(c.d === ALL ? ds : [c.d], c.d === ALL ? [] : ds.filter((d) => d !== c.d), true);
    const rOptions = options(insideRows, outsideRows, false);
    const out: Move[][] = [];
    for (const mo of mOptions) for (const dop of dOptions) for (const ro of rOptions) {
      const moves: Move[] = [];
      mo.forEach((m, i) => dop.forEach((d, j) => ro.forEach((r, k) => {
        moves.push({ leaf: { m, d, rows: { [c.table]: r } }, sign: (i + j + k) % 2 === 0 ? 1 : -1 });
      })));
      // Nobody is taken from an empty cell (a row nobody can have there, an area of another département, shows 0 and is refused by effect()).
      if (moves.every((mv) => mv.sign > 0 || leafCount(mv.leaf.m, mv.leaf.d, c.table, mv.leaf.rows[c.table]) >= 1)) out.push(moves);
    }
    return out;
  }

  /**
   * Changes of the number of people in a cell: one person added inside the cell and, unless
   * the cell is the whole, one alike taken from another measure or département. The person
   * keeps a row in every table, taken from someone actually there.
   */
  function personCandidates(c: CellRef): Move[][] {
    const out: Move[][] = [];
    const inside = people.filter((g) => inM(c.m, g.m) && inD(c.d, g.d) && (c.table === ALL || rowNodes(tableById.get(c.table)!, g.rows[c.table]).includes(c.row)));
    const seen = new Set<string>();
    for (const g of inside.sort((a, b) => b.count - a.count).slice(0, 12)) {
      const add: Move = { leaf: g, sign: 1 };
      const id = JSON.stringify(g.rows) + g.m + g.d;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push([add]);
      // Taken from the same département in another measure, or the same measure in another département.
      for (const h of alike.get(traitsOf(g)) ?? []) {
        if (h === g) continue;
        if (h.d === g.d && h.m !== g.m && !inM(c.m, h.m)) out.push([add, { leaf: h, sign: -1 }]);
        else if (h.m === g.m && h.d !== g.d && !inD(c.d, h.d)) out.push([add, { leaf: h, sign: -1 }]);
        if (out.length > 400) return out;
      }
    }
    return out;
  }

  // Hiding one table whole would not do: where everyone has the same row, that row is the published total.
  const hideAll = () => { for (const key of values.keys()) masked.add(key); };

  const primaries = [...values.entries()].filter(([, v]) => isSmall(v)).sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).map(([key]) => key);
  for (const key of primaries) masked.add(key);
  for (const key of primaries) {
    const [table, m, d, row] = key.split('|');
    const c: CellRef = { table, m, d, row };
    const candidates = [...(table !== ALL ? rowCandidates(c) : []), ...personCandidates(c)];
    let best: Map<string, number> | null = null;
    let bestCost = Infinity;
    for (const moves of candidates) {
      const delta = effect(moves);
      if (!delta || !delta.has(key)) continue;
      const k = cost(delta);
      if (k < bestCost) { best = delta; bestCost = k; if (k === 0) break; }
    }
    if (best) for (const cell of best.keys()) masked.add(cell);
    else hideAll();
  }

  return {
    cell(ref) {
      const key = cellKey(ref);
      if (!(ref.m === ALL || ref.d === ALL || ref.table === ALL)) return null;
      return { value: valueOf(key), masked: masked.has(key) };
    },
    maskedCount: () => masked.size,
  };
}
