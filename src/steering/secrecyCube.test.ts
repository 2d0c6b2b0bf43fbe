import { describe, expect, it } from 'vitest';
import { rank } from '../../tests/support/elimination.js';
import { ALL, programmeLevel, protectCube, protectCubeSliced, type CubeShape, type PeopleGroup } from './secrecyCube.js';

/**
 * The attack: a reader collects every figure the cube publishes (each view with one filter,
 * each table, each total) and solves the linear system they form over the underlying people
 * (measure × département × every trait). A hidden figure is recovered when its vector lies in
 * the row space of the published ones (tests/support/elimination.ts).
 */
interface Instance { shape: CubeShape; groups: PeopleGroup[]; leaves: { m: string; d: string; rows: Record<string, string> }[] }

const FINE = ['lt25', '25to54', '55to64', '65plus'];
const SHAPE = (measures: CubeShape['measures']): CubeShape => ({
  measures,
  tables: [
    { id: 'sex', groups: [] },
    { id: 'age', groups: [{ key: 'over54', members: ['55to64', '65plus'] }] },
    { id: 'area', withinDepartement: true },
  ],
});

function random(seed: number) {
  let s = seed;
  return () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
}

function instance(seed: number): Instance {
  const rand = random(seed);
  const measures = [{ key: 'm1', programme: 'P1' }, { key: 'm2', programme: 'P1' }, { key: 'm3', programme: 'P2' }];
  const deps = ['25', '39', '90'];
  const leaves: Instance['leaves'] = [];
  const groups: PeopleGroup[] = [];
  for (const m of measures) for (const d of deps) for (const sex of ['F', 'M']) for (const age of FINE) for (const area of [`${d}a`, `${d}b`]) {
    const rows = { sex, age, area };
    leaves.push({ m: m.key, d, rows });
    const x = rand();
    // Mostly empty, some small, a few large: what a regional table looks like.
    const count = x < 0.55 ? 0 : x < 0.85 ? 1 + Math.floor(rand() * 3) : 3 + Math.floor(rand() * 8);
    if (count) groups.push({ m: m.key, d, rows, count });
  }
  return { shape: SHAPE(measures), groups, leaves };
}

/** Every published cell as a vector over the leaves, with its value and mask. */
function publishedCells(inst: Instance, cube: ReturnType<typeof protectCube>) {
  const programmes = [...new Set(inst.shape.measures.map((m) => programmeLevel(m.programme)))];
  const mLevels = [ALL, ...programmes, ...inst.shape.measures.map((m) => m.key)];
  const deps = [...new Set(inst.leaves.map((l) => l.d))];
  const levels = [...mLevels.map((m) => [m, ALL]), ...deps.map((d) => [ALL, d]), ...mLevels.filter((m) => m !== ALL).flatMap((m) => deps.map((d) => [m, d]))];
  const programmeOf = new Map(inst.shape.measures.map((m) => [m.key, programmeLevel(m.programme)]));
  const out: { vector: number[]; value: number; masked: boolean; name: string }[] = [];
  const rowNodes = new Map<string, string[]>([
    ['sex', ['F', 'M']], ['age', [...FINE, 'over54']], ['area', [...new Set(inst.leaves.map((l) => l.rows.area))]],
  ]);
  const inRow = (table: string, row: string, leafRow: string) => row === leafRow || (table === 'age' && row === 'over54' && ['55to64', '65plus'].includes(leafRow));
  for (const [m, d] of levels) {
    const inLevel = (l: Instance['leaves'][number]) => (m === ALL || m === l.m || m === programmeOf.get(l.m)) && (d === ALL || d === l.d);
    const inner = m !== ALL && d !== ALL;
    const cells: [string, string][] = [[ALL, ALL], ...(inner ? [] : [...rowNodes].flatMap(([t, rows]) => rows.map((r) => [t, r] as [string, string])))];
    for (const [table, row] of cells) {
      const vector = inst.leaves.map((l) => (inLevel(l) && (table === ALL || inRow(table, row, l.rows[table])) ? 1 : 0));
      const c = cube.cell({ table, m, d, row })!;
      out.push({ vector, value: c.value, masked: c.masked, name: `${table}|${m}|${d}|${row}` });
    }
  }
  return out;
}

