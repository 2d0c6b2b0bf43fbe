import { describe, expect, it } from 'vitest';
import { ACTE_II_PARAMETERS } from '../../acteII/parameters.js';
import { checkTempPathway } from './check.js';
import { tempPathwayInputSchema } from './schema.js';
import type { TempPathwayInput } from './types.js';

const input: TempPathwayInput = {
  participant: { level: 'Vbis', route: 'general', hasVocationalDiploma: false },
  entryDate: '2011-01-10',
  periods: [
    { kind: 'training', start: '2011-01-10', end: '2011-01-21', hours: 70, costCents: 105_000, providerName: 'GRETA' },
    { kind: 'mission', start: '2011-01-24', end: '2011-02-25', hours: 105, romeCode: 'H2913', userCompany: 'Alstom Belfort' },
  ],
};

describe('checkTempPathway', () => {
  it('accepts a valid pathway', () => {
    expect(checkTempPathway(input, ACTE_II_PARAMETERS)).toEqual([]);
  });
  it('aggregates eligibility, period and window breaches', () => {
    const issues = checkTempPathway(
      {
        participant: { level: 'IV', route: 'general', hasVocationalDiploma: false },
        entryDate: '2009-06-01',
        periods: [{ ...input.periods[0], start: '2009-06-01', end: '2009-06-30' }, { ...input.periods[1], start: '2009-06-30', end: '2009-07-31' }],
      },
      ACTE_II_PARAMETERS,
    );
    expect(issues.map((i) => i.code)).toEqual([
      'TEMP_LEVEL_TOO_HIGH',
      'TEMP_PERIODS_OVERLAP',
      'TEMP_ENTRY_OUTSIDE_EXPERIMENT',
      'TEMP_PERIOD_OUTSIDE_EXPERIMENT',
      'TEMP_PERIOD_OUTSIDE_EXPERIMENT',
    ]);
  });
});

describe('tempPathwayInputSchema', () => {
  it('accepts a valid pathway and normalises ROME codes', () => {
    const parsed = tempPathwayInputSchema.parse({ ...input, periods: [{ ...input.periods[1], romeCode: ' h2913 ' }] });
    expect(parsed.periods[0].romeCode).toBe('H2913');
  });
  it('refuses malformed periods in French', () => {
    const r = tempPathwayInputSchema.safeParse({
      ...input,
      participant: { level: 'V', route: 'apprentissage', hasVocationalDiploma: false },
      periods: [{ kind: 'mission', start: '2011-02-01', end: '2011-01-01', hours: 0, romeCode: 'Z9999' }],
    });
    const byPath = Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(byPath['participant.route']).toMatch(/générale ou professionnelle/);
    expect(byPath['periods.0.hours']).toMatch(/supérieur à zéro/);
    expect(byPath['periods.0.romeCode']).toMatch(/Code ROME invalide/);
    expect(tempPathwayInputSchema.safeParse({ ...input, periods: [] }).error!.issues[0].message).toMatch(/au moins une période/);
  });
});
