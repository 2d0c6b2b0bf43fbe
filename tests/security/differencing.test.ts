import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.js';
import { fixedColumns } from '../support/elimination.js';
import { testApp, type TestApp } from '../support/app.js';

/**
 * The differencing attack, through the API, as a reader of the steering would make it: read
 * every view a filter opens, write down every linear relation a reader knows between their
 * figures, and solve. A hidden figure is recovered when the relations determine it.
 *
 * Relations: in a view, the rows of a table add up to its total, every people table has the
 * same total, the FSE 2014 bands are unions of the 2007 ones; the territory table's rows are the
 * départements' totals; across views, the départements (and the people with none) add up to
 * the whole, a programme's measures to the programme, the programmes to the whole; a measure's
 * targets are its view's totals.
 */
type Row = { key: string; values: Record<string, number | null>; masked: string[] };
type Table = { id: string; rows: Row[]; total: Row | null };
type View = { tables: Table[]; kpis: { measureCode: string; indicator: string; achieved: number | null; masked: boolean }[]; notes: string[] };

const PEOPLE = ['territory', 'territoryByArea', 'peopleBySex', 'peopleByAgeFse2007', 'peopleByAgeFse2014', 'peopleBySituation', 'peopleByQualification'];
const TRAINEES = ['companiesBySize', 'companiesBySection', 'companiesByDivision', 'companiesByArea'];
const COARSE: Record<string, string[]> = { under25: ['under15', '15-24'], '25-54': ['25-54'], over54: ['55-64', '65plus'] };

/** Linear system over the hidden figures (and the slices no filter opens), solved by elimination. */
class System {
  readonly names: string[] = [];
  private index = new Map<string, number>();
  readonly equations: Map<number, number>[] = [];
  constructor(private known: Map<string, number>) {}
  /** A term: a figure read, or an unknown. */
  private variable(name: string) {
    if (!this.index.has(name)) { this.index.set(name, this.names.length); this.names.push(name); }
    return this.index.get(name)!;
  }
  /** Σ left = Σ right, with known figures moved aside (their values do not matter for what is determined). */
  relate(left: string[], right: string[]) {
    const eq = new Map<number, number>();
    for (const [side, sign] of [[left, 1], [right, -1]] as const) for (const name of side) {
      if (this.known.has(name)) continue;
      const v = this.variable(name);
      eq.set(v, (eq.get(v) ?? 0) + sign);
    }
    for (const [v, c] of eq) if (c === 0) eq.delete(v);
    if (eq.size) this.equations.push(eq);
  }
  /** The unknowns whose value the equations fix. */
  determined(): Set<string> {
    const width = this.names.length;
    const rows = this.equations.map((eq) => { const r = new Array<number>(width).fill(0); for (const [v, c] of eq) r[v] = c; return r; });
    return new Set(fixedColumns(rows).map((c) => this.names[c]));
  }
}

