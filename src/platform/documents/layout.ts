import type { Content, ContentTable, CustomTableLayout, StyleDictionary, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { formatDateTimeParis } from './format.js';

/** Colours of the French State design system (DSFR). */
export const COLORS = {
  blueFrance: '#000091',
  blueLight: '#ECECFE',
  grey: '#666666',
  border: '#C8C8C8',
  success: '#18753C',
  warning: '#B34000',
  info: '#0063CB',
  error: '#CE0500',
} as const;

export const BRAND = 'République française — Parcours';

/**
 * Marks header and footer nodes: pdfmake lists them among the nodes of a page,
 * and they must not count as content following a heading.
 */
const CHROME = 'pageChrome';
const isChrome = (style: unknown) => style === CHROME || (Array.isArray(style) && style.includes(CHROME));

const styles: StyleDictionary = {
  [CHROME]: {},
  brand: { fontSize: 9, bold: true, color: COLORS.blueFrance },
  title: { fontSize: 16, bold: true, color: COLORS.blueFrance, lineHeight: 1.1 },
  subtitle: { fontSize: 11, color: '#3A3A3A' },
  heading: { fontSize: 12, bold: true, color: COLORS.blueFrance, margin: [0, 14, 0, 6] },
  tableHeader: { bold: true, fontSize: 9, fillColor: COLORS.blueLight },
  small: { fontSize: 8, color: COLORS.grey },
  label: { color: COLORS.grey },
};

export interface OfficialDocumentInput {
  title: string;
  subtitle?: string;
  content: Content[];
  /** Injected so that documents can be reproduced and tested. */
  generatedAt?: Date;
  /** Uncompressed output keeps content streams readable (tests, debugging). */
  compress?: boolean;
  /** A letter must fit on one page: its title is smaller. */
  variant?: 'report' | 'letter';
}

/** Every document looks the same: brand header, title, "Page X / Y" and generation date in the footer. */
export function officialDocument(input: OfficialDocumentInput): TDocumentDefinitions {
  const generatedAt = input.generatedAt ?? new Date();
  const letter = input.variant === 'letter';
  const titleBlock: Content[] = [{ text: input.title, style: 'title', fontSize: letter ? 13 : 16 }];
  if (input.subtitle) titleBlock.push({ text: input.subtitle, style: 'subtitle', margin: [0, letter ? 2 : 4, 0, 0] });
  return {
    compress: input.compress ?? true,
    pageSize: 'A4',
    pageMargins: [56, 72, 56, 60],
    info: { title: input.title, author: 'Parcours', creator: 'Parcours', subject: input.subtitle ?? input.title },
    header: () => ({
      margin: [56, 28, 56, 0],
      style: CHROME,
      stack: [
        { text: BRAND, style: ['brand', CHROME] },
        { canvas: [{ type: 'line', x1: 0, y1: 6, x2: 483, y2: 6, lineWidth: 0.75, lineColor: COLORS.blueFrance }], style: CHROME },
      ],
    }),
    footer: (currentPage: number, pageCount: number) => ({
      margin: [56, 20, 56, 0],
      style: CHROME,
      columns: [
        { text: `Document généré le ${formatDateTimeParis(generatedAt)}`, style: ['small', CHROME] },
        { text: `Page ${currentPage} / ${pageCount}`, style: ['small', CHROME], alignment: 'right' },
      ],
    }),
    // A section heading never stays alone at the bottom of a page.
    pageBreakBefore: (node, following) => node.headlineLevel === 1 && !following.some((next) => !isChrome(next.style)),
    content: [{ stack: titleBlock, margin: [0, 0, 0, letter ? 8 : 12] }, ...input.content],
    styles,
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.2 },
  };
}

export const heading = (text: string): Content => ({ text, style: 'heading', headlineLevel: 1 });

/**
 * A heading bound to the start of what it introduces: both move to the next page together,
 * so a heading never ends a page even when what follows is itself unbreakable (the
 * page-break rule above only sees nodes already placed on the page).
 */
export function keepWithNext(title: string, first: Content | undefined): Content[] {
  if (first === undefined) return [heading(title)];
  return [{ stack: [{ text: title, style: 'heading' }, first], unbreakable: true }];
}

export interface RenderOptions {
  generatedAt?: Date;
  compress?: boolean;
}

const tableLayout = (withTotal: boolean): CustomTableLayout => ({
  hLineWidth: (i, node) => (i === 0 || i === 1 || (withTotal && i === node.table.body.length - 1) || i === node.table.body.length ? 0.75 : 0.25),
  hLineColor: (i, node) => (i === 0 || i === 1 || i === node.table.body.length ? COLORS.blueFrance : COLORS.border),
  vLineWidth: () => 0,
  paddingLeft: () => 5,
  paddingRight: () => 5,
  paddingTop: () => 3,
  paddingBottom: () => 3,
  fillColor: (i) => (i === 0 ? COLORS.blueLight : null),
});

/**
 * The table layouts documents name, given to pdfmake where it renders: a document definition
 * holds no function, so it can be posted to the rendering worker.
 */
export const TABLE_LAYOUTS: Record<string, CustomTableLayout> = {
  parcoursTable: tableLayout(false),
  parcoursTableWithTotal: tableLayout(true),
};

/** Light horizontal rules; the last row is a total when `withTotal` is set. */
export function dataTable(
  headers: { text: string; alignment?: 'left' | 'right' }[],
  rows: Content[][],
  widths: (string | number)[],
  withTotal = false,
): ContentTable {
  const body: Content[][] = [headers.map((header) => ({ text: header.text, style: 'tableHeader', alignment: header.alignment ?? 'left' })), ...rows];
  return {
    table: { headerRows: 1, widths, body, dontBreakRows: true },
    layout: withTotal ? 'parcoursTableWithTotal' : 'parcoursTable',
    margin: [0, 2, 0, 8],
  };
}

export const amountCell = (text: string, bold = false): Content => ({ text, alignment: 'right', bold, noWrap: true });
