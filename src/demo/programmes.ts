import type { Kysely } from 'kysely';
import type { Schema } from '../platform/db/schema.js';

const euros = (amount: number) => Math.round(amount * 100);

/** Acte I and Acte II as the seed describes them; everything here is editable data. */
export async function insertDemoProgrammes(db: Kysely<Schema>, organisations: Map<string, number>): Promise<void> {
  const acte1 = await db.insertInto('programmes').values({
    code: 'ACTE1', name: 'Acte I — cellule opérationnelle hebdomadaire', startsOn: '2008-12-01', endsOn: '2010-12-31',
    description: 'Partenariat État – Région – partenaires sociaux (mai 2009) : former les salariés pendant la baisse d’activité.',
  }).returning('id').executeTakeFirstOrThrow();
  const acte2 = await db.insertInto('programmes').values({
    code: 'ACTE2', name: 'Acte II — sécurisation des parcours professionnels', startsOn: '2010-05-04', endsOn: '2014-12-31',
    description: 'Déclaration d’intention du 4 mai 2010, protocole du 10 février 2011 ; expérimentation 2010–2014.',
  }).returning('id').executeTakeFirstOrThrow();

  const measure = async (programmeId: number, code: string, name: string, kind: string, startsOn: string, endsOn: string) =>
    (await db.insertInto('measures').values({ programmeId, code, name, kind, startsOn, endsOn }).returning('id').executeTakeFirstOrThrow()).id;

  const cell1 = await measure(acte1.id, 'ACTE1-CELLULE', 'Formation pendant la baisse d’activité (cellule hebdomadaire)', 'weekly_cell', '2008-12-01', '2010-12-31');
  const cell2 = await measure(acte2.id, 'ACTE2-AXE1', 'Axe 1 — poursuite de l’Acte I (PME et TPE de l’industrie)', 'weekly_cell', '2010-05-04', '2014-12-31');
  const cpro = await measure(acte2.id, 'ACTE2-CPRO', 'Axe transversal — contrats de professionnalisation', 'pro_contracts', '2010-05-04', '2014-12-31');
  const temp = await measure(acte2.id, 'ACTE2-AXE2', 'Axe 2 — parcours intérimaires', 'temp_pathways', '2010-01-01', '2014-12-31');
  const pairs = await measure(acte2.id, 'ACTE2-AXE3', 'Axe 3 — binômes intergénérationnels', 'pairs', '2010-05-04', '2014-12-31');

  // What the cell asks for at each stage (editable on the measure's page). Acte I's list is the
  // one the cell worked with; Axis 1 starts with the same documents as optional, the partnership
  // marking as required what it decides to check at each gate.
  const checklist = (measureId: number, validFrom: string, required: boolean) => [
    { stage: 'filing', label: 'Autorisation d’activité partielle (ou accord APLD)', isRequired: required },
    { stage: 'filing', label: 'Devis et programme de l’organisme de formation', isRequired: required },
    { stage: 'filing', label: 'Engagement de maintien dans l’emploi signé', isRequired: false },
    { stage: 'information', label: 'Plan de formation signé', isRequired: false },
    { stage: 'realisation', label: 'Feuilles d’émargement', isRequired: required },
    { stage: 'realisation', label: 'Attestations de fin de formation', isRequired: false },
    { stage: 'payment', label: 'Factures de l’organisme de formation', isRequired: required },
    { stage: 'payment', label: 'Bulletins de salaire des stagiaires (coût salarial)', isRequired: false },
  ].map((d, i) => ({ measureId, ...d, position: i + 1, validFrom, validTo: null }));
  await db.insertInto('expectedDocuments').values([...checklist(cell1, '2008-12-01', true), ...checklist(cell2, '2010-05-04', false)]).execute();

  await db.insertInto('targets').values([
    { measureId: cell1, indicator: 'companies', label: 'Entreprises aidées', value: 72 },
    { measureId: cell1, indicator: 'employees', label: 'Salariés formés', value: 10748 },
    { measureId: cell1, indicator: 'hours', label: 'Heures de formation', value: 366513 },
    { measureId: cpro, indicator: 'contracts', label: 'Contrats de professionnalisation', value: 6000 },
    { measureId: cpro, indicator: 'reserved_pairs', label: 'dont réservés à la solidarité intergénérationnelle', value: 1000 },
    { measureId: temp, indicator: 'pathways', label: 'Parcours intérimaires', value: 1000 },
    { measureId: pairs, indicator: 'pairs', label: 'Binômes intergénérationnels', value: 1000 },
  ]).execute();

  // Acte I: 15 M€, 43 % OPCA, 22 % State and FSE, 13 % Region, the rest the companies' own share.
  await db.insertInto('envelopes').values([
    { measureId: cell1, funder: 'OPCA', amountCents: euros(6_450_000) },
    { measureId: cell1, funder: 'STATE', amountCents: euros(1_800_000) },
    { measureId: cell1, funder: 'FSE', amountCents: euros(1_500_000) },
    { measureId: cell1, funder: 'REGION', amountCents: euros(1_950_000) },
    { measureId: cell1, funder: 'COMPANY', amountCents: euros(3_300_000) },
    { measureId: cell2, funder: 'OPCA', amountCents: euros(4_000_000) },
    { measureId: cell2, funder: 'STATE', amountCents: euros(2_000_000) },
    { measureId: cell2, funder: 'FSE', amountCents: euros(1_000_000) },
    { measureId: cell2, funder: 'REGION', amountCents: euros(1_500_000) },
    { measureId: cell2, funder: 'POLE_EMPLOI', amountCents: euros(300_000) },
    { measureId: cell2, funder: 'COMPANY', amountCents: euros(2_500_000) },
    { measureId: temp, funder: 'FAFTT', amountCents: euros(17_200_000) },
    { measureId: temp, funder: 'REGION', amountCents: euros(2_000_000) },
    { measureId: temp, funder: 'FPSPP', amountCents: euros(800_000) },
    { measureId: pairs, funder: 'REGION', amountCents: euros(1_500_000) },
    { measureId: pairs, funder: 'FPSPP', amountCents: euros(1_500_000) },
  ]).execute();

  // FNE-Formation: at most 80 % (general training) for firms under 50, 45 % above (to confirm, editable).
  const rules = [cell1, cell2].flatMap((m) => [
    { measureId: m, funder: 'STATE', label: 'FNE-Formation — entreprises de moins de 50 salariés', validFrom: '2008-12-01', validTo: null, maxRateBp: 8000, hourlyCapCents: null, maxHeadcount: 49 },
    { measureId: m, funder: 'STATE', label: 'FNE-Formation — 50 salariés et plus', validFrom: '2008-12-01', validTo: null, maxRateBp: 4500, hourlyCapCents: null, maxHeadcount: null },
    { measureId: m, funder: 'OPCA', label: 'Prise en charge OPCA — plafond horaire', validFrom: '2008-12-01', validTo: null, maxRateBp: 7000, hourlyCapCents: 5000, maxHeadcount: null },
    { measureId: m, funder: 'REGION', label: 'Cofinancement régional', validFrom: '2008-12-01', validTo: null, maxRateBp: 3000, hourlyCapCents: null, maxHeadcount: null },
    { measureId: m, funder: 'FSE', label: 'Fonds social européen', validFrom: '2008-12-01', validTo: null, maxRateBp: 5000, hourlyCapCents: null, maxHeadcount: null },
  ]);
  await db.insertInto('fundingRules').values(rules).execute();

  // Who instructs: the request's own training fund and the State always, the Region when it
  // co-finances, Pôle emploi when job seekers are trained (Acte II enlarged cell).
  await db.insertInto('routingRules').values([cell1, cell2].flatMap((m) => [
    { measureId: m, organisationId: null, funder: null, departement: null, nafSection: null, isJobSeekersOnly: false, isRequired: true, label: 'OPCA de l’entreprise' },
    { measureId: m, organisationId: organisations.get('state')!, funder: null, departement: null, nafSection: null, isJobSeekersOnly: false, isRequired: true, label: 'État (DIRECCTE)' },
    { measureId: m, organisationId: organisations.get('region')!, funder: 'REGION', departement: null, nafSection: null, isJobSeekersOnly: false, isRequired: true, label: 'Région, quand elle cofinance' },
    { measureId: m, organisationId: organisations.get('poleemploi')!, funder: null, departement: null, nafSection: null, isJobSeekersOnly: true, isRequired: true, label: 'Pôle emploi, quand des demandeurs d’emploi sont concernés' },
  ])).execute();
}
