/** Organisation kinds and membership roles: a fixed list, capabilities derive from the pair. */
export const ORGANISATION_KINDS = [
  'company', 'training_fund', 'state', 'region', 'pole_emploi', 'fpspp',
  'training_provider', 'temp_agency', 'social_partner', 'secretariat',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const ORGANISATION_KIND_LABELS: Record<OrganisationKind, string> = {
  company: 'Entreprise',
  training_fund: 'Opérateur de compétences (OPCA/OPCO)',
  state: 'Service de l’État (DIRECCTE/DREETS)',
  region: 'Région',
  pole_emploi: 'Pôle emploi / France Travail',
  fpspp: 'FPSPP / France compétences',
  training_provider: 'Organisme de formation',
  temp_agency: 'Entreprise de travail temporaire',
  social_partner: 'Partenaire social',
  secretariat: 'Secrétariat de la cellule',
};

export const ROLES = ['administrator', 'instructor', 'contributor', 'reader'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  administrator: 'Administrateur',
  instructor: 'Instructeur',
  contributor: 'Contributeur',
  reader: 'Lecteur',
};

/** The partners that instruct requests together and may co-finance them. */
export const PARTNER_KINDS: readonly OrganisationKind[] = ['training_fund', 'state', 'region', 'pole_emploi', 'fpspp'];

/** Organisations any signed-in user may see in pickers and on requests (never companies). */
export const ORGANISATIONS_VISIBLE_TO_ALL: OrganisationKind[] = [...PARTNER_KINDS, 'secretariat', 'training_provider', 'temp_agency', 'social_partner'];

export interface Actor {
  userId: number;
  displayName: string;
  email: string;
  membershipId: number;
  organisationId: number;
  organisationName: string;
  organisationKind: OrganisationKind;
  role: Role;
}

const writes = (actor: Actor) => actor.role !== 'reader';

export const can = {
  administerPlatform: (a: Actor) => a.organisationKind === 'secretariat' && a.role === 'administrator',
  fileRequests: (a: Actor) => a.organisationKind === 'company' && writes(a),
  instruct: (a: Actor) => PARTNER_KINDS.includes(a.organisationKind) && (a.role === 'administrator' || a.role === 'instructor'),
  runCell: (a: Actor) => a.organisationKind === 'secretariat' && (a.role === 'administrator' || a.role === 'instructor'),
  readAggregates: (_a: Actor) => true,
  /** The plenary's dashboards: partners, secretariat and social partners steer; companies are parties to files. */
  readSteering: (a: Actor) => [...PARTNER_KINDS, 'secretariat', 'social_partner'].includes(a.organisationKind),
  /** Readers, social partners and the plenary see figures, never a person's file. */
  readFiles: (a: Actor) => writes(a) && a.organisationKind !== 'social_partner',
};

export function capabilities(actor: Actor): string[] {
  return Object.entries(can).filter(([, check]) => check(actor)).map(([name]) => name);
}
