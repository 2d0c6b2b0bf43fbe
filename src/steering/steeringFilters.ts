import { z } from 'zod';
import { isIsoDate } from '../shared/dates.js';
import { FUNDERS } from '../programmes/funders.js';

/**
 * The filters of the dashboard, its exports and the report: the same schema for the
 * query string (web URL) and the report's JSON body, so a shared view prints the same.
 */
const isoDate = (label: string) => z.string().refine(isIsoDate, `${label} : date invalide (format AAAA-MM-JJ).`);
const code = z.string().trim().regex(/^[A-Z0-9][A-Z0-9_-]{1,39}$/, 'Code de programme ou de dispositif invalide (ex. ACTE2-CPRO).');

export const steeringFilters = z.object({
  programme: code.optional(),
  measure: code.optional(),
  funder: z.enum(FUNDERS, { message: `Financeur inconnu (${FUNDERS.join(', ')}).` }).optional(),
  departement: z.string().trim().regex(/^(\d{2}|2A|2B|97\d)$/, 'Département : 2 chiffres (25), 2A/2B ou 97x.').optional(),
  section: z.string().trim().regex(/^[A-U]$/, 'Section NAF : une lettre de A à U.').optional(),
  from: isoDate('Début de période').optional(),
  to: isoDate('Fin de période').optional(),
}).superRefine((f, ctx) => {
  if (f.from && f.to && f.to < f.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'La fin de période précède son début.' });
});
export type SteeringFilters = z.infer<typeof steeringFilters>;

/** The filters in words, printed on the report and in export notes. */
export function describeFilters(f: SteeringFilters, labels: { programme?: string; measure?: string; funder?: string; section?: string } = {}): string[] {
  const lines: string[] = [];
  if (f.programme) lines.push(`Programme : ${labels.programme ?? f.programme}`);
  if (f.measure) lines.push(`Dispositif : ${labels.measure ?? f.measure}`);
  if (f.funder) lines.push(`Financeur : ${labels.funder ?? f.funder}`);
  if (f.departement) lines.push(`Département : ${f.departement}`);
  if (f.section) lines.push(`Section NAF : ${labels.section ? `${f.section} — ${labels.section}` : f.section}`);
  if (f.from || f.to) lines.push(`Période : ${f.from ? `du ${frDate(f.from)}` : 'depuis le début'} ${f.to ? `au ${frDate(f.to)}` : 'à ce jour'}`);
  if (lines.length === 0) lines.push('Aucun filtre : tous les programmes, dispositifs, financeurs et territoires.');
  return lines;
}

const frDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** The day after an ISO date: instants are compared with `< to + 1 day` so the last day counts whole. */
export function dayAfter(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
