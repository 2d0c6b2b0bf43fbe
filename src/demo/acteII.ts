import type { Transaction } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import { runActionIn, type Action, type RunContext } from '../platform/actions/runAction.js';
import type { Actor } from '../platform/identity/roles.js';
import { addDays, addMonths } from '../shared/dates.js';
import type { Period } from '../tempPathways/rules/index.js';
import type { ExitSituation } from '../proContracts/rules/index.js';
import type { ContractBody } from '../proContracts/contractSchema.js';
import type { TutorRow } from '../proContracts/contractRepository.js';
import { declareTutor, recordFollowUp, recordNewContract } from '../proContracts/contractActions.js';
import { recordNewPair } from '../pairs/pairActions.js';
import { exitPathway, recordNewPathway } from '../tempPathways/pathwayActions.js';
import { demoActorIn } from './organisations.js';

const LAST = ['Martin', 'Bernard', 'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois', 'Moreau', 'Laurent', 'Simon', 'Michel', 'Lefebvre', 'Leroy', 'Roux'];
const FIRST_F = ['Julie', 'Emma', 'Chloé', 'Manon', 'Camille', 'Léa', 'Sarah', 'Laura'];
const FIRST_M = ['Lucas', 'Hugo', 'Thomas', 'Nicolas', 'Maxime', 'Kevin', 'Romain', 'Julien'];
const QUALIFICATIONS = ['CQPM opérateur régleur sur machine-outil', 'CQPM conducteur d’équipements industriels', 'Bac pro technicien d’usinage', 'CQP opérateur plasturgie'];
const EXITS: ExitSituation[] = ['cdiSameEmployer', 'cdiElsewhere', 'cdd', 'tempWork', 'jobSeeker'];

/**
 * Acte II demo, deterministic: 30 C.Pro for the two demo companies (every fifth a CDI reserved
 * for a pair), tutors per company, follow-ups answered for two contracts out of three so that
 * the others show as due or late; 12 temp pathways for the demo agency; a pair for each reserved
 * contract of the first company. Each record is written by its measure's actions, as its user
 * would through the API (same rules, locks and history), inside the caller's transaction.
 */
