import type { Kysely } from 'kysely';
import type { Schema } from '../../platform/db/schema.js';
import { AppError } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/identity/roles.js';
import { looseKey } from '../../platform/tabular/parsers.js';
import { quotaCheck, type DateRange } from '../rules/index.js';
import { contractBody, type ContractBody, type TutorBody } from '../contractSchema.js';
import { otherTrainees, ruleInput, type TutorRow } from '../contractRepository.js';
import { judge } from '../contractRecording.js';
import { quotaCounts, quotaTargets, type QuotaTargets } from '../quota.js';
import { CONTRACT_IMPORT_COLUMNS } from './columns.js';
import { contractColumn } from './layout.js';
import type { LineProblems } from '../../platform/imports/lineProblems.js';
import type { CheckProgress } from '../../platform/imports/engine.js';

/** A checked line: the API body, and its tutor either known (id) or to create with the first line naming it. */
export interface ContractImportRow { line: number; body: ContractBody; tutorKey: string | null; tutorId: number | null; newTutor: Omit<TutorBody, 'companyId'> | null }

const header = (key: string) => CONTRACT_IMPORT_COLUMNS.find((c) => c.key === key)!.header;
export const tutorKey = (companyId: number, lastName: string, firstName: string) => `${companyId}|${looseKey(lastName)}|${looseKey(firstName)}`;

/**
 * Every rule of the form, line by line, as if the lines above were already saved: a tutor's load
 * counts the contracts in the database and the file's earlier lines naming the same tutor, and
 * the quota counts the file's earlier contracts — so a file cannot eat into the 1,000 places
 * reserved for pairs unless its lines are flagged « Réservé binôme ».
 */
