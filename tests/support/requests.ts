import type { TestApp } from './app.js';

/** A complete request of the demo company, as its form would send it. */
export async function sampleDraft(t: TestApp, overrides: Record<string, unknown> = {}) {
  const measure = await t.ctx.database.db.selectFrom('measures').select('id').where('code', '=', 'ACTE2-AXE1').executeTakeFirstOrThrow();
  const fund = await t.orgId('OPCAIM (métallurgie)');
  return {
    measureId: measure.id,
    trainingFundId: fund,
    company: { name: 'Mécanique de Précision du Doubs', siret: '73282932000074', nafCode: '25.62A', idcc: '0054', headcount: 120, departement: '25' },
    activityDrop: {
      start: '2010-06-01', end: '2010-12-31', justificationKind: 'partial_activity', authorisationReference: 'AP-25-2010-042',
      partialActivityHours: 15000, retentionCommitmentMonths: 12, retentionCommitment: 'Aucun licenciement économique pendant 12 mois',
    },
    employees: [
      { lastName: 'Martin', firstName: 'Julie', birthDate: '1975-04-12', sex: 'F', socioProfessionalCategory: 'ouvrier', level1969: 'V', contractType: 'CDI' },
      { lastName: 'Petit', firstName: 'Marc', birthDate: '1962-10-01', sex: 'M', socioProfessionalCategory: 'technicien_am', level1969: 'IV', contractType: 'CDI' },
    ],
    actions: [{
      title: 'Usinage sur commande numérique', objective: 'Polyvalence sur centres d’usinage', providerName: 'AFPA Franche-Comté', providerSiret: '82422814200660',
      hoursPerTrainee: 70, startDate: '2010-07-01', endDate: '2010-09-30', teachingCostCents: 700_000, hourlyWageCents: 1_500, trainees: [0, 1],
    }],
    // Total cost: 7 000 € teaching + 2 × 70 h × 15 € pay = 9 100 €.
    fundingLines: [
      { funder: 'OPCA', proposedCents: 400_000 },
      { funder: 'STATE', proposedCents: 300_000 },
      { funder: 'COMPANY', proposedCents: 210_000 },
    ],
    ...overrides,
  };
}
