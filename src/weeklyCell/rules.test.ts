import { describe, expect, it } from 'vitest';
import { missingForSubmission, submissionRefusal } from './completeness.js';
import { decisionLines } from './decisions.js';
import { checkFinancingPlan, describeRule, fundingOutlook, ruleCeiling, ruleFor, type FundingRule } from './financingPlan.js';
import { dueAfterRealisation, isFullyPaid, realisedCost } from './realisation.js';
import { requestDraftSchema, type RequestDraft } from './requestSchema.js';
import { readiness, routePartners, type RoutingRule } from './routing.js';
import { sessionAllows, sessionReference } from './sessionStatus.js';
import { actionTotals, requestTotals } from './totals.js';

const completeDraft = (): RequestDraft => requestDraftSchema.parse({
  measureId: 1, trainingFundId: 4,
  company: { name: 'Mécanique', siret: '73282932000074', nafCode: '29.32Z', idcc: '54', headcount: 120, departement: '25' },
  activityDrop: { start: '2009-03-01', end: '2009-08-31', justificationKind: 'partial_activity', authorisationReference: 'AP-25-2009-001', partialActivityHours: 12000, retentionCommitmentMonths: 12, retentionCommitment: 'Aucun licenciement économique' },
  employees: [
    { lastName: 'Martin', firstName: 'Julie', birthDate: '1975-04-12', sex: 'F', socioProfessionalCategory: 'ouvrier', level1969: 'V', contractType: 'CDI' },
    { lastName: 'Petit', firstName: 'Marc', birthDate: '1962-10-01', sex: 'M', socioProfessionalCategory: 'technicien_am', level1969: 'IV', contractType: 'CDI', situation: 'job_seeker' },
  ],
  actions: [{ title: 'Usinage CN', providerName: 'AFPA', providerSiret: '82422814200660', hoursPerTrainee: 70, startDate: '2009-04-01', endDate: '2009-05-15', teachingCostCents: 700000, hourlyWageCents: 1500, trainees: [0, 1] }],
  fundingLines: [{ funder: 'OPCA', proposedCents: 500000 }, { funder: 'STATE', proposedCents: 300000 }, { funder: 'COMPANY', proposedCents: 110000 }],
});

describe('totals', () => {
  it('computes pay cost as hourly wage × hours × trainees and counts trainees once', () => {
    expect(actionTotals({ hoursPerTrainee: 70, traineeCount: 2, teachingCostCents: 700000, hourlyWageCents: 1500 }))
      .toEqual({ trainingHours: 140, payCostCents: 210000, totalCostCents: 910000 });
    const totals = requestTotals([
      { hoursPerTrainee: 10, traineeCount: 2, teachingCostCents: 100, hourlyWageCents: 1000, trainees: [0, 1] },
      { hoursPerTrainee: 5, traineeCount: 1, teachingCostCents: 50, hourlyWageCents: 2000, trainees: [1] },
    ]);
    expect(totals).toEqual({ traineeCount: 2, trainingHours: 25, teachingCostCents: 150, payCostCents: 30000, totalCostCents: 30150 });
  });
});

describe('draft schema', () => {
  it('refuses a wrong SIRET key, negative amounts, dates out of order and unknown trainees with paths', () => {
    const result = requestDraftSchema.safeParse({
      measureId: 1,
      company: { name: 'X', siret: '73282932000075' },
      activityDrop: { start: '2009-05-01', end: '2009-04-01' },
      actions: [{ title: 'A', providerName: 'P', providerSiret: '82422814200660', hoursPerTrainee: 10, startDate: '2009-04-02', endDate: '2009-04-01', teachingCostCents: -1, hourlyWageCents: 100, trainees: [3] }],
    });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['company.siret', 'activityDrop.end', 'actions.0.endDate', 'actions.0.teachingCostCents', 'actions.0.trainees.0']));
  });
  it('normalises NAF and IDCC', () => {
    const d = completeDraft();
    expect(d.company.nafCode).toBe('2932Z');
    expect(d.company.idcc).toBe('0054');
  });
});

