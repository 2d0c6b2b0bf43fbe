import type { Kysely, Transaction } from 'kysely';
import { runActionIn, type RunContext } from '../platform/actions/runAction.js';
import { createOrganisation, createUser } from '../platform/identity/identityActions.js';
import type { Schema } from '../platform/db/schema.js';
import type { Actor, OrganisationKind, Role } from '../platform/identity/roles.js';

/** The demo partnership of the seed: Franche-Comté, 2008–2014. */
export const DEMO_PASSWORD = 'parcours-demo-2026';

interface DemoOrganisation { key: string; kind: OrganisationKind; name: string; siret?: string; departement?: string; employmentArea?: string }
export const demoOrganisations: DemoOrganisation[] = [
  { key: 'secretariat', kind: 'secretariat', name: 'Secrétariat de la cellule opérationnelle', departement: '25' },
  { key: 'state', kind: 'state', name: 'DIRECCTE Franche-Comté', departement: '25' },
  { key: 'region', kind: 'region', name: 'Région Franche-Comté', departement: '25' },
  { key: 'opcaim', kind: 'training_fund', name: 'OPCAIM (métallurgie)', departement: '25' },
  { key: 'agefos', kind: 'training_fund', name: 'AGEFOS PME Franche-Comté', departement: '25' },
  { key: 'faftt', kind: 'training_fund', name: 'FAF.TT (travail temporaire)', departement: '25' },
  { key: 'poleemploi', kind: 'pole_emploi', name: 'Pôle emploi Franche-Comté', departement: '25' },
  { key: 'fpspp', kind: 'fpspp', name: 'FPSPP' },
  { key: 'plenary', kind: 'social_partner', name: 'Conférence plénière — partenaires sociaux', departement: '25' },
  { key: 'afpa', kind: 'training_provider', name: 'AFPA Franche-Comté', siret: '82422814200660', departement: '25' },
  { key: 'interim', kind: 'temp_agency', name: 'Intérim Franche-Comté', siret: '44306184100047', departement: '90', employmentArea: 'belfort-montbeliard-hericourt' },
  { key: 'company', kind: 'company', name: 'Mécanique de Précision du Doubs', siret: '73282932000074', departement: '25', employmentArea: 'besancon' },
  { key: 'company2', kind: 'company', name: 'Plastiques du Haut-Jura', siret: '55210055400013', departement: '39', employmentArea: 'saint-claude' },
];

interface DemoUser { email: string; displayName: string; organisation: string; role: Role; what: string }
export const demoUsers: DemoUser[] = [
  { email: 'admin@parcours.test', displayName: 'Alice Administratrice', organisation: 'secretariat', role: 'administrator', what: 'administre organisations, comptes et programmes' },
  { email: 'secretariat@parcours.test', displayName: 'Sophie Secrétaire', organisation: 'secretariat', role: 'instructor', what: 'prépare et tient les séances de la cellule' },
  { email: 'etat@parcours.test', displayName: 'Étienne État', organisation: 'state', role: 'instructor', what: 'instruit pour l’État et le FSE, enregistre les versements' },
  { email: 'region@parcours.test', displayName: 'Rachel Région', organisation: 'region', role: 'instructor', what: 'instruit pour la Région' },
  { email: 'opca@parcours.test', displayName: 'Olivier OPCA', organisation: 'opcaim', role: 'instructor', what: 'instruit pour l’OPCAIM' },
  { email: 'poleemploi@parcours.test', displayName: 'Paul Pôle emploi', organisation: 'poleemploi', role: 'instructor', what: 'donne son avis quand des demandeurs d’emploi sont concernés' },
  { email: 'entreprise@parcours.test', displayName: 'Claire Entreprise', organisation: 'company', role: 'contributor', what: 'dépose les demandes de Mécanique de Précision du Doubs' },
  { email: 'entreprise2@parcours.test', displayName: 'Hugo Plasturgie', organisation: 'company2', role: 'administrator', what: 'dépose les demandes de Plastiques du Haut-Jura' },
  { email: 'interim@parcours.test', displayName: 'Inès Intérim', organisation: 'interim', role: 'contributor', what: 'enregistre les parcours intérimaires d’Intérim Franche-Comté' },
  { email: 'lecteur@parcours.test', displayName: 'Luc Lecteur', organisation: 'plenary', role: 'reader', what: 'lit les tableaux de pilotage (chiffres agrégés seulement)' },
];

/** The demo's organisations, written by the administration's own action (the system acts: no actor yet). */
export async function insertDemoOrganisations(trx: Transaction<Schema>, rc: RunContext, at: string): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const o of demoOrganisations) {
    const row = await runActionIn(trx, rc, null, createOrganisation, {
      kind: o.kind, name: o.name, siret: o.siret ?? null, departement: o.departement ?? null, employmentArea: o.employmentArea ?? null,
    }, at);
    ids.set(o.key, row.id);
  }
  return ids;
}

export async function insertDemoUsers(trx: Transaction<Schema>, rc: RunContext, at: string, organisations: Map<string, number>, passwordHash: string): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const u of demoUsers) {
    const user = await runActionIn(trx, rc, null, createUser, {
      email: u.email, displayName: u.displayName, passwordHash, membership: { organisationId: organisations.get(u.organisation)!, role: u.role }, source: 'démonstration',
    }, at);
    ids.set(u.email, user.id);
  }
  return ids;
}

/**
 * The cell's standing members in the demo: the secretariat and the State's services, which
 * chair it. The other partners read a session only for the requests routed to them, or
 * when recorded as attending.
 */
export async function insertDemoCellMembers(db: Kysely<Schema>, at: string, organisations: Map<string, number>): Promise<void> {
  await db.insertInto('cellMembers').values([
    { organisationId: organisations.get('secretariat')!, representative: 'Sophie Secrétaire', title: 'Secrétaire de la cellule opérationnelle', createdAt: at },
    { organisationId: organisations.get('state')!, representative: 'Étienne État', title: 'Directeur adjoint du travail, DIRECCTE', createdAt: at },
  ]).execute();
}

/** The demo account's actor, as its session would give it (its first membership); `db` may be an open transaction. */
export async function demoActorIn(db: Kysely<Schema>, email: string): Promise<Actor> {
  const row = await db.selectFrom('users as u')
    .innerJoin('memberships as m', 'm.userId', 'u.id').innerJoin('organisations as o', 'o.id', 'm.organisationId')
    .select(['u.id as userId', 'u.displayName', 'u.email', 'm.id as membershipId', 'm.role', 'o.id as organisationId', 'o.name as organisationName', 'o.kind as organisationKind'])
    .where('u.email', '=', email).orderBy('m.id').executeTakeFirstOrThrow();
  return { ...row, organisationKind: row.organisationKind as OrganisationKind, role: row.role as Role };
}
