import { describe, expect, it } from 'vitest';
import { applyRate, formatEuros, parseEuros, shareBasisPoints } from './money.js';

describe('money', () => {
  it('parses French and plain euro amounts into cents', () => {
    expect(parseEuros('1 234,56')).toBe(123456);
    expect(parseEuros('1234.5')).toBe(123450);
    expect(parseEuros('12')).toBe(1200);
    expect(parseEuros('12,345')).toBeNull();
    expect(parseEuros('abc')).toBeNull();
  });
  it('applies basis-point rates rounding half away from zero', () => {
    expect(applyRate(200000, 830)).toBe(16600);
    expect(applyRate(5, 5000)).toBe(3);
    expect(applyRate(-5, 5000)).toBe(-3);
  });
  it('computes shares and formats euros without narrow spaces', () => {
    expect(shareBasisPoints(43, 100)).toBe(4300);
    expect(shareBasisPoints(1, 0)).toBe(0);
    expect(formatEuros(123456)).toBe('1\u00a0234,56\u00a0€');
  });
});
