import { describe, expect, it } from 'vitest';
import { commitmentPlan } from './envelopes.js';

const envelope = { id: 7, measureId: 1, funder: 'OPCA' as const, amountCents: 100_000, committedCents: 40_000 };
const row = (line: number, cents: number, status = 'approved') => ({
  line, reference: null, measureId: 1, measureCode: 'ACTE1-CELLULE', status, approved: [{ funder: 'OPCA' as const, cents }, { funder: 'COMPANY' as const, cents: 1_000 }],
});

describe('commitmentPlan', () => {
  it('commits each approved share on its envelope, the company share on none', () => {
    const { commitments, warnings } = commitmentPlan([row(2, 30_000), row(3, 30_000), row(4, 5_000, 'refused')], [envelope]);
    expect(commitments.get(2)).toEqual([{ envelopeId: 7, funder: 'OPCA', cents: 30_000 }]);
    expect(commitments.get(3)).toEqual([{ envelopeId: 7, funder: 'OPCA', cents: 30_000 }]);
    expect(commitments.has(4)).toBe(false);
    expect(warnings).toEqual([]);
  });

  it('warns in full at the first line that overdraws an envelope, then once for all the following ones', () => {
    const { commitments, warnings } = commitmentPlan([row(2, 50_000), row(3, 20_000), row(4, 15_000), row(5, 5_000)], [envelope]);
    // History is imported whatever the envelope says: every line keeps its commitment.
    expect([...commitments.values()].flat().reduce((sum, c) => sum + c.cents, 0)).toBe(90_000);
    expect(warnings.map((w) => w.line)).toEqual([3, 4]);
    expect(warnings[0].message).toBe('Ligne 3 : l’enveloppe OPCA / OPCO du dispositif ACTE1-CELLULE est dépassée de 100,00\u00a0€ (il restait 100,00\u00a0€, 200,00\u00a0€ accordés).');
    expect(warnings[1].message).toBe('Lignes 4 à 5 : l’enveloppe OPCA / OPCO du dispositif ACTE1-CELLULE est dépassée sur 2 ligne(s) de plus, pour 200,00\u00a0€ en tout.');
  });

  it('says once that a funder has no envelope on the measure', () => {
    const { warnings } = commitmentPlan([row(2, 1_000), row(3, 1_000)], []);
    expect(warnings).toHaveLength(2);
    expect(warnings[0].message).toMatch(/^Ligne 2 : OPCA \/ OPCO n’a pas d’enveloppe sur le dispositif ACTE1-CELLULE/);
    expect(warnings[1].message).toMatch(/^Ligne 3 : OPCA \/ OPCO n’a pas d’enveloppe .* sur 1 ligne\(s\) de plus, pour 10,00\u00a0€ en tout\.$/);
  });
});
