import { describe, expect, it } from 'vitest';
import { formatDateTimeParis, formatLongDateFr, formatSiret, parisDay } from './format.js';

describe('document formats', () => {
  it('groups a SIRET as INSEE prints it', () => {
    expect(formatSiret('73282932000074')).toBe('732\u00a0829\u00a0320\u00a000074');
    expect(formatSiret('732 829 320 00074')).toBe('732\u00a0829\u00a0320\u00a000074');
    expect(formatSiret('123')).toBe('123');
  });

  it('writes long French dates, with "1er"', () => {
    expect(formatLongDateFr('2026-11-26')).toBe('26 novembre 2026');
    expect(formatLongDateFr('2026-12-01', true)).toBe('mardi 1er décembre 2026');
    expect(formatLongDateFr('2026-12-11')).toBe('11 décembre 2026');
  });

  it('reads instants on a French clock, summer and winter', () => {
    expect(formatDateTimeParis('2026-11-26T11:45:00Z')).toBe('26/11/2026 à 12:45');
    expect(formatDateTimeParis('2026-07-14T22:30:00Z')).toBe('15/07/2026 à 00:30');
    expect(parisDay(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
  });
});
