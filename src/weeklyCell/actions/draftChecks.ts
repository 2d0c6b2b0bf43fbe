import type { Transaction } from 'kysely';
import type { Schema } from '../../platform/db/schema.js';
import { invalid, invalidMany, type FieldIssue } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/identity/roles.js';
import { normaliseIdentifier } from '../../shared/siret.js';
import type { RequestDraft } from '../requestSchema.js';

/**
 * What a draft must satisfy beyond its shape, whoever saves it: a measure of the weekly
 * cell, a real training fund, a NAF code of the nomenclature, and the company's own identity.
 */
export async function checkDraft(trx: Transaction<Schema>, actor: Actor, draft: RequestDraft): Promise<void> {
  const [measure, fund, naf, organisation] = await Promise.all([
    trx.selectFrom('measures').select(['id', 'kind']).where('id', '=', draft.measureId).executeTakeFirst(),
    draft.trainingFundId ? trx.selectFrom('organisations').select('kind').where('id', '=', draft.trainingFundId).executeTakeFirst() : undefined,
    draft.company.nafCode ? trx.selectFrom('nafCodes').select('code').where('code', '=', draft.company.nafCode).executeTakeFirst() : undefined,
    trx.selectFrom('organisations').select(['name', 'siret']).where('id', '=', actor.organisationId).executeTakeFirst(),
  ]);
  // All at once: a company corrects its form in one go, not one refusal at a time.
  const issues: FieldIssue[] = [];
  if (!measure || measure.kind !== 'weekly_cell') issues.push({ path: 'measureId', message: 'Ce dispositif ne reçoit pas de demandes de la cellule hebdomadaire.' });
  if (draft.trainingFundId && (!fund || fund.kind !== 'training_fund')) issues.push({ path: 'trainingFundId', message: 'L’organisme choisi n’est pas un OPCA/OPCO.' });
  const code = draft.company.nafCode;
  if (code && !naf) issues.push({ path: 'company.nafCode', message: `Le code NAF ${code.slice(0, 2)}.${code.slice(2)} n’existe pas dans la nomenclature NAF rév. 2.` });
  const identity = identityProblem(organisation ?? null, draft.company.siret);
  if (identity) issues.push({ path: 'company.siret', message: identity });
  if (issues.length === 1) throw invalid(issues[0].path, issues[0].message);
  if (issues.length) throw invalidMany(issues);
}

/**
 * A company files only under its own identity: its SIRET, or another establishment of its
 * SIREN (the first nine digits). Filing under another company's name and number would put
 * that company's name on a request it never made.
 */
export function assertOwnIdentity(organisation: { name: string; siret: string | null } | null, siret: string): void {
  const problem = identityProblem(organisation, siret);
  if (problem) throw invalid('company.siret', problem);
}

function identityProblem(organisation: { name: string; siret: string | null } | null, siret: string): string | null {
  const own = organisation?.siret ? normaliseIdentifier(organisation.siret) : null;
  if (!own) return 'Le SIRET de votre organisation n’est pas enregistré : demandez au secrétariat de le renseigner avant de déposer une demande.';
  if (normaliseIdentifier(siret).slice(0, 9) !== own.slice(0, 9)) {
    return `Le SIRET ${siret} n’est pas un établissement de ${organisation!.name} (SIREN ${own.slice(0, 9)}) : une entreprise ne dépose que pour elle-même.`;
  }
  return null;
}