export async function checkContracts(db: Kysely<Schema>, actor: Actor, lines: { line: number; value: Record<string, any> }[], problems: LineProblems, checked: CheckProgress = async () => {}): Promise<ContractImportRow[]> {
  const organisations = await db.selectFrom('organisations').select(['id', 'kind', 'name', 'siret']).where('kind', 'in', ['company', 'training_fund']).execute();
  const companyBySiret = new Map(organisations.filter((o) => o.kind === 'company' && o.siret).map((o) => [o.siret!, o]));
  const fundByName = new Map(organisations.filter((o) => o.kind === 'training_fund').map((o) => [looseKey(o.name), o]));
  const own = organisations.find((o) => o.id === actor.organisationId);

  const tutors = new Map<string, TutorRow>();
  const companyIds = [...new Set([actor.organisationId, ...lines.flatMap((l) => (l.value.siret && companyBySiret.get(l.value.siret) ? [companyBySiret.get(l.value.siret)!.id] : []))])];
  for (const t of await db.selectFrom('tutors').selectAll().where('companyId', 'in', companyIds).orderBy('id').execute()) {
    const key = tutorKey(t.companyId, t.lastName, t.firstName);
    if (!tutors.has(key)) tutors.set(key, t);
  }
  const loads = new Map<string, DateRange[]>();
  const loadOf = async (key: string, tutor: TutorRow | null) => {
    if (!loads.has(key)) loads.set(key, tutor ? await otherTrainees(db, tutor.id, null) : []);
    return loads.get(key)!;
  };
  const counted = await quotaCounts(db);
  const targets = new Map<string, QuotaTargets>();

  const rows: ContractImportRow[] = [];
  for (const [index, { line, value: v }] of lines.entries()) {
    await checked(index + 1, lines.length);
    let failed = false;
    const fail = (key: string, message: string) => { failed = true; problems.add(line, key ? header(key) : '', message); };
    const failAt = (path: string, message: string) => { failed = true; problems.add(line, contractColumn(path), message); };

    let companyId: number | undefined;
    if (actor.organisationKind === 'company') {
      if (v.siret && v.siret !== own?.siret) fail('siret', `le SIRET ${v.siret} n’est pas celui de votre entreprise : une entreprise n’importe que ses propres contrats.`);
      companyId = actor.organisationId;
    } else if (!v.siret) fail('siret', 'indiquez le SIRET de l’employeur.');
    else if (!companyBySiret.has(v.siret)) fail('siret', `aucune entreprise enregistrée n’a le SIRET ${v.siret}.`);
    else companyId = companyBySiret.get(v.siret)!.id;

    let trainingFundId: number | undefined;
    if (actor.organisationKind === 'training_fund') {
      if (v.fund && looseKey(v.fund) !== looseKey(own?.name ?? '')) fail('fund', `« ${v.fund} » n’est pas votre OPCA : un OPCA n’importe que les contrats qu’il finance.`);
      else trainingFundId = actor.organisationId;
    } else if (!v.fund) fail('fund', 'indiquez l’OPCA du contrat.');
    else if (!fundByName.has(looseKey(v.fund))) fail('fund', `« ${v.fund} » n’est pas un OPCA enregistré. OPCA connus : ${[...fundByName.values()].map((f) => `« ${f.name} »`).join(', ')}.`);
    else trainingFundId = fundByName.get(looseKey(v.fund))!.id;

    let tutor: TutorRow | null = null;
    let key: string | null = null;
    let newTutor: ContractImportRow['newTutor'] = null;
    const tutorDetails = ['tutorFirstName', 'tutorBirthDate', 'tutorExperienceMonths', 'tutorIsEmployer', 'tutorTrainingHours'].some((k) => v[k] !== null);
    if (!v.tutorLastName) {
      if (tutorDetails) fail('tutorLastName', 'des informations sur le tuteur sont données sans son nom.');
    } else if (!v.tutorFirstName) fail('tutorFirstName', 'indiquez le prénom du tuteur.');
    else if (companyId !== undefined) {
      key = tutorKey(companyId, v.tutorLastName, v.tutorFirstName);
      tutor = tutors.get(key) ?? null;
      if (tutor && tutor.id && ((v.tutorExperienceMonths !== null && v.tutorExperienceMonths !== tutor.relatedExperienceMonths) || (v.tutorIsEmployer !== null && v.tutorIsEmployer !== tutor.isEmployer))) {
        problems.warn(line, `le tuteur ${tutor.firstName} ${tutor.lastName} est déjà enregistré pour cet employeur (${tutor.relatedExperienceMonths} mois d’expérience, ${tutor.isEmployer ? '' : 'non '}employeur) : ce sont ces informations qui comptent, pas celles du fichier.`);
      }
      if (!tutor) {
        if (v.tutorExperienceMonths === null || v.tutorIsEmployer === null) {
          fail(v.tutorExperienceMonths === null ? 'tutorExperienceMonths' : 'tutorIsEmployer', `le tuteur ${v.tutorFirstName} ${v.tutorLastName} n’est pas encore enregistré pour cet employeur : indiquez son expérience (mois) et s’il est l’employeur.`);
        } else {
          newTutor = { lastName: v.tutorLastName, firstName: v.tutorFirstName, birthDate: v.tutorBirthDate, relatedExperienceMonths: v.tutorExperienceMonths, isEmployer: v.tutorIsEmployer };
          // The first line naming a new tutor creates it; the following lines find it.
          tutor = { id: 0, companyId, createdAt: '', version: 1, ...newTutor, birthDate: newTutor.birthDate ?? null };
          tutors.set(key, tutor);
        }
      }
    }

    const parsed = contractBody.safeParse({
      companyId, trainingFundId: trainingFundId ?? 1,
      trainee: { lastName: v.lastName, firstName: v.firstName, sex: v.sex, birthDate: v.birthDate, level: v.level,
        hasRecognisedQualification: v.hasRecognisedQualification, jobSeeker: v.jobSeeker, publics: v.publics ?? [] },
      tutorTrainingHours: v.tutorTrainingHours, contractType: v.contractType, startDate: v.startDate, endDate: v.endDate,
      extendedDurationReason: v.extendedDurationReason, trainingHours: v.trainingHours, branchAllowsTrainingAbove25: v.branchAllowsTrainingAbove25 ?? false,
      targetedQualification: v.targetedQualification, targetedLevel: v.targetedLevel, providerName: v.providerName,
      grossMonthlyPayCents: v.grossMonthlyPayCents, branchMinimumMonthlyCents: v.branchMinimumMonthlyCents, branchHourlyRateCents: v.branchHourlyRateCents,
      reservedForPair: v.reservedForPair ?? false,
    });
    if (!parsed.success) for (const i of parsed.error.issues) failAt(i.path.join('.'), i.message);
    if (failed || !parsed.success) continue;
    const body = parsed.data;

    let issues;
    try {
      issues = judge(ruleInput(body, tutor, key ? await loadOf(key, tutor && tutor.id ? tutor : null) : []));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      failAt(error.field ?? '', error.message);
      continue;
    }
    for (const i of issues) {
      if (i.severity === 'error') failAt(i.field, i.message);
      else problems.warn(line, i.message);
    }
    if (failed) continue;

    if (!targets.has(body.startDate)) targets.set(body.startDate, await quotaTargets(db, body.startDate));
    const quota = quotaCheck({ ...counted, ...targets.get(body.startDate)!, isPairReserved: body.reservedForPair, override: null });
    if (!quota.allowed) {
      for (const i of quota.issues) fail('reservedForPair', `${i.message} (en comptant les lignes précédentes du fichier)`);
      continue;
    }
    for (const i of quota.issues) problems.warn(line, i.message);
    counted.total += 1;
    if (body.reservedForPair) counted.reserved += 1;
    if (key) (await loadOf(key, tutor && tutor.id ? tutor : null)).push({ start: body.startDate, end: body.endDate });

    rows.push({ line, body, tutorKey: key, tutorId: tutor && tutor.id ? tutor.id : null, newTutor });
  }
  return rows;
}
