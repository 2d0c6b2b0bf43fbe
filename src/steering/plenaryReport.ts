import type { Content } from 'pdfmake/interfaces.js';
import { renderOfficialPdf, type OfficialDocumentInput } from '../platform/documents/index.js';
import { amountCell, COLORS, dataTable, heading } from '../platform/documents/layout.js';
import { formatEuros } from '../shared/money.js';
import type { ActIFigures } from './actI.js';
import type { Dashboard } from './dashboard.js';
import type { SteeringColumn, SteeringRow, SteeringTable } from './steeringTable.js';
import { acteIIIAnnex, type ActeIIIFigures } from '../observatory/annex.js';

/**
 * The plenary report: the dashboard on paper. Figures come already protected by the
 * secrecy rule; masked cells print « < 5 ». Bar charts are drawn as vector rectangles
 * (pdfmake canvas), each followed by the table it comes from.
 */
const integer = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const nbsp = (s: string) => s.replace(/[\u202f\u00a0]/g, '\u00a0');
/** Hidden cells are not all small: « < 5 » would tell a reader more than the secret allows. */
export const SECRET = 'secret';

export function formatValue(column: SteeringColumn, value: number | null, masked: boolean): string {
  if (masked) return SECRET;
  if (value === null) return '—';
  switch (column.unit) {
    case 'cents': return formatEuros(value);
    case 'percent': return `${nbsp(decimal.format(value))}\u00a0%`;
    case 'days': return nbsp(decimal.format(value));
    case 'hours': return `${nbsp(integer.format(value))}\u00a0h`;
    default: return nbsp(integer.format(value));
  }
}

const CHART_COLORS = [COLORS.blueFrance, '#6A6AF4', '#009081', '#C3992A'];

function barChart(table: SteeringTable): Content | null {
  if (table.chart.kind === 'none' || table.chart.kind === 'lines' || table.rows.length === 0) return null;
  const column = table.chart.columns[0];
  const rows = table.rows.slice(0, 15);
  const values = rows.map((r) => r.values[column] ?? 0);
  const max = Math.max(...values, 1);
  const width = 300;
  const barHeight = 10;
  const gap = 6;
  const canvas = rows.map((r, i) => ({
    type: 'rect' as const, x: 0, y: i * (barHeight + gap), w: Math.max(0.5, ((r.values[column] ?? 0) / max) * width), h: barHeight,
    color: r.masked.includes(column) ? COLORS.border : CHART_COLORS[0],
  }));
  return {
    columns: [
      { width: 170, stack: rows.map((r) => ({ text: r.label, fontSize: 7, noWrap: true, margin: [0, 0, 0, barHeight + gap - 8.4] as [number, number, number, number] })) },
      { width: width + 10, canvas },
      { width: '*', stack: rows.map((r, i) => ({ text: formatValue(table.columns.find((c) => c.key === column)!, values[i], r.masked.includes(column)), fontSize: 7, margin: [0, 0, 0, barHeight + gap - 8.4] as [number, number, number, number] })) },
    ],
    margin: [0, 4, 0, 6],
  };
}

function lineChart(table: SteeringTable): Content | null {
  if (table.chart.kind !== 'lines' || table.rows.length < 2) return null;
  const width = 480;
  const height = 90;
  const series = table.chart.columns;
  const max = Math.max(1, ...table.rows.flatMap((r) => series.map((c) => r.values[c] ?? 0)));
  const step = width / (table.rows.length - 1);
  const canvas = series.map((c, s) => ({
    type: 'polyline' as const, lineWidth: 1.5, lineColor: CHART_COLORS[s % CHART_COLORS.length],
    points: table.rows.map((r, i) => ({ x: i * step, y: height - ((r.values[c] ?? 0) / max) * height })),
  }));
  const legend = series.map((c, s) => ({ text: `■ ${table.columns.find((x) => x.key === c)?.label ?? c}`, color: CHART_COLORS[s % CHART_COLORS.length], fontSize: 8 }));
  return { stack: [{ canvas: [{ type: 'line', x1: 0, y1: height, x2: width, y2: height, lineWidth: 0.5, lineColor: COLORS.border }, ...canvas] }, { columns: legend, margin: [0, 4, 0, 6] }] };
}

function tableBlock(table: SteeringTable): Content[] {
  const rows: SteeringRow[] = [...table.rows, ...(table.total ? [table.total] : [])];
  const body = rows.map((r) => [
    { text: r.label, bold: r.key === 'total' } as Content,
    ...table.columns.map((c) => amountCell(formatValue(c, r.values[c.key], r.masked.includes(c.key)), r.key === 'total')),
  ]);
  if (table.withheld) return [heading(table.title), { text: table.withheld, margin: [0, 0, 0, 6] }];
  const chart = barChart(table) ?? lineChart(table);
  return [
    heading(table.title),
    ...(chart ? [chart] : []),
    dataTable([{ text: table.dimension }, ...table.columns.map((c) => ({ text: c.label, alignment: 'right' as const }))], body, ['*', ...table.columns.map(() => 'auto')], !!table.total),
    ...table.notes.map((note) => ({ text: note, style: 'small', margin: [0, 0, 0, 6] as [number, number, number, number] })),
  ];
}

