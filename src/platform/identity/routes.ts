import { z } from 'zod';
import type { Api, RouteModule } from '../http/app.js';
import type { AppContext } from '../http/context.js';
import { isoNow } from '../http/context.js';
import { AppError, forbidden, invalid, notFound, staleVersion } from '../http/errors.js';
import { frenchSortKey } from '../http/frenchOrder.js';
import { exportParams, listParams, paginate, walk, type Sorting } from '../http/lists.js';
import { recordHistory, timeline } from '../history/history.js';
import { sendExport } from '../http/exports.js';
import { hashPassword, passwordProblem, verifyAgainstNothing, verifyPassword } from './passwords.js';
import { assertLoginAllowed, clearLoginFailures, recordLoginFailure } from './loginThrottle.js';
import { actorFromRequest, closeSession, openSession, requireActor, switchMembership } from './sessions.js';
import { can, capabilities, ORGANISATION_KIND_LABELS, ORGANISATIONS_VISIBLE_TO_ALL, ROLE_LABELS, type Actor } from './roles.js';
import { employmentAreaLabel } from '../../shared/employmentAreas.js';
import { idParams, loginBody, membershipBody, organisationBody, organisationPatch, userBody, userPatch } from './schema.js';
import { recordId, recordIdParam } from '../http/ids.js';

const tags = ['identité'];

async function requireAdmin(ctx: AppContext, request: Parameters<typeof requireActor>[1]): Promise<Actor> {
  const actor = await requireActor(ctx, request);
  if (!can.administerPlatform(actor)) throw forbidden('d’administrer la plateforme');
  return actor;
}

const organisationFilters = listParams.extend({
  kind: z.string().optional(),
  q: z.string().max(100).optional(),
});
const organisationSorting: Sorting = {
  sortable: { name: frenchSortKey('o.name'), kind: 'o.kind', departement: "coalesce(o.departement, '')", id: 'o.id' },
  defaultSort: 'name', idColumn: 'o.id',
};

const userFilters = listParams.extend({
  organisationId: recordIdParam.optional(),
  role: z.string().optional(),
  q: z.string().max(100).optional(),
});
const userSorting: Sorting = {
  sortable: { displayName: frenchSortKey('u.display_name'), email: 'u.email', createdAt: 'u.created_at', id: 'u.id' },
  defaultSort: 'displayName', idColumn: 'u.id',
};

