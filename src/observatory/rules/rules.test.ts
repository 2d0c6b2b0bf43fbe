import { describe, expect, it } from 'vitest';
import { dissimilarity, factorValues, quintiles, standardisers, tensionComposite, tensionMethodFor, type TensionInputs } from './tension.js';
import { difficultShareBp, isParadox, paradoxThresholdsFor, seekersPerDifficult } from './paradox.js';
import { rankTargets, waysOut, type Move } from './mobility.js';
import { automotiveJobs, automotiveScopeOn, dependencyIndex, isAutomotive } from './automotive.js';
import { evaluateRule, throttled } from './alerts.js';
import { parseBmoCount, sumCounts } from './bmoValues.js';

const cell = (offers: number | null, seekersA: number | null, exitRate: number | null, projects: number | null, difficult: number | null): TensionInputs => ({ offers, seekersA, exitRate, projects, difficult });

describe('indicateur de tension', () => {
  // Reference: offers per seeker 1 and 3 (mean 2, sd 1), exit rates 0.2 and 0.4 (0.3, 0.1), difficult shares 0.2 and 0.6 (0.4, 0.2).
  const refs = standardisers([cell(10, 10, 0.2, 10, 2), cell(30, 10, 0.4, 10, 6)]);
  const method = tensionMethodFor(2013);

  it('pondère 30 / 20 / 50 les composantes centrées réduites', () => {
    expect(method.weights).toEqual({ offersPerSeeker: 0.3, exitRate: 0.2, difficultShare: 0.5 });
    expect(refs.offersPerSeeker).toEqual({ mean: 2, sd: 1 });
    // Every component two standard deviations above the mean: composite 2.
    expect(tensionComposite(cell(40, 10, 0.5, 10, 8), refs, method)).toBeCloseTo(2, 10);
    // Offers per seeker at the mean (0), difficult share one sd below (−1), exit rate unknown: (0.3×0 + 0.5×−1) ÷ 0.8.
    expect(tensionComposite(cell(20, 10, null, 10, 2), refs, method)).toBeCloseTo(-0.625, 10);
  });

  it('ne calcule rien sans composante connue ; un dénominateur nul est inconnu', () => {
    expect(tensionComposite(cell(null, null, null, null, null), refs, method)).toBeNull();
    expect(tensionComposite(cell(5, 0, null, 0, 0), refs, method)).toBeNull();
  });

  it('classe les facteurs de 1 à 5 par quintile', () => {
    expect(quintiles([10, 20, 30, 40, 50])).toEqual([1, 2, 3, 4, 5]);
    expect(quintiles([1, 1, 2, null])).toEqual([1, 1, 4, null]);
  });

  it('mesure le décalage géographique (indice de dissimilarité)', () => {
    expect(dissimilarity([{ offers: 10, seekers: 0 }, { offers: 0, seekers: 10 }])).toBe(1);
    expect(dissimilarity([{ offers: 5, seekers: 2 }, { offers: 5, seekers: 8 }])).toBeCloseTo(0.3, 10);
    expect(dissimilarity([{ offers: 0, seekers: 8 }])).toBeNull();
  });

  it('calcule intensité d’embauche, manque de main-d’œuvre et emploi non durable', () => {
    expect(factorValues({ ...cell(30, 20, null, 50, 10), seasonal: 10, employment: 400 })).toEqual({ hiringIntensity: 0.2, lackOfLabour: -0.05, nonDurable: 0.2 });
  });
});

describe('paradoxe du chômage', () => {
  const t = paradoxThresholdsFor(2013);
  it('demande des chiffres connus, au-dessus des seuils', () => {
    expect(difficultShareBp(40, 26)).toBe(6500);
    expect(isParadox({ projects: 40, difficult: 26, seekers: 120 }, t)).toBe(true);
    expect(isParadox({ projects: 40, difficult: 18, seekers: 120 }, t)).toBe(false);
    expect(isParadox({ projects: 40, difficult: null, seekers: 120 }, t)).toBe(false);
    expect(isParadox({ projects: 8, difficult: 8, seekers: 120 }, t)).toBe(false);
    expect(seekersPerDifficult({ projects: 40, difficult: 26, seekers: 130 })).toBe(5);
  });
});

