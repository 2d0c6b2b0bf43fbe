import { isoNow, type AppContext } from '../platform/http/context.js';
import { AppError, invalid } from '../platform/http/errors.js';
import type { Actor } from '../platform/identity/roles.js';
import { parsers, readTable, TabularError, validateRows, type Layout, type RowError } from '../platform/tabular/index.js';
import { LEVELS_1969, LEVEL_1969_LABELS } from '../shared/qualification.js';
import {
  CONTRACT_TYPES, EXTENDED_DURATION_REASONS, EXTENDED_DURATION_REASON_LABELS, PRIORITY_PUBLICS, PRIORITY_PUBLIC_LABELS,
  type PriorityPublic, type RuleIssue,
} from './rules/index.js';
import { contractBody, type ContractBody } from './contractSchema.js';
import { recordContract } from './contractRecording.js';

const hours: parsers.CellParser<number> = (raw) => {
  const value = Number(raw.replace(/[\s\u00a0]/g, '').replace(',', '.'));
  if (!Number.isFinite(value) || value < 0) return { ok: false, message: `« ${raw} » n’est pas un nombre d’heures.` };
  return { ok: true, value: Math.round(value * 100) / 100 };
};
const publics: parsers.CellParser<PriorityPublic[]> = (raw) => {
  const parse = parsers.enumeration(PRIORITY_PUBLICS.map((code) => ({ code, label: PRIORITY_PUBLIC_LABELS[code] })));
  const out: PriorityPublic[] = [];
  for (const part of raw.split(/[,;/]/).map((p) => p.trim()).filter(Boolean)) {
    const r = parse(part);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return { ok: true, value: out };
};
const level = parsers.enumeration(LEVELS_1969.map((code) => ({ code, label: LEVEL_1969_LABELS[code] })));
const text = (max = 300) => parsers.text({ maxLength: max });

/** The documented layout (docs/acte-ii.md): one contract per line, headers matched ignoring case and accents. */
export const CONTRACT_LAYOUT: Layout = {
  columns: [
    { header: 'SIRET employeur', key: 'siret', required: false, parse: parsers.siret() },
    { header: 'OPCA', key: 'fund', required: false, parse: text(200) },
    { header: 'Nom', key: 'lastName', required: true, parse: text(100) },
    { header: 'Prénom', key: 'firstName', required: true, parse: text(100) },
    { header: 'Date de naissance', key: 'birthDate', required: true, parse: parsers.date() },
    { header: 'Sexe', key: 'sex', required: true, parse: parsers.enumeration([{ code: 'F', label: 'Femme' }, { code: 'M', label: 'Homme' }]) },
    { header: 'Niveau', key: 'level', required: true, parse: level },
    { header: 'Qualification reconnue', key: 'hasRecognisedQualification', required: true, parse: parsers.boolean() },
    { header: 'Demandeur d’emploi', key: 'jobSeeker', required: true, parse: parsers.boolean() },
    { header: 'Publics prioritaires', key: 'publics', required: false, parse: publics },
    { header: 'Type de contrat', key: 'contractType', required: true, parse: parsers.enumeration(CONTRACT_TYPES.map((code) => ({ code, label: code }))) },
    { header: 'Date de début', key: 'startDate', required: true, parse: parsers.date() },
    { header: 'Date de fin', key: 'endDate', required: true, parse: parsers.date() },
    { header: 'Motif d’allongement', key: 'extendedDurationReason', required: false, parse: parsers.enumeration(EXTENDED_DURATION_REASONS.map((code) => ({ code, label: EXTENDED_DURATION_REASON_LABELS[code] }))) },
    { header: 'Heures de formation', key: 'trainingHours', required: true, parse: hours },
    { header: 'Qualification visée', key: 'targetedQualification', required: true, parse: text() },
    { header: 'Niveau visé', key: 'targetedLevel', required: true, parse: level },
    { header: 'Organisme de formation', key: 'providerName', required: true, parse: text() },
    { header: 'Salaire brut mensuel', key: 'grossMonthlyPayCents', required: true, parse: parsers.euros() },
    { header: 'Minimum de branche', key: 'branchMinimumMonthlyCents', required: false, parse: parsers.euros() },
    { header: 'Nom du tuteur', key: 'tutorLastName', required: false, parse: text(100) },
    { header: 'Prénom du tuteur', key: 'tutorFirstName', required: false, parse: text(100) },
    { header: 'Naissance du tuteur', key: 'tutorBirthDate', required: false, parse: parsers.date() },
    { header: 'Expérience du tuteur (mois)', key: 'tutorExperienceMonths', required: false, parse: parsers.integer({ min: 0, max: 720 }) },
    { header: 'Tuteur employeur', key: 'tutorIsEmployer', required: false, parse: parsers.boolean() },
    { header: 'Réservé binôme', key: 'reservedForPair', required: false, parse: parsers.boolean() },
  ],
};

type Parsed = Record<string, any>;

function rejected(errors: RowError[], total: number) {
  return new AppError(400, 'import_rejected', `Import refusé : ${total} erreur(s), aucun contrat n’a été enregistré.`, undefined,
    errors.map((e) => ({ path: `ligne.${e.line}`, message: e.message })));
}

/**
 * All or nothing, in one transaction: every line goes through the same recording as the form
 * (rules, tutor load counting the lines above it, quota), and the first line refused rolls back
 * the whole file. Shape errors of every line are reported at once; a business refusal stops at its line.
 */
export async function importContracts(ctx: AppContext, actor: Actor, buffer: Buffer, filename: string) {
  const { db } = ctx.database;
  let table;
  try {
    table = await readTable(buffer, filename);
  } catch (error) {
    if (error instanceof TabularError) throw invalid('file', error.message);
    throw error;
  }
  if (table.rows.length > 2000) throw invalid('file', 'Un import compte 2 000 lignes au plus : découpez le fichier.');
  const validation = validateRows<Parsed>(table, CONTRACT_LAYOUT);
  if (!validation.ok) throw rejected(validation.errors, validation.errorCount);

  const organisations = await db.selectFrom('organisations').select(['id', 'kind', 'name', 'siret']).execute();
  const key = (s: string) => parsers.looseKey(s);
  const errors: RowError[] = [];
  const bodies: { line: number; body: ContractBody; tutor: Parsed | null }[] = [];
  for (const { line, value: v } of validation.rows) {
    const fail = (column: string, message: string) => errors.push({ line, column, message: `Ligne ${line}, colonne « ${column} » : ${message}` });
    let companyId: number | undefined;
    if (actor.organisationKind !== 'company') {
      const company = organisations.find((o) => o.kind === 'company' && o.siret === v.siret);
      if (!v.siret) fail('SIRET employeur', 'indiquez le SIRET de l’employeur.');
      else if (!company) fail('SIRET employeur', `aucune entreprise connue avec le SIRET ${v.siret}.`);
      else companyId = company.id;
    }
    let fundId: number | undefined = actor.organisationKind === 'training_fund' ? actor.organisationId : undefined;
    if (v.fund) {
      const fund = organisations.find((o) => o.kind === 'training_fund' && key(o.name) === key(v.fund));
      if (!fund) fail('OPCA', `« ${v.fund} » n’est pas un OPCA connu.`);
      else fundId = fund.id;
    } else if (fundId === undefined) fail('OPCA', 'indiquez l’OPCA du contrat.');
    const hasTutor = !!v.tutorLastName;
    if (hasTutor && (v.tutorFirstName === null || v.tutorExperienceMonths === null || v.tutorIsEmployer === null)) {
      fail('Nom du tuteur', 'un tuteur demande aussi son prénom, son expérience (mois) et s’il est l’employeur.');
    }
    const candidate = {
      companyId, trainingFundId: fundId ?? 0,
      trainee: { lastName: v.lastName, firstName: v.firstName, sex: v.sex, birthDate: v.birthDate, level: v.level,
        hasRecognisedQualification: v.hasRecognisedQualification, jobSeeker: v.jobSeeker, publics: v.publics ?? [] },
      contractType: v.contractType, startDate: v.startDate, endDate: v.endDate, extendedDurationReason: v.extendedDurationReason,
      trainingHours: v.trainingHours, targetedQualification: v.targetedQualification, targetedLevel: v.targetedLevel,
      providerName: v.providerName, grossMonthlyPayCents: v.grossMonthlyPayCents, branchMinimumMonthlyCents: v.branchMinimumMonthlyCents,
      reservedForPair: v.reservedForPair ?? false,
    };
    const parsed = contractBody.safeParse(candidate);
    if (!parsed.success) {
      for (const i of parsed.error.issues) errors.push({ line, column: i.path.join('.'), message: `Ligne ${line} : ${i.message}` });
      continue;
    }
    bodies.push({ line, body: parsed.data, tutor: hasTutor ? v : null });
  }
  if (errors.length) throw rejected(errors.slice(0, 200), errors.length);

  const at = isoNow(ctx.clock);
  const warnings: { line: number; message: string }[] = [];
  const ids = await db.transaction().execute(async (trx) => {
    const created: number[] = [];
    for (const { line, body, tutor } of bodies) {
      let withTutor = body;
      if (tutor) {
        const companyId = body.companyId ?? actor.organisationId;
        const existing = await trx.selectFrom('tutors').select('id').where('companyId', '=', companyId)
          .where('lastName', '=', tutor.tutorLastName).where('firstName', '=', tutor.tutorFirstName).executeTakeFirst();
        withTutor = existing
          ? { ...body, tutorId: existing.id }
          : { ...body, newTutor: { lastName: tutor.tutorLastName, firstName: tutor.tutorFirstName, birthDate: tutor.tutorBirthDate, relatedExperienceMonths: tutor.tutorExperienceMonths, isEmployer: tutor.tutorIsEmployer } };
      }
      try {
        const recorded = await recordContract(trx, actor, withTutor, at, { isImported: true });
        created.push(recorded.id);
        warnings.push(...recorded.warnings.map((w: RuleIssue) => ({ line, message: `Ligne ${line} : ${w.message}` })));
      } catch (error) {
        if (error instanceof AppError) {
          const issues = error.issues.length ? error.issues : [{ path: error.field ?? '', message: error.message }];
          throw new AppError(error.statusCode === 409 ? 409 : 400, 'import_rejected', `Import refusé à la ligne ${line} : aucun contrat n’a été enregistré.`, undefined,
            issues.map((i) => ({ path: `ligne.${line}.${i.path}`, message: `Ligne ${line} : ${i.message}` })));
        }
        throw error;
      }
    }
    return created;
  });
  return { imported: ids.length, ids, warnings };
}