export interface PlenaryReportInput { dashboard: Dashboard; actI: ActIFigures; requestedBy: string; organisation: string; acteIII?: ActeIIIFigures }

export function plenaryReportDocument(input: PlenaryReportInput, options: { compress?: boolean; generatedAt?: Date } = {}): OfficialDocumentInput {
  const { dashboard: d, actI } = input;
  const kpis: Content[] = d.kpis.length === 0 ? [{ text: 'Aucun objectif dans la sélection.', italics: true }] : [dataTable(
    [{ text: 'Objectif' }, { text: 'Cible', alignment: 'right' }, { text: 'Réalisé', alignment: 'right' }, { text: 'Taux', alignment: 'right' }],
    d.kpis.map((k) => [
      `${k.label} (${k.measureCode})`, amountCell(nbsp(integer.format(k.target))),
      amountCell(k.achieved === null ? SECRET : nbsp(integer.format(k.achieved))),
      amountCell(k.percent === null ? (k.masked ? SECRET : '—') : `${nbsp(decimal.format(k.percent))}\u00a0%`),
    ]),
    ['*', 'auto', 'auto', 'auto'],
  )];
  const content: Content[] = [
    { text: `Demandé par ${input.requestedBy} (${input.organisation}).`, margin: [0, 0, 0, 4] },
    { text: 'Filtres appliqués', bold: true, margin: [0, 4, 0, 2] },
    { ul: d.filterLines },
    { text: `Secret statistique : ${d.privacy.rule} (seuil ${d.privacy.threshold} personnes, en vigueur depuis le ${d.privacy.validFrom.split('-').reverse().join('/')}).`, style: 'small', margin: [0, 6, 0, 0] },
    ...d.notes.map((note) => ({ text: note, style: 'small' })),
    heading('Objectifs et réalisations'),
    ...kpis,
    { text: `Part de l’industrie automobile (division NAF 29) parmi les entreprises aidées : ${d.automotive.share === null ? '—' : `${nbsp(decimal.format(d.automotive.share))}\u00a0%`}.`, margin: [0, 0, 0, 6] },
    ...d.tables.filter((t) => t.id !== 'targets').flatMap(tableBlock),
    { text: 'Acte I — cellule opérationnelle hebdomadaire', style: 'title', pageBreak: 'before', margin: [0, 0, 0, 8] },
    { text: 'Bilan reconstitué à partir des demandes de l’Acte I (historique importé), sans filtre.', margin: [0, 0, 0, 8] },
    dataTable([{ text: 'Indicateur' }, { text: 'Valeur', alignment: 'right' }], [
      ['Entreprises aidées', amountCell(nbsp(integer.format(actI.companies)))],
      ['Salariés formés', amountCell(actI.employees === null ? SECRET : nbsp(integer.format(actI.employees)))],
      ['Heures de formation', amountCell(actI.hours === null ? SECRET : `${nbsp(integer.format(actI.hours))}\u00a0h`)],
      ['Coût total (pédagogie et rémunération)', amountCell(formatEuros(actI.totalCostCents))],
    ], ['*', 'auto']),
    heading('Répartition du financement'),
    {
      canvas: actI.split.reduce<{ x: number; shapes: any[] }>((acc, g, i) => {
        const w = (g.percent / 100) * 483;
        acc.shapes.push({ type: 'rect', x: acc.x, y: 0, w: Math.max(0, w), h: 16, color: CHART_COLORS[i % CHART_COLORS.length] });
        acc.x += w;
        return acc;
      }, { x: 0, shapes: [] }).shapes,
      margin: [0, 0, 0, 6],
    },
    dataTable([{ text: 'Financeur' }, { text: 'Montant', alignment: 'right' }, { text: 'Part', alignment: 'right' }],
      actI.split.map((g) => [g.label, amountCell(formatEuros(g.cents)), amountCell(`${g.percent}\u00a0%`)]), ['*', 'auto', 'auto']),
    ...(input.acteIII ? acteIIIAnnex(input.acteIII) : []),
  ];
  return {
    title: 'Rapport à la conférence plénière',
    subtitle: 'Sécurisation des parcours professionnels — indicateurs agrégés',
    content, compress: options.compress, generatedAt: options.generatedAt ?? new Date(d.generatedAt),
  };
}

export function plenaryReportPdf(input: PlenaryReportInput, options: { compress?: boolean; generatedAt?: Date } = {}): Promise<Buffer> {
  return renderOfficialPdf(plenaryReportDocument(input, options));
}
