import { describe, expect, it } from 'vitest';
import { describePeriod, overlappingRule, periodsOverlap } from './rulePeriods.js';

const rule = (id: number, validFrom: string, validTo: string | null, extra: Partial<{ funder: string; maxHeadcount: number | null }> = {}) =>
  ({ id, label: `Règle ${id}`, funder: 'STATE', maxHeadcount: 49, validFrom, validTo, ...extra });

describe('funding rule periods', () => {
  it('overlap when they share at least one day, bounds included', () => {
    expect(periodsOverlap(rule(1, '2009-01-01', '2009-12-31'), rule(2, '2009-12-31', '2010-06-30'))).toBe(true);
    expect(periodsOverlap(rule(1, '2009-01-01', '2009-12-31'), rule(2, '2010-01-01', null))).toBe(false);
    expect(periodsOverlap(rule(1, '2010-01-01', null), rule(2, '2009-01-01', '2009-12-31'))).toBe(false);
  });

  it('treat a rule without end date as running indefinitely', () => {
    expect(periodsOverlap(rule(1, '2009-01-01', null), rule(2, '2030-01-01', '2030-12-31'))).toBe(true);
    expect(periodsOverlap(rule(1, '2009-01-01', null), rule(2, '2005-01-01', null))).toBe(true);
    expect(periodsOverlap(rule(1, '2009-01-01', null), rule(2, '2005-01-01', '2008-12-31'))).toBe(false);
  });

  it('only compare rules of the same funder and headcount bracket, and never a rule with itself', () => {
    const rules = [rule(1, '2009-01-01', null), rule(2, '2009-01-01', null, { maxHeadcount: null }), rule(3, '2009-01-01', null, { funder: 'OPCA' })];
    expect(overlappingRule(rules, rule(1, '2010-01-01', null))).toBeUndefined();
    expect(overlappingRule(rules, rule(9, '2010-01-01', null))?.id).toBe(1);
    expect(overlappingRule(rules, rule(9, '2010-01-01', null, { maxHeadcount: null }))?.id).toBe(2);
    expect(overlappingRule(rules, rule(9, '2010-01-01', null, { maxHeadcount: 250 }))).toBeUndefined();
    expect(overlappingRule(rules, rule(9, '2010-01-01', null, { funder: 'REGION' }))).toBeUndefined();
  });

  it('describes a period in French', () => {
    expect(describePeriod({ validFrom: '2009-01-01', validTo: null })).toBe('à partir du 01/01/2009');
    expect(describePeriod({ validFrom: '2009-01-01', validTo: '2010-06-30' })).toBe('du 01/01/2009 au 30/06/2010');
  });
});
