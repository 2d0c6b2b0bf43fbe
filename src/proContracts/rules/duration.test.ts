import { describe, expect, it } from 'vitest';
import { calendarLength, checkDuration, endOfMonths, formatLength, lengthHoursHundredths, startedMonths } from './duration.js';
import { params2012, validContract } from './testFixtures.js';

const codes = (end: string, over = {}) =>
  checkDuration(validContract({ endDate: end, ...over }), params2012).map((i) => i.code);

describe('calendar months', () => {
  it('ends N months on the day before the same day number', () => {
    expect(endOfMonths('2012-09-01', 12)).toBe('2013-08-31');
    expect(endOfMonths('2012-09-15', 6)).toBe('2013-03-14');
    expect(endOfMonths('2013-01-28', 1)).toBe('2013-02-27');
  });
  it('ends on the last day of the month when the same day does not exist', () => {
    expect(endOfMonths('2013-01-31', 1)).toBe('2013-02-28');
    expect(endOfMonths('2013-01-29', 1)).toBe('2013-02-28');
    expect(endOfMonths('2012-01-31', 1)).toBe('2012-02-29');
    expect(endOfMonths('2012-08-31', 6)).toBe('2013-02-28');
  });
  it('measures a period in whole months and days', () => {
    expect(calendarLength('2012-09-01', '2013-08-31')).toEqual({ months: 12, days: 0 });
    expect(calendarLength('2012-09-01', '2013-09-01')).toEqual({ months: 12, days: 1 });
    expect(calendarLength('2012-09-01', '2013-09-30')).toEqual({ months: 13, days: 0 });
    expect(calendarLength('2012-09-01', '2012-09-01')).toEqual({ months: 0, days: 1 });
    expect(calendarLength('2013-01-31', '2013-02-28')).toEqual({ months: 1, days: 0 });
    expect(startedMonths({ months: 6, days: 3 })).toBe(7);
    expect(formatLength({ months: 12, days: 1 })).toBe('12 mois et 1 jour');
  });
  it('counts 151,67 h a month and 5 h a remaining day', () => {
    expect(lengthHoursHundredths({ months: 6, days: 0 }, params2012)).toBe(91_002);
    expect(lengthHoursHundredths({ months: 12, days: 0 }, params2012)).toBe(182_004);
    expect(lengthHoursHundredths({ months: 6, days: 2 }, params2012)).toBe(92_002);
  });
});

describe('C.Pro length', () => {
  it('accepts 6 to 12 months and refuses 6 months minus a day', () => {
    expect(codes('2013-02-28')).toEqual([]);
    expect(codes('2013-08-31')).toEqual([]);
    const short = checkDuration(validContract({ endDate: '2013-02-27' }), params2012);
    expect(short.map((i) => i.code)).toEqual(['PRO_DURATION_TOO_SHORT']);
    expect(short[0].message).toContain('5 mois et 27 jours');
    expect(short[0].message).toContain('28/02/2013');
  });

  it('refuses 12 months and 1 day or 13 months without a stated reason', () => {
    const plusOneDay = checkDuration(validContract({ endDate: '2013-09-01' }), params2012);
    expect(plusOneDay[0]).toMatchObject({ code: 'PRO_DURATION_EXTENSION_WITHOUT_REASON', field: 'extendedDurationReason' });
    expect(plusOneDay[0].message).toContain('12 mois et 1 jour');
    expect(codes('2013-09-30')).toEqual(['PRO_DURATION_EXTENSION_WITHOUT_REASON']);
  });

  it('accepts up to 24 months with a substantiated reason, never beyond', () => {
    expect(codes('2013-09-30', { extendedDurationReason: 'branchAgreement' })).toEqual([]);
    expect(codes('2014-08-31', { extendedDurationReason: 'branchAgreement' })).toEqual([]);
    expect(codes('2014-09-01', { extendedDurationReason: 'branchAgreement' })).toEqual(['PRO_DURATION_ABOVE_MAXIMUM']);
    expect(codes('2014-09-01')).toEqual(['PRO_DURATION_ABOVE_MAXIMUM']);
  });

  it('checks that the reason matches the person', () => {
    const unqualified = { ...validContract().trainee, hasRecognisedQualification: false };
    expect(codes('2013-12-31', { extendedDurationReason: 'noRecognisedQualification' })).toEqual([
      'PRO_DURATION_EXTENSION_REASON_UNFOUNDED',
    ]);
    expect(codes('2013-12-31', { extendedDurationReason: 'noRecognisedQualification', trainee: unqualified })).toEqual([]);
    expect(codes('2013-12-31', { extendedDurationReason: 'priorityPublic' })).toEqual(['PRO_DURATION_EXTENSION_REASON_UNFOUNDED']);
    const rsa = { ...validContract().trainee, publics: ['rsa' as const] };
    expect(codes('2013-12-31', { extendedDurationReason: 'priorityPublic', trainee: rsa })).toEqual([]);
  });

  it('measures the professionalisation action of a CDI the same way', () => {
    const cdi = checkDuration(validContract({ contractType: 'CDI', endDate: '2013-09-30' }), params2012);
    expect(cdi[0].message).toMatch(/^L’action de professionnalisation en début de CDI dure 13 mois/);
  });

  it('refuses an end before the start', () => {
    expect(codes('2012-08-31')).toEqual(['PRO_END_BEFORE_START']);
  });
});
