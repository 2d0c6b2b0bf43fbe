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

describe('prefix search helpers (list queries)', () => {
  it('normalises names the same way for the stored key and the query', () => {
    expect(searchKey('  Horlogerie  du Jura ')).toBe('horlogerie du jura');
    expect(searchKey('Société Générale d’Équipements')).toBe('societe generale d equipements');
    expect(searchKey('—')).toBe('');
  });

  it('bounds a prefix from above so that a range finds exactly the strings starting with it', () => {
    const upper = prefixUpperBound('masson');
    for (const inside of ['masson', 'massonnet', 'masson z']) expect(inside >= 'masson' && inside < upper).toBe(true);
    for (const outside of ['massoo', 'masso', 'mast']) expect(outside >= 'masson' && outside < upper).toBe(false);
  });

  it('escapes LIKE wildcards typed by the user', () => {
    expect(likePrefix('50%_a\\b')).toBe('50\\%\\_a\\\\b%');
  });

  it('recognises references and SIRET digits', () => {
    expect(looksLikeReference('DEM-2009-00012')).toBe(true);
    expect(looksLikeReference('CPRO-000123')).toBe(true);
    expect(looksLikeReference('Masson')).toBe(false);
    expect(looksLikeDigits('123 456 789')).toBe(true);
    expect(looksLikeDigits('12a')).toBe(false);
  });
});