export async function insertDemoActeII(trx: Transaction<Schema>, rc: RunContext, organisations: Map<string, number>, at: string): Promise<void> {
  const actors = new Map<string, Actor>();
  const act = async <Input, Output>(email: string, action: Action<Input, Output>, input: Input): Promise<Output> => {
    if (!actors.has(email)) actors.set(email, await demoActorIn(trx, email));
    return runActionIn(trx, rc, actors.get(email)!, action, input, at);
  };
  const employers = ['entreprise@parcours.test', 'entreprise2@parcours.test'];
  const funds = [organisations.get('opcaim')!, organisations.get('agefos')!];
  const tutors: TutorRow[][] = [[], []];
  for (let c = 0; c < 2; c++) {
    for (let k = 0; k < 4; k++) {
      tutors[c].push(await act(employers[c], declareTutor, { body: {
        lastName: LAST[(c * 4 + k + 7) % LAST.length], firstName: FIRST_M[(c * 4 + k) % FIRST_M.length],
        birthDate: `${1952 + k * 4}-0${k + 1}-15`, relatedExperienceMonths: 36 + k * 24, isEmployer: k === 3,
      } }));
    }
  }

  const reservedOfFirst: { id: number; start: string }[] = [];
  for (let i = 0; i < 30; i++) {
    const c = i % 2;
    const start = addMonths('2010-09-01', i);
    const reserved = i % 5 === 0;
    const female = i % 3 === 0;
    const body: ContractBody = {
      trainingFundId: funds[c],
      trainee: {
        lastName: LAST[i % LAST.length], firstName: female ? FIRST_F[i % FIRST_F.length] : FIRST_M[i % FIRST_M.length], sex: female ? 'F' : 'M',
        birthDate: `${1988 + (i % 5)}-${String((i % 12) + 1).padStart(2, '0')}-10`, level: i % 4 === 0 ? 'IV' : 'V',
        hasRecognisedQualification: i % 4 !== 1, jobSeeker: i % 3 === 1, publics: i % 7 === 3 ? ['rsa'] : [],
      },
      tutorId: tutors[c][Math.floor(i / 2) % 4].id, newTutor: null, tutorTrainingHours: i % 2 ? 20 : null,
      contractType: reserved || i % 4 === 2 ? 'CDI' : 'CDD', startDate: start, endDate: addDays(addMonths(start, 12), -1),
      extendedDurationReason: null, trainingHours: 350 + (i % 4) * 25, branchAllowsTrainingAbove25: false,
      targetedQualification: QUALIFICATIONS[i % QUALIFICATIONS.length], targetedLevel: i % 4 === 2 ? 'IV' : 'V', providerName: 'AFPA Franche-Comté',
      grossMonthlyPayCents: 130_000 + (i % 3) * 5_000, branchMinimumMonthlyCents: null, branchHourlyRateCents: null,
      reservedForPair: reserved, override: null,
    };
    const { id } = await act(employers[c], recordNewContract, { body });
    // Contracts that ended: outcome recorded, the +6-month answer for two out of three.
    if (i < 24) {
      const brokenEarly = i % 6 === 5;
      await act(employers[c], recordFollowUp, { id, body: {
        version: 1, actualEndDate: brokenEarly ? addMonths(start, 4) : null, endReason: brokenEarly ? 'resignation' : 'term',
        certification: brokenEarly ? 'failed' : i % 4 === 1 ? 'partial' : 'obtained',
        situationAtExit: EXITS[i % EXITS.length], situationAfter6Months: i % 3 === 0 ? null : EXITS[(i + 1) % EXITS.length],
      } });
    }
    if (reserved && c === 0) reservedOfFirst.push({ id, start });
  }

  for (const [k, junior] of reservedOfFirst.entries()) {
    await act(employers[0], recordNewPair, { body: {
      juniorContractId: junior.id,
      senior: { lastName: LAST[(k + 3) % LAST.length], firstName: FIRST_M[(k + 5) % FIRST_M.length], birthDate: `${1950 + (k % 2)}-05-20`, sex: k % 2 ? 'F' : 'M', expectedRetirementDate: addMonths(junior.start, 20) },
      startDate: junior.start, endDate: addDays(addMonths(junior.start, 18), -1), fullTimeSalaryCents: 200_000 + k * 15_000, activityBp: 5000, payBp: 8000,
      writtenAgreement: true, employerPaysEmployeeSupplement: k % 2 === 1,
    } });
  }

  const envelopes = await trx.selectFrom('envelopes as e').innerJoin('measures as m', 'm.id', 'e.measureId')
    .select(['e.id', 'e.funder']).where('m.code', '=', 'ACTE2-AXE2').execute();
  const funded = (funder: string) => envelopes.some((e) => e.funder === funder);
  const jobs = ['H2903', 'H2909', 'H2913', 'N1103', 'H3203', 'H3301', 'N1101', 'H2902'];
  for (let i = 0; i < 12; i++) {
    const entry = addMonths('2010-10-04', i * 2);
    const periods: Period[] = [
      { kind: 'training', start: entry, end: addDays(entry, 20), hours: 70, costCents: 210_000, romeCode: jobs[i % 8], providerName: 'AFPA Franche-Comté', targetedQualification: 'CQP opérateur polyvalent' },
      { kind: 'mission', start: addDays(entry, 21), end: addDays(entry, 62), hours: 210, romeCode: jobs[i % 8], userCompany: 'Mécanique de Précision du Doubs' },
      { kind: 'training', start: addDays(entry, 63), end: addDays(entry, 72), hours: 35, costCents: 105_000, romeCode: jobs[(i + 3) % 8], providerName: 'AFPA Franche-Comté' },
      { kind: 'mission', start: addDays(entry, 73), end: addDays(entry, 120), hours: 245, romeCode: jobs[(i + (i % 3 === 0 ? 3 : 5)) % 8], userCompany: 'Plastiques du Haut-Jura' },
    ];
    const fundingLines = [{ funder: 'FAFTT', amountCents: 250_000 }, ...(i % 2 ? [{ funder: 'REGION', amountCents: 40_000 }] : []), ...(i % 4 === 3 ? [{ funder: 'FPSPP', amountCents: 25_000 }] : [])]
      .filter((l) => funded(l.funder));
    const { id } = await act('interim@parcours.test', recordNewPathway, { body: {
      worker: {
        lastName: LAST[(i + 4) % LAST.length], firstName: i % 3 ? FIRST_M[i % FIRST_M.length] : FIRST_F[i % FIRST_F.length],
        birthDate: `${1980 + (i % 10)}-03-0${(i % 9) + 1}`, sex: i % 3 ? 'M' : 'F',
        level: i % 3 === 2 ? 'V' : i % 2 ? 'VI' : 'Vbis', route: 'general', hasVocationalDiploma: false,
      },
      entryDate: entry, periods, fundingLines,
    } });
    if (i < 8) await act('interim@parcours.test', exitPathway, { id, version: 1, exitDate: addDays(entry, 121), outcome: (['cdi', 'cdd', 'continuedMissions', 'jobSeeker'] as const)[i % 4] });
  }
}
