import { describe, expect, it } from 'vitest';
import { companySizeClass, isValidSiren, isValidSiret, siretProblem } from './siret.js';

describe('SIRET and SIREN', () => {
  it('accepts Luhn-valid identifiers and refuses a changed digit', () => {
    expect(isValidSiret('73282932000074')).toBe(true);
    expect(isValidSiret('73282932000075')).toBe(false);
    expect(isValidSiren('732829320')).toBe(true);
    expect(isValidSiren('732829321')).toBe(false);
  });
  it('applies the La Poste exception (digit sum multiple of 5)', () => {
    expect(isValidSiret('35600000000001')).toBe(true); // 3+5+6+1 = 15
    expect(isValidSiret('35600000000002')).toBe(false); // 16
  });
  it("checks La Poste's head office with the ordinary Luhn key", () => {
    expect(isValidSiret('35600000000048')).toBe(true); // Luhn-valid, digit sum 26
    expect(isValidSiret('35600000000060')).toBe(true); // an establishment: digit sum 20
    expect(isValidSiret('35600000000049')).toBe(false);
  });
  it('explains refusals in French', () => {
    expect(siretProblem('123')).toMatch(/14 chiffres/);
    expect(siretProblem('12a45678901234')).toMatch(/chiffres/);
    expect(siretProblem('73282932000075')).toMatch(/clé de contrôle/);
    expect(siretProblem('732 829 320 00074')).toBeNull();
  });
  it('classes companies by headcount', () => {
    expect(companySizeClass(9)).toBe('TPE');
    expect(companySizeClass(10)).toBe('PME');
    expect(companySizeClass(249)).toBe('PME');
    expect(companySizeClass(250)).toBe('ETI');
    expect(companySizeClass(4999)).toBe('ETI');
    expect(companySizeClass(5000)).toBe('GE');
  });
});
