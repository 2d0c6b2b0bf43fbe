import { describe, expect, it } from 'vitest';
import { boolean, date, enumeration, euros, integer, siret, text, type ParseResult } from './parsers.js';

const value = (result: ParseResult) => (result.ok ? result.value : undefined);
const message = (result: ParseResult) => (result.ok ? undefined : result.message);

describe('cell parsers', () => {
  it('text checks the length', () => {
    expect(value(text({ maxLength: 5 })('Forge'))).toBe('Forge');
    expect(message(text({ maxLength: 5 })('Forges'))).toBe('le texte ne doit pas dépasser 5 caractères (6 saisis).');
  });

  it('integer accepts spaced thousands and checks bounds', () => {
    expect(value(integer()('1 200'))).toBe(1200);
    expect(message(integer()('12,5'))).toBe('« 12,5 » n’est pas un nombre entier.');
    expect(message(integer({ min: 1 })('0'))).toBe('la valeur doit être au moins 1.');
    expect(message(integer({ max: 1000 })('1001'))).toBe('la valeur doit être au plus 1\u00a0000.');
  });

  it('euros reads French and dotted amounts into cents', () => {
    const parse = euros();
    expect(value(parse('1 234,56'))).toBe(123456);
    expect(value(parse('1\u202f234,56\u00a0€'))).toBe(123456);
    expect(value(parse('1234.56'))).toBe(123456);
    expect(value(parse('1234,56 €'))).toBe(123456);
    expect(value(parse('0,5'))).toBe(50);
    expect(message(parse('-10'))).toBe('le montant ne peut pas être négatif.');
    expect(value(euros({ allowNegative: true })('-10,01'))).toBe(-1001);
    expect(message(parse('12,345'))).toContain('n’est pas un montant en euros');
    expect(message(parse('1.234,56'))).toContain('n’est pas un montant en euros');
    expect(message(euros({ maxCents: 100 })('1,01'))).toContain('anormalement élevé');
  });

  it('date accepts DD/MM/YYYY and ISO, real calendar days only', () => {
    const parse = date();
    expect(value(parse('26/11/2026'))).toBe('2026-11-26');
    expect(value(parse('1/2/2026'))).toBe('2026-02-01');
    expect(value(parse('2024-02-29'))).toBe('2024-02-29');
    expect(message(parse('29/02/2026'))).toBe('« 29/02/2026 » n’est pas une date valide (format JJ/MM/AAAA).');
    expect(message(parse('2026-13-01'))).toContain('n’est pas une date valide');
    expect(message(parse('11/26/2026'))).toContain('n’est pas une date valide');
    expect(message(date({ min: '2026-01-01' })('31/12/2025'))).toBe('la date doit être au plus tôt le 01/01/2026.');
    expect(message(date({ max: '2026-01-01' })('02/01/2026'))).toBe('la date doit être au plus tard le 01/01/2026.');
  });

  it('enumeration matches labels or codes, ignoring case and accents', () => {
    const parse = enumeration([
      { code: 'cdi', label: 'CDI' },
      { code: 'temp', label: 'Intérim' },
    ] as const);
    expect(value(parse('interim'))).toBe('temp');
    expect(value(parse('TEMP'))).toBe('temp');
    expect(value(parse('cdi'))).toBe('cdi');
    expect(message(parse('CDD'))).toBe('« CDD » n’est pas une valeur possible. Valeurs acceptées : « CDI », « Intérim ».');
  });

  it('siret normalises and explains a wrong key', () => {
    expect(value(siret()('732 829 320 00074'))).toBe('73282932000074');
    expect(message(siret()('73282932000075'))).toContain('clé de contrôle');
    expect(message(siret()('7328293200007'))).toBe('Le SIRET compte 14 chiffres (13 saisis).');
  });

  it('boolean understands oui/non/true/false/1/0', () => {
    const parse = boolean();
    expect(['Oui', 'true', '1', 'VRAI'].map((raw) => value(parse(raw)))).toEqual([true, true, true, true]);
    expect(['non', 'False', '0'].map((raw) => value(parse(raw)))).toEqual([false, false, false]);
    expect(message(parse('peut-être'))).toBe('« peut-être » n’est pas reconnu : répondez « oui » ou « non ».');
  });
});
