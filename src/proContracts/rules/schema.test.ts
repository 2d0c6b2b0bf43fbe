import { describe, expect, it } from 'vitest';
import { proContractInputSchema, quotaInputSchema } from './schema.js';
import { validContract } from './testFixtures.js';

describe('C.Pro schemas', () => {
  it('accepts a valid contract and fills defaults', () => {
    const { trainee, ...rest } = validContract();
    const { publics: _publics, ...traineeWithoutPublics } = trainee;
    const parsed = proContractInputSchema.parse({ ...rest, trainee: traineeWithoutPublics });
    expect(parsed.trainee.publics).toEqual([]);
  });

  it('refuses malformed input with French messages and field paths', () => {
    const result = proContractInputSchema.safeParse({
      ...validContract(),
      startDate: '2012-02-30',
      grossMonthlyPayCents: -5,
      trainingHours: 'beaucoup',
      contractType: 'CTT',
      trainee: { ...validContract().trainee, level: 'X' },
    });
    expect(result.success).toBe(false);
    const byPath = Object.fromEntries(result.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(byPath.startDate).toMatch(/Date invalide/);
    expect(byPath.grossMonthlyPayCents).toMatch(/négatif/);
    expect(byPath.trainingHours).toMatch(/heures/);
    expect(byPath.contractType).toMatch(/CDD ou CDI/);
    expect(byPath['trainee.level']).toMatch(/Niveau/);
  });

  it('refuses reversed dates and cents with decimals', () => {
    const r = proContractInputSchema.safeParse({ ...validContract(), endDate: '2012-01-01', grossMonthlyPayCents: 10.5 });
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('grossMonthlyPayCents');
    expect(quotaInputSchema.safeParse({ total: 1, reserved: 0, isPairReserved: false, override: { motivation: ' ' } }).success).toBe(false);
  });
});
