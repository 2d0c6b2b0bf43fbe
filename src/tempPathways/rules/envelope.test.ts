import { describe, expect, it } from 'vitest';
import { envelopeRemaining } from './envelope.js';

describe('envelopeRemaining', () => {
  it('subtracts active commitments from the envelope', () => {
    expect(envelopeRemaining(200_000_000, [{ amountCents: 50_000_000 }, { amountCents: 20_000_000, cancelled: true }, { amountCents: 1 }])).toEqual({
      envelopeCents: 200_000_000,
      committedCents: 50_000_001,
      remainingCents: 149_999_999,
      overcommitted: false,
    });
  });
  it('says when commitments exceed the envelope', () => {
    expect(envelopeRemaining(80_000_000, [{ amountCents: 80_000_000 }])).toMatchObject({ remainingCents: 0, overcommitted: false });
    expect(envelopeRemaining(80_000_000, [{ amountCents: 80_000_001 }])).toMatchObject({ remainingCents: -1, overcommitted: true });
    expect(envelopeRemaining(0, [])).toMatchObject({ remainingCents: 0, committedCents: 0 });
  });
});
