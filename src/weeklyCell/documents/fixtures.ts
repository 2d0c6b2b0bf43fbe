import type { DecisionLetterInput } from './decisionLetter.js';
import type { MinutesInput } from './minutes.js';

/** Realistic sample data for tests and for looking at the rendered documents. */
export const sampleMinutes: MinutesInput = {
  session: {
    reference: 'CELL-2026-47',
    heldOn: '2026-11-26',
    closedAt: '2026-11-26T11:45:00Z',
    chair: 'Claire Vuillemin (DREETS)',
    attendees: [
      { organisation: 'DREETS Bourgogne-Franche-Comté', person: 'Claire Vuillemin' },
      { organisation: 'Région Bourgogne-Franche-Comté', person: 'Marc Girardot' },
      { organisation: 'Opco 2i', person: 'Sophie Jeannin' },
      { organisation: 'France Travail' },
    ],
  },
  decisions: [
    {
      requestReference: 'DEM-2026-0112',
      companyName: 'Forges de l’Étoile',
      siret: '73282932000074',
      decision: 'approved',
      motivation: 'Projet cohérent avec la baisse d’activité constatée ; maintien dans l’emploi des 42 salariés concernés.',
      totalCostCents: 18_450_000,
      lines: [
        { funderLabel: 'Opco 2i', proposedCents: 7_380_000, approvedCents: 7_380_000 },
        { funderLabel: 'État (FNE-Formation)', proposedCents: 4_059_000, approvedCents: 4_059_000 },
        { funderLabel: 'Région Bourgogne-Franche-Comté', proposedCents: 2_398_500, approvedCents: 2_398_500 },
      ],
    },
    {
      requestReference: 'DEM-2026-0118',
      companyName: 'Plasturgie du Jura',
      siret: '55208131766522',
      decision: 'partially_approved',
      motivation: 'Les heures de formation interne ne sont pas éligibles ; seule la formation qualifiante « Conduite de presses » est retenue.',
      totalCostCents: 6_200_050,
      lines: [
        { funderLabel: 'Opco 2i', proposedCents: 2_480_020, approvedCents: 1_600_000 },
        { funderLabel: 'État (FNE-Formation)', proposedCents: 1_364_011, approvedCents: 900_000 },
      ],
    },
    {
      requestReference: 'DEM-2026-0121',
      companyName: 'Lunetterie Morézienne',
      siret: '44306184100047',
      decision: 'postponed',
      motivation: 'L’autorisation d’activité partielle et le devis de l’organisme de formation doivent être transmis.',
      totalCostCents: 980_000,
      lines: [{ funderLabel: 'Opco 2i', proposedCents: 392_000, approvedCents: 0 }],
    },
    {
      requestReference: 'DEM-2026-0125',
      companyName: 'Jouets Comtois',
      siret: '40483304800022',
      decision: 'refused',
      motivation: 'L’entreprise ne justifie d’aucune baisse d’activité sur la période.',
      totalCostCents: 1_250_000,
      lines: [],
    },
  ],
  committedByFunder: [
    { funderLabel: 'Opco 2i', amountCents: 8_980_000 },
    { funderLabel: 'État (FNE-Formation)', amountCents: 4_959_000 },
    { funderLabel: 'Région Bourgogne-Franche-Comté', amountCents: 2_398_500 },
  ],
};

export const sampleLetter: DecisionLetterInput = {
  company: { name: 'Plasturgie du Jura', siret: '55208131766522', address: '12 rue des Mouleurs\n39200 Saint-Claude' },
  requestReference: 'DEM-2026-0118',
  sessionHeldOn: '2026-11-26',
  decision: 'partially_approved',
  motivation: 'Les heures de formation interne ne sont pas éligibles ; seule la formation qualifiante « Conduite de presses » est retenue.',
  lines: [
    { funderLabel: 'Opco 2i', approvedCents: 1_600_000 },
    { funderLabel: 'État (FNE-Formation)', approvedCents: 900_000 },
    { funderLabel: 'Région Bourgogne-Franche-Comté', approvedCents: 0 },
  ],
  signatory: { name: 'Claire Vuillemin', title: 'Présidente de la cellule opérationnelle hebdomadaire' },
};