export const identityRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const { db } = ctx.database;

  app.post('/api/auth/login', { config: { public: true }, schema: { tags, summary: 'Connexion par mot de passe', body: loginBody } }, async (request, reply) => {
    const { email, password } = request.body;
    await assertLoginAllowed(ctx, email, request.ip);
    const user = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    // Every refusal costs one password check, so the answer time does not reveal which accounts exist.
    const ok = user?.passwordHash && user.isActive ? await verifyPassword(password, user.passwordHash) : await verifyAgainstNothing(password);
    if (!user || !ok) {
      await recordLoginFailure(ctx, email, request.ip);
      throw new AppError(401, 'bad_credentials', 'Adresse électronique ou mot de passe incorrect.', 'password');
    }
    const membership = await db.selectFrom('memberships').select('id').where('userId', '=', user.id).orderBy('id').executeTakeFirst();
    if (!membership) throw new AppError(403, 'no_membership', 'Votre compte n’est rattaché à aucune organisation. Contactez le secrétariat de la cellule.');
    await clearLoginFailures(ctx, email, request.ip);
    await openSession(ctx, reply, user.id, membership.id);
    return { ok: true };
  });

  app.post('/api/auth/logout', { config: { public: true }, schema: { tags, summary: 'Déconnexion' } }, async (request, reply) => {
    await closeSession(ctx, request, reply);
    return { ok: true };
  });

  app.get('/api/auth/me', { schema: { tags, summary: 'Utilisateur connecté, son organisation et ses droits' } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const memberships = await db.selectFrom('memberships as m').innerJoin('organisations as o', 'o.id', 'm.organisationId')
      .select(['m.id', 'm.role', 'o.id as organisationId', 'o.name as organisationName', 'o.kind as organisationKind'])
      .where('m.userId', '=', actor.userId).orderBy('m.id').execute();
    return {
      user: { id: actor.userId, displayName: actor.displayName, email: actor.email },
      membership: {
        id: actor.membershipId, role: actor.role, roleLabel: ROLE_LABELS[actor.role],
        organisation: { id: actor.organisationId, name: actor.organisationName, kind: actor.organisationKind, kindLabel: ORGANISATION_KIND_LABELS[actor.organisationKind] },
      },
      memberships,
      capabilities: capabilities(actor),
      oidc: ctx.config.oidc ? { label: ctx.config.oidc.label ?? 'ProConnect' } : null,
    };
  });

  app.get('/api/auth/options', { config: { public: true }, schema: { tags, summary: 'Moyens de connexion proposés' } }, async (request) => ({
    oidc: ctx.config.oidc ? { label: ctx.config.oidc.label ?? 'ProConnect' } : null,
    authenticated: (await actorFromRequest(ctx, request)) !== null,
  }));

  app.post('/api/auth/membership', { schema: { tags, summary: 'Changer d’organisation active', body: z.object({ membershipId: recordId }) } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const membership = await db.selectFrom('memberships').select('id')
      .where('id', '=', request.body.membershipId).where('userId', '=', actor.userId).executeTakeFirst();
    if (!membership) throw notFound('Rattachement');
    await switchMembership(ctx, request, membership.id);
    return { ok: true };
  });

  // ---- Organisations -------------------------------------------------------
  const organisationQuery = (actor: Actor, filters: z.infer<typeof organisationFilters>) =>
    db.selectFrom('organisations as o')
      .select(['o.id', 'o.kind', 'o.name', 'o.siret', 'o.departement', 'o.employmentArea', 'o.address', 'o.isActive', 'o.version'])
      // Everyone may pick partners (funds, State, Region…); only administrators list every company.
      .$if(!can.administerPlatform(actor), (q) => q.where((eb) => eb.or([eb('o.kind', 'in', ORGANISATIONS_VISIBLE_TO_ALL), eb('o.id', '=', actor.organisationId)])))
      .$if(!!filters.kind, (q) => q.where('o.kind', '=', filters.kind!))
      .$if(!!filters.q, (q) => q.where((eb) => eb.or([eb('o.name', 'like', `%${filters.q}%`), eb('o.siret', 'like', `${filters.q}%`)])));

  app.get('/api/organisations', { schema: { tags, summary: 'Liste des organisations', querystring: organisationFilters } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const page = await paginate(db, organisationQuery(actor, request.query), organisationSorting, request.query);
    return { ...page, items: page.items.map((o) => ({ ...o, kindLabel: ORGANISATION_KIND_LABELS[o.kind as keyof typeof ORGANISATION_KIND_LABELS] })) };
  });

  app.get('/api/organisations/export', { config: { costly: 'export' }, schema: { tags, summary: 'Export des organisations', querystring: organisationFilters.merge(exportParams) } }, async (request, reply) => {
    const actor = await requireActor(ctx, request);
    return sendExport(reply, walk(organisationQuery(actor, request.query), organisationSorting, request.query), [
      { key: 'name', header: 'Nom', value: (o) => o.name },
      { key: 'kind', header: 'Type', value: (o) => ORGANISATION_KIND_LABELS[o.kind as keyof typeof ORGANISATION_KIND_LABELS] ?? o.kind },
      { key: 'siret', header: 'SIRET', value: (o) => o.siret },
      { key: 'departement', header: 'Département', value: (o) => o.departement },
      { key: 'employmentArea', header: 'Zone d’emploi', value: (o) => (o.employmentArea ? employmentAreaLabel(o.employmentArea) : null) },
      { key: 'active', header: 'Active', value: (o) => (o.isActive ? 'oui' : 'non') },
    ], 'organisations', request.query.format);
  });

  app.post('/api/organisations', { schema: { tags, summary: 'Créer une organisation', body: organisationBody } }, async (request, reply) => {
    const actor = await requireAdmin(ctx, request);
    const at = isoNow(ctx.clock);
    const created = await db.transaction().execute(async (trx) => {
      const row = await trx.insertInto('organisations').values({
        kind: request.body.kind, name: request.body.name, siret: request.body.siret ?? null,
        departement: request.body.departement ?? null, employmentArea: request.body.employmentArea ?? null, address: request.body.address ?? null,
        isActive: request.body.isActive ?? true, createdAt: at, version: 1,
      }).returningAll().executeTakeFirstOrThrow();
      await recordHistory(trx, actor, at, { entityType: 'organisation', entityId: row.id, action: 'created', changes: request.body });
      return row;
    });
    return reply.status(201).send(created);
  });

  app.get('/api/organisations/:id', { schema: { tags, summary: 'Une organisation', params: idParams } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const row = await organisationQuery(actor, { page: 1, pageSize: 1, order: 'asc' }).where('o.id', '=', request.params.id).executeTakeFirst();
    if (!row) throw notFound('Organisation');
    return row;
  });

  app.patch('/api/organisations/:id', { schema: { tags, summary: 'Modifier une organisation', params: idParams, body: organisationPatch } }, async (request) => {
    const actor = await requireAdmin(ctx, request);
    const { version, ...changes } = request.body;
    const at = isoNow(ctx.clock);
    return db.transaction().execute(async (trx) => {
      const exists = await trx.selectFrom('organisations').select('id').where('id', '=', request.params.id).executeTakeFirst();
      if (!exists) throw notFound('Organisation');
      const row = await trx.updateTable('organisations').set({ ...changes, version: version + 1 })
        .where('id', '=', request.params.id).where('version', '=', version).returningAll().executeTakeFirst();
      if (!row) throw staleVersion('Cette organisation');
      await recordHistory(trx, actor, at, { entityType: 'organisation', entityId: row.id, action: 'updated', changes });
      return row;
    });
  });

  // ---- Users and memberships -----------------------------------------------
  const userQuery = (filters: z.infer<typeof userFilters>) =>
    db.selectFrom('users as u')
      .select((eb) => [
        'u.id', 'u.email', 'u.displayName', 'u.isActive', 'u.createdAt', 'u.version',
        eb.selectFrom('memberships as m').innerJoin('organisations as o', 'o.id', 'm.organisationId')
          .select((e) => e.fn.max('o.name').as('n')).whereRef('m.userId', '=', 'u.id').as('organisationName'),
      ])
      .$if(!!filters.organisationId, (q) => q.where((eb) => eb.exists(
        eb.selectFrom('memberships as m').select('m.id').whereRef('m.userId', '=', 'u.id').where('m.organisationId', '=', filters.organisationId!))))
      .$if(!!filters.role, (q) => q.where((eb) => eb.exists(
        eb.selectFrom('memberships as m').select('m.id').whereRef('m.userId', '=', 'u.id').where('m.role', '=', filters.role!))))
      .$if(!!filters.q, (q) => q.where((eb) => eb.or([eb('u.displayName', 'like', `%${filters.q}%`), eb('u.email', 'like', `%${filters.q}%`)])));

  app.get('/api/users', { schema: { tags, summary: 'Liste des utilisateurs', querystring: userFilters } }, async (request) => {
    await requireAdmin(ctx, request);
    return paginate(db, userQuery(request.query), userSorting, request.query);
  });

  app.get('/api/users/export', { config: { costly: 'export' }, schema: { tags, summary: 'Export des utilisateurs', querystring: userFilters.merge(exportParams) } }, async (request, reply) => {
    await requireAdmin(ctx, request);
    return sendExport(reply, walk(userQuery(request.query), userSorting, request.query), [
      { key: 'displayName', header: 'Nom', value: (u) => u.displayName },
      { key: 'email', header: 'Adresse électronique', value: (u) => u.email },
      { key: 'organisation', header: 'Organisation', value: (u) => u.organisationName as string | null },
      { key: 'active', header: 'Actif', value: (u) => (u.isActive ? 'oui' : 'non') },
    ], 'utilisateurs', request.query.format);
  });

  app.get('/api/users/:id', { schema: { tags, summary: 'Un utilisateur et ses rattachements', params: idParams } }, async (request) => {
    await requireAdmin(ctx, request);
    const user = await db.selectFrom('users').select(['id', 'email', 'displayName', 'isActive', 'createdAt', 'version', 'oidcSubject'])
      .where('id', '=', request.params.id).executeTakeFirst();
    if (!user) throw notFound('Utilisateur');
    const memberships = await db.selectFrom('memberships as m').innerJoin('organisations as o', 'o.id', 'm.organisationId')
      .select(['m.id', 'm.role', 'o.id as organisationId', 'o.name as organisationName', 'o.kind as organisationKind'])
      .where('m.userId', '=', user.id).orderBy('m.id').execute();
    return { ...user, memberships };
  });

  app.post('/api/users', { schema: { tags, summary: 'Créer un utilisateur', body: userBody } }, async (request, reply) => {
    const actor = await requireAdmin(ctx, request);
    const at = isoNow(ctx.clock);
    const taken = await db.selectFrom('users').select('id').where('email', '=', request.body.email).executeTakeFirst();
    if (taken) throw new AppError(409, 'duplicate', 'Un compte existe déjà avec cette adresse électronique.', 'email');
    if (request.body.membership) {
      const org = await db.selectFrom('organisations').select('id').where('id', '=', request.body.membership.organisationId).executeTakeFirst();
      if (!org) throw invalid('membership.organisationId', 'Organisation inconnue.');
    }
    const mentionsEmail = request.body.password && passwordProblem(request.body.password, request.body.email);
    if (mentionsEmail) throw invalid('password', mentionsEmail);
    const passwordHash = request.body.password ? await hashPassword(request.body.password) : null;
    const user = await db.transaction().execute(async (trx) => {
      const row = await trx.insertInto('users').values({
        email: request.body.email, displayName: request.body.displayName, passwordHash, oidcSubject: null,
        isActive: request.body.isActive ?? true, createdAt: at, version: 1,
      }).returning(['id', 'email', 'displayName', 'isActive', 'version']).executeTakeFirstOrThrow();
      if (request.body.membership) {
        await trx.insertInto('memberships').values({ userId: row.id, ...request.body.membership, createdAt: at }).execute();
      }
      await recordHistory(trx, actor, at, { entityType: 'user', entityId: row.id, action: 'created', changes: { email: row.email, displayName: row.displayName, membership: request.body.membership ?? null } });
      return row;
    });
    return reply.status(201).send(user);
  });

  app.patch('/api/users/:id', { schema: { tags, summary: 'Modifier un utilisateur', params: idParams, body: userPatch } }, async (request) => {
    const actor = await requireAdmin(ctx, request);
    const { version, password, ...changes } = request.body;
    const at = isoNow(ctx.clock);
    const passwordHash = password ? await hashPassword(password) : undefined;
    return db.transaction().execute(async (trx) => {
      const exists = await trx.selectFrom('users').select('id').where('id', '=', request.params.id).executeTakeFirst();
      if (!exists) throw notFound('Utilisateur');
      if (changes.email) {
        const taken = await trx.selectFrom('users').select('id').where('email', '=', changes.email).where('id', '!=', request.params.id).executeTakeFirst();
        if (taken) throw new AppError(409, 'duplicate', 'Un compte existe déjà avec cette adresse électronique.', 'email');
      }
      const row = await trx.updateTable('users').set({ ...changes, ...(passwordHash ? { passwordHash } : {}), version: version + 1 })
        .where('id', '=', request.params.id).where('version', '=', version)
        .returning(['id', 'email', 'displayName', 'isActive', 'version']).executeTakeFirst();
      if (!row) throw staleVersion('Ce compte');
      // A new password or a deactivation ends every session the account has open, wherever it is.
      if (changes.isActive === false || passwordHash) await trx.deleteFrom('sessions').where('userId', '=', row.id).execute();
      await recordHistory(trx, actor, at, { entityType: 'user', entityId: row.id, action: 'updated', changes: { ...changes, passwordChanged: !!password } });
      return row;
    });
  });

  app.post('/api/users/:id/memberships', { schema: { tags, summary: 'Rattacher un utilisateur à une organisation', params: idParams, body: membershipBody } }, async (request, reply) => {
    const actor = await requireAdmin(ctx, request);
    const at = isoNow(ctx.clock);
    const user = await db.selectFrom('users').select('id').where('id', '=', request.params.id).executeTakeFirst();
    if (!user) throw notFound('Utilisateur');
    const org = await db.selectFrom('organisations').select('id').where('id', '=', request.body.organisationId).executeTakeFirst();
    if (!org) throw invalid('organisationId', 'Organisation inconnue.');
    const existing = await db.selectFrom('memberships').select('id').where('userId', '=', user.id).where('organisationId', '=', org.id).executeTakeFirst();
    if (existing) throw new AppError(409, 'duplicate', 'Cet utilisateur est déjà rattaché à cette organisation.', 'organisationId');
    const row = await db.transaction().execute(async (trx) => {
      const m = await trx.insertInto('memberships').values({ userId: user.id, ...request.body, createdAt: at }).returningAll().executeTakeFirstOrThrow();
      await recordHistory(trx, actor, at, { entityType: 'user', entityId: user.id, action: 'membership_added', changes: request.body });
      return m;
    });
    return reply.status(201).send(row);
  });

  app.delete('/api/memberships/:id', { schema: { tags, summary: 'Retirer un rattachement', params: idParams } }, async (request) => {
    const actor = await requireAdmin(ctx, request);
    const at = isoNow(ctx.clock);
    const membership = await db.selectFrom('memberships').selectAll().where('id', '=', request.params.id).executeTakeFirst();
    if (!membership) throw notFound('Rattachement');
    if (membership.id === actor.membershipId) throw invalid('id', 'Vous ne pouvez pas retirer le rattachement avec lequel vous êtes connecté.');
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('sessions').where('membershipId', '=', membership.id).execute();
      await trx.deleteFrom('memberships').where('id', '=', membership.id).execute();
      await recordHistory(trx, actor, at, { entityType: 'user', entityId: membership.userId, action: 'membership_removed', changes: { organisationId: membership.organisationId, role: membership.role } });
    });
    return { ok: true };
  });

  app.get('/api/history/:entityType/:id', {
    schema: { tags, summary: 'Historique d’une organisation ou d’un utilisateur', params: z.object({ entityType: z.enum(['organisation', 'user']), id: recordIdParam }) },
  }, async (request) => {
    await requireAdmin(ctx, request);
    return { items: await timeline(db, request.params.entityType, request.params.id) };
  });
};
