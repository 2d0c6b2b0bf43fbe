import type { Kysely, Transaction } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import { fundForIdcc, fundMismatch, normaliseIdcc } from '../reference/idccFunds.js';

type Db = Kysely<Schema> | Transaction<Schema>;

/**
 * The question to put to a company whose chosen fund is not its branch's fund on that day
 * (« L’IDCC 0054 relève d’OPCAIM : confirmez-vous AGEFOS PME ? »), or null. A wrong pick
 * sends the request to the wrong fund; the company must say it means it.
 */
export async function fundQuestion(db: Db, request: { idcc: string | null; trainingFundId: number | null }, day: string): Promise<{ fund: string; question: string } | null> {
  if (!request.idcc || !request.trainingFundId) return null;
  const idcc = normaliseIdcc(request.idcc);
  const [rows, chosen] = await Promise.all([
    db.selectFrom('idccFunds').selectAll().where('idcc', '=', idcc).execute(),
    db.selectFrom('organisations').select('name').where('id', '=', request.trainingFundId).executeTakeFirst(),
  ]);
  const suggested = fundForIdcc(rows, idcc, day);
  if (!suggested || !chosen) return null;
  const question = fundMismatch(suggested, chosen.name);
  return question ? { fund: suggested.fund, question } : null;
}
