import { useId } from 'react';
import { fr } from '@codegouvfr/react-dsfr';
import { DateFr, formatDateFr } from '../../components/format.js';
import { hoursText } from '../common.js';

const shortFormat = new Intl.DateTimeFormat('fr-FR', { month: 'short', timeZone: 'UTC' });
const shortMonth = (m: string) => shortFormat.format(new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)) - 1, 1)));
import type { PeriodView } from './types.js';

const KIND_LABELS = { training: 'Formation', mission: 'Mission' } as const;

const dayNumber = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

function describe(p: PeriodView): string {
  return p.kind === 'training'
    ? [p.targetedQualification, p.providerName].filter(Boolean).join(' — ') || 'Formation'
    : [p.romeCode && `${p.romeCode}${p.romeLabel ? ` ${p.romeLabel}` : ''}`, p.userCompany].filter(Boolean).join(' — ') || 'Mission';
}

/**
 * The pathway drawn as a Gantt-like band: one row per period over the months, training and missions in two
 * DSFR colours, with a text legend. The SVG is hidden from assistive technologies; the ordered list
 * below it says the same thing.
 */
export function PathwayTimeline({ periods }: { periods: PeriodView[] }) {
  const uid = useId().replace(/:/g, '');
  const valid = periods.filter((p) => /^\d{4}-\d{2}-\d{2}$/.test(p.start) && /^\d{4}-\d{2}-\d{2}$/.test(p.end) && p.end >= p.start);
  if (!valid.length) return <p>Aucune période datée à représenter.</p>;
  const sorted = [...valid].sort((a, b) => a.start.localeCompare(b.start));
  const first = sorted[0].start.slice(0, 7) + '-01';
  const lastEnd = sorted.reduce((m, p) => (p.end > m ? p.end : m), sorted[0].end);
  const months: string[] = [];
  for (let y = Number(first.slice(0, 4)), m = Number(first.slice(5, 7)); ; m++) {
    if (m > 12) { m = 1; y++; }
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > lastEnd.slice(0, 7)) break;
    months.push(key);
  }
  const endKey = months[months.length - 1];
  const [ey, em] = endKey.split('-').map(Number);
  const rangeEnd = dayNumber(`${em === 12 ? ey + 1 : ey}-${String(em === 12 ? 1 : em + 1).padStart(2, '0')}-01`);
  const rangeStart = dayNumber(first);
  const labelWidth = 190, chartWidth = Math.max(480, months.length * 56), rowHeight = 30, headerHeight = 34;
  const width = labelWidth + chartWidth + 10;
  const height = headerHeight + sorted.length * rowHeight + 10;
  const x = (day: number) => labelWidth + ((day - rangeStart) / (rangeEnd - rangeStart)) * chartWidth;
  const yearsShown = new Set<string>();
  return (
    <figure className={fr.cx('fr-m-0')} aria-labelledby={`${uid}-caption`}>
      <ul className="parcours-legend" aria-label="Légende du graphique">
        <li><span className="parcours-legend__swatch parcours-legend__swatch--training" aria-hidden="true" />Formation</li>
        <li><span className="parcours-legend__swatch parcours-legend__swatch--mission" aria-hidden="true" />Mission d’intérim</li>
      </ul>
      <div className="parcours-gantt-scroll" tabIndex={0} role="region" aria-label="Chronologie graphique du parcours (défilement horizontal)">
        <svg className="parcours-gantt" viewBox={`0 0 ${width} ${height}`} width={width} role="img" aria-hidden="true" focusable="false">
          {months.map((m, i) => {
            const mx = labelWidth + (i * chartWidth) / months.length;
            const showYear = !yearsShown.has(m.slice(0, 4)) || m.endsWith('-01');
            yearsShown.add(m.slice(0, 4));
            return (
              <g key={m}>
                <line className="parcours-gantt__grid" x1={mx} x2={mx} y1={headerHeight - 6} y2={height - 6} />
                <text x={mx + 4} y={14} fontSize={11}>{shortMonth(m)}</text>
                {showYear && <text x={mx + 4} y={27} fontSize={10}>{m.slice(0, 4)}</text>}
              </g>
            );
          })}
          {sorted.map((p, i) => {
            const y = headerHeight + i * rowHeight;
            const x1 = x(dayNumber(p.start));
            const x2 = Math.max(x1 + 3, x(dayNumber(p.end) + 1));
            return (
              <g key={`${p.start}-${i}`}>
                <text x={4} y={y + 18} fontSize={12}>{`${i + 1}. ${KIND_LABELS[p.kind]}${p.kind === 'mission' && p.romeCode ? ` ${p.romeCode}` : ''}`}</text>
                <rect className={p.kind === 'training' ? 'parcours-gantt__training' : 'parcours-gantt__mission'} x={x1} y={y + 5} width={x2 - x1} height={rowHeight - 10} rx={3} />
              </g>
            );
          })}
        </svg>
      </div>
      <figcaption id={`${uid}-caption`} className={fr.cx('fr-text--sm', 'fr-mt-1w')}>
        Chronologie du parcours, de {formatDateFr(sorted[0].start)} à {formatDateFr(lastEnd)} : {sorted.filter((p) => p.kind === 'training').length} période(s) de formation
        et {sorted.filter((p) => p.kind === 'mission').length} mission(s). Détail des périodes :
      </figcaption>
      <ol className="parcours-gantt-list">
        {sorted.map((p, i) => (
          <li key={`${p.start}-${i}`}>
            <strong>{KIND_LABELS[p.kind]}</strong> du <DateFr value={p.start} /> au <DateFr value={p.end} /> — {hoursText(p.hours)} — {describe(p)}
          </li>
        ))}
      </ol>
    </figure>
  );
}