describe('sorties du « tout auto »', () => {
  const moves: Move[] = [
    { source: 'H2909', target: 'H2903', kind: 1, rank: 1 },
    { source: 'H2909', target: 'N1103', kind: 1, rank: 2 },
    { source: 'H2909', target: 'H1404', kind: 2, rank: 1 },
    { source: 'H2909', target: 'H2903', kind: 2, rank: 3 },
    { source: 'H2903', target: 'H2909', kind: 1, rank: 1 },
  ];
  const tension: Record<string, number | null> = { H2903: 1.2, N1103: -0.4, H1404: null };
  it('classe les métiers cibles par tension dans la zone, les inconnus en dernier', () => {
    const ranked = rankTargets('H2909', moves, (r) => ({ tension: tension[r] ?? null, difficultShareBp: null }));
    expect(ranked.map((r) => r.target)).toEqual(['H2903', 'N1103', 'H1404']);
    expect(ranked[0].kind).toBe(1);
    expect(waysOut(ranked).map((r) => r.target)).toEqual(['H2903']);
  });
});

describe('dépendance automobile', () => {
  const scope = automotiveScopeOn('2012-01-01');
  it('reconnaît la division 29 et les fournisseurs', () => {
    expect(isAutomotive('29.32Z', scope)).toBe(true);
    expect(isAutomotive('25.62A', scope)).toBe(true);
    expect(isAutomotive('26.52Z', scope)).toBe(false);
    expect(isAutomotive(null, scope)).toBe(false);
  });
  it('calcule les parts d’entreprises, de stagiaires et d’embauches', () => {
    // 2 automotive companies of 4; 30 of 100 trainees; 3 of 12 hirings.
    expect(dependencyIndex([
      { naf: '29.10Z', trainees: 20, hirings: 2 }, { naf: '2562A', trainees: 10, hirings: 1 },
      { naf: '32.50B', trainees: 40, hirings: 4 }, { naf: '26.52Z', trainees: 30, hirings: 5 },
    ], scope)).toEqual({ companiesBp: 5000, traineesBp: 3000, hiringsBp: 2500 });
    expect(dependencyIndex([], scope)).toEqual({ companiesBp: null, traineesBp: null, hiringsBp: null });
  });
  it('liste les métiers que recrute l’automobile', () => {
    expect(automotiveJobs([
      { rome: 'H2909', naf: '2910Z', hirings: 100 }, { rome: 'H2909', naf: '2932Z', hirings: 50 },
      { rome: 'N1103', naf: '2910Z', hirings: 40 }, { rome: 'D1106', naf: '4711D', hirings: 900 },
    ], scope, 50)).toEqual([{ rome: 'H2909', hirings: 150 }]);
  });
});

describe('alertes', () => {
  const base = { area: 'morteau', job: 'D1Z41', year: 2013, projects: 40, difficult: 26, seekers: 120 };
  it('hausse de tension d’au moins X points', () => {
    const rule = { id: 1, kind: 'tensionRise' as const, label: '', minRiseHundredths: 50, minDifficultBp: null, minSeekers: null };
    expect(evaluateRule(rule, [{ ...base, tension: 1.1, previousTension: 0.5 }])).toHaveLength(1);
    expect(evaluateRule(rule, [{ ...base, tension: 0.9, previousTension: 0.5 }])).toHaveLength(0);
    expect(evaluateRule(rule, [{ ...base, tension: 0.9, previousTension: null }])).toHaveLength(0);
  });
  it('part difficile ≥ Y % avec au moins Z demandeurs', () => {
    const rule = { id: 2, kind: 'difficultWithSeekers' as const, label: '', minRiseHundredths: null, minDifficultBp: 6000, minSeekers: 100 };
    expect(evaluateRule(rule, [{ ...base, tension: null, previousTension: null }])[0].value).toBe('65 % de projets difficiles, 120 demandeurs d’emploi');
    expect(evaluateRule(rule, [{ ...base, seekers: 99, tension: null, previousTension: null }])).toHaveLength(0);
  });
  it('ne relance pas une alerte avant le délai', () => {
    expect(throttled('2013-03-01T08:00:00Z', '2013-03-20', 28)).toBe(true);
    expect(throttled('2013-03-01T08:00:00Z', '2013-03-29', 28)).toBe(false);
    expect(throttled(undefined, '2013-03-29', 28)).toBe(false);
  });
});

describe('valeurs du fichier BMO', () => {
  it('garde « * » comme secret, jamais zéro', () => {
    expect(parseBmoCount('*')).toEqual({ ok: true, count: { value: null, masked: true } });
    expect(parseBmoCount('0')).toEqual({ ok: true, count: { value: 0, masked: false } });
    expect(parseBmoCount('12,4')).toEqual({ ok: true, count: { value: 12, masked: false } });
    expect(parseBmoCount('douze').ok).toBe(false);
    expect(sumCounts([{ value: 3, masked: false }, { value: null, masked: true }])).toEqual({ value: null, masked: true });
    expect(sumCounts([{ value: 3, masked: false }, { value: 4, masked: false }])).toEqual({ value: 7, masked: false });
  });
});
