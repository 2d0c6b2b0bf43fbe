/** The opinion a partner gives on a request it instructs. */
export const VERDICTS = ['favourable', 'reserved', 'unfavourable'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const VERDICT_LABELS: Record<Verdict, string> = {
  favourable: 'Favorable',
  reserved: 'Favorable avec réserves',
  unfavourable: 'Défavorable',
};
