import { isIsoDate, toIsoDate } from '../../shared/dates.js';
import { parseEuros } from '../../shared/money.js';
import { normaliseIdentifier, siretProblem } from '../../shared/siret.js';

/** Parsers receive a trimmed, non-empty cell; empty cells are handled by the layout (required or null). */
export type ParseResult<T = unknown> = { ok: true; value: T } | { ok: false; message: string };
export type CellParser<T = unknown> = (raw: string) => ParseResult<T>;

const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
const fail = (message: string): ParseResult<never> => ({ ok: false, message });

const integerFormat = new Intl.NumberFormat('fr-FR');
const frInteger = (value: number) => integerFormat.format(value).replace(/\u202f/g, '\u00a0');

export function text(options: { maxLength: number; minLength?: number }): CellParser<string> {
  return (raw) => {
    if (raw.length > options.maxLength) return fail(`le texte ne doit pas dépasser ${options.maxLength} caractères (${raw.length} saisis).`);
    if (options.minLength !== undefined && raw.length < options.minLength)
      return fail(`le texte doit compter au moins ${options.minLength} caractères.`);
    return ok(raw);
  };
}

export function integer(options: { min?: number; max?: number } = {}): CellParser<number> {
  return (raw) => {
    const cleaned = raw.replace(/[\s\u00a0\u202f]/g, '');
    if (!/^-?\d+$/.test(cleaned)) return fail(`« ${raw} » n’est pas un nombre entier.`);
    const value = Number(cleaned);
    if (!Number.isSafeInteger(value)) return fail(`« ${raw} » est trop grand.`);
    if (options.min !== undefined && value < options.min) return fail(`la valeur doit être au moins ${frInteger(options.min)}.`);
    if (options.max !== undefined && value > options.max) return fail(`la valeur doit être au plus ${frInteger(options.max)}.`);
    return ok(value);
  };
}

/** Euros typed by a person ("1 234,56", "1234.56", "1234,56 €") to integer cents. */
export function euros(options: { allowNegative?: boolean; maxCents?: number } = {}): CellParser<number> {
  return (raw) => {
    const cents = parseEuros(raw);
    if (cents === null || !Number.isSafeInteger(cents))
      return fail(`« ${raw} » n’est pas un montant en euros (exemple : 1 234,56).`);
    if (cents < 0 && !options.allowNegative) return fail('le montant ne peut pas être négatif.');
    if (options.maxCents !== undefined && cents > options.maxCents) return fail('le montant est anormalement élevé : vérifiez la saisie.');
    return ok(cents);
  };
}

/** DD/MM/YYYY (as typed in France) or YYYY-MM-DD (as read from Excel date cells), checked against the calendar. */
export function date(options: { min?: string; max?: string } = {}): CellParser<string> {
  return (raw) => {
    let iso: string | null = null;
    const french = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(raw);
    if (french) {
      const [, day, month, year] = french;
      const candidate = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
      if (isIsoDate(candidate)) iso = toIsoDate(Number(year), Number(month), Number(day));
    } else if (isIsoDate(raw)) {
      iso = raw;
    }
    if (iso === null) return fail(`« ${raw} » n’est pas une date valide (format JJ/MM/AAAA).`);
    if (options.min !== undefined && iso < options.min) return fail(`la date doit être au plus tôt le ${frenchDay(options.min)}.`);
    if (options.max !== undefined && iso > options.max) return fail(`la date doit être au plus tard le ${frenchDay(options.max)}.`);
    return ok(iso);
  };
}

function frenchDay(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/**
 * Case, accents and spacing do not matter when matching a label a person typed. Imports
 * compare the same few labels (statuses, funds, company names) on every row: the keys are
 * remembered, and Unicode decomposition, the costly part, runs only for non-ASCII text.
 */
export function looseKey(value: string): string {
  let key = looseKeys.get(value);
  if (key === undefined) {
    const decomposed = /^[\x00-\x7f]*$/.test(value) ? value : value.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    key = decomposed.toLowerCase().replace(/[\s\u00a0\u202f]+/g, ' ').trim();
    if (looseKeys.size >= 5_000) looseKeys.clear();
    looseKeys.set(value, key);
  }
  return key;
}
const looseKeys = new Map<string, string>();

/** Accepts either the French label or the code, returns the code. */
export function enumeration<Code extends string>(choices: readonly { code: Code; label: string }[]): CellParser<Code> {
  const byKey = new Map<string, Code>();
  for (const choice of choices) {
    byKey.set(looseKey(choice.label), choice.code);
    byKey.set(looseKey(choice.code), choice.code);
  }
  const accepted = choices.map((choice) => `« ${choice.label} »`).join(', ');
  return (raw) => {
    const code = byKey.get(looseKey(raw));
    return code === undefined ? fail(`« ${raw} » n’est pas une valeur possible. Valeurs acceptées : ${accepted}.`) : ok(code);
  };
}

/** Returns the 14 digits without spaces. */
export function siret(): CellParser<string> {
  return (raw) => {
    const problem = siretProblem(raw);
    return problem === null ? ok(normaliseIdentifier(raw)) : fail(problem);
  };
}

const TRUE_WORDS = new Set(['oui', 'o', 'true', 'vrai', '1', 'x']);
const FALSE_WORDS = new Set(['non', 'n', 'false', 'faux', '0']);

export function boolean(): CellParser<boolean> {
  return (raw) => {
    const key = looseKey(raw);
    if (TRUE_WORDS.has(key)) return ok(true);
    if (FALSE_WORDS.has(key)) return ok(false);
    return fail(`« ${raw} » n’est pas reconnu : répondez « oui » ou « non ».`);
  };
}
