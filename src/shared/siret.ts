/** French company identifiers (INSEE): SIREN (9 digits) and SIRET (14 digits). */

const LA_POSTE_SIREN = '356000000';
/** La Poste's head office was numbered before the exception and keeps the ordinary Luhn key. */
const LA_POSTE_HEAD_OFFICE = '35600000000048';

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export function normaliseIdentifier(value: string): string {
  return value.replace(/[\s.\u00a0]/g, '');
}

export function isValidSiren(value: string): boolean {
  const siren = normaliseIdentifier(value);
  return /^\d{9}$/.test(siren) && luhnValid(siren);
}

/**
 * La Poste's establishments share SIREN 356000000 and are too many for the
 * Luhn key: INSEE numbers them so that the digit sum is a multiple of 5 —
 * all but the head office, which keeps the ordinary key.
 */
export function isValidSiret(value: string): boolean {
  const siret = normaliseIdentifier(value);
  if (!/^\d{14}$/.test(siret)) return false;
  if (siret.startsWith(LA_POSTE_SIREN) && siret !== LA_POSTE_HEAD_OFFICE) {
    const digitSum = [...siret].reduce((s, d) => s + Number(d), 0);
    return digitSum % 5 === 0;
  }
  return luhnValid(siret);
}

export function sirenOf(siret: string): string {
  return normaliseIdentifier(siret).slice(0, 9);
}

/** Why a SIRET is refused, in words a company user understands. */
export function siretProblem(value: string): string | null {
  const siret = normaliseIdentifier(value);
  if (!/^\d+$/.test(siret)) return 'Le SIRET ne doit contenir que des chiffres.';
  if (siret.length !== 14) return `Le SIRET compte 14 chiffres (${siret.length} saisis).`;
  if (!isValidSiret(siret)) return 'Ce SIRET n’existe pas : sa clé de contrôle est fausse. Vérifiez chaque chiffre.';
  return null;
}

export type CompanySizeClass = 'TPE' | 'PME' | 'ETI' | 'GE';

export function companySizeClass(headcount: number): CompanySizeClass {
  if (headcount < 10) return 'TPE';
  if (headcount < 250) return 'PME';
  if (headcount < 5000) return 'ETI';
  return 'GE';
}
