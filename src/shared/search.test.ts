import { describe, expect, it } from 'vitest';
import { likePrefix, looksLikeDigits, looksLikeReference, prefixUpperBound, searchKey } from './search.js';

describe('prefix search helpers', () => {
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