describe('completeness', () => {
  it('accepts a complete draft', () => {
    expect(missingForSubmission(completeDraft())).toEqual([]);
  });
  it('names every missing piece with its field', () => {
    const d = completeDraft();
    d.trainingFundId = null;
    d.company.nafCode = null;
    d.activityDrop.authorisationReference = null;
    d.actions[0].trainees = [0];
    d.employees[0].level1969 = 'I';
    d.employees[0].level2019 = null;
    const paths = missingForSubmission(d).map((m) => m.path);
    expect(paths).toEqual(['trainingFundId', 'company.nafCode', 'activityDrop.authorisationReference', 'employees.0.level2019', 'employees.1']);
  });
  it('requires actions to fall within the drop in activity', () => {
    const d = completeDraft();
    d.actions[0].startDate = '2009-09-01';
    d.actions[0].endDate = '2009-09-30';
    expect(missingForSubmission(d).map((m) => m.path)).toContain('actions.0.startDate');
  });
});

const rules: FundingRule[] = [
  { funder: 'STATE', label: 'FNE < 50', validFrom: '2008-12-01', validTo: null, maxRateBp: 8000, hourlyCapCents: null, maxHeadcount: 49 },
  { funder: 'STATE', label: 'FNE ≥ 50', validFrom: '2008-12-01', validTo: null, maxRateBp: 4500, hourlyCapCents: null, maxHeadcount: null },
  { funder: 'OPCA', label: 'OPCA', validFrom: '2008-12-01', validTo: '2009-12-31', maxRateBp: 7000, hourlyCapCents: 5000, maxHeadcount: null },
];
const envelopes = [
  { funder: 'OPCA', amountCents: 10_000_000, committedCents: 0 },
  { funder: 'STATE', amountCents: 10_000_000, committedCents: 9_900_000 },
];

describe('financing plan', () => {
  it('picks the narrowest rule in force for the headcount and date', () => {
    expect(ruleFor(rules, 'STATE', '2009-03-01', 30)?.maxRateBp).toBe(8000);
    expect(ruleFor(rules, 'STATE', '2009-03-01', 50)?.maxRateBp).toBe(4500);
    expect(ruleFor(rules, 'OPCA', '2010-01-01', 30)).toBeUndefined();
  });
  it('balances when lines add up, rates, caps and envelopes hold', () => {
    const plan = { lines: [{ funder: 'OPCA' as const, proposedCents: 500_000 }, { funder: 'COMPANY' as const, proposedCents: 500_000 }], totalCostCents: 1_000_000, trainingHours: 200, headcount: 120, ruleDate: '2009-03-01' };
    expect(checkFinancingPlan(plan, rules, envelopes)).toEqual([]);
  });
  it('explains each breach: sum, rate, hourly cap, envelope, no rule in force', () => {
    const plan = { lines: [{ funder: 'OPCA' as const, proposedCents: 800_000 }, { funder: 'STATE' as const, proposedCents: 150_000 }], totalCostCents: 1_000_000, trainingHours: 100, headcount: 120, ruleDate: '2009-03-01' };
    const messages = checkFinancingPlan(plan, rules, envelopes).map((i) => i.message);
    expect(messages[0]).toMatch(/il manque 500,00/);
    expect(messages.some((m) => /OPCA \/ OPCO finance au plus 70 % du coût total, soit 7\u00a0000,00/.test(m))).toBe(true);
    expect(messages.some((m) => /au plus 50,00.*par heure de stagiaire, soit 5\u00a0000,00.*pour 100 heures/.test(m))).toBe(true);
    expect(messages.some((m) => /ne dispose plus que de 1\u00a0000,00.*sur ce dispositif/.test(m))).toBe(true);
    expect(messages.join(' ')).not.toMatch(/règle|point\(s\)/);
    const late = checkFinancingPlan({ ...plan, ruleDate: '2010-02-01' }, rules, envelopes).map((i) => i.message);
    expect(late.some((m) => /ne finance pas ce dispositif à la date du 01\/02\/2010/.test(m))).toBe(true);
  });
});

