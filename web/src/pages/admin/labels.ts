import { ORGANISATION_KINDS, ORGANISATION_KIND_LABELS, ROLES, ROLE_LABELS } from '../../../../src/platform/identity/roles.js';
import type { Option } from '../../components/forms.js';

export { ORGANISATION_KIND_LABELS, ROLE_LABELS };
export const kindOptions: Option[] = ORGANISATION_KINDS.map((k) => ({ value: k, label: ORGANISATION_KIND_LABELS[k] }));
export const roleOptions: Option[] = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
export const kindLabel = (kind: string) => ORGANISATION_KIND_LABELS[kind as keyof typeof ORGANISATION_KIND_LABELS] ?? kind;
export const roleLabel = (role: string) => ROLE_LABELS[role as keyof typeof ROLE_LABELS] ?? role;

export interface Organisation {
  id: number; kind: string; kindLabel?: string; name: string; siret: string | null; departement: string | null; employmentArea: string | null;
  address: string | null; isActive: boolean; version: number;
}
export interface UserRow {
  id: number; email: string; displayName: string; isActive: boolean; createdAt: string; version: number; organisationName: string | null;
}
export interface Membership { id: number; role: string; organisationId: number; organisationName: string; organisationKind: string }
export interface UserDetail {
  id: number; email: string; displayName: string; isActive: boolean; createdAt: string; version: number; oidcSubject: string | null;
  memberships: Membership[];
}

export const ADMIN_CRUMB = { label: 'Administration', to: '/administration/organisations' };
export const ORGS_CRUMB = { label: 'Organisations', to: '/administration/organisations' };
export const USERS_CRUMB = { label: 'Utilisateurs', to: '/administration/utilisateurs' };
