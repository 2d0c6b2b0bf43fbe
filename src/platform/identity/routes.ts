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
import { runAction } from '../actions/runAction.js';
import { addMembership, createOrganisation, createUser, removeMembership, updateOrganisation, updateUser } from './identityActions.js';

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
    return reply.status(201).send(await runAction(ctx, actor, createOrganisation, request.body));
  });

  app.get('/api/organisations/:id', { schema: { tags, summary: 'Une organisation', params: idParams } }, async (request) => {
    const actor = await requireActor(ctx, request);
    const row = await organisationQuery(actor, { page: 1, pageSize: 1, order: 'asc' }).where('o.id', '=', request.params.id).executeTakeFirst();
    if (!row) throw notFound('Organisation');
    return row;
  });

  app.patch('/api/organisations/:id', { schema: { tags, summary: 'Modifier une organisation', params: idParams, body: organisationPatch } }, async (request) => {
    const actor = await requireAdmin(ctx, request);
    return runAction(ctx, actor, updateOrganisation, { id: request.params.id, ...request.body });
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
    const { password, ...user } = request.body;
    const mentionsEmail = password && passwordProblem(password, user.email);
    if (mentionsEmail) throw invalid('password', mentionsEmail);
    const passwordHash = password ? await hashPassword(password) : null;
    return reply.status(201).send(await runAction(ctx, actor, createUser, { ...user, passwordHash }));
  });

  app.patch('/api/users/:id', { schema: { tags, summary: 'Modifier un utilisateur', params: idParams, body: userPatch } }, async (request) => {
    const actor = await requireAdmin(ctx, request);
    const { version, password, ...changes } = request.body;
    const passwordHash = password ? await hashPassword(password) : undefined;
    return runAction(ctx, actor, updateUser, { id: request.params.id, version, changes, passwordHash });
  });

  app.post('/api/users/:id/memberships', { schema: { tags, summary: 'Rattacher un utilisateur à une organisation', params: idParams, body: membershipBody } }, async (request, reply) => {
    const actor = await requireAdmin(ctx, request);
    return reply.status(201).send(await runAction(ctx, actor, addMembership, { userId: request.params.id, ...request.body }));
  });

  app.delete('/api/memberships/:id', { schema: { tags, summary: 'Retirer un rattachement', params: idParams } }, async (request) => {
    const actor = await requireAdmin(ctx, request);
    return runAction(ctx, actor, removeMembership, { id: request.params.id });
  });

  app.get('/api/history/:entityType/:id', {
    schema: { tags, summary: 'Historique d’une organisation ou d’un utilisateur', params: z.object({ entityType: z.enum(['organisation', 'user']), id: recordIdParam }) },
  }, async (request) => {
    await requireAdmin(ctx, request);
    return { items: await timeline(db, request.params.entityType, request.params.id) };
  });
};
