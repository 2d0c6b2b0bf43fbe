import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Schema } from '../platform/db/schema.js';
import { can, PARTNER_KINDS, type Actor } from '../platform/identity/roles.js';
import { MAX_EMAIL_ATTEMPTS } from '../platform/mail/delivery.js';
import { contractScope } from '../proContracts/contractPolicy.js';
import { addDays, daysBetween, formatDateFr, todayIso } from '../shared/dates.js';
import { isOverdue } from '../weeklyCell/deadlines.js';
import { visibleRequests } from '../weeklyCell/requestPolicy.js';
import { ANSWERS_RECEIVED_DAYS } from '../weeklyCell/requestRoutes.js';
import { cellToday } from '../weeklyCell/sessions/sessionPolicy.js';
import { answeredToMe, awaitsOpinionOf, paymentToRecord } from '../weeklyCell/worklistConditions.js';

/** Each task shows its count and its first few items, never more: the home page stays cheap. */
export const WORKLIST_ENTRIES = 5;

export interface WorklistEntry { label: string; link: string; detail?: string; isOverdue?: boolean }
export interface WorklistTask { key: string; label: string; count: number; overdue?: number; link: string; entries: WorklistEntry[] }

const plural = (n: number, one: string, many: string) => (n > 1 ? many : one);
const day = (v: string | null) => (v === null ? null : String(v).slice(0, 10));
// Any select of any table counts the same way.
const count = async (q: SelectQueryBuilder<any, any, object>) => Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

/**
 * What waits for the caller's organisation, computed from the database for its kind and
 * role, scoped by the same visibility rules as the lists each task links to.
 */
