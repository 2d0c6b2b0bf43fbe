import type { z } from 'zod';
import { defineAction, type ActionScope } from '../actions/runAction.js';
import { recordHistory } from '../history/history.js';
import { AppError, forbidden, invalid, notFound, staleVersion } from '../http/errors.js';
import { can, type Actor, type Role } from './roles.js';
import type { organisationBody, organisationPatch } from './schema.js';

/**
 * Organisations, accounts and memberships, written by the administration routes, the demo
 * and the operations commands alike. Only a platform administrator acts from the web; the
 * system (no actor: the demo load, `parcours first-admin`) acts when the platform is set up.
 * Passwords are hashed by the caller before the action, so no transaction waits on scrypt.
 */
function administrator(scope: ActionScope): Actor | null {
  if (scope.actor && !can.administerPlatform(scope.actor)) throw forbidden('d’administrer la plateforme');
  return scope.actor;
}

const duplicateEmail = () => new AppError(409, 'duplicate', 'Un compte existe déjà avec cette adresse électronique.', 'email');

export type OrganisationInput = z.infer<typeof organisationBody>;

export const createOrganisation = defineAction<OrganisationInput, { id: number; version: number }>({
  name: 'createOrganisation',
  async run(scope, input) {
    const actor = administrator(scope);
    const row = await scope.trx.insertInto('organisations').values({
      kind: input.kind, name: input.name, siret: input.siret ?? null,
      departement: input.departement ?? null, employmentArea: input.employmentArea ?? null, address: input.address ?? null,
      isActive: input.isActive ?? true, createdAt: scope.at, version: 1,
    }).returningAll().executeTakeFirstOrThrow();
    await recordHistory(scope.trx, actor, scope.at, { entityType: 'organisation', entityId: row.id, action: 'created', changes: input });
    return row;
  },
});

export const updateOrganisation = defineAction<{ id: number } & z.infer<typeof organisationPatch>, { id: number; version: number }>({
  name: 'updateOrganisation',
  locks: ({ id }) => [{ table: 'organisations', ids: [id] }],
  async run(scope, { id, version, ...changes }) {
    const actor = administrator(scope);
    const exists = await scope.trx.selectFrom('organisations').select('id').where('id', '=', id).executeTakeFirst();
    if (!exists) throw notFound('Organisation');
    const row = await scope.trx.updateTable('organisations').set({ ...changes, version: version + 1 })
      .where('id', '=', id).where('version', '=', version).returningAll().executeTakeFirst();
    if (!row) throw staleVersion('Cette organisation');
    await recordHistory(scope.trx, actor, scope.at, { entityType: 'organisation', entityId: row.id, action: 'updated', changes });
    return row;
  },
});

export interface NewUser {
  email: string;
  displayName: string;
  passwordHash: string | null;
  oidcSubject?: string | null;
  isActive?: boolean;
  membership?: { organisationId: number; role: Role };
  /** Recorded in the history entry (e.g. the command that created the account). */
  source?: string;
}

export const createUser = defineAction<NewUser, { id: number; email: string; displayName: string; isActive: boolean; version: number }>({
  name: 'createUser',
  async run(scope, input) {
    const actor = administrator(scope);
    // The unique index on the address decides between two creations at once; this check gives the usual case its field.
    if (await scope.trx.selectFrom('users').select('id').where('email', '=', input.email).executeTakeFirst()) throw duplicateEmail();
    if (input.membership && !await scope.trx.selectFrom('organisations').select('id').where('id', '=', input.membership.organisationId).executeTakeFirst()) {
      throw invalid('membership.organisationId', 'Organisation inconnue.');
    }
    const row = await scope.trx.insertInto('users').values({
      email: input.email, displayName: input.displayName, passwordHash: input.passwordHash, oidcSubject: input.oidcSubject ?? null,
      isActive: input.isActive ?? true, createdAt: scope.at, version: 1,
    }).returning(['id', 'email', 'displayName', 'isActive', 'version']).executeTakeFirstOrThrow();
    if (input.membership) await scope.trx.insertInto('memberships').values({ userId: row.id, ...input.membership, createdAt: scope.at }).execute();
    await recordHistory(scope.trx, actor, scope.at, {
      entityType: 'user', entityId: row.id, action: 'created',
      changes: { ...(input.source ? { source: input.source } : {}), email: row.email, displayName: row.displayName, membership: input.membership ?? null, oidc: !!input.oidcSubject, password: !!input.passwordHash },
    });
    return row;
  },
});

