import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ACTE_II_PARAMETERS, acteIITargetsOn, pairRulesOn, tempPathwayRulesOn, type ActeIIParameterLists } from './parameters.js';
import { pairShares } from '../pairs/pairJudgement.js';
import { exitIssues } from '../tempPathways/pathwayRecording.js';

/**
 * The measures read each parameter at the record's own date: a pair's shares at its start, an
 * exit's rules on the exit day, the fallback targets on the day counted. Lists with a second
 * version show that a record of each period gets its own period's value, not the first one.
 */
const lists: ActeIIParameterLists = {
  ...ACTE_II_PARAMETERS,
  pairs: [
    { validFrom: '2008-01-01', validTo: '2011-12-31', value: { seniorWindowMonths: 24, defaultActivityBp: 5000, defaultPayBp: 8000 } },
    { validFrom: '2012-01-01', validTo: null, value: { seniorWindowMonths: 30, defaultActivityBp: 6000, defaultPayBp: 8500 } },
  ],
  tempPathways: [
    { validFrom: '2008-01-01', validTo: '2012-12-31', value: { experimentStart: '2010-01-01', experimentEnd: '2014-12-31', cdiInterimaireFrom: '2014-03-06' } },
    { validFrom: '2013-01-01', validTo: null, value: { experimentStart: '2010-01-01', experimentEnd: '2016-12-31', cdiInterimaireFrom: '2013-01-01' } },
  ],
  acteIITargets: [
    { validFrom: '2010-01-01', validTo: '2011-12-31', value: { proContracts: 6000, proContractsReservedForPairs: 1000, tempPathways: 1000, pairs: 1000 } },
    { validFrom: '2012-01-01', validTo: null, value: { proContracts: 7000, proContractsReservedForPairs: 1500, tempPathways: 1200, pairs: 1500 } },
  ],
};

describe('parameters read at the record’s date', () => {
  it('give each period its own version', () => {
    expect(pairRulesOn('2011-06-01', lists).defaultActivityBp).toBe(5000);
    expect(pairRulesOn('2012-06-01', lists).defaultActivityBp).toBe(6000);
    expect(tempPathwayRulesOn('2012-06-01', lists).cdiInterimaireFrom).toBe('2014-03-06');
    expect(tempPathwayRulesOn('2013-06-01', lists).cdiInterimaireFrom).toBe('2013-01-01');
    expect(acteIITargetsOn('2011-06-01', lists)?.pairs).toBe(1000);
    expect(acteIITargetsOn('2012-06-01', lists)?.pairs).toBe(1500);
    expect(acteIITargetsOn('2009-06-01', lists)).toBeNull();
  });

  it('store a pair’s default shares from the rules in force at its start', () => {
    expect(pairShares({ startDate: '2011-03-01' }, lists)).toEqual({ activityBp: 5000, payBp: 8000 });
    expect(pairShares({ startDate: '2012-03-01' }, lists)).toEqual({ activityBp: 6000, payBp: 8500 });
    // Shares given in the form are kept whatever the period.
    expect(pairShares({ startDate: '2012-03-01', activityBp: 4000, payBp: 7000 }, lists)).toEqual({ activityBp: 4000, payBp: 7000 });
    expect(() => pairShares({ startDate: '2007-03-01' }, lists)).toThrow(/2007-03-01/);
  });

  it('judge an exit under the pathway rules of the exit day', () => {
    // Under the first version a CDI intérimaire exists only from 6 March 2014; under the second from 2013.
    expect(exitIssues('2012-01-02', '2012-10-01', 'cdiInterimaire', lists).map((i) => i.code)).toEqual(['TEMP_CDI_INTERIMAIRE_TOO_EARLY']);
    expect(exitIssues('2012-01-02', '2013-10-01', 'cdiInterimaire', lists)).toEqual([]);
    expect(exitIssues('2012-01-02', '2011-10-01', 'cdd', lists).map((i) => i.code)).toEqual(['TEMP_EXIT_BEFORE_ENTRY']);
    expect(exitIssues('2007-01-02', '2007-10-01', 'cdd', lists).map((i) => i.code)).toEqual(['TEMP_EXIT_NO_RULES']);
  });

  it('are never taken by position in the code', () => {
    const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
    const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path.join(dir, e.name)] : []));
    // `ACTE_II_PARAMETERS.pairs[0]` is the first version ever written, not the one in force at the record's date.
    const positional = files(src).flatMap((file) => fs.readFileSync(file, 'utf8').split('\n')
      .flatMap((line, i) => (/PARAMETERS\.\w+\s*(\[\s*\d+\s*\]|\.at\()/.test(line) ? [`${path.relative(src, file)}:${i + 1}`] : [])));
    expect(positional).toEqual([]);
  });
});
