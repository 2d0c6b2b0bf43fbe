import type { Comparison, Results } from './measure.js';
import type { SizeResults } from './sizes.js';

/**
 * The figures as one table per run, each next to its floor and its target, in Markdown so
 * the console output can be pasted into docs/benchmarks.md as is.
 */
export const TARGETS = { dashboardMs: 200, dashboardRatio: 1.5, listP95Ms: 50, importRatio: 0.5, exportRssMb: 256 };

const ms = (v: number) => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v.toFixed(1)) : '—');
const verdict = (ok: boolean) => (ok ? 'ok' : '**MISS**');
const int = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en') : '—');

function listRow(c: Comparison): string {
  if (c.error) return `| ${c.name} | error: ${c.error} | | | | | | |`;
  return `| ${c.name} | ${ms(c.http.p50)} / ${ms(c.http.p95)} | ${ms(c.raw.p50)} / ${ms(c.raw.p95)} | ${c.replayed}/${c.queries} | ${c.http.n} | ${c.load1 ?? '—'} | p95 < ${TARGETS.listP95Ms} ms | ${verdict(c.http.p95 < TARGETS.listP95Ms)} |`;
}

export function resultsTable(r: Results): string {
  const d = r.dashboard;
  const dashOk = !d.error && d.http.p50 < TARGETS.dashboardMs && d.ratio <= TARGETS.dashboardRatio;
  const lines = [
    `### ${r.db} — scale ${r.scale} (${int(r.generation.totalRows)} rows generated in ${r.generation.totalSeconds.toFixed(0)} s, ${int(r.generation.rowsPerSecond)} rows/s)`,
    '',
    `Load average before / after: ${r.machine.loadBefore.join(' ')} / ${r.loadAfter.join(' ')} (${r.machine.cpus} cores).`,
    '',
    '| measurement | HTTP p50 / p95 (ms) | raw SQL p50 / p95 (ms) | queries replayed / sent | n | load (1 min) | target | verdict |',
    '|---|---|---|---|---|---|---|---|',
    d.error
      ? `| ${d.name} | error: ${d.error} | | | | | | |`
      : `| ${d.name} | ${ms(d.http.p50)} / ${ms(d.http.p95)} | ${ms(d.raw.p50)} / ${ms(d.raw.p95)} | ${d.replayed}/${d.queries} | ${d.http.n} | ${d.load1 ?? '—'} | < ${TARGETS.dashboardMs} ms and ≤ ${TARGETS.dashboardRatio}× raw (is ${d.ratio}×) | ${verdict(dashOk)} |`,
    ...(r.dashboardViews ?? []).map((c) => c.error ? `| ${c.name} | error: ${c.error} | | | | | | |`
      : `| ${c.name} | ${ms(c.http.p50)} / ${ms(c.http.p95)} | ${ms(c.raw.p50)} / ${ms(c.raw.p95)} | ${c.replayed}/${c.queries} | ${c.http.n} | ${c.load1 ?? '—'} | < ${TARGETS.dashboardMs} ms | ${verdict(c.http.p50 < TARGETS.dashboardMs)} |`),
    ...(r.refresh ? [`| dashboard « everything » computed from the facts (in-process, once) | ${int(r.refresh.ms)} | ${int(r.refresh.floorMs)} (${r.refresh.queries} queries) | | 1 | ${r.refresh.load1} | first call right after a write (applies it, computes the view): ${Object.values(r.refresh.firstCallMs).map(int).join(' / ')} ms; after a write of people: ${Object.values(r.refresh.firstPeopleCallMs ?? {}).map(int).join(' / ')} ms | ${verdict([...Object.values(r.refresh.firstCallMs), ...Object.values(r.refresh.firstPeopleCallMs ?? {})].every((v) => v < TARGETS.dashboardMs))} |`] : []),
    ...(r.refresh?.rebuild ? [`| full rebuild of the facts (after a load without history) | ${int(r.refresh.rebuild.ms)} (${int(r.refresh.rebuild.records)} records) | | | 1 | | background | — |`] : []),
    ...r.lists.map(listRow),
  ];
  if (r.import) {
    const i = r.import;
    const rounds = i.rounds ? ` — rounds ${i.rounds.map((x) => `${x.ratio}×`).join(', ')}` : '';
    lines.push(`| import ${int(i.rows)} history rows (median of ${i.rounds?.length ?? 1}) | service ${int(i.serviceRowsPerSecond)} rows/s (${i.serviceSeconds} s) | raw ${int(i.rawRowsPerSecond)} rows/s (${i.rawSeconds} s) | | ${i.rounds?.length ?? 1} | ${i.load1 ?? r.loadAfter[0]} | ≥ ${TARGETS.importRatio}× raw (is ${i.ratio}×${rounds}) | ${verdict(i.ok && i.ratio >= TARGETS.importRatio)} |`);
  }
  if (r.export) {
    const e = r.export;
    lines.push(e.error
      ? `| export | error: ${e.error} | | | | | | |`
      : `| CSV export: ${int(e.rows)} of ${int(e.expectedRows)} contracts${e.truncated ? ' (cut at time bound)' : ''} | ${e.seconds} s, ${int(e.rowsPerSecond)} rows/s, ${int(e.bytes / 2 ** 20)} MB, peak RSS ${e.peakRssMb} MB (before ${e.baselineRssMb}; server in its own process, ${e.serverFlags ?? 'no flags'}) | ${e.rawSeconds} s, ${int(e.rawRowsPerSecond)} rows/s | | 1 | ${e.load1 ?? '—'} | peak RSS < ${TARGETS.exportRssMb} MB | ${verdict(e.peakRssMb < TARGETS.exportRssMb && !e.truncated && e.rows === e.expectedRows)} |`);
  }
  if (r.concurrency?.length) {
    lines.push('', `Concurrent load (autocannon, ${r.concurrency[0].seconds} s per run; latencies ms; floor = the reads' SQL on the bare driver at the same concurrency):`, '',
      '| run | req/s | p50 / p97.5 / p99 / max | errors / non-2xx | floor req/s | HTTP ÷ floor | server CPU ms/req (CPU %) | peak RSS MB | load |',
      '|---|---|---|---|---|---|---|---|---|',
      ...r.concurrency.map((c) => `| ${c.label} | ${c.rps} | ${c.p50} / ${c.p95} / ${c.p99} / ${c.max} | ${c.errors} / ${c.non2xx} | ${c.floorRps} | ${c.ratio} | ${c.serverCpuMsPerRequest} (${c.serverCpuPercent} %) | ${c.peakRssMb} | ${c.load1} |`));
  }
  return lines.join('\n');
}

