import type { Cents } from '../../shared/money.js';

export interface CommittedLine {
  amountCents: Cents;
  /** A cancelled commitment gives its money back to the envelope. */
  cancelled?: boolean;
}

export interface EnvelopeState {
  envelopeCents: Cents;
  committedCents: Cents;
  /** Negative when the commitments exceed the envelope. */
  remainingCents: Cents;
  overcommitted: boolean;
}

/** What is left of a funder's envelope (e.g. the Region's 2 M€ or the FPSPP's 0,8 M€ for Axis 2). */
export function envelopeRemaining(envelopeCents: Cents, committedLines: readonly CommittedLine[]): EnvelopeState {
  const committedCents = committedLines.filter((l) => !l.cancelled).reduce((sum, l) => sum + l.amountCents, 0);
  const remainingCents = envelopeCents - committedCents;
  return { envelopeCents, committedCents, remainingCents, overcommitted: remainingCents < 0 };
}
