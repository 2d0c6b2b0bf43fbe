import { runAction, type Action } from '../platform/actions/runAction.js';
import type { AppContext } from '../platform/http/context.js';
import type { Actor } from '../platform/identity/roles.js';
import { drainJobs } from '../platform/outbox/jobs.js';
import { askBody, askInformation } from '../weeklyCell/actions/askInformation.js';
import { createDraft } from '../weeklyCell/actions/createDraft.js';
import { giveOpinion, opinionBody } from '../weeklyCell/actions/giveOpinion.js';
import { paymentBody, recordPayment } from '../weeklyCell/actions/recordPayment.js';
import { realisationBody, recordRealisation } from '../weeklyCell/actions/recordRealisation.js';
import { settleBody, settleRequest } from '../weeklyCell/actions/settleRequest.js';
import { submitRequest } from '../weeklyCell/actions/submitRequest.js';
import { funderAccounts } from '../weeklyCell/funderAccounts.js';
import { partnersOf } from '../weeklyCell/instruction.js';
import { loadAggregate } from '../weeklyCell/requestRepository.js';
import { requestDraftSchema } from '../weeklyCell/requestSchema.js';
import { openSession, prepareSession, recordDecision } from '../weeklyCell/sessions/sessionActions.js';
import { closeSession } from '../weeklyCell/sessionClosing.js';
import { demoActorIn, demoOrganisations } from './organisations.js';

/**
 * Plays the weekly cell of Acte II as its users would, through the same actions as the API
 * (requests and the cell's sessions alike), so the demo shows requests at every stage and can
 * never hold a state the rules forbid. Each action runs in a transaction of `ctx`'s database:
 * at the first start, savepoints of the demo's one transaction.
 */
