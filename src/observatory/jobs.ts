import type { IsoDate } from '../shared/dates.js';
import { valueOn, type Dated } from '../shared/validity.js';

/**
 * The BMO survey names jobs by FAP family: the 2009 nomenclature until the 2024 survey, the 2021
 * one from 2025. A dated parameter, read at the survey year.
 */
export const FAP_VERSIONS: readonly Dated<string>[] = [
  { validFrom: '2000-01-01', validTo: '2024-12-31', value: '2009' },
  { validFrom: '2025-01-01', validTo: null, value: '2021' },
];

export const fapVersionFor = (year: number): string => valueOn('nomenclature FAP de l’enquête BMO', FAP_VERSIONS, `${year}-01-01` as IsoDate);