describe('secrecy across views (hypercube suppression on the cube)', () => {
  it('hides every cell under the threshold, in every view', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const inst = instance(seed);
      const cells = publishedCells(inst, protectCube(inst.groups, inst.shape, 5));
      for (const c of cells) if (c.value > 0 && c.value < 5) expect(c.masked, `${seed} ${c.name}`).toBe(true);
      // The value a view shows is the sum of its people.
      const counts = new Map(inst.groups.map((g) => [JSON.stringify([g.m, g.d, g.rows]), g.count]));
      const leafCounts = inst.leaves.map((l) => counts.get(JSON.stringify([l.m, l.d, l.rows])) ?? 0);
      for (const c of cells) expect(c.value).toBe(c.vector.reduce((s, x, i) => s + x * leafCounts[i], 0));
    }
  });

  it('leaves no hidden cell that differencing views and totals can solve', () => {
    let hiddenSeen = 0;
    let shownSeen = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const inst = instance(seed);
      const cells = publishedCells(inst, protectCube(inst.groups, inst.shape, 5));
      // Zeros are published; so is every structurally empty leaf, as zero cells of the views.
      const shown = cells.filter((c) => !c.masked).map((c) => c.vector);
      const base = rank(shown);
      for (const c of cells.filter((x) => x.masked)) {
        hiddenSeen++;
        expect(rank([...shown, c.vector]), `seed ${seed}: ${c.name} (${c.value}) is recovered`).toBe(base + 1);
      }
      shownSeen += shown.length;
    }
    expect(hiddenSeen).toBeGreaterThan(100);
    expect(shownSeen).toBeGreaterThan(hiddenSeen);
  });

  it('still holds when it starts from the changes of the state before a write', () => {
    let reused = 0;
    let searched = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const before = instance(seed);
      const previous = protectCube(before.groups, before.shape, 5);
      // A write: one person moves to another group, another leaves.
      const rand = random(seed + 1000);
      const groups = before.groups.map((g) => ({ ...g }));
      const from = groups[Math.floor(rand() * groups.length)];
      from.count -= 1;
      const to = before.leaves[Math.floor(rand() * before.leaves.length)];
      groups.push({ ...to, count: 1 });
      groups[Math.floor(rand() * groups.length)].count -= 1;
      const after = { ...before, groups };
      const cube = protectCube(after.groups, after.shape, 5, previous.changes);
      const kept = new Set(previous.changes.map((c) => JSON.stringify(c)));
      for (const c of cube.changes) if (kept.has(JSON.stringify(c))) reused++; else searched++;
      const cells = publishedCells(after, cube);
      for (const c of cells) if (c.value > 0 && c.value < 5) expect(c.masked, `${seed} ${c.name}`).toBe(true);
      const shown = cells.filter((c) => !c.masked).map((c) => c.vector);
      const base = rank(shown);
      for (const c of cells.filter((x) => x.masked)) expect(rank([...shown, c.vector]), `seed ${seed}: ${c.name} (${c.value}) is recovered`).toBe(base + 1);
    }
    // Most cells keep their change: the write is protected by a search of the few cells it moved.
    expect(reused).toBeGreaterThan(searched * 5);
  });

  it('masks the same whatever order the groups come in, and again from its own changes', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const inst = instance(seed);
      const masks = (cube: ReturnType<typeof protectCube>) => cube.cells(() => true).map((x) => `${x.table}|${x.m}|${x.d}|${x.row}|${x.value}|${x.masked}`).sort();
      const one = protectCube(inst.groups, inst.shape, 5);
      // Reversed, and split in two halves of each group where it can: the input of another reading.
      const other = [...inst.groups].reverse().flatMap((g) => (g.count > 1 ? [{ ...g, count: 1 }, { ...g, count: g.count - 1 }] : [g]));
      expect(masks(protectCube(other, inst.shape, 5))).toEqual(masks(one));
      const again = protectCube(inst.groups, inst.shape, 5, one.changes);
      expect(masks(again)).toEqual(masks(one));
      expect(again.changes).toEqual(one.changes);
    }
  });

  it('would be beaten if only the small cells were hidden (the attack finds them)', () => {
    let recovered = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const inst = instance(seed);
      const cells = publishedCells(inst, protectCube(inst.groups, inst.shape, 5)).map((c) => ({ ...c, masked: c.value > 0 && c.value < 5 }));
      const shown = cells.filter((c) => !c.masked).map((c) => c.vector);
      const base = rank(shown);
      recovered += cells.filter((c) => c.masked && rank([...shown, c.vector]) === base).length;
    }
    expect(recovered).toBeGreaterThan(0);
  });

  it('recovers the masked cell of the département attack without the cube, and not with it', () => {
    // The attack of the report: « 55–64 » summed over the département views gives the all-départements
    // cell, and « over 54 » minus it gives « 65 and over ». Protected view by view, it works:
    const inst: Instance = {
      shape: SHAPE([{ key: 'm1', programme: 'P1' }]),
      leaves: [], groups: [
        { m: 'm1', d: '25', rows: { sex: 'F', age: '55to64', area: '25a' }, count: 2 },
        { m: 'm1', d: '39', rows: { sex: 'F', age: '55to64', area: '39a' }, count: 4 },
        { m: 'm1', d: '25', rows: { sex: 'M', age: '65plus', area: '25a' }, count: 3 },
        { m: 'm1', d: '25', rows: { sex: 'M', age: '25to54', area: '25a' }, count: 40 },
        { m: 'm1', d: '39', rows: { sex: 'F', age: '25to54', area: '39a' }, count: 30 },
      ],
    };
    for (const d of ['25', '39']) for (const sex of ['F', 'M']) for (const age of FINE) inst.leaves.push({ m: 'm1', d, rows: { sex, age, area: `${d}a` } });
    const cube = protectCube(inst.groups, inst.shape, 5);
    const at = (d: string, row: string) => cube.cell({ table: 'age', m: ALL, d, row })!;
    expect(at(ALL, '65plus').masked).toBe(true);
    const cells = publishedCells(inst, cube);
    const shown = cells.filter((c) => !c.masked).map((c) => c.vector);
    for (const c of cells.filter((x) => x.masked)) expect(rank([...shown, c.vector]), c.name).toBe(rank(shown) + 1);
  });

  it('gives the event loop back while it protects, and protects the same', async () => {
    const big: Instance = { shape: instance(1).shape, groups: [], leaves: [] };
    for (let seed = 1; seed <= 30; seed++) big.groups.push(...instance(seed).groups.map((g) => ({ ...g, d: `${g.d}-${seed}`, rows: { ...g.rows, area: `${g.rows.area}-${seed}` } })));
    let turns = 0;
    let done = false;
    const count = () => { if (!done) { turns++; setImmediate(count); } };
    setImmediate(count);
    const sliced = await protectCubeSliced(big.groups, big.shape, 5);
    done = true;
    expect(turns).toBeGreaterThan(0);
    const whole = protectCube(big.groups, big.shape, 5);
    const all = (c: typeof whole) => c.cells(() => true).map((x) => `${x.table}|${x.m}|${x.d}|${x.row}|${x.value}|${x.masked}`).sort();
    expect(all(sliced)).toEqual(all(whole));
  });
});
