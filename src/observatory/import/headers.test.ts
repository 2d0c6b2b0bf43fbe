import { describe, expect, it } from 'vitest';
import { bmoDataset } from './datasets.js';
import { resolveColumns } from './headers.js';
import { areaOf } from '../territory.js';
import { nextDigestAt } from '../alerts.js';

describe('en-têtes des fichiers publiés', () => {
  it('reconnaît les colonnes de bassin de chaque millésime (BE19 … BE25) et les libellés changés', () => {
    const y2025 = resolveColumns(['annee', 'Code métier BMO', 'Nom métier BMO', 'Famille_met', 'Dept', 'BE25', 'NOMBE25', 'met', 'xmet', 'smet'], bmoDataset.columns);
    expect(y2025.missing).toEqual([]);
    expect(y2025.layout.find((c) => c.key === 'bassinLabel')?.header).toBe('NOMBE25');
    expect(y2025.layout.find((c) => c.key === 'bassinCode')?.header).toBe('BE25');
    const y2019 = resolveColumns(['code_metier_bmo', 'nom_metier_bmo', 'NOMBE19', 'MET', 'XMET', 'SMET'], bmoDataset.columns);
    expect(y2019.missing).toEqual([]);
    expect(y2019.layout.find((c) => c.key === 'fapLabel')?.header).toBe('nom_metier_bmo');
    expect(resolveColumns(['annee', 'met'], bmoDataset.columns).missing.map((c) => c.label)).toEqual(['Code métier BMO', 'Nom métier BMO', 'NOMBE25', 'xmet', 'smet']);
  });
});

describe('zones d’emploi des fichiers', () => {
  it('lit les bassins BMO comme les zones de Parcours qui les contiennent', () => {
    expect(areaOf('Belfort - Montbéliard')?.code).toBe('belfort-montbeliard-hericourt');
    expect(areaOf('MORTEAU')?.code).toBe('morteau');
    expect(areaOf('Lons le Saunier')?.code).toBe('lons-le-saunier');
    expect(areaOf('Maîche')?.code).toBe('morteau');
    expect(areaOf('Mulhouse')).toBeUndefined();
  });
});

describe('récapitulatif hebdomadaire', () => {
  it('part le lundi suivant à 7 h UTC', () => {
    expect(nextDigestAt(new Date('2014-03-05T10:00:00Z'))).toBe('2014-03-10T07:00:00.000Z');
    expect(nextDigestAt(new Date('2014-03-10T06:59:00Z'))).toBe('2014-03-10T07:00:00.000Z');
    expect(nextDigestAt(new Date('2014-03-10T07:00:00Z'))).toBe('2014-03-17T07:00:00.000Z');
  });
});
