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
/** The change that protects one small cell (its key): kept, it protects the cell again at the next state while it stays possible. */
export interface Change { cell: string; moves: Move[] }

export interface ProtectedCube {
  /** The value and mask of a published cell; null when the cell is not one the cube publishes (a combination of filters). */
  cell(ref: CellRef): { value: number; masked: boolean } | null;
  /** The published cells that hold people and match, for the rows of a table. */
  cells(match: (ref: CellRef) => boolean): (CellRef & { value: number; masked: boolean })[];
  /** The changes chosen, one per small cell: what the next protection starts from. */
  changes: Change[];
}

/** Protects the cube at once (tests, small cubes). */
export function protectCube(groups: readonly PeopleGroup[], shape: CubeShape, threshold: number, kept: readonly Change[] = []): ProtectedCube {
  const steps = protection(groups, shape, threshold, kept);
  for (;;) { const step = steps.next(); if (step.done) return step.value; }
}

const SLICE_MS = 8;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Protects the cube in slices of a few milliseconds, giving the event loop back between them: a
 * national cube takes seconds of computation, during which the server keeps answering.
 */
export async function protectCubeSliced(groups: readonly PeopleGroup[], shape: CubeShape, threshold: number, kept: readonly Change[] = []): Promise<ProtectedCube> {
  const steps = protection(groups, shape, threshold, kept);
  let started = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - started > SLICE_MS) { await nextTurn(); started = performance.now(); }
  }
}

/**
 * The protection as steps: it yields between units of work (a group read, a cell protected).
 * `kept`: the changes of a previous protection. Each one still possible protects its cell again
 * without a search, so a write that moves a few people searches changes for a few cells only.
 * The result depends on the groups and `kept` alone, not on the order the groups came in.
 */
