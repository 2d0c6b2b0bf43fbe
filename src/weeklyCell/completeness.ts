import type { FieldIssue } from '../platform/http/errors.js';
import { derivedLevel2019 } from '../shared/qualification.js';
import type { RequestDraft } from './requestSchema.js';

/**
 * What must be there before a request leaves the company. Each gap is named with the
 * field at fault so the form can point at it; the plan's balance is checked by
 * `checkFinancingPlan` with the funders' dated rules.
 */
export function missingForSubmission(draft: RequestDraft): FieldIssue[] {
  const missing: FieldIssue[] = [];
  const need = (ok: unknown, path: string, message: string) => { if (!ok) missing.push({ path, message }); };
  const { company, activityDrop: drop } = draft;

  need(draft.trainingFundId, 'trainingFundId', 'Indiquez l’OPCA (opérateur de compétences) de l’entreprise.');
  need(company.nafCode, 'company.nafCode', 'Indiquez le code NAF de l’entreprise.');
  need(company.idcc, 'company.idcc', 'Indiquez la convention collective (IDCC).');
  need(company.headcount, 'company.headcount', 'Indiquez l’effectif de l’entreprise.');
  need(company.departement, 'company.departement', 'Indiquez le département de l’établissement.');
  need(drop.start, 'activityDrop.start', 'Indiquez le début de la baisse d’activité.');
  need(drop.end, 'activityDrop.end', 'Indiquez la fin de la baisse d’activité.');
  need(drop.justificationKind, 'activityDrop.justificationKind', 'Indiquez le justificatif : activité partielle ou APLD.');
  need(drop.authorisationReference, 'activityDrop.authorisationReference', 'Indiquez la référence de l’autorisation d’activité partielle ou de l’accord APLD.');
  need(drop.justificationKind !== 'partial_activity' || (drop.partialActivityHours ?? 0) > 0,
    'activityDrop.partialActivityHours', 'Indiquez le nombre d’heures d’activité partielle autorisées.');
  need((drop.retentionCommitmentMonths ?? 0) > 0, 'activityDrop.retentionCommitmentMonths',
    'Indiquez la durée de l’engagement de maintien dans l’emploi (en mois).');

  need(draft.employees.length > 0, 'employees', 'Ajoutez au moins un salarié concerné.');
  draft.employees.forEach((e, i) => {
    need(e.level2019 || derivedLevel2019(e.level1969), `employees.${i}.level2019`,
      `Salarié n° ${i + 1} : précisez le niveau 2019 (7 ou 8 pour un niveau I).`);
  });
  need(draft.actions.length > 0, 'actions', 'Ajoutez au moins une action de formation.');
  draft.actions.forEach((a, i) => {
    need(a.trainees.length > 0, `actions.${i}.trainees`, `Action « ${a.title} » : désignez les salariés qui la suivent.`);
    if (drop.start && drop.end && (a.startDate > drop.end || a.endDate < drop.start)) {
      missing.push({ path: `actions.${i}.startDate`, message: `Action « ${a.title} » : elle doit se dérouler pendant la baisse d’activité (${drop.start} – ${drop.end}).` });
    }
  });
  const trained = new Set(draft.actions.flatMap((a) => a.trainees));
  draft.employees.forEach((e, i) => {
    need(trained.has(i), `employees.${i}`, `${e.firstName} ${e.lastName} ne suit aucune action : retirez ce salarié ou inscrivez-le à une action.`);
  });
  need(draft.fundingLines.length > 0, 'fundingLines', 'Proposez un plan de financement.');
  return missing;
}

/** The parts of the form a path belongs to, as the company reads them. */
const SECTIONS: [prefix: string, name: string][] = [
  ['measureId', 'le dispositif'], ['trainingFundId', 'l’entreprise'], ['company', 'l’entreprise'], ['activityDrop', 'la baisse d’activité'],
  ['employees', 'les salariés'], ['actions', 'les actions de formation'], ['fundingLines', 'le plan de financement'],
  ['documents', 'les pièces justificatives'],
];
const NUMBERS = ['zéro', 'un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf', 'dix', 'onze', 'douze', 'treize', 'quatorze', 'quinze', 'seize', 'dix-sept', 'dix-huit', 'dix-neuf', 'vingt'];

/** « a, b et c » */
export function listInWords(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} et ${items[items.length - 1]}`;
}

/**
 * The headline of a refused submission: which parts of the form are concerned and how many
 * points, in words (« trois points »), never « 3 point(s) »; each point follows in the list.
 */
export function submissionRefusal(issues: readonly FieldIssue[]): string {
  const sections = [...new Set(issues.map((i) => SECTIONS.find(([p]) => i.path === p || i.path.startsWith(`${p}.`))?.[1] ?? 'le formulaire'))];
  const n = issues.length;
  const count = n === 1 ? 'un point' : `${n < NUMBERS.length ? NUMBERS[n] : n} points`;
  const plural = sections.length > 1 || sections[0]?.startsWith('les ');
  return `La demande ne peut pas encore être déposée : ${listInWords(sections)} ${plural ? 'sont' : 'est'} à compléter ou corriger (${count}, ${n === 1 ? 'détaillé' : 'détaillés'} ci-dessous).`;
}
