import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const dataDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data');

function readCsv(file: string, delimiter: string): Record<string, string>[] {
  return parse(fs.readFileSync(path.join(dataDir, file)), { columns: true, delimiter, bom: true, trim: true });
}

import type { IdccFund } from './idccFunds.js';

export interface NafCode { code: string; label: string; division: string; section: string }
export interface NafSection { code: string; label: string }
export interface RomeCode { code: string; label: string }
export interface JobTension { romeCode: string; fapCode: string; fapLabel: string; tensionBp: number }

export function loadNafSections(): NafSection[] {
  return readCsv('naf_sections.csv', ',').map((r) => ({ code: r.code, label: r.label }));
}

export function loadNafCodes(): NafCode[] {
  const sectionOf = new Map(readCsv('naf_division_to_section.csv', ',').map((r) => [r.naf_prefix2, r.naf_section_code]));
  return readCsv('naf_labels.csv', '|').map((r) => {
    const division = r.naf_id.slice(0, 2);
    const section = sectionOf.get(division);
    if (!section) throw new Error(`Division NAF ${division} sans section`);
    return { code: r.naf_id, label: r.naf_label, division, section };
  });
}

export function loadRomeCodes(): RomeCode[] {
  return readCsv('rome_labels.csv', '|').map((r) => ({ code: r.rome_id, label: r.rome_label }));
}

export function loadJobTension(): JobTension[] {
  return readCsv('metiers_tension.csv', ',').map((r) => ({
    romeCode: r.rome_code,
    fapCode: r.fap_code,
    fapLabel: r.fap,
    tensionBp: Math.round(Number(r.tension_pct) * 100),
  }));
}

/** NAF codes are stored without the dot ("2932Z") and shown with it ("29.32Z"). */
export function formatNaf(code: string): string {
  return code.length === 5 ? `${code.slice(0, 2)}.${code.slice(2)}` : code;
}

export function normaliseNaf(input: string): string {
  return input.replace(/[.\s]/g, '').toUpperCase();
}

export const NAF_PATTERN = /^\d{4}[A-Z]$/;
export const ROME_PATTERN = /^[A-N]\d{4}$/;

/** The branch → training fund periods (`idcc_funds.csv`), see SOURCE.md. */
export function loadIdccFunds(): IdccFund[] {
  return readCsv('idcc_funds.csv', '|').map((r) => ({
    idcc: r.idcc, branch: r.branch, fund: r.fund, validFrom: r.valid_from, validTo: r.valid_to || null, note: r.note || null,
  }));
}
