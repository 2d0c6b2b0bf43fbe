import { describe, expect, it } from 'vitest';
import { ageBand, ageOn, iscedOf, monthsBetween, nearestRank, percentile } from './statistics.js';

describe('nearest-rank percentile', () => {
  it('takes the value at rank ceil(p × n)', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(values, 1, 2)).toBe(5);
    expect(percentile(values, 9, 10)).toBe(9);
    expect(percentile([1, 2, 3], 1, 2)).toBe(2);
    expect(percentile([7], 9, 10)).toBe(7);
    expect(percentile([], 1, 2)).toBeNull();
  });
  it('computes the rank in integers as the SQL does', () => {
    for (let n = 1; n <= 200; n++) {
      expect(nearestRank(n, 1, 2)).toBe(Math.ceil(n / 2));
      expect(nearestRank(n, 9, 10)).toBe(Math.ceil((9 * n) / 10 - 1e-9));
    }
    expect(nearestRank(0, 1, 2)).toBe(0);
  });
  it('is not pulled by one very old file', () => {
    const days = [...Array(19).fill(10), 900];
    expect(percentile(days, 1, 2)).toBe(10);
    expect(percentile(days, 9, 10)).toBe(10);
  });
});

describe('age at entry and FSE bands', () => {
  it('counts the birthday from its own day', () => {
    expect(ageOn('1985-06-15', '2010-06-14')).toBe(24);
    expect(ageOn('1985-06-15', '2010-06-15')).toBe(25);
    expect(ageOn('1992-02-29', '2010-02-28')).toBe(17);
    expect(ageOn('1992-02-29', '2010-03-01')).toBe(18);
  });
  it.each([
    [14, 'under15', 'under25'], [15, '15-24', 'under25'], [24, '15-24', 'under25'], [25, '25-54', '25-54'],
    [54, '25-54', '25-54'], [55, '55-64', 'over54'], [64, '55-64', 'over54'], [65, '65plus', 'over54'],
  ])('age %i is %s (2007–2013) and %s (2014–2020)', (age, b2007, b2014) => {
    expect(ageBand(age, 'fse2007')).toBe(b2007);
    expect(ageBand(age, 'fse2014')).toBe(b2014);
  });
});

describe('ISCED groups', () => {
  it.each([['VI', 'isced1-2'], ['Vbis', 'isced1-2'], ['V', 'isced3-4'], ['IV', 'isced3-4'], ['III', 'isced5-8'], ['II', 'isced5-8'], ['I', 'isced5-8'], ['?', 'unknown']])('%s → %s', (level, group) => {
    expect(iscedOf(level)).toBe(group);
  });
});

describe('monthsBetween', () => {
  it('lists every month, across years', () => {
    expect(monthsBetween('2009-11', '2010-02')).toEqual(['2009-11', '2009-12', '2010-01', '2010-02']);
    expect(monthsBetween('2010-02', '2010-01')).toEqual([]);
  });
});