export async function worklistFor(db: Kysely<Schema>, actor: Actor, now: Date): Promise<WorklistTask[]> {
  const today = cellToday(now);
  const tasks: WorklistTask[] = [];
  const requests = () => db.selectFrom('fundingRequests as r').where(visibleRequests(actor));
  const isPartner = PARTNER_KINDS.includes(actor.organisationKind) && can.instruct(actor);

  if (isPartner) {
    const awaiting = () => requests().where(awaitsOpinionOf(actor));
    const [total, overdue, first] = await Promise.all([
      count(awaiting()), count(requests().where(awaitsOpinionOf(actor, today))),
      awaiting().innerJoin('requestPartners as p', (j) => j.onRef('p.requestId', '=', 'r.id').on('p.organisationId', '=', actor.organisationId))
        .select(['r.id', 'r.reference', 'r.companyName', 'p.opinionDueOn']).orderBy('p.opinionDueOn').orderBy('r.id').limit(WORKLIST_ENTRIES).execute(),
    ]);
    tasks.push({
      key: 'opinions', count: total, overdue, link: '/demandes?todo=opinion',
      label: `${total} ${plural(total, 'demande attend', 'demandes attendent')} votre avis${overdue ? ` (${overdue} en retard)` : ''}`,
      entries: first.map((r) => ({
        label: `${r.reference} — ${r.companyName}`, link: `/demandes/${r.id}`,
        detail: r.opinionDueOn ? `avis attendu le ${formatDateFr(day(r.opinionDueOn)!)}` : undefined,
        isOverdue: isOverdue(day(r.opinionDueOn), today),
      })),
    });
    const since = `${addDays(today, -ANSWERS_RECEIVED_DAYS)}T00:00:00.000Z`;
    const answered = () => requests().where(answeredToMe(actor, since));
    const [answers, firstAnswers] = await Promise.all([
      count(answered()),
      answered().select(['r.id', 'r.reference', 'r.companyName']).orderBy('r.updatedAt', 'desc').limit(WORKLIST_ENTRIES).execute(),
    ]);
    tasks.push({
      key: 'answers', count: answers, link: '/demandes?todo=answered',
      label: `${answers} ${plural(answers, 'réponse reçue', 'réponses reçues')} à vos demandes de compléments`,
      entries: firstAnswers.map((r) => ({ label: `${r.reference} — ${r.companyName}`, link: `/demandes/${r.id}` })),
    });
  }

  if (isPartner || can.runCell(actor)) {
    const payable = () => requests().where(paymentToRecord(actor));
    const [n, first] = await Promise.all([count(payable()), payable().select(['r.id', 'r.reference', 'r.companyName']).orderBy('r.updatedAt').limit(WORKLIST_ENTRIES).execute()]);
    tasks.push({
      key: 'payments', count: n, link: '/demandes?todo=payment',
      label: `${n} ${plural(n, 'versement', 'versements')} à enregistrer`,
      entries: first.map((r) => ({ label: `${r.reference} — ${r.companyName}`, link: `/demandes/${r.id}` })),
    });
  }

  if (actor.organisationKind === 'company' && can.readFiles(actor)) {
    const waiting = () => requests().where('r.status', '=', 'awaiting_information');
    const [n, first] = await Promise.all([
      count(waiting()),
      waiting().innerJoin('informationRequests as i', 'i.requestId', 'r.id').where('i.answeredAt', 'is', null)
        .select(['r.id', 'r.reference', 'r.companyName', 'i.askedAt', 'i.replyDueOn']).orderBy('i.askedAt').limit(WORKLIST_ENTRIES).execute(),
    ]);
    const oldest = first[0] ? daysBetween(cellToday(first[0].askedAt), today) : 0;
    tasks.push({
      key: 'information', count: n, link: '/demandes?status=awaiting_information',
      label: n ? `${n} ${plural(n, 'demande', 'demandes')} : compléments demandés depuis ${oldest} ${plural(oldest, 'jour', 'jours')}` : 'Aucun complément demandé',
      entries: first.map((r) => {
        const since = daysBetween(cellToday(r.askedAt), today);
        return {
          label: `${r.reference} : compléments demandés depuis ${since} ${plural(since, 'jour', 'jours')}`, link: `/demandes/${r.id}`,
          detail: r.replyDueOn ? `réponse attendue le ${formatDateFr(day(r.replyDueOn)!)}` : undefined, isOverdue: isOverdue(day(r.replyDueOn), today),
        };
      }),
    });
    await pushStatus(tasks, requests, 'drafts', 'draft', (k) => `${k} ${plural(k, 'brouillon', 'brouillons')} à terminer`);
    const toDeclare = () => requests().where('r.status', '=', 'approved').where('r.realisedHours', '=', 0);
    const [k, list] = await Promise.all([count(toDeclare()), toDeclare().select(['r.id', 'r.reference', 'r.companyName']).orderBy('r.updatedAt').limit(WORKLIST_ENTRIES).execute()]);
    tasks.push({
      key: 'realisations', count: k, link: '/demandes?status=approved',
      label: `${k} ${plural(k, 'réalisation', 'réalisations')} à déclarer`,
      entries: list.map((r) => ({ label: `${r.reference} — ${r.companyName}`, link: `/demandes/${r.id}` })),
    });
  }

  if (can.runCell(actor)) {
    await pushStatus(tasks, requests, 'ready', 'ready_for_cell', (k) => `${k} ${plural(k, 'demande prête', 'demandes prêtes')} pour la cellule`);
    const next = await db.selectFrom('cellSessions as s').select(['s.id', 's.reference', 's.heldOn', 's.status'])
      .select((eb) => eb.selectFrom('agendaItems as a').select((e) => e.fn.countAll().as('n')).whereRef('a.sessionId', '=', 's.id').as('items'))
      .where('s.status', 'in', ['planned', 'open']).where('s.heldOn', '>=', addDays(today, -7)).orderBy('s.heldOn').limit(1).executeTakeFirst();
    tasks.push(next
      ? { key: 'nextSession', count: 1, link: `/cellule/seances/${next.id}`, label: `Prochaine séance : ${formatDateFr(day(next.heldOn)!)} (${Number(next.items)} ${plural(Number(next.items), 'demande inscrite', 'demandes inscrites')})`, entries: [] }
      : { key: 'nextSession', count: 0, link: '/cellule/seances', label: 'Aucune séance en préparation', entries: [] });
  }

  const scope = contractScope(actor);
  if (scope && actor.organisationKind !== 'company' && (can.runCell(actor) || isPartner)) {
    const late = () => db.selectFrom('proContracts as c').where('c.situationAfter6Months', 'is', null).where('c.followUpLateAfter', '<', todayIso(now))
      .$if(scope.kind === 'fund', (q) => q.where('c.trainingFundId', '=', (scope as { organisationId: number }).organisationId));
    const [n, list] = await Promise.all([count(late()), late().select(['c.id', 'c.reference', 'c.lastName', 'c.firstName', 'c.followUpLateAfter']).orderBy('c.followUpLateAfter').limit(WORKLIST_ENTRIES).execute()]);
    tasks.push({
      key: 'followUps', count: n, overdue: n, link: '/acte-ii/contrats/suivis?state=late',
      label: `${n} ${plural(n, 'suivi', 'suivis')} à 6 mois en retard (contrats de professionnalisation)`,
      entries: list.map((c) => ({ label: `${c.reference} — ${c.lastName} ${c.firstName}`, link: `/acte-ii/contrats/${c.id}`, detail: `attendu avant le ${formatDateFr(day(c.followUpLateAfter)!)}` })),
    });
  }

  if (can.runCell(actor) || can.administerPlatform(actor)) {
    const since = new Date(now.getTime() - 7 * 86_400_000).toISOString();
    const imports = () => db.selectFrom('jobs').where('kind', 'like', 'import.%').where('status', 'in', ['done', 'failed']).where('finishedAt', '>=', since)
      .where((eb) => eb.or([eb('organisationId', '=', actor.organisationId), eb('createdBy', '=', actor.userId)]));
    const [n, list] = await Promise.all([count(imports()), imports().select(['id', 'kind', 'status', 'finishedAt']).orderBy('finishedAt', 'desc').limit(WORKLIST_ENTRIES).execute()]);
    tasks.push({
      key: 'imports', count: n, link: '/import',
      label: `${n} ${plural(n, 'import terminé', 'imports terminés')} ces 7 derniers jours`,
      entries: list.map((j) => ({ label: `Import n° ${j.id} (${j.status === 'done' ? 'réussi' : 'en échec'})`, link: '/import', isOverdue: j.status === 'failed' })),
    });
  }

  if (can.administerPlatform(actor)) {
    const failed = await count(db.selectFrom('jobs').where('status', '=', 'failed'));
    tasks.push({ key: 'failedJobs', count: failed, overdue: failed, link: '/administration/taches?status=failed', label: `${failed} ${plural(failed, 'tâche', 'tâches')} en échec`, entries: [] });
    const [retrying, abandoned] = await Promise.all([
      count(db.selectFrom('emails').where('sentAt', 'is', null).where('lastError', 'is not', null).where('attempts', '<', MAX_EMAIL_ATTEMPTS)),
      count(db.selectFrom('emails').where('sentAt', 'is', null).where('attempts', '>=', MAX_EMAIL_ATTEMPTS)),
    ]);
    tasks.push({ key: 'emailErrors', count: retrying + abandoned, overdue: abandoned, link: abandoned ? '/administration/courriels?status=abandoned' : '/administration/courriels?status=retrying', label: `${retrying + abandoned} ${plural(retrying + abandoned, 'courriel', 'courriels')} en erreur${abandoned ? ` dont ${abandoned} ${plural(abandoned, 'abandonné', 'abandonnés')}` : ''}`, entries: [] });
  }
  return tasks;
}

async function pushStatus(tasks: WorklistTask[], requests: () => any, key: string, status: string, label: (n: number) => string): Promise<void> {
  const q = () => requests().where('r.status', '=', status);
  const [n, list] = await Promise.all([count(q()), q().select(['r.id', 'r.reference', 'r.companyName']).orderBy('r.updatedAt', 'desc').limit(WORKLIST_ENTRIES).execute()]);
  tasks.push({ key, count: n, link: `/demandes?status=${status}`, label: label(n), entries: (list as { id: number; reference: string; companyName: string }[]).map((r) => ({ label: `${r.reference} — ${r.companyName}`, link: `/demandes/${r.id}` })) });
}