describe.each(databaseKinds())('differencing attack on the steering on %s', (kind) => {
  let t: TestApp;
  let cookie: string;
  beforeAll(async () => {
    t = await testApp(kind, { now: '2011-03-01T08:00:00.000Z' });
    cookie = await t.login('lecteur@parcours.test');
  });
  afterAll(async () => { await t?.close(); });

  const read = async (query: Record<string, string>) => {
    const response = await t.app.inject({ method: 'GET', url: `/api/steering/dashboard?${new URLSearchParams(query)}`, headers: { cookie } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as View & { options: { programmes: { code: string }[]; measures: { code: string; programme: string }[]; departements: string[]; funders: { code: string }[] } };
  };

  it('recovers no hidden figure from every view with one filter, their tables, totals and targets', async () => {
    const whole = await read({});
    const { programmes, measures, departements } = whole.options;
    const views = new Map<string, View>([['*', whole]]);
    for (const p of programmes) views.set(`p:${p.code}`, await read({ programme: p.code }));
    for (const m of measures) views.set(`m:${m.code}`, await read({ measure: m.code }));
    for (const d of departements) views.set(`d:${d}`, await read({ departement: d }));

    const known = new Map<string, number>();
    const hidden: string[] = [];
    const cell = (view: string, table: string, row: string) => `${view}|${table}|${row}`;
    for (const [name, v] of views) {
      for (const x of v.tables.filter((tb) => [...PEOPLE, ...TRAINEES].includes(tb.id))) {
        for (const r of [...x.rows, ...(x.total ? [{ ...x.total, key: 'total' }] : [])]) {
          const key = cell(name, x.id, r.key);
          const value = r.values.people;
          if (value === null) hidden.push(key); else known.set(key, value);
        }
      }
      for (const k of v.kpis) {
        const key = `${name}|kpi|${k.measureCode}|${k.indicator}`;
        if (k.achieved === null) hidden.push(key); else known.set(key, k.achieved);
      }
    }
    expect(hidden.length).toBeGreaterThan(0);

    const rowsOf = (view: string, table: string) => views.get(view)!.tables.find((x) => x.id === table)!.rows.map((r) => r.key);
    const relations = (system: System) => {
      for (const view of views.keys()) {
        for (const table of [...PEOPLE, ...TRAINEES]) {
          const total = table === 'peopleBySex' ? cell(view, 'territory', 'total') : cell(view, table, 'total');
          system.relate(rowsOf(view, table).map((r) => cell(view, table, r)), [total]);
        }
        for (const table of PEOPLE) system.relate([cell(view, table, 'total')], [cell(view, 'territory', 'total')]);
        for (const table of TRAINEES) system.relate([cell(view, table, 'total')], [cell(view, 'companiesBySize', 'total')]);
        for (const [coarse, fine] of Object.entries(COARSE)) system.relate([cell(view, 'peopleByAgeFse2014', coarse)], fine.map((f) => cell(view, 'peopleByAgeFse2007', f)));
      }
      for (const table of [...PEOPLE, ...TRAINEES]) {
        for (const r of [...rowsOf('*', table), 'total']) {
          // The départements and the people with none add up to the whole, row by row…
          system.relate([cell('*', table, r)], [...departements.map((d) => cell(`d:${d}`, table, r)), `nodep|${table}|${r}`]);
          // …as the measures add up to their programme, and the programmes to the whole.
          for (const p of programmes) system.relate([cell(`p:${p.code}`, table, r)], measures.filter((m) => m.programme === p.code).map((m) => cell(`m:${m.code}`, table, r)));
          system.relate([cell('*', table, r)], programmes.map((p) => cell(`p:${p.code}`, table, r)));
        }
      }
      // The territory rows of the whole are the départements' totals.
      for (const d of departements) if (rowsOf('*', 'territory').includes(d)) system.relate([cell('*', 'territory', d)], [cell(`d:${d}`, 'territory', 'total')]);
      if (rowsOf('*', 'territory').includes('unknown')) system.relate([cell('*', 'territory', 'unknown')], ['nodep|territory|total']);
      // A measure's people targets are its view's total; within a département view, its territory row.
      const PEOPLE_KPI: Record<string, string> = { contracts: 'territory', pathways: 'territory', pairs: 'territory', employees: 'companiesBySize' };
      for (const [view, v] of views) for (const k of v.kpis) {
        const table = PEOPLE_KPI[k.indicator];
        if (!table) continue;
        const kpi = `${view}|kpi|${k.measureCode}|${k.indicator}`;
        if (view === '*') system.relate([kpi], [cell(`m:${k.measureCode}`, table, 'total')]);
        if (view.startsWith('d:') && table === 'territory' && rowsOf(`m:${k.measureCode}`, 'territory').includes(view.slice(2))) system.relate([kpi], [cell(`m:${k.measureCode}`, 'territory', view.slice(2))]);
      }
    };
    const system = new System(known);
    relations(system);
    const solved = system.determined();
    const recovered = hidden.filter((h) => solved.has(h));
    expect(recovered, `recovered: ${recovered.join(', ')}`).toEqual([]);

    // The relations are not idle: a published total, forgotten, is given back by them.
    const forgotten = [...known.keys()].find((k) => k.endsWith('|territory|total') && k.startsWith('d:'))!;
    const without = new Map(known);
    without.delete(forgotten);
    const again = new System(without);
    relations(again);
    expect(again.determined().has(forgotten), forgotten).toBe(true);
  });

  it('withholds figures of people where two filters cross, or with a funder, a sector or a period', async () => {
    const whole = await read({});
    const d = whole.options.departements[0];
    for (const query of [{ departement: d, measure: whole.options.measures[0].code }, { funder: 'REGION' }, { section: 'C' }, { from: '2010-01-01', to: '2010-06-30' }] as Record<string, string>[]) {
      const v = await read(query);
      for (const x of v.tables.filter((tb) => [...PEOPLE, ...TRAINEES].includes(tb.id))) {
        for (const r of [...x.rows, ...(x.total ? [x.total] : [])]) expect([0, null], `${JSON.stringify(query)} ${x.id} ${r.key}`).toContain(r.values.people);
      }
      for (const k of v.kpis.filter((x) => x.indicator !== 'companies')) expect([0, null]).toContain(k.achieved);
      expect(v.notes.join(' ')).toMatch(/ne sont publiés que pour l’ensemble, un programme, un dispositif ou un département/);
    }
  });
});