export interface UserChanges { email?: string; displayName?: string; isActive?: boolean }

export const updateUser = defineAction<{ id: number; version: number; changes: UserChanges; passwordHash?: string }, { id: number; email: string; displayName: string; isActive: boolean; version: number }>({
  name: 'updateUser',
  locks: ({ id }) => [{ table: 'users', ids: [id] }],
  async run(scope, { id, version, changes, passwordHash }) {
    const actor = administrator(scope);
    if (!await scope.trx.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst()) throw notFound('Utilisateur');
    if (changes.email && await scope.trx.selectFrom('users').select('id').where('email', '=', changes.email).where('id', '!=', id).executeTakeFirst()) throw duplicateEmail();
    const row = await scope.trx.updateTable('users').set({ ...changes, ...(passwordHash ? { passwordHash } : {}), version: version + 1 })
      .where('id', '=', id).where('version', '=', version)
      .returning(['id', 'email', 'displayName', 'isActive', 'version']).executeTakeFirst();
    if (!row) throw staleVersion('Ce compte');
    // A new password or a deactivation ends every session the account has open, wherever it is.
    if (changes.isActive === false || passwordHash) await scope.trx.deleteFrom('sessions').where('userId', '=', row.id).execute();
    await recordHistory(scope.trx, actor, scope.at, { entityType: 'user', entityId: row.id, action: 'updated', changes: { ...changes, passwordChanged: !!passwordHash } });
    return row;
  },
});

export const addMembership = defineAction<{ userId: number; organisationId: number; role: Role }, unknown>({
  name: 'addMembership',
  locks: ({ userId }) => [{ table: 'users', ids: [userId] }],
  async run(scope, { userId, organisationId, role }) {
    const actor = administrator(scope);
    if (!await scope.trx.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst()) throw notFound('Utilisateur');
    if (!await scope.trx.selectFrom('organisations').select('id').where('id', '=', organisationId).executeTakeFirst()) throw invalid('organisationId', 'Organisation inconnue.');
    if (await scope.trx.selectFrom('memberships').select('id').where('userId', '=', userId).where('organisationId', '=', organisationId).executeTakeFirst()) {
      throw new AppError(409, 'duplicate', 'Cet utilisateur est déjà rattaché à cette organisation.', 'organisationId');
    }
    const m = await scope.trx.insertInto('memberships').values({ userId, organisationId, role, createdAt: scope.at }).returningAll().executeTakeFirstOrThrow();
    await recordHistory(scope.trx, actor, scope.at, { entityType: 'user', entityId: userId, action: 'membership_added', changes: { organisationId, role } });
    return m;
  },
});

export const removeMembership = defineAction<{ id: number }, { ok: true }>({
  name: 'removeMembership',
  async run(scope, { id }) {
    const actor = administrator(scope);
    const membership = await scope.trx.selectFrom('memberships').selectAll().where('id', '=', id).executeTakeFirst();
    if (!membership) throw notFound('Rattachement');
    if (membership.id === actor?.membershipId) throw invalid('id', 'Vous ne pouvez pas retirer le rattachement avec lequel vous êtes connecté.');
    await scope.lock({ table: 'users', ids: [membership.userId] });
    await scope.trx.deleteFrom('sessions').where('membershipId', '=', membership.id).execute();
    const removed = await scope.trx.deleteFrom('memberships').where('id', '=', membership.id).executeTakeFirst();
    // Removed meanwhile by another administrator: nothing left to record.
    if (Number(removed.numDeletedRows) === 0) throw notFound('Rattachement');
    await recordHistory(scope.trx, actor, scope.at, { entityType: 'user', entityId: membership.userId, action: 'membership_removed', changes: { organisationId: membership.organisationId, role: membership.role } });
    return { ok: true };
  },
});