export async function playWeeklyCellStory(ctx: AppContext): Promise<void> {
  const { db } = ctx.database;
  const actors = new Map<string, Actor>();
  const act = async <Input, Output>(email: string, action: Action<Input, Output>, input: Input): Promise<Output> => {
    if (!actors.has(email)) actors.set(email, await demoActor(ctx, email));
    return runAction(ctx, actors.get(email)!, action, input);
  };
  const versionOf = async (id: number) => (await db.selectFrom('fundingRequests').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

  const axis1 = await db.selectFrom('measures').select('id').where('code', '=', 'ACTE2-AXE1').executeTakeFirstOrThrow();
  const fund = (name: string) => db.selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirstOrThrow().then((o) => o.id);
  const opcaim = await fund('OPCAIM (métallurgie)');
  const agefos = await fund('AGEFOS PME Franche-Comté');

  const employees = (n: number, seed: number) => Array.from({ length: n }, (_, i) => {
    const k = seed * 7 + i;
    return {
      lastName: ['Martin', 'Bernard', 'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois', 'Moreau', 'Laurent', 'Simon', 'Michel'][k % 12],
      firstName: ['Julie', 'Marc', 'Nadia', 'Karim', 'Sophie', 'Luc', 'Inès', 'Paul', 'Claire', 'Hugo'][k % 10],
      birthDate: `${1958 + (k * 3) % 30}-${String(1 + (k % 12)).padStart(2, '0')}-${String(1 + (k * 5) % 28).padStart(2, '0')}`,
      sex: k % 3 === 0 ? 'F' : 'M',
      socioProfessionalCategory: ['ouvrier', 'ouvrier', 'employe', 'technicien_am'][k % 4],
      level1969: ['Vbis', 'V', 'V', 'IV', 'III'][k % 5],
      contractType: k % 6 === 0 ? 'CDD' : 'CDI',
      situation: k % 9 === 8 ? 'job_seeker' : 'employed',
    };
  });

  interface Story { company: string; trainingFundId: number; naf: string; headcount: number; departement: string; siret: string; name: string; title: string; trainees: number; hours: number; teaching: number; wage: number; start: string; stage: string }
  const stories: Story[] = [
    { company: 'entreprise@parcours.test', trainingFundId: opcaim, naf: '25.62A', headcount: 120, departement: '25', siret: '73282932000074', name: 'Mécanique de Précision du Doubs', title: 'Usinage sur centres à commande numérique', trainees: 6, hours: 70, teaching: 840_000, wage: 1_450, start: '2011-01-10', stage: 'closed' },
    { company: 'entreprise@parcours.test', trainingFundId: opcaim, naf: '25.62A', headcount: 120, departement: '25', siret: '73282932000074', name: 'Mécanique de Précision du Doubs', title: 'Métrologie et contrôle qualité', trainees: 4, hours: 35, teaching: 280_000, wage: 1_500, start: '2011-03-07', stage: 'approved' },
    { company: 'entreprise2@parcours.test', trainingFundId: opcaim, naf: '22.29A', headcount: 45, departement: '39', siret: '55210055400013', name: 'Plastiques du Haut-Jura', title: 'Réglage des presses à injecter', trainees: 5, hours: 60, teaching: 450_000, wage: 1_300, start: '2011-02-14', stage: 'refused' },
    { company: 'entreprise2@parcours.test', trainingFundId: agefos, naf: '22.29A', headcount: 45, departement: '39', siret: '55210055400013', name: 'Plastiques du Haut-Jura', title: 'Maintenance de premier niveau', trainees: 3, hours: 40, teaching: 240_000, wage: 1_300, start: '2011-04-04', stage: 'fund_awaited' },
    { company: 'entreprise@parcours.test', trainingFundId: opcaim, naf: '25.62A', headcount: 120, departement: '25', siret: '73282932000074', name: 'Mécanique de Précision du Doubs', title: 'Lean manufacturing', trainees: 8, hours: 21, teaching: 320_000, wage: 1_450, start: '2011-05-02', stage: 'awaiting' },
    { company: 'entreprise2@parcours.test', trainingFundId: agefos, naf: '22.29A', headcount: 45, departement: '39', siret: '55210055400013', name: 'Plastiques du Haut-Jura', title: 'Habilitation électrique', trainees: 6, hours: 14, teaching: 120_000, wage: 1_300, start: '2011-05-16', stage: 'instruction' },
    { company: 'entreprise@parcours.test', trainingFundId: opcaim, naf: '25.62A', headcount: 120, departement: '25', siret: '73282932000074', name: 'Mécanique de Précision du Doubs', title: 'Soudure TIG', trainees: 3, hours: 80, teaching: 360_000, wage: 1_450, start: '2011-06-06', stage: 'draft' },
  ];

  stories.push({ company: 'entreprise@parcours.test', trainingFundId: opcaim, naf: '25.62A', headcount: 120, departement: '25', siret: '73282932000074', name: 'Mécanique de Précision du Doubs', title: 'Conduite de ligne automatisée', trainees: 5, hours: 49, teaching: 410_000, wage: 1_450, start: '2011-07-04', stage: 'ready' });
  const sessionItems: { id: number; company: string; stage: string }[] = [];
  const file = async (n: number, s: Story) => {
    const people = employees(s.trainees, n);
    const total = s.teaching + s.wage * s.hours * s.trainees;
    const opca = Math.floor(total * 0.4);
    const state = Math.floor(total * 0.3);
    const end = `${s.start.slice(0, 4)}-${String(Number(s.start.slice(5, 7)) + 5).padStart(2, '0')}-28`;
    const { requestId: id } = await act(s.company, createDraft, { draft: requestDraftSchema.parse({
      measureId: axis1.id, trainingFundId: s.trainingFundId,
      company: { name: s.name, siret: s.siret, nafCode: s.naf, idcc: s.naf.startsWith('22') ? '0292' : '0054', headcount: s.headcount, departement: s.departement, employmentArea: demoOrganisations.find((o) => o.siret === s.siret)?.employmentArea },
      activityDrop: { start: s.start, end, justificationKind: 'partial_activity', authorisationReference: `AP-${s.departement}-${s.start.slice(0, 4)}-${100 + n}`, partialActivityHours: 400 * s.trainees, retentionCommitmentMonths: 12, retentionCommitment: 'Maintien dans l’emploi des salariés formés pendant 12 mois.' },
      employees: people,
      actions: [{ title: s.title, objective: 'Maintenir les compétences pendant la baisse d’activité et élargir la polyvalence.', providerName: 'AFPA Franche-Comté', providerSiret: '82422814200660', hoursPerTrainee: s.hours, startDate: s.start, endDate: end, teachingCostCents: s.teaching, hourlyWageCents: s.wage, trainees: people.map((_, i) => i) }],
      fundingLines: [{ funder: 'OPCA', proposedCents: opca }, { funder: 'STATE', proposedCents: state }, { funder: 'COMPANY', proposedCents: total - opca - state }],
    }) });
    if (s.stage === 'draft') return;
    await act(s.company, submitRequest, { requestId: id, version: await versionOf(id) });
    const opinion = (email: string, body: object) => act(email, giveOpinion, { requestId: id, ...opinionBody.parse(body) });
    if (s.stage === 'instruction') {
      // Only routed partners give an opinion: this request may not go to the OPCAIM.
      if ((await partnersOf(db, id)).some((p) => p.organisationId === opcaim)) await opinion('opca@parcours.test', { verdict: 'favourable', comment: 'Action cohérente avec le plan de formation de la branche.' });
      return;
    }
    if (s.stage === 'awaiting') {
      await act('etat@parcours.test', askInformation, { requestId: id, ...askBody.parse({ reason: 'Merci de joindre la décision d’autorisation d’activité partielle et le programme détaillé de la formation.', version: await versionOf(id) }) });
      return;
    }
    const fundUser = s.trainingFundId === opcaim ? 'opca@parcours.test' : null;
    if (fundUser) await opinion(fundUser, { verdict: 'favourable', comment: 'Prise en charge conforme aux critères.', proposedCents: opca });
    await opinion('etat@parcours.test', { verdict: s.stage === 'refused' ? 'unfavourable' : 'favourable', comment: s.stage === 'refused' ? 'Baisse d’activité insuffisamment établie.' : 'Engagement de maintien dans l’emploi satisfaisant.' });
    if ((await partnersOf(db, id)).some((p) => p.kind === 'pole_emploi')) {
      await opinion('poleemploi@parcours.test', { verdict: 'favourable', comment: 'Les demandeurs d’emploi concernés sont inscrits et suivis.' });
    }
    // AGEFOS has no demo account: its opinion stays awaited, as happens in real cells.
    if (fundUser) sessionItems.push({ id, company: s.company, stage: s.stage });
  };
  for (const [n, s] of stories.entries()) if (s.stage !== 'ready') await file(n, s);

  const secretariat = 'secretariat@parcours.test';
  const sessionId = await act(secretariat, prepareSession, { heldOn: '2011-06-16' });
  const sessionVersion = async () => (await db.selectFrom('cellSessions').select('version').where('id', '=', sessionId).executeTakeFirstOrThrow()).version;
  await act(secretariat, openSession, { sessionId, version: await sessionVersion() });
  const agenda = await db.selectFrom('agendaItems').select(['id', 'requestId']).where('sessionId', '=', sessionId).orderBy('position').execute();
  for (const item of agenda) {
    const stage = sessionItems.find((s) => s.id === item.requestId)?.stage;
    const decision = stage === 'refused' ? 'refused' : 'approved';
    await act(secretariat, recordDecision, {
      sessionId, itemId: item.id, decision, motivation: decision === 'refused' ? 'La baisse d’activité n’est pas établie par les pièces fournies.' : 'Dossier complet ; avis favorables des partenaires.',
    });
  }
  await act(secretariat, closeSession, { sessionId, version: await sessionVersion() });
  await drainJobs(ctx);

  // The first approved request is realised, paid and settled.
  const closedStory = sessionItems.find((s) => s.stage === 'closed');
  if (closedStory) {
    const id = closedStory.id;
    const planned = (await loadAggregate(db, id))!;
    await act(closedStory.company, recordRealisation, { requestId: id, ...realisationBody.parse({
      version: planned.request.version,
      actions: planned.actions.map((a) => ({ actionId: a.id, realisedTrainees: a.traineeIds.length, realisedHours: a.hoursPerTrainee * a.traineeIds.length - 7, realisedTeachingCostCents: a.teachingCostCents })),
    }) });
    for (const [email, funder] of [['etat@parcours.test', 'STATE'], ['opca@parcours.test', 'OPCA']] as const) {
      const account = (await funderAccounts(db, (await loadAggregate(db, id))!)).find((a) => a.funder === funder);
      const paidOn = ctx.clock.now().toISOString().slice(0, 10);
      if (account && account.remainingCents > 0) await act(email, recordPayment, { requestId: id, ...paymentBody.parse({ funder, amountCents: account.remainingCents, paidOn, reference: `${funder}-${id}` }) });
    }
    await act('secretariat@parcours.test', settleRequest, { requestId: id, ...settleBody.parse({ version: await versionOf(id), motivation: 'Part de l’entreprise justifiée par attestation de l’expert-comptable.' }) });
  }
  // One request is ready for the next session, for the secretariat to schedule.
  for (const [n, s] of stories.entries()) if (s.stage === 'ready') await file(n, s);
}

/** The demo account's actor, as its session would give it (its first membership). */
export const demoActor = (ctx: AppContext, email: string): Promise<Actor> => demoActorIn(ctx.database.db, email);
