import type { SteeringTable } from './steeringTable.js';

/**
 * Two tables of the same people by age, one in fine bands (FSE 2007–2013: under 15, 15–24,
 * 25–54, 55–64, 65 and over) and one in coarse bands that are unions of them (FSE 2014–2020:
 * under 25, 25–54, over 54). Protected apart, « over 54 » minus « 55–64 » gives a hidden
 * « 65 and over ». So the coarse table is derived from the protected fine one:
 * - a coarse band is shown only when every fine band in it is, and is then their sum;
 * - a coarse table must hide 0 or at least 2 bands, otherwise total minus the others gives
 *   the hidden one: the smallest other non-empty band is hidden too, with one fine band in it;
 * - when a single band holds people and one of them is hidden, the total is hidden as well.
 * The fine table keeps its own rule (0 or at least 2 hidden cells, protectRows).
 */
export interface BandGroup { key: string; label: string; members: string[] }

export function linkCoarseBands(fine: SteeringTable, raw: Record<string, number>, groups: BandGroup[], coarse: Pick<SteeringTable, 'id' | 'title' | 'dimension' | 'notes'>): SteeringTable {
  const row = (key: string) => fine.rows.find((r) => r.key === key)!;
  const hidden = (key: string) => row(key).masked.includes('people');
  const hide = (key: string) => { const r = row(key); r.values.people = null; if (!r.masked.includes('people')) r.masked.push('people'); };
  const count = (g: BandGroup) => g.members.reduce((s, m) => s + (raw[m] ?? 0), 0);
  const total = fine.total ? { ...fine.total, values: { ...fine.total.values }, masked: [...fine.total.masked] } : null;
  for (;;) {
    const masked = groups.filter((g) => g.members.some(hidden));
    if (masked.length !== 1) break;
    const partner = groups.filter((g) => !masked.includes(g) && count(g) > 0).sort((a, b) => count(a) - count(b))[0];
    if (!partner) {
      // The masked band holds everyone: the total would show it.
      for (const t of [fine.total, total]) if (t) { t.values.people = null; if (!t.masked.includes('people')) t.masked.push('people'); }
      break;
    }
    const member = partner.members.filter((m) => (raw[m] ?? 0) > 0 && !hidden(m)).sort((a, b) => (raw[a] ?? 0) - (raw[b] ?? 0))[0];
    hide(member);
  }
  const rows = groups.map((g) => {
    const masked = g.members.some(hidden);
    return { key: g.key, label: g.label, values: { people: masked ? null : count(g) }, masked: masked ? ['people'] : [] };
  });
  return { ...coarse, columns: fine.columns, rows, total, chart: fine.chart };
}
