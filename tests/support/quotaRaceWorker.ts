/**
 * One of two server processes racing for the last places of the C.Pro quota on one SQLite file
 * (tests/http/acteIIRaces.test.ts). Usage: tsx quotaRaceWorker.ts <dataDir> <attempts> <label>.
 * Waits for the file `go` in dataDir, records `attempts` contracts one after the other, and
 * prints what it got: { accepted, refused: { code: n } }.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createDatabase } from '../../src/platform/db/database.js';
import { runAction } from '../../src/platform/actions/runAction.js';
import { AppError } from '../../src/platform/http/errors.js';
import type { Actor } from '../../src/platform/identity/roles.js';
import { recordNewContract } from '../../src/proContracts/contractActions.js';

async function main([dataDir, attempts, label]: string[]) {
  const database = createDatabase({ dataDir });
  const clock = { now: () => new Date('2011-08-20T08:00:00.000Z') };
  const { db } = database;
  const member = await db.selectFrom('users as u').innerJoin('memberships as m', 'm.userId', 'u.id').innerJoin('organisations as o', 'o.id', 'm.organisationId')
    .select(['u.id as userId', 'u.displayName', 'u.email', 'm.id as membershipId', 'm.organisationId', 'o.name as organisationName', 'o.kind', 'm.role'])
    .where('u.email', '=', 'entreprise@parcours.test').executeTakeFirstOrThrow();
  const actor: Actor = { ...member, organisationKind: member.kind as Actor['organisationKind'], role: member.role as Actor['role'] };
  const fund = await db.selectFrom('organisations').select('id').where('name', '=', 'OPCAIM (métallurgie)').executeTakeFirstOrThrow();
  fs.writeFileSync(path.join(dataDir, `ready-${label}`), '');
  while (!fs.existsSync(path.join(dataDir, 'go'))) await new Promise((resolve) => setTimeout(resolve, 5));
  let accepted = 0;
  const refused: Record<string, number> = {};
  for (let i = 0; i < Number(attempts); i++) {
    try {
      await runAction({ database, clock }, actor, recordNewContract, { body: {
        trainingFundId: fund.id,
        trainee: { lastName: `${label}${i}`, firstName: 'Léa', sex: 'F', birthDate: '1993-05-05', level: 'V', hasRecognisedQualification: true, jobSeeker: false, publics: [] },
        tutorId: null, newTutor: null, tutorTrainingHours: null, contractType: 'CDD', startDate: '2011-09-01', endDate: '2012-08-31', trainingHours: 400,
        targetedQualification: 'CQPM opérateur régleur', targetedLevel: 'V', providerName: 'AFPA Franche-Comté', grossMonthlyPayCents: 90_000, reservedForPair: false, override: null,
      } });
      accepted++;
    } catch (error) {
      const key = error instanceof AppError ? `${error.statusCode} ${error.code}` : String((error as Error).message);
      refused[key] = (refused[key] ?? 0) + 1;
    }
  }
  await database.destroy();
  process.stdout.write(JSON.stringify({ accepted, refused }));
}

main(process.argv.slice(2)).catch((error) => { console.error(error); process.exitCode = 1; });