describe('routing and readiness', () => {
  const routing: RoutingRule[] = [
    { organisationId: null, funder: null, departement: null, nafSection: null, isJobSeekersOnly: false, isRequired: true, label: 'OPCA' },
    { organisationId: 2, funder: null, departement: null, nafSection: null, isJobSeekersOnly: false, isRequired: true, label: 'État' },
    { organisationId: 3, funder: 'REGION', departement: null, nafSection: null, isJobSeekersOnly: false, isRequired: true, label: 'Région' },
    { organisationId: 5, funder: null, departement: null, nafSection: null, isJobSeekersOnly: true, isRequired: true, label: 'Pôle emploi' },
    { organisationId: 6, funder: null, departement: '39', nafSection: 'C', isJobSeekersOnly: false, isRequired: false, label: 'Jura industrie' },
  ];
  it('routes to the fund, the State, the Region when it pays, Pôle emploi for job seekers, by territory and sector', () => {
    const base = { trainingFundId: 4, departement: '25', nafSection: 'C', funders: ['OPCA', 'STATE'], hasJobSeekers: false };
    expect(routePartners(routing, base).map((p) => p.organisationId)).toEqual([4, 2]);
    expect(routePartners(routing, { ...base, funders: ['REGION'], hasJobSeekers: true }).map((p) => p.organisationId)).toEqual([4, 2, 3, 5]);
    const jura = routePartners(routing, { ...base, departement: '39' });
    expect(jura.find((p) => p.organisationId === 6)).toMatchObject({ isRequired: false });
    expect(routePartners(routing, { ...base, trainingFundId: null }).map((p) => p.organisationId)).toEqual([2]);
  });
  it('is ready only when every required opinion is in, the plan balances and no question is pending', () => {
    const partners = [{ organisationId: 4, name: 'OPCAIM', isRequired: true }, { organisationId: 6, name: 'Jura', isRequired: false }];
    expect(readiness(partners, new Set([4]), [], 0)).toEqual({ ready: true, missing: [] });
    expect(readiness(partners, new Set(), [], 0).missing[0].message).toBe('Avis attendu : OPCAIM.');
    expect(readiness(partners, new Set([4]), [{ path: 'fundingLines', message: 'x' }], 0).ready).toBe(false);
    expect(readiness(partners, new Set([4]), [], 1).ready).toBe(false);
  });
});

describe('decisions', () => {
  const proposed = [{ funder: 'OPCA' as const, proposedCents: 1000 }, { funder: 'STATE' as const, proposedCents: 500 }];
  it('grants the plan on approval and nothing on refusal or postponement', () => {
    expect(decisionLines('approved', proposed, undefined, 'Dossier conforme').lines).toEqual([{ funder: 'OPCA', approvedCents: 1000 }, { funder: 'STATE', approvedCents: 500 }]);
    expect(decisionLines('refused', proposed, undefined, 'Hors champ').lines).toEqual([]);
  });
  it('requires a motivation and a partial approval that lowers without raising', () => {
    expect(decisionLines('approved', proposed, undefined, '').issues[0].path).toBe('motivation');
    expect(decisionLines('partially_approved', proposed, [{ funder: 'OPCA', approvedCents: 800 }], 'Coût horaire élevé').issues).toEqual([]);
    expect(decisionLines('partially_approved', proposed, [{ funder: 'OPCA', approvedCents: 1200 }], 'x y z').issues[0].path).toBe('lines.0.approvedCents');
    expect(decisionLines('partially_approved', proposed, [], 'x y z').issues[0].message).toMatch(/réduit au moins un montant/);
    expect(decisionLines('partially_approved', proposed, [{ funder: 'REGION', approvedCents: 1 }], 'x y z').issues.some((i) => /ne figure pas/.test(i.message))).toBe(true);
  });
});

