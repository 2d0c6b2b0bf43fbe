import { describe, expect, it } from 'vitest';
import { resolveActeIIParameters } from '../../acteII/parameters.js';
import { checkTempExitOutcome, TEMP_EXIT_OUTCOMES, TEMP_EXIT_OUTCOME_LABELS } from './outcome.js';

describe('temp pathway outcome', () => {
  it('labels every outcome in French', () => {
    expect(Object.keys(TEMP_EXIT_OUTCOME_LABELS).sort()).toEqual([...TEMP_EXIT_OUTCOMES].sort());
    expect(TEMP_EXIT_OUTCOME_LABELS.cdiInterimaire).toBe('CDI intérimaire');
  });
  it('refuses a CDI intérimaire before the scheme existed', () => {
    const params = resolveActeIIParameters('2014-01-01');
    expect(checkTempExitOutcome('cdiInterimaire', '2014-03-05', params).map((i) => i.code)).toEqual(['TEMP_CDI_INTERIMAIRE_TOO_EARLY']);
    expect(checkTempExitOutcome('cdiInterimaire', '2014-03-06', params)).toEqual([]);
    expect(checkTempExitOutcome('cdi', '2011-01-01', params)).toEqual([]);
  });
});
