import { describe, expect, it } from 'vitest';
import { quotaCheck } from './quota.js';

describe('quotaCheck', () => {
  it('lets ordinary contracts fill 5,000 places and refuses the 5,001st', () => {
    expect(quotaCheck({ total: 5499, reserved: 500, isPairReserved: false })).toMatchObject({ allowed: true, ordinaryPlacesLeft: 1 });
    const refused = quotaCheck({ total: 5500, reserved: 500, isPairReserved: false });
    expect(refused.allowed).toBe(false);
    expect(refused.issues[0]).toMatchObject({ code: 'QUOTA_RESERVED_PART_PROTECTED', severity: 'error' });
    expect(refused.issues[0].message).toContain('5000 contrats hors binômes');
  });

  it('always lets a pair contract use the reserved part', () => {
    expect(quotaCheck({ total: 5500, reserved: 500, isPairReserved: true })).toMatchObject({ allowed: true, issues: [] });
  });

  it('lets a pair contract beyond its 1,000 use the general part, with a warning', () => {
    const r = quotaCheck({ total: 3000, reserved: 1000, isPairReserved: true });
    expect(r.allowed).toBe(true);
    expect(r.issues.map((i) => [i.code, i.severity])).toEqual([['QUOTA_RESERVED_TARGET_REACHED', 'warning']]);
  });

  it('refuses any contract beyond the overall target', () => {
    expect(quotaCheck({ total: 6000, reserved: 1000, isPairReserved: true }).issues[0].code).toBe('QUOTA_TARGET_REACHED');
    expect(quotaCheck({ total: 5999, reserved: 1000, isPairReserved: false }).allowed).toBe(true);
  });

  it('accepts an override only with a written motivation', () => {
    const blank = quotaCheck({ total: 5500, reserved: 500, isPairReserved: false, override: { motivation: '  ' } });
    expect(blank.allowed).toBe(false);
    expect(blank.issues.map((i) => i.code)).toEqual(['QUOTA_RESERVED_PART_PROTECTED', 'QUOTA_OVERRIDE_MOTIVATION_MISSING']);
    const ok = quotaCheck({ total: 5500, reserved: 500, isPairReserved: false, override: { motivation: 'Plénière du 12/03/2013' } });
    expect(ok).toMatchObject({ allowed: true, overridden: true });
    expect(ok.issues[0].severity).toBe('warning');
    expect(ok.issues[0].message).toContain('Plénière du 12/03/2013');
  });

  it('takes other targets', () => {
    expect(quotaCheck({ total: 9, reserved: 0, target: 10, reservedTarget: 1, isPairReserved: false }).allowed).toBe(false);
    expect(quotaCheck({ total: 8, reserved: 0, target: 10, reservedTarget: 1, isPairReserved: false }).allowed).toBe(true);
  });
});
