/**
 * A count of the BMO file: a whole number, or « * » where the survey keeps it secret. A secret
 * count is kept as masked (null with a flag), never read as 0.
 */
export type BmoCount = { value: number; masked: false } | { value: null; masked: true };

export type BmoParse = { ok: true; count: BmoCount } | { ok: false; message: string };

export function parseBmoCount(raw: string): BmoParse {
  const text = raw.trim();
  if (text === '*' || text === '**' || text.toLowerCase() === 's') return { ok: true, count: { value: null, masked: true } };
  const cleaned = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  // Published counts are estimates from a survey: some files carry decimals; they are rounded.
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return { ok: false, message: `« ${raw} » n’est ni un nombre ni « * » (valeur secrète).` };
  return { ok: true, count: { value: Math.round(Number(cleaned)), masked: false } };
}

/**
 * Sum of the parts of one cell (a bassin spanning two départements appears once per département,
 * several bassins may form one employment area). A single masked part masks the sum: the known
 * parts alone would understate it.
 */
export function sumCounts(parts: readonly BmoCount[]): BmoCount {
  if (parts.some((p) => p.masked)) return { value: null, masked: true };
  return { value: parts.reduce((s, p) => s + (p.value ?? 0), 0), masked: false };
}
