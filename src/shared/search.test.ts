import { describe, expect, it } from 'vitest';
import { likePrefix, looksLikeDigits, looksLikeReference, prefixUpperBound, searchKey } from './search.js';

describe('search keys', () => {
  it('folds case, accents and punctuation', () => {
    expect(searchKey('  Horlogerie  du Jura — Étude ')).toBe('horlogerie du jura etude');
  });
  it('bounds a prefix range and escapes LIKE wildcards', () => {
    expect(prefixUpperBound('abc')).toBe('abd');
    expect('abcz' < prefixUpperBound('abc') && 'abd' >= prefixUpperBound('abc')).toBe(true);
    expect(likePrefix('50%_x')).toBe('50\\%\\_x%');
  });
  it('recognises references and identifiers', () => {
    for (const q of ['DEM-2009-00012', 'IMP-2010-7', 'CPRO-000123', 'E2E-2011-001']) expect(looksLikeReference(q), q).toBe(true);
    for (const q of ['Mécanique', 'Saint-Claude', '2E-1']) expect(looksLikeReference(q), q).toBe(false);
    expect(looksLikeDigits('732 829')).toBe(true);
    expect(looksLikeDigits('73a')).toBe(false);
  });
});
