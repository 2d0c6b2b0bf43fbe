import { useId } from 'react';

/**
 * A horizontal bar chart as inline SVG, in the DSFR illustrative palette. It is an image
 * with a text alternative (title + description listing every value); the page shows the
 * same figures in a data table, which `tableId` points to.
 */
export interface Bar { key: string; label: string; value: number; valueText: string; colour: string }

const WIDTH = 800;
const LABEL_WIDTH = 250;
const VALUE_WIDTH = 210;
const ROW = 40;
const BAR = 24;

export function BarChart({ title, bars, tableId }: { title: string; bars: Bar[]; tableId?: string }) {
  const uid = useId().replace(/[^A-Za-z0-9]/g, '');
  const max = Math.max(1, ...bars.map((b) => b.value));
  const plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const height = bars.length * ROW + 24;
  const description = bars.map((b) => `${b.label} : ${b.valueText}`).join(' ; ') + '.';
  return (
    <figure className="parcours-chart" aria-labelledby={`${uid}-caption`}>
      <div className="parcours-chart__frame">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${uid}-title ${uid}-desc`} focusable="false">
        <title id={`${uid}-title`}>{title}</title>
        <desc id={`${uid}-desc`}>{description}</desc>
        {/* Axis at 0 and light guides at 25 %, 50 %, 75 %, 100 % of the largest value. */}
        {[0, 0.25, 0.5, 0.75, 1].map((f) => (
          <line key={f} x1={LABEL_WIDTH + f * plot} x2={LABEL_WIDTH + f * plot} y1={4} y2={height - 16}
            stroke={f === 0 ? '#3a3a3a' : '#dddddd'} strokeWidth={1} />
        ))}
        {bars.map((b, i) => {
          const y = 12 + i * ROW;
          const w = Math.max(b.value > 0 ? 2 : 0, (b.value / max) * plot);
          return (
            <g key={b.key}>
              <text x={LABEL_WIDTH - 12} y={y + BAR / 2} textAnchor="end" dominantBaseline="central" fontSize={15} fill="#161616">{b.label}</text>
              <rect x={LABEL_WIDTH} y={y} width={w} height={BAR} fill={b.colour} rx={2} />
              <text x={LABEL_WIDTH + w + 8} y={y + BAR / 2} dominantBaseline="central" fontSize={15} fontWeight={700} fill="#161616">{b.valueText}</text>
            </g>
          );
        })}
      </svg>
      </div>
      <figcaption id={`${uid}-caption`} className="fr-text--sm fr-mt-1w">
        {title}{tableId ? <> — les valeurs exactes figurent dans le tableau <a href={`#${tableId}`}>« Répartition par financeur »</a>.</> : null}
      </figcaption>
    </figure>
  );
}

/** DSFR illustrative colours, one per funder, with at least 3:1 contrast on white. */
export const FUNDER_COLOURS: Record<string, string> = {
  OPCA: '#000091', // bleu France
  STATE: '#6a6af4', // bleu France (main 525)
  FSE: '#009081', // vert menthe
  REGION: '#a558a0', // violet glycine
  FPSPP: '#716043', // jaune tournesol (sun 407)
  FAFTT: '#447049', // vert bourgeon (sun 425)
  POLE_EMPLOI: '#ce614a', // rose tuile (main 425)
  COMPANY: '#666666', // gris (mention)
};
export const colourOf = (funder: string) => FUNDER_COLOURS[funder] ?? '#3a3a3a';

/** A small colour key for a table row (decorative). */
export function Swatch({ colour }: { colour: string }) {
  return <svg aria-hidden="true" focusable="false" width="14" height="14" className="parcours-swatch-svg"><rect width="14" height="14" rx="2" fill={colour} /></svg>;
}