export function plansText(r: Results): string {
  const out: string[] = [];
  for (const c of [r.dashboard, ...(r.dashboardViews ?? []), ...r.lists]) {
    out.push(`${r.db} — ${c.name}`);
    out.push(...c.plans.map((p) => `    ${p}`));
  }
  return out.join('\n');
}

export function sizesTable(s: SizeResults): string {
  const names = s.sizes[0]?.lists.map((c) => c.name) ?? [];
  const lines = [
    `### List cost by table size — ${s.db} (HTTP p50 / p95 ms; raw SQL p50 in brackets)`,
    '',
    `| list | ${s.sizes.map((x) => `${int(x.rows)} requests`).join(' | ')} |`,
    `|---|${s.sizes.map(() => '---').join('|')}|`,
    ...names.map((name) => `| ${name} | ${s.sizes.map((x) => {
      const c = x.lists.find((l) => l.name === name)!;
      return c.error ? 'error' : `${ms(c.http.p50)} / ${ms(c.http.p95)} (${ms(c.raw.p50)})`;
    }).join(' | ')} |`),
  ];
  return lines.join('\n');
}

export function sizesPlans(s: SizeResults): string {
  const largest = s.sizes[s.sizes.length - 1];
  if (!largest) return '';
  return largest.lists.flatMap((c) => [`${s.db} ${int(largest.rows)} — ${c.name}`, ...c.plans.map((p) => `    ${p}`)]).join('\n');
}
