import { describe, expect, it } from 'vitest';
import { fundForIdcc, fundMismatch, isFund, normaliseIdcc, type IdccFund } from './idccFunds.js';
import { loadIdccFunds } from './nomenclatures.js';

const rows: IdccFund[] = loadIdccFunds();

describe('IDCC → training fund', () => {
  it('finds the fund in force on the day: the OPCA until 31 March 2019, the OPCO from 1 April', () => {
    expect(fundForIdcc(rows, '0054', '2012-06-01')?.fund).toBe('OPCAIM');
    expect(fundForIdcc(rows, '54', '2019-03-31')?.fund).toBe('OPCAIM');
    expect(fundForIdcc(rows, '0054', '2019-04-01')?.fund).toBe('OPCO 2i');
    expect(fundForIdcc(rows, '1486', '2015-01-01')?.fund).toBe('FAFIEC');
    expect(fundForIdcc(rows, '1486', '2020-01-01')?.fund).toBe('Atlas');
    expect(fundForIdcc(rows, '0292', '2011-06-01')).toBeUndefined();
    expect(fundForIdcc(rows, '9999', '2015-01-01')).toBeUndefined();
    expect(normaliseIdcc(' 54')).toBe('0054');
  });
  it('has at most one fund per IDCC on any day', () => {
    for (const a of rows) {
      for (const b of rows) {
        if (a === b || a.idcc !== b.idcc) continue;
        const overlap = a.validFrom <= (b.validTo ?? '9999-12-31') && b.validFrom <= (a.validTo ?? '9999-12-31');
        expect(overlap, `${a.idcc} ${a.validFrom} / ${b.validFrom}`).toBe(false);
      }
    }
  });
  it('recognises the platform’s organisations by name and asks when the pick differs', () => {
    expect(isFund('OPCAIM (métallurgie)', 'OPCAIM')).toBe(true);
    expect(isFund('AGEFOS PME Franche-Comté', 'AGEFOS PME')).toBe(true);
    expect(isFund('OPCAIMX', 'OPCAIM')).toBe(false);
    const metal = fundForIdcc(rows, '0054', '2012-06-01')!;
    expect(fundMismatch(metal, 'OPCAIM (métallurgie)')).toBeNull();
    expect(fundMismatch(metal, 'AGEFOS PME')).toBe('L’IDCC 0054 relève d’OPCAIM : confirmez-vous AGEFOS PME ?');
    expect(fundMismatch(fundForIdcc(rows, '1486', '2015-01-01')!, 'AGEFOS PME')).toBe('L’IDCC 1486 relève de FAFIEC : confirmez-vous AGEFOS PME ?');
  });
});
