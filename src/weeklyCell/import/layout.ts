import { parsers, type Layout, type LayoutColumn } from '../../platform/tabular/index.js';
import type { CellParser } from '../../platform/tabular/index.js';
import type { Funder } from '../../programmes/funders.js';
import { NAF_PATTERN, normaliseNaf } from '../../reference/nomenclatures.js';
import { EMPLOYMENT_AREAS, findEmploymentArea } from '../../shared/employmentAreas.js';

/**
 * The spreadsheet partners fill to hand over their past funding requests: one row per
 * request, aggregated figures only (no employee is named), French headers matched
 * ignoring case and accents. Headers avoid apostrophes: Excel users type ' where we would write ’. docs/import-format.md documents it for users.
 */
export const IMPORTED_STATUSES = [
  { code: 'approved', label: 'accordée' },
  { code: 'closed', label: 'soldée' },
  { code: 'refused', label: 'refusée' },
] as const;
export type ImportedStatus = (typeof IMPORTED_STATUSES)[number]['code'];

/**
 * The funders a partner's history can name, in the order of the file's columns, with the keys
 * of their amounts in a ParsedRow (built once: the rules read them on every row).
 */
export const IMPORT_FUNDERS: readonly { funder: Funder; label: string; approvedKey: `approved_${Funder}`; paidKey: `paid_${Funder}` }[] = ([
  { funder: 'OPCA', label: 'OPCA' },
  { funder: 'STATE', label: 'État' },
  { funder: 'FSE', label: 'FSE' },
  { funder: 'REGION', label: 'Région' },
  { funder: 'FPSPP', label: 'FPSPP' },
  { funder: 'POLE_EMPLOI', label: 'Pôle emploi' },
  { funder: 'COMPANY', label: 'Entreprise' },
] as const).map((f) => ({ ...f, approvedKey: `approved_${f.funder}`, paidKey: `paid_${f.funder}` }));

export const PAYING_FUNDERS = IMPORT_FUNDERS.filter((f) => f.funder !== 'COMPANY');

export const approvedHeader = (label: string) => `Accordé ${label}`;
export const paidHeader = (label: string) => `Versé ${label}`;

export const HEADERS = {
  reference: 'Référence',
  measureCode: 'Code dispositif',
  companyName: 'Raison sociale',
  siret: 'SIRET',
  nafCode: 'Code NAF',
  idcc: 'IDCC',
  headcount: 'Effectif',
  departement: 'Département',
  employmentArea: 'Zone emploi',
  trainingFund: 'OPCA de rattachement',
  dropStart: 'Début baisse activité',
  dropEnd: 'Fin baisse activité',
  decisionDate: 'Date de décision',
  status: 'Statut',
  trainees: 'Stagiaires',
  trainingHours: 'Heures de formation',
  teachingCost: 'Coût pédagogique',
  payCost: 'Coût salarial',
  settledOn: 'Date du solde',
} as const;

const pattern = (regex: RegExp, message: string, normalise: (raw: string) => string = (raw) => raw): CellParser<string> =>
  (raw) => {
    const value = normalise(raw);
    return regex.test(value) ? { ok: true, value } : { ok: false, message: `« ${raw} » : ${message}` };
  };

const money = parsers.euros({ maxCents: 100_000_000_00 });

const employmentArea: CellParser<string> = (raw) => {
  const area = findEmploymentArea(raw);
  return area ? { ok: true, value: area.code }
    : { ok: false, message: `« ${raw} » n’est pas une zone d’emploi de la liste : ${EMPLOYMENT_AREAS.map((a) => a.label).join(', ')}.` };
};

const column = (key: string, header: string, required: boolean, parse: CellParser): LayoutColumn => ({ key, header, required, parse });

export const importLayout: Layout = {
  columns: [
    column('reference', HEADERS.reference, false, pattern(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/, 'une référence compte 40 lettres, chiffres, points, tirets ou barres obliques au plus.')),
    column('measureCode', HEADERS.measureCode, true, pattern(/^[A-Z0-9][A-Z0-9_-]{0,39}$/, 'code de dispositif attendu (exemple : ACTE1-CELLULE).', (raw) => raw.toUpperCase())),
    column('companyName', HEADERS.companyName, true, parsers.text({ maxLength: 200 })),
    column('siret', HEADERS.siret, true, parsers.siret()),
    column('nafCode', HEADERS.nafCode, true, pattern(NAF_PATTERN, 'code NAF attendu au format 29.32Z.', normaliseNaf)),
    column('idcc', HEADERS.idcc, false, pattern(/^\d{4}$/, 'l’IDCC compte 4 chiffres au plus.', (raw) => raw.replace(/\s/g, '').padStart(4, '0'))),
    column('headcount', HEADERS.headcount, false, parsers.integer({ min: 1, max: 500_000 })),
    column('departement', HEADERS.departement, true, pattern(/^(\d{2}|2A|2B|97\d)$/, 'numéro de département attendu (exemple : 25).', (raw) => raw.toUpperCase())),
    column('employmentArea', HEADERS.employmentArea, false, employmentArea),
    column('trainingFund', HEADERS.trainingFund, false, parsers.text({ maxLength: 200 })),
    column('dropStart', HEADERS.dropStart, false, parsers.date({ min: '1990-01-01' })),
    column('dropEnd', HEADERS.dropEnd, false, parsers.date({ min: '1990-01-01' })),
    column('decisionDate', HEADERS.decisionDate, true, parsers.date({ min: '1990-01-01' })),
    column('status', HEADERS.status, true, parsers.enumeration(IMPORTED_STATUSES)),
    column('trainees', HEADERS.trainees, true, parsers.integer({ min: 0, max: 500_000 })),
    column('trainingHours', HEADERS.trainingHours, true, parsers.integer({ min: 0, max: 100_000_000 })),
    column('teachingCostCents', HEADERS.teachingCost, true, money),
    column('payCostCents', HEADERS.payCost, true, money),
    ...IMPORT_FUNDERS.map(({ approvedKey, label }) => column(approvedKey, approvedHeader(label), false, money)),
    // The company's own share is spent, not paid to it by anyone: it has no "Versé" column.
    ...PAYING_FUNDERS.map(({ paidKey, label }) => column(paidKey, paidHeader(label), false, money)),
    column('settledOn', HEADERS.settledOn, false, parsers.date({ min: '1990-01-01' })),
  ],
};

/** A row as validateRows hands it back: null where the cell was empty. */
export interface ParsedRow {
  reference: string | null;
  measureCode: string;
  companyName: string;
  siret: string;
  nafCode: string;
  idcc: string | null;
  headcount: number | null;
  departement: string;
  employmentArea: string | null;
  trainingFund: string | null;
  dropStart: string | null;
  dropEnd: string | null;
  decisionDate: string;
  status: ImportedStatus;
  trainees: number;
  trainingHours: number;
  teachingCostCents: number;
  payCostCents: number;
  settledOn: string | null;
  [funderColumn: `approved_${string}` | `paid_${string}`]: number | null;
}

/** The header line of a file in this layout, in column order (used by the demo and the docs). */
export const IMPORT_HEADERS: string[] = importLayout.columns.map((c) => c.header);
