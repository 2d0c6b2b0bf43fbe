/**
 * Searches that stay fast at national scale: every `q=` is a prefix of an indexed value,
 * compared as a range (`>= prefix and < next`) so that a plain B-tree serves it on both
 * databases whatever the collation, plus a LIKE on the same prefix to drop any false positive.
 * A leading wildcard (`%q%`) would read every row.
 */

/** Lower case, no accents, words separated by one space: « Horlogerie  du Jura » → « horlogerie du jura ». */
export function searchKey(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

/** The smallest string greater than every string starting with `prefix` (empty prefix: none). */
export function prefixUpperBound(prefix: string): string {
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}

/** LIKE pattern of a prefix, its own wildcards escaped (the query adds `escape '\'`). */
export function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export const looksLikeDigits = (q: string) => /^\d[\d ]*$/.test(q.trim());
/** References look like DEM-2009-00012, IMP-2010-00007, CPRO-000123 or a partner's own E2E-2011-001: a short code, a dash, then digits. */
export const looksLikeReference = (q: string) => /^[A-Za-z][A-Za-z0-9]{1,4}-\d/.test(q.trim());
