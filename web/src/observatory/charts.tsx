import { useId } from 'react';
import { tensionText } from './format.js';

const POSITIVE = 'var(--red-marianne-main-472)';
const NEGATIVE = 'var(--blue-france-main-525)';
const TEXT = 'var(--text-default-grey)';
const AXIS = 'var(--border-default-grey)';

/**
 * Tension of each job as bars either side of the reference average (0). One labelled image;
 * the values are in the table that follows it, which is what assistive technologies read.
 */
export function TensionBars({ title, rows }: { title: string; rows: { key: string; label: string; tension: number | null }[] }) {
  const titleId = useId();
  const drawn = rows.filter((r) => r.tension !== null).slice(0, 15);
  const max = Math.max(0.5, ...drawn.map((r) => Math.abs(r.tension!)));
  const labelWidth = 300;
  const half = 220;
  const rowHeight = 22;
  const height = drawn.length * rowHeight + 10;
  const truncate = (s: string) => (s.length > 44 ? `${s.slice(0, 43)}…` : s);
  const zero = labelWidth + half;
  return (
    <figure className="parcours-chart">
      <svg role="img" aria-labelledby={titleId} viewBox={`0 0 ${labelWidth + 2 * half + 60} ${height}`} width="100%" preserveAspectRatio="xMinYMin meet">
        <title id={titleId}>{`Graphique : ${title}. Les valeurs figurent dans le tableau qui suit.`}</title>
        <line x1={zero} x2={zero} y1={0} y2={height} stroke={AXIS} />
        {drawn.map((r, i) => {
          const w = (Math.abs(r.tension!) / max) * half;
          const x = r.tension! >= 0 ? zero : zero - w;
          return (
            <g key={r.key} transform={`translate(0, ${i * rowHeight + 5})`}>
              <text x={labelWidth - 8} y={14} textAnchor="end" fontSize="12" fill={TEXT}>{truncate(r.label)}</text>
              <rect x={x} y={2} width={Math.max(1, w)} height={rowHeight - 6} fill={r.tension! >= 0 ? POSITIVE : NEGATIVE} />
              <text x={r.tension! >= 0 ? zero + w + 4 : zero + 4} y={14} textAnchor="start" fontSize="11" fill={TEXT}>{tensionText(r.tension)}</text>
            </g>
          );
        })}
      </svg>
      <figcaption className="fr-text--sm fr-mb-0">À droite de l’axe : plus de tension que la moyenne de référence ; à gauche : moins.</figcaption>
    </figure>
  );
}

/** A small line of the yearly values (trend), decorative: the years and values are written beside it. */
export function Sparkline({ values }: { values: (number | null)[] }) {
  const known = values.filter((v): v is number => v !== null);
  if (known.length < 2) return null;
  const min = Math.min(...known);
  const max = Math.max(...known);
  const span = max - min || 1;
  const w = 64;
  const h = 18;
  const step = w / (values.length - 1);
  const points = values.map((v, i) => (v === null ? null : `${i * step},${h - ((v - min) / span) * (h - 2) - 1}`)).filter(Boolean).join(' ');
  return <svg aria-hidden="true" width={w} height={h} viewBox={`0 0 ${w} ${h}`} className="fr-mr-1w"><polyline points={points} fill="none" stroke={POSITIVE} strokeWidth="1.5" /></svg>;
}
