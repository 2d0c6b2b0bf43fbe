import { protectDimension, type ProtectedCell } from './masking.js';

/**
 * Every figure of the steering is one of these tables: the web draws a chart and its
 * data table from it, the export writes it to CSV/XLSX and the report prints it. Values
 * are null exactly where the statistical secrecy hides them, and the key of each hidden
 * column is listed in `masked`, so no consumer can show a hidden figure by mistake.
 */
export type ColumnUnit = 'companies' | 'people' | 'requests' | 'cents' | 'hours' | 'days' | 'percent' | 'count';
export interface SteeringColumn { key: string; label: string; unit: ColumnUnit }
export interface SteeringRow { key: string; label: string; values: Record<string, number | null>; masked: string[] }
export interface SteeringTable {
  id: string;
  title: string;
  /** Header of the first column (what the rows are). */
  dimension: string;
  columns: SteeringColumn[];
  rows: SteeringRow[];
  total: SteeringRow | null;
  /** Set when the view withholds this table's figures of people (crossed filters): what to say instead of a table of secrets. */
  withheld?: string;
  /** The column drawn as a chart, and how. */
  chart: { kind: 'bars' | 'columns' | 'lines' | 'none'; columns: string[] };
  notes: string[];
}

export interface RawRow { key: string; label: string; values: Record<string, number> }

export interface ProtectSpec {
  threshold: number;
  /** Columns counting people: each is protected as a dimension of its own. */
  people: string[];
  /** Columns derived from the people of the row (hours, pay…): hidden with the first people column. */
  dependent?: string[];
  /** Merge small rows of the first people column into « Autres » (many categories). */
  mergeSmall?: boolean;
}

const sum = (rows: RawRow[], key: string) => rows.reduce((s, r) => s + (r.values[key] ?? 0), 0);

/** Applies the secrecy rule to a table of raw counts and adds the total row. */
export function protectRows(raw: RawRow[], columns: SteeringColumn[], spec: ProtectSpec): { rows: SteeringRow[]; total: SteeringRow } {
  const keys = columns.map((c) => c.key);
  let rows: RawRow[] = raw;
  let primaryCells: ProtectedCell[] | null = null;
  const [primary, ...others] = spec.people;
  if (primary) {
    const dim = protectDimension(raw.map((r) => ({ key: r.key, label: r.label, count: r.values[primary] ?? 0 })), { threshold: spec.threshold, mergeSmall: spec.mergeSmall });
    primaryCells = dim.cells;
    rows = dim.cells.map((cell) => {
      const members = cell.merged ? raw.filter((r) => cell.merged!.includes(r.key) || r.key === cell.key) : raw.filter((r) => r.key === cell.key);
      return { key: cell.key, label: cell.merged ? `${cell.label} (${cell.merged.length} catégories regroupées)` : cell.label, values: Object.fromEntries(keys.map((k) => [k, sum(members, k)])) };
    });
  }
  const out: SteeringRow[] = rows.map((r) => ({ key: r.key, label: r.label, values: { ...r.values }, masked: [] }));
  const hide = (row: SteeringRow, key: string) => { row.values[key] = null; if (!row.masked.includes(key)) row.masked.push(key); };
  if (primaryCells) {
    primaryCells.forEach((cell, i) => {
      if (!cell.masked) return;
      hide(out[i], primary);
      for (const d of spec.dependent ?? []) hide(out[i], d);
    });
  }
  for (const column of others) {
    const dim = protectDimension(rows.map((r) => ({ key: r.key, label: r.label, count: r.values[column] ?? 0 })), { threshold: spec.threshold });
    dim.cells.forEach((cell, i) => { if (cell.masked) hide(out[i], column); });
  }
  const total: SteeringRow = { key: 'total', label: 'Total', values: Object.fromEntries(keys.map((k) => [k, sum(raw, k)])), masked: [] };
  for (const column of spec.people) {
    const value = total.values[column] ?? 0;
    if (value > 0 && value < spec.threshold) {
      hide(total, column);
      out.forEach((row) => { if ((row.values[column] ?? 0) > 0) hide(row, column); });
    }
  }
  return { rows: out, total };
}

/** Share in percent with one decimal, null when the whole is 0 or either side is hidden. */
export function percentOf(part: number | null, whole: number | null): number | null {
  if (part === null || whole === null || whole === 0) return null;
  return Math.round((part * 1000) / whole) / 10;
}
