import { searchKey } from '../shared/search.js';
import type { IsoDate } from '../shared/dates.js';

/** One period of a branch's training fund: the OPCA of 2012, the OPCO from April 2019. */
export interface IdccFund { idcc: string; branch: string; fund: string; validFrom: IsoDate; validTo: IsoDate | null; note: string | null }

/** « 54 » → « 0054 »: IDCC are four digits, zero-padded. */
export const normaliseIdcc = (idcc: string) => idcc.trim().padStart(4, '0');

/** The fund of this IDCC on this day, or undefined when the table does not know it then. */
export function fundForIdcc(rows: readonly IdccFund[], idcc: string, day: IsoDate): IdccFund | undefined {
  const code = normaliseIdcc(idcc);
  return rows.find((r) => r.idcc === code && r.validFrom <= day && (r.validTo === null || day <= r.validTo));
}

/**
 * Whether an organisation is the named fund: its name starts with the fund's name, accents and
 * case aside (« OPCAIM (métallurgie) » is OPCAIM, « AGEFOS PME Franche-Comté » is AGEFOS PME).
 */
export function isFund(organisationName: string, fund: string): boolean {
  const name = searchKey(organisationName);
  const key = searchKey(fund);
  return name === key || name.startsWith(`${key} `);
}

/** The question a company must answer when its fund is not its branch's: never a silent routing. */
export function fundMismatch(suggested: IdccFund, chosenName: string): string | null {
  if (isFund(chosenName, suggested.fund)) return null;
  return `L’IDCC ${suggested.idcc} relève ${/^[AEIOUY]/i.test(suggested.fund) ? 'd’' : 'de '}${suggested.fund} : confirmez-vous ${chosenName} ?`;
}
