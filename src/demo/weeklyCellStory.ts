import type { Api } from '../platform/http/app.js';
import type { AppContext } from '../platform/http/context.js';
import { drainJobs } from '../platform/outbox/jobs.js';
import { DEMO_PASSWORD, demoOrganisations } from './organisations.js';

/**
 * Plays the weekly cell of Acte II through the API itself, as its users would, so the
 * demo shows requests at every stage and can never hold a state the rules forbid.
 */
export async function playWeeklyCellStory(app: Api, ctx: AppContext): Promise<void> {
  const cookies = new Map<string, string>();
  const as = async (email: string) => {
    if (!cookies.has(email)) {
      const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: DEMO_PASSWORD } });
      const c = r.cookies.find((k) => k.name === 'parcours_session');
      if (!c) throw new Error(`Connexion de démonstration impossible : ${email}`);
      cookies.set(email, `parcours_session=${c.value}`);
    }
    return cookies.get(email)!;
  };
  const call = async (email: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
    const r = await app.inject({ method, url, headers: { cookie: await as(email) }, ...(payload ? { payload } : {}) });
    if (r.statusCode >= 400) throw new Error(`Démonstration : ${method} ${url} → ${r.statusCode} ${r.body}`);
    return r.json();
  };

  const { db } = ctx.database;
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
  const sessionItems: { id: number; company: string; stage: string; version: number }[] = [];
  const file = async (n: number, s: Story) => {
    const people = employees(s.trainees, n);
    const total = s.teaching + s.wage * s.hours * s.trainees;
    const opca = Math.floor(total * 0.4);
    const state = Math.floor(total * 0.3);
    const end = `${s.start.slice(0, 4)}-${String(Number(s.start.slice(5, 7)) + 5).padStart(2, '0')}-28`;
    const draft = await call(s.company, 'POST', '/api/requests', {
      measureId: axis1.id, trainingFundId: s.trainingFundId,
      company: { name: s.name, siret: s.siret, nafCode: s.naf, idcc: '0054', headcount: s.headcount, departement: s.departement, employmentArea: demoOrganisations.find((o) => o.siret === s.siret)?.employmentArea },
      activityDrop: { start: s.start, end, justificationKind: 'partial_activity', authorisationReference: `AP-${s.departement}-${s.start.slice(0, 4)}-${100 + n}`, partialActivityHours: 400 * s.trainees, retentionCommitmentMonths: 12, retentionCommitment: 'Maintien dans l’emploi des salariés formés pendant 12 mois.' },
      employees: people,
      actions: [{ title: s.title, objective: 'Maintenir les compétences pendant la baisse d’activité et élargir la polyvalence.', providerName: 'AFPA Franche-Comté', providerSiret: '82422814200660', hoursPerTrainee: s.hours, startDate: s.start, endDate: end, teachingCostCents: s.teaching, hourlyWageCents: s.wage, trainees: people.map((_, i) => i) }],
      fundingLines: [{ funder: 'OPCA', proposedCents: opca }, { funder: 'STATE', proposedCents: state }, { funder: 'COMPANY', proposedCents: total - opca - state }],
    });
    if (s.stage === 'draft') return;
    let view = await call(s.company, 'POST', `/api/requests/${draft.id}/submit`, { version: draft.version });
    if (s.stage === 'instruction') {
      await call('opca@parcours.test', 'POST', `/api/requests/${draft.id}/opinions`, { verdict: 'favourable', comment: 'Action cohérente avec le plan de formation de la branche.' }).catch(() => undefined);
      return;
    }
    if (s.stage === 'awaiting') {
      await call('etat@parcours.test', 'POST', `/api/requests/${draft.id}/information-requests`, { reason: 'Merci de joindre la décision d’autorisation d’activité partielle et le programme détaillé de la formation.', version: view.version });
      return;
    }
    const fundUser = s.trainingFundId === opcaim ? 'opca@parcours.test' : null;
    if (fundUser) await call(fundUser, 'POST', `/api/requests/${draft.id}/opinions`, { verdict: 'favourable', comment: 'Prise en charge conforme aux critères.', proposedCents: opca });
    view = await call('etat@parcours.test', 'POST', `/api/requests/${draft.id}/opinions`, { verdict: s.stage === 'refused' ? 'unfavourable' : 'favourable', comment: s.stage === 'refused' ? 'Baisse d’activité insuffisamment établie.' : 'Engagement de maintien dans l’emploi satisfaisant.' });
    if (view.partners.some((p: { kind: string }) => p.kind === 'pole_emploi')) {
      view = await call('poleemploi@parcours.test', 'POST', `/api/requests/${draft.id}/opinions`, { verdict: 'favourable', comment: 'Les demandeurs d’emploi concernés sont inscrits et suivis.' });
    }
    // AGEFOS has no demo account: its opinion stays awaited, as happens in real cells.
    if (fundUser) sessionItems.push({ id: draft.id, company: s.company, stage: s.stage, version: view.version });
  };
  for (const [n, s] of stories.entries()) if (s.stage !== 'ready') await file(n, s);

  const session = await call('secretariat@parcours.test', 'POST', '/api/sessions', { heldOn: '2011-06-16' });
  const opened = await call('secretariat@parcours.test', 'POST', `/api/sessions/${session.id}/open`, { version: session.version });
  for (const item of opened.items) {
    const stage = sessionItems.find((s) => s.id === item.requestId)?.stage;
    const decision = stage === 'refused' ? 'refused' : 'approved';
    await call('secretariat@parcours.test', 'POST', `/api/sessions/${session.id}/decisions`, {
      itemId: item.id, decision, motivation: decision === 'refused' ? 'La baisse d’activité n’est pas établie par les pièces fournies.' : 'Dossier complet ; avis favorables des partenaires.',
    });
  }
  await call('secretariat@parcours.test', 'POST', `/api/sessions/${session.id}/close`, { version: opened.version });
  await drainJobs(ctx);

  // The first approved request is realised, paid and settled.
  const closedStory = sessionItems.find((s) => s.stage === 'closed');
  if (closedStory) {
    let view = await call(closedStory.company, 'GET', `/api/requests/${closedStory.id}`);
    view = await call(closedStory.company, 'POST', `/api/requests/${closedStory.id}/realisation`, {
      version: view.version,
      actions: view.actions.map((a: { id: number; traineeCount: number; hoursPerTrainee: number; teachingCostCents: number }) => ({ actionId: a.id, realisedTrainees: a.traineeCount, realisedHours: a.hoursPerTrainee * a.traineeCount - 7, realisedTeachingCostCents: a.teachingCostCents })),
    });
    for (const [email, funder] of [['etat@parcours.test', 'STATE'], ['opca@parcours.test', 'OPCA']] as const) {
      const account = view.accounts.find((a: { funder: string }) => a.funder === funder);
      const paidOn = ctx.clock.now().toISOString().slice(0, 10);
      if (account?.remainingCents > 0) view = await call(email, 'POST', `/api/requests/${closedStory.id}/payments`, { funder, amountCents: account.remainingCents, paidOn, reference: `${funder}-${closedStory.id}` });
    }
    await call('secretariat@parcours.test', 'POST', `/api/requests/${closedStory.id}/settle`, { version: view.version, motivation: 'Part de l’entreprise justifiée par attestation de l’expert-comptable.' });
  }
  // One request is ready for the next session, for the secretariat to schedule.
  for (const [n, s] of stories.entries()) if (s.stage === 'ready') await file(n, s);
}