function* protection(input: readonly PeopleGroup[], shape: CubeShape, threshold: number, kept: readonly Change[]): Generator<void, ProtectedCube> {
  const programmeOf = new Map(shape.measures.map((m) => [m.key, programmeLevel(m.programme)]));
  const mLevels = (m: string) => [m, programmeOf.get(m) ?? programmeLevel('?'), ALL];
  const tableById = new Map(shape.tables.map((t) => [t.id, t]));
  const nodesOf = new Map(shape.tables.map((t) => [t.id, new Map<string, string[]>()]));
  const rowNodes = (table: CubeTable, row: string) => {
    const memo = nodesOf.get(table.id)!;
    let nodes = memo.get(row);
    if (!nodes) memo.set(row, nodes = [row, ...(table.groups ?? []).filter((g) => g.members.includes(row)).map((g) => g.key)]);
    return nodes;
  };

  // Cells are numbered: a change is checked by adding small integers, many thousand times per table.
  const ids = new Map<string, number>();
  const values: number[] = [];
  const idOf = (key: string) => { let id = ids.get(key); if (id === undefined) { id = values.length; ids.set(key, id); values.push(0); } return id; };

  /** The view levels a person of measure m in département d counts in: the whole, its measure levels, its département. */
  const levelsOf = (m: string, d: string): [string, string][] => [...mLevels(m).map((x) => [x, ALL] as [string, string]), [ALL, d]];
  /** The totals such a person counts in; totals are also published for a measure or a programme within a département (the targets of a département view). */
  const totalCells = (m: string, d: string) => [
    ...mLevels(m).slice(0, 2).map((x) => idOf(cellKey({ table: ALL, m: x, d, row: ALL }))),
    ...levelsOf(m, d).map(([lm, ld]) => idOf(cellKey({ table: ALL, m: lm, d: ld, row: ALL }))),
  ];
  /** The rows of one table such a person counts in, at every level. */
  const rowCells = (m: string, d: string, table: CubeTable, row: string) =>
    levelsOf(m, d).flatMap(([lm, ld]) => rowNodes(table, row).map((node) => idOf(cellKey({ table: table.id, m: lm, d: ld, row: node }))));
  /** The published cells a person of this leaf counts in: the totals and a row of every table. */
  const leafCells = new Map<string, number[]>();
  const leafKeyOf = (leaf: Leaf) => `${leaf.m}|${leaf.d}|${shape.tables.map((t) => leaf.rows[t.id] ?? '').join('|')}`;
  const cellsOf = (leaf: Leaf): number[] => {
    const memoKey = leafKeyOf(leaf);
    let out = leafCells.get(memoKey);
    if (!out) {
      out = [...totalCells(leaf.m, leaf.d), ...shape.tables.flatMap((t) => (leaf.rows[t.id] === undefined ? [] : rowCells(leaf.m, leaf.d, t, leaf.rows[t.id])))];
      leafCells.set(memoKey, out);
    }
    return out;
  };

  /** People per (measure, département, table, row): who can be moved. */
  const leafCounts = new Map<string, number>();
  const leafKey = (m: string, d: string, table: string, row: string) => `${m}|${d}|${table}|${row}`;
  const add = (map: Map<string, number>, key: string, n: number) => map.set(key, (map.get(key) ?? 0) + n);
  // Alike people in one group, largest groups first (the people a change prefers to move), in one order whatever the input's.
  const merged = new Map<string, { key: string; group: PeopleGroup }>();
  for (const g of input) {
    if (g.count <= 0) continue;
    const key = leafKeyOf(g);
    const found = merged.get(key);
    if (found) found.group = { ...found.group, count: found.group.count + g.count };
    else merged.set(key, { key, group: { m: g.m, d: g.d, rows: g.rows, count: g.count } });
  }
  const people = [...merged.values()].sort((a, b) => b.group.count - a.group.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((x) => x.group);
  const measureTotals = new Map<string, number>();
  const depTotals = new Map<string, number>();
  const rowTotals = new Map<string, number>();
  /** People alike but for where they live: who can be moved in place of whom. */
  const traitsOf = (g: PeopleGroup) => shape.tables.filter((t) => !t.withinDepartement).map((t) => g.rows[t.id] ?? '').join('|');
  const alike = new Map<string, PeopleGroup[]>();
  const placeTotals = new Map<string, number>();
  // A step is a few hundred groups or sums: a step per item would cost more than the items.
  let step = 0;
  const STEP = 256;
  for (const g of people) {
    if (++step % STEP === 0) yield;
    for (const [table, row] of Object.entries(g.rows)) { add(leafCounts, leafKey(g.m, g.d, table, row), g.count); add(rowTotals, `${table}|${row}`, g.count); }
    add(placeTotals, `${g.m}|${g.d}`, g.count);
    add(measureTotals, g.m, g.count);
    add(depTotals, g.d, g.count);
    const list = alike.get(traitsOf(g));
    if (list) list.push(g); else alike.set(traitsOf(g), [g]);
  }
  // The published cells: what cellsOf(leaf) of every person adds, summed per measure and département, then per row.
  for (const [key, count] of placeTotals) {
    const [m, d] = key.split('|');
    for (const id of totalCells(m, d)) values[id] += count;
  }
  for (const [key, count] of leafCounts) {
    if (++step % STEP === 0) yield;
    const [m, d, tableId, row] = key.split('|');
    const table = tableById.get(tableId);
    if (table) for (const id of rowCells(m, d, table, row)) values[id] += count;
  }
  /** The people of a département, a measure or a programme, largest groups first. */
  const peopleOf = new Map<string, PeopleGroup[]>();
  for (const g of people) for (const key of [`d:${g.d}`, `m:${g.m}`, `m:${programmeOf.get(g.m)}`]) (peopleOf.get(key) ?? peopleOf.set(key, []).get(key)!).push(g);
  const leafCount = (m: string, d: string, table: string, row: string) => leafCounts.get(leafKey(m, d, table, row)) ?? 0;
  /** Whether a move takes from someone actually there: a row of one table (a trait changed) or a whole group (a person moved). */
  const possible = (move: Move) => {
    if (move.sign > 0) return true;
    const traits = Object.entries(move.leaf.rows);
    return traits.length === 1 ? leafCount(move.leaf.m, move.leaf.d, traits[0][0], traits[0][1]) >= 1 : (merged.get(leafKeyOf(move.leaf))?.group.count ?? 0) >= 1;
  };
  const ranked = (totals: Map<string, number>) => [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
  const measuresByPeople = ranked(measureTotals);
  const depsByPeople = ranked(depTotals);
  const tableRows = new Map(shape.tables.map((t) => [t.id, ranked(new Map([...rowTotals].filter(([k]) => k.startsWith(`${t.id}|`)).map(([k, v]) => [k.slice(t.id.length + 1), v])))]));

  // Sized on the cells that hold people: a cell first named by a candidate change holds nobody, so effect() refuses
  // the change before anything would be hidden there.
  const masked = new Uint8Array(values.length + 1);
  const isSmall = (v: number) => v > 0 && v < threshold;
  const inM = (level: string, m: string) => level === ALL || level === m || level === programmeOf.get(m);
  const inD = (level: string, d: string) => level === ALL || level === d;

  /** The published cells a change moves, or null when it is impossible or would move a figure that cannot be hidden. */
  function effect(moves: Move[]): Map<number, number> | null {
    const delta = new Map<number, number>();
    for (const move of moves) for (const id of cellsOf(move.leaf)) delta.set(id, (delta.get(id) ?? 0) + move.sign);
    for (const [id, d] of delta) {
      if (d === 0) { delta.delete(id); continue; }
      // A zero is published as such; a hidden figure is known not to be zero.
      if (values[id] === 0 || values[id] + d < 1) return null;
    }
    return delta;
  }
  const cost = (delta: Map<number, number>) => { let c = 0; for (const id of delta.keys()) if (!masked[id]) c += 1 + values[id] / 1e6; return c; };

  /** Options along one dimension: one coordinate (inside the cell), or a pair (inside, then outside) moved in opposite directions. */
  function options<T>(inside: T[], outside: T[], allowSingle: boolean): T[][] {
    const out: T[][] = [];
    for (const a of inside) {
      if (allowSingle) out.push([a]);
      for (const b of outside) out.push([a, b]);
    }
    return out;
  }
  // Partners are taken among the largest: a few suffice, and each costs a check of every cell it moves.
  const PARTNERS = 6;

  /** Changes of one table's row (a person's trait), which leave every total and every other table as they are. */
  function rowCandidates(c: CellRef): Move[][] {
    const table = tableById.get(c.table)!;
    const rowsOfTable = tableRows.get(c.table) ?? [];
    const insideRows = rowsOfTable.filter((r) => rowNodes(table, r).includes(c.row)).slice(0, PARTNERS);
    const outsideRows = rowsOfTable.filter((r) => !rowNodes(table, r).includes(c.row)).slice(0, PARTNERS);
    const mOptions = options(measuresByPeople.filter((m) => inM(c.m, m)).slice(0, PARTNERS), c.m === ALL ? [] : measuresByPeople.filter((m) => !inM(c.m, m)).slice(0, 3), true);
    const dOptions = options(c.d === ALL ? depsByPeople.slice(0, PARTNERS) : [c.d], c.d === ALL ? [] : depsByPeople.filter((d) => d !== c.d).slice(0, PARTNERS), true);
    const rOptions = options(insideRows, outsideRows, false);
    const out: Move[][] = [];
    for (const mo of mOptions) for (const dop of dOptions) for (const ro of rOptions) {
      const moves: Move[] = [];
      mo.forEach((m, i) => dop.forEach((d, j) => ro.forEach((r, k) => {
        moves.push({ leaf: { m, d, rows: { [c.table]: r } }, sign: (i + j + k) % 2 === 0 ? 1 : -1 });
      })));
      // Nobody is taken from an empty cell (a row nobody can have there, an area of another département, shows 0 and is refused by effect()).
      if (moves.every(possible)) out.push(moves);
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
    const table = c.table === ALL ? null : tableById.get(c.table)!;
    let taken = 0;
    const pool = c.d !== ALL ? peopleOf.get(`d:${c.d}`) : c.m !== ALL ? peopleOf.get(`m:${c.m}`) : people;
    for (const g of pool ?? []) {
      if (!(inM(c.m, g.m) && inD(c.d, g.d) && (!table || rowNodes(table, g.rows[c.table]).includes(c.row)))) continue;
      if (++taken > PARTNERS * 2) break;
      const add: Move = { leaf: { m: g.m, d: g.d, rows: g.rows }, sign: 1 };
      out.push([add]);
      // Taken from the same département in another measure, or the same measure in another département.
      let partners = 0;
      for (const h of alike.get(traitsOf(g)) ?? []) {
        if (h === g) continue;
        if ((h.d === g.d && h.m !== g.m && !inM(c.m, h.m)) || (h.m === g.m && h.d !== g.d && !inD(c.d, h.d))) {
          out.push([add, { leaf: { m: h.m, d: h.d, rows: h.rows }, sign: -1 }]);
          if (++partners >= PARTNERS * 4) break;
        }
      }
    }
    return out;
  }

  // Hiding one table whole would not do: where everyone has the same row, that row is the published total.
  const hideAll = () => masked.fill(1);

  const primaries = [...ids].filter(([, id]) => isSmall(values[id])).sort((a, b) => values[a[1]] - values[b[1]] || a[0].localeCompare(b[0]));
  for (const [, id] of primaries) masked[id] = 1;
  const changes: Change[] = [];
  const hide = (delta: Map<number, number>) => { for (const cell of delta.keys()) masked[cell] = 1; };
  // First the kept changes that still hold, then a search for the cells left.
  const keptOf = new Map(kept.map((c) => [c.cell, c.moves]));
  const searched: [string, number][] = [];
  for (const [key, id] of primaries) {
    if (++step % 16 === 0) yield;
    const moves = keptOf.get(key);
    const delta = moves?.every(possible) ? effect(moves) : null;
    if (delta?.has(id)) { hide(delta); changes.push({ cell: key, moves: moves! }); } else searched.push([key, id]);
  }
  for (const [key, id] of searched) {
    yield;
    const [table, m, d, row] = key.split('|');
    const c: CellRef = { table, m, d, row };
    let best: { delta: Map<number, number>; moves: Move[] } | null = null;
    let bestCost = Infinity;
    for (const moves of [...(table !== ALL ? rowCandidates(c) : []), ...personCandidates(c)]) {
      const delta = effect(moves);
      if (!delta || !delta.has(id)) continue;
      const k = cost(delta);
      if (k < bestCost) { best = { delta, moves }; bestCost = k; if (k === 0) break; }
    }
    if (best) { hide(best.delta); changes.push({ cell: key, moves: best.moves }); } else { hideAll(); break; }
  }

  return {
    cell(ref) {
      if (!(ref.m === ALL || ref.d === ALL || ref.table === ALL)) return null;
      const id = ids.get(cellKey(ref));
      return id === undefined ? { value: 0, masked: false } : { value: values[id], masked: masked[id] === 1 };
    },
    cells(match) {
      const out: (CellRef & { value: number; masked: boolean })[] = [];
      for (const [key, id] of ids) {
        if (values[id] === 0) continue;
        const [table, m, d, row] = key.split('|');
        const ref = { table, m, d, row };
        if (match(ref)) out.push({ ...ref, value: values[id], masked: masked[id] === 1 });
      }
      return out;
    },
    changes,
  };
}