describe('realisation and payment', () => {
  it('scales what a funder owes to the realised cost, never above the approval', () => {
    expect(dueAfterRealisation(1000, 2000, null)).toBe(1000);
    expect(dueAfterRealisation(1000, 2000, 1000)).toBe(500);
    expect(dueAfterRealisation(1000, 2000, 3000)).toBe(1000);
    expect(dueAfterRealisation(1000, 3000, 1000)).toBe(333);
  });
  it('computes realised cost from attended hours and knows when all is paid', () => {
    expect(realisedCost([{ realisedHours: 100, realisedTrainees: 2, realisedTeachingCostCents: 5000, hourlyWageCents: 1500 }])).toEqual({ realisedHours: 100, realisedCostCents: 155000 });
    expect(isFullyPaid([{ funder: 'OPCA', approvedCents: 10, dueCents: 8, paidCents: 8 }])).toBe(true);
    expect(isFullyPaid([{ funder: 'OPCA', approvedCents: 10, dueCents: 8, paidCents: 7 }])).toBe(false);
  });
});

describe('sessions', () => {
  it('allows decisions only while the session is held and names it by ISO week', () => {
    expect(sessionAllows('planned', 'recordDecision')).toBe(false);
    expect(sessionAllows('open', 'recordDecision')).toBe(true);
    expect(sessionAllows('closed', 'editAgenda')).toBe(false);
    expect(sessionReference('2009-06-04')).toBe('CELLULE-2009-S23');
    expect(sessionReference('2010-01-01')).toBe('CELLULE-2009-S53');
  });
});

describe('what a company is told while it types its plan', () => {
  it('gives each funder’s limit on this request and what remains of its envelope', () => {
    expect(ruleCeiling({ maxRateBp: 7000, hourlyCapCents: 5000 }, 1_000_000, 100)).toBe(500_000);
    expect(ruleCeiling({ maxRateBp: 7000, hourlyCapCents: 5000 }, 1_000_000, 1000)).toBe(700_000);
    expect(ruleCeiling({ maxRateBp: null, hourlyCapCents: null }, 1_000_000, 10)).toBeNull();
    expect(describeRule({ maxRateBp: 4500, hourlyCapCents: null })).toBe('au plus 45 % du coût total');
    const outlook = fundingOutlook([
      { funder: 'OPCA', amountCents: 10_000_000, committedCents: 0 },
      { funder: 'STATE', amountCents: 10_000_000, committedCents: 10_500_000 },
      { funder: 'COMPANY', amountCents: 1_000, committedCents: 0 },
    ], rules, '2009-03-01', 30);
    expect(outlook.exhausted).toBe(false);
    expect(outlook.funders.map((f) => [f.funder, f.remainingCents, f.limit?.maxRateBp ?? null])).toEqual([['OPCA', 10_000_000, 7000], ['STATE', 0, 8000], ['COMPANY', null, null]]);
    expect(fundingOutlook([{ funder: 'STATE', amountCents: 100, committedCents: 100 }, { funder: 'COMPANY', amountCents: 100, committedCents: 0 }], rules, '2009-03-01', 30).exhausted).toBe(true);
  });
  it('heads a refusal with the parts of the form concerned and the count in words', () => {
    expect(submissionRefusal([{ path: 'trainingFundId', message: 'x' }, { path: 'fundingLines.0.proposedCents', message: 'y' }, { path: 'fundingLines', message: 'z' }]))
      .toBe('La demande ne peut pas encore être déposée : l’entreprise et le plan de financement sont à compléter ou corriger (trois points, détaillés ci-dessous).');
    expect(submissionRefusal([{ path: 'actions.0.trainees', message: 'x' }])).toBe('La demande ne peut pas encore être déposée : les actions de formation sont à compléter ou corriger (un point, détaillé ci-dessous).');
  });
});

