import { describe, expect, it } from 'vitest';
import { LEVELS_1969 } from '../../shared/qualification.js';
import { checkTempEligibility, tempPathwayEligibility } from './eligibility.js';

describe('temp pathway eligibility', () => {
  it('accepts levels VI and Vbis whatever the route', () => {
    for (const level of ['VI', 'Vbis'] as const) {
      for (const route of ['general', 'vocational'] as const) {
        expect(tempPathwayEligibility({ level, route, hasVocationalDiploma: false })).toMatchObject({ eligible: true, ground: 'infraV' });
      }
    }
  });

  it('accepts level V through general schooling without a vocational diploma', () => {
    expect(tempPathwayEligibility({ level: 'V', route: 'general', hasVocationalDiploma: false })).toMatchObject({
      eligible: true,
      ground: 'levelVGeneral',
    });
  });

  it('refuses level V vocational or with a vocational diploma, in French', () => {
    const vocational = checkTempEligibility({ level: 'V', route: 'vocational', hasVocationalDiploma: true });
    expect(vocational).toEqual([expect.objectContaining({ code: 'TEMP_LEVEL_V_VOCATIONAL', field: 'participant.route', severity: 'error' })]);
    expect(vocational[0].message).toContain('CAP, BEP');
    expect(checkTempEligibility({ level: 'V', route: 'general', hasVocationalDiploma: true })[0].code).toBe(
      'TEMP_LEVEL_V_WITH_VOCATIONAL_DIPLOMA',
    );
  });

  it('refuses level IV and above, even through general schooling', () => {
    for (const level of LEVELS_1969.filter((l) => !['VI', 'Vbis', 'V'].includes(l))) {
      const issues = checkTempEligibility({ level, route: 'general', hasVocationalDiploma: false });
      expect(issues.map((i) => i.code)).toEqual(['TEMP_LEVEL_TOO_HIGH']);
      expect(issues[0].message).toContain('Niveau');
    }
  });
});
