import type { OrganisationKind } from '../platform/identity/roles.js';

/**
 * Funders are categories of money, not organisations: "OPCA" is the share paid by the
 * request's own training fund, "STATE" and "FSE" are paid by the State service, etc.
 */
export const FUNDERS = ['OPCA', 'STATE', 'FSE', 'REGION', 'FPSPP', 'FAFTT', 'POLE_EMPLOI', 'COMPANY'] as const;
export type Funder = (typeof FUNDERS)[number];

export const FUNDER_LABELS: Record<Funder, string> = {
  OPCA: 'OPCA / OPCO',
  STATE: 'État (FNE-Formation)',
  FSE: 'Fonds social européen',
  REGION: 'Région',
  FPSPP: 'FPSPP',
  FAFTT: 'FAF.TT (fonds de l’intérim)',
  POLE_EMPLOI: 'Pôle emploi',
  COMPANY: 'Entreprise (autofinancement)',
};

/** Which funders' lines an organisation of this kind instructs and pays. */
export const FUNDERS_OF_KIND: Partial<Record<OrganisationKind, Funder[]>> = {
  training_fund: ['OPCA'],
  state: ['STATE', 'FSE'],
  region: ['REGION'],
  fpspp: ['FPSPP'],
  pole_emploi: ['POLE_EMPLOI'],
  temp_agency: ['FAFTT'],
  company: ['COMPANY'],
};

export function fundersOf(kind: OrganisationKind): Funder[] {
  return FUNDERS_OF_KIND[kind] ?? [];
}
