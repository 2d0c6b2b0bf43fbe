import type { Kysely } from 'kysely';
import type { Schema } from '../../platform/db/schema.js';
import type { Actor } from '../../platform/identity/roles.js';
import { ACTE_II_PARAMETERS } from '../../acteII/parameters.js';
import { NoParameterInForce } from '../../shared/validity.js';
import type { LineProblems } from '../../platform/imports/lineProblems.js';
import type { CheckProgress } from '../../platform/imports/engine.js';
import { checkPair, pairSchedule } from '../rules/index.js';
import { pairRuleInput, type JuniorContract } from '../pairJudgement.js';
import { pairBody, type PairBody } from '../pairSchema.js';
import { pairColumn } from './layout.js';

export interface PairImportRow { line: number; body: PairBody; companyId: number; juniorReference: string }

/**
 * The rules of POST /api/pairs, line by line: the junior's contract visible to the importer (a
 * company: its own; another's answers « inconnu », as the API does), not already in a pair — in
 * the database or on an earlier line — then every rule of checkPair and the monthly schedule's
 * parameters.
 */
export async function checkPairs(db: Kysely<Schema>, actor: Actor, lines: { line: number; value: Record<string, any> }[], problems: LineProblems, checked: CheckProgress = async () => {}): Promise<PairImportRow[]> {
  const references = [...new Set(lines.map((l) => l.value.juniorReference as string))];
  const contracts = new Map<string, JuniorContract>();
  const paired = new Map<number, string>();
  for (let i = 0; i < references.length; i += 500) {
    const part = references.slice(i, i + 500);
    const found = await db.selectFrom('proContracts').select(['id', 'reference', 'companyId', 'contractType', 'isReservedForPair']).where('reference', 'in', part).execute();
    for (const c of found) contracts.set(c.reference, c);
    const ids = found.map((c) => c.id);
    if (ids.length) for (const p of await db.selectFrom('pairs').select(['juniorContractId', 'reference']).where('juniorContractId', 'in', ids).execute()) paired.set(p.juniorContractId, p.reference);
  }
  const inFile = new Map<string, number>();

  const rows: PairImportRow[] = [];
  for (const [index, { line, value: v }] of lines.entries()) {
    await checked(index + 1, lines.length);
    let failed = false;
    const fail = (path: string, message: string) => { failed = true; problems.add(line, pairColumn(path), message); };

    const junior = contracts.get(v.juniorReference);
    if (!junior || (actor.organisationKind === 'company' && junior.companyId !== actor.organisationId)) {
      fail('juniorContractId', `contrat de professionnalisation « ${v.juniorReference} » inconnu pour cet employeur.`);
      continue;
    }
    if (paired.has(junior.id)) fail('juniorContractId', `ce contrat est déjà celui du jeune du binôme ${paired.get(junior.id)}.`);
    if (inFile.has(junior.reference)) fail('juniorContractId', `ce contrat est déjà celui du binôme de la ligne ${inFile.get(junior.reference)}.`);
    else inFile.set(junior.reference, line);

    const parsed = pairBody.safeParse({
      juniorContractId: junior.id,
      senior: { lastName: v.seniorLastName, firstName: v.seniorFirstName, sex: v.seniorSex, birthDate: v.seniorBirthDate, expectedRetirementDate: v.expectedRetirementDate },
      writtenAgreement: v.writtenAgreement, startDate: v.startDate, endDate: v.endDate, fullTimeSalaryCents: v.fullTimeSalaryCents,
      activityBp: v.activityBp ?? undefined, payBp: v.payBp ?? undefined, employerPaysEmployeeSupplement: v.employerPaysEmployeeSupplement ?? undefined,
    });
    if (!parsed.success) for (const i of parsed.error.issues) fail(i.path.join('.'), i.message);
    if (failed || !parsed.success) continue;

    const input = pairRuleInput(parsed.data, junior);
    try {
      for (const i of checkPair(input, ACTE_II_PARAMETERS)) {
        if (i.severity === 'error') fail(i.field, i.message);
        else problems.warn(line, i.message);
      }
      if (!failed) pairSchedule(input, ACTE_II_PARAMETERS);
    } catch (error) {
      if (!(error instanceof NoParameterInForce)) throw error;
      fail('startDate', `aucune règle des binômes (taux, plafond) n’est connue pour ${error.day} : vérifiez les dates du binôme.`);
    }
    if (failed) continue;
    rows.push({ line, body: parsed.data, companyId: junior.companyId, juniorReference: junior.reference });
  }
  return rows;
}
