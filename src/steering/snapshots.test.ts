import { describe, expect, it } from 'vitest';
import { snapshotKey } from './snapshots.js';

describe('snapshotKey', () => {
  it('keeps the views of everything, a programme or a measure', () => {
    expect(snapshotKey({})).toBe('');
    expect(snapshotKey({ programme: 'ACTE2' })).toBe('programme=ACTE2');
    expect(snapshotKey({ measure: 'ACTE2-CPRO' })).toBe('measure=ACTE2-CPRO');
    // The same view whatever the order the filters came in.
    expect(snapshotKey({ measure: 'ACTE2-CPRO', programme: 'ACTE2' })).toBe(snapshotKey({ programme: 'ACTE2', measure: 'ACTE2-CPRO' }));
  });

  it('gives every combination of finer filters its own key', () => {
    const keys = [
      {}, { departement: '25' }, { departement: '39' }, { programme: 'ACTE2', funder: 'OPCA' as const }, { section: 'C' },
      { from: '2010-01-01' }, { to: '2010-12-31' }, { from: '2010-01-01', to: '2010-12-31' },
    ].map(snapshotKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(snapshotKey({ to: '2010-12-31', departement: '25', from: '2010-01-01' })).toBe('departement=25&from=2010-01-01&to=2010-12-31');
  });
});
