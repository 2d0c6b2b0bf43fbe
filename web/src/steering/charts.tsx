import { useId } from 'react';
import type { SteeringRow, SteeringTable } from '../../../src/steering/steeringTable.js';
import { formatCompact, formatFigure } from './format.js';

/**
 * Charts are inline SVG in the DSFR illustrative palette (see docs/decisions/charts-as-svg.md):
 * no chart library, nothing for the CSP to allow, and every chart is followed by its data
 * table, which is what assistive technologies read. The SVG itself is one labelled image.
 */
export const SERIES_COLORS = [
  'var(--blue-france-main-525)',
  'var(--green-archipel-main-557)',
  'var(--yellow-tournesol-main-731)',
  'var(--purple-glycine-main-494)',
];
const MASKED_FILL = 'var(--grey-925-125)';
const TEXT = 'var(--text-default-grey)';
const AXIS = 'var(--border-default-grey)';

function Legend({ table, columns }: { table: SteeringTable; columns: string[] }) {
  if (columns.length < 2) return null;
  return (
    <ul className="parcours-chart-legend" aria-hidden="true">
      {columns.map((key, i) => (
        <li key={key}><span className="parcours-chart-swatch" style={{ background: SERIES_COLORS[i % SERIES_COLORS.length] }} />{table.columns.find((c) => c.key === key)?.label}</li>
      ))}
    </ul>
  );
}

/** Horizontal bars, one group per row; hidden cells drawn as a grey stub marked « secret ». */
export function BarChart({ table, maxRows = 12 }: { table: SteeringTable; maxRows?: number }) {
  const titleId = useId();
  const columns = table.chart.columns;
  const rows = table.rows.slice(0, maxRows);
  const units = columns.map((key) => table.columns.find((c) => c.key === key)!.unit);
  const max = Math.max(1, ...rows.flatMap((r) => columns.map((c) => r.values[c] ?? 0)));
  const labelWidth = 230;
  const valueWidth = 110;
  const plotWidth = 420;
  const barHeight = columns.length > 1 ? 12 : 18;
  const groupHeight = barHeight * columns.length + 12;
  const height = rows.length * groupHeight + 8;
  const truncate = (s: string) => (s.length > 34 ? `${s.slice(0, 33)}…` : s);
  return (
    <figure className="parcours-chart">
      <Legend table={table} columns={columns} />
      <svg role="img" aria-labelledby={titleId} viewBox={`0 0 ${labelWidth + plotWidth + valueWidth} ${height}`} width="100%" preserveAspectRatio="xMinYMin meet">
        <title id={titleId}>{`Graphique : ${table.title}. Les valeurs figurent dans le tableau qui suit.`}</title>
        <line x1={labelWidth} x2={labelWidth} y1={0} y2={height} stroke={AXIS} />
        {rows.map((row: SteeringRow, i) => (
          <g key={row.key} transform={`translate(0, ${i * groupHeight + 6})`}>
            <text x={labelWidth - 8} y={(barHeight * columns.length) / 2 + 4} textAnchor="end" fontSize="12" fill={TEXT}>{truncate(row.label)}</text>
            {columns.map((key, s) => {
              const masked = row.masked.includes(key);
              const value = row.values[key] ?? 0;
              const w = masked ? 6 : Math.max(value > 0 ? 2 : 0, (value / max) * plotWidth);
              return (
                <g key={key}>
                  <rect x={labelWidth + 1} y={s * barHeight} width={w} height={barHeight - 2} fill={masked ? MASKED_FILL : SERIES_COLORS[s % SERIES_COLORS.length]} />
                  <text x={labelWidth + w + 6} y={s * barHeight + barHeight - 4} fontSize="11" fill={TEXT}>
                    {masked ? 'secret' : formatCompact(units[s], value)}
                  </text>
                </g>
              );
            })}
          </g>
        ))}
      </svg>
      {table.rows.length > maxRows && <figcaption className="fr-text--sm fr-mb-0">Les {maxRows} premières lignes sont dessinées ; toutes figurent dans le tableau.</figcaption>}
    </figure>
  );
}

/** Monthly series as lines with a point per month. */
export function LineChart({ table }: { table: SteeringTable }) {
  const titleId = useId();
  const columns = table.chart.columns;
  const rows = table.rows;
  if (rows.length < 2) return null;
  const width = 760;
  const height = 220;
  const left = 44;
  const bottom = 28;
  const max = Math.max(1, ...rows.flatMap((r) => columns.map((c) => r.values[c] ?? 0)));
  const x = (i: number) => left + (i * (width - left - 10)) / (rows.length - 1);
  const y = (v: number) => 8 + (height - bottom - 8) * (1 - v / max);
  const tickEvery = Math.max(1, Math.ceil(rows.length / 8));
  return (
    <figure className="parcours-chart">
      <Legend table={table} columns={columns} />
      <svg role="img" aria-labelledby={titleId} viewBox={`0 0 ${width} ${height}`} width="100%">
        <title id={titleId}>{`Graphique : ${table.title}. Les valeurs figurent dans le tableau qui suit.`}</title>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={left} x2={width - 10} y1={y(max * f)} y2={y(max * f)} stroke={AXIS} strokeDasharray={f === 0 ? undefined : '3 3'} />
            <text x={left - 6} y={y(max * f) + 4} textAnchor="end" fontSize="11" fill={TEXT}>{Math.round(max * f)}</text>
          </g>
        ))}
        {rows.map((r, i) => (i % tickEvery === 0 ? <text key={r.key} x={x(i)} y={height - 8} textAnchor="middle" fontSize="11" fill={TEXT}>{r.label}</text> : null))}
        {columns.map((key, s) => (
          <g key={key}>
            <polyline fill="none" stroke={SERIES_COLORS[s % SERIES_COLORS.length]} strokeWidth={2.5}
              points={rows.map((r, i) => `${x(i)},${y(r.values[key] ?? 0)}`).join(' ')} />
            {rows.map((r, i) => <circle key={r.key} cx={x(i)} cy={y(r.values[key] ?? 0)} r={2.5} fill={SERIES_COLORS[s % SERIES_COLORS.length]} />)}
          </g>
        ))}
      </svg>
    </figure>
  );
}

/** A target against its result, drawn as a DSFR-coloured gauge (the figure is in the text next to it). */
export function Gauge({ percent }: { percent: number | null }) {
  const value = Math.min(100, Math.max(0, percent ?? 0));
  return (
    <div className="parcours-gauge" aria-hidden="true">
      <div className="parcours-gauge__bar" style={{ width: `${value}%` }} />
    </div>
  );
}

export { formatFigure };
