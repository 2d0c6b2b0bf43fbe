import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../http/context.js';
import { unauthenticated } from '../http/errors.js';
import type { Actor, OrganisationKind, Role } from './roles.js';

export const SESSION_COOKIE = 'parcours_session';

/** Only the hash of the token is stored: a leaked table does not open sessions. */
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function openSession(ctx: AppContext, reply: FastifyReply, userId: number, membershipId: number): Promise<void> {
  const token = randomBytes(32).toString('base64url');
  const now = ctx.clock.now();
  const expires = new Date(now.getTime() + ctx.config.sessionHours * 3_600_000);
  await ctx.database.db.insertInto('sessions').values({
    id: hashToken(token), userId, membershipId,
    createdAt: now.toISOString(), expiresAt: expires.toISOString(), lastSeenAt: now.toISOString(),
  }).execute();
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/', httpOnly: true, sameSite: 'lax', secure: ctx.config.secureCookies, expires,
  });
}

export async function closeSession(ctx: AppContext, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  actors.delete(request);
  const token = request.cookies[SESSION_COOKIE];
  if (token) await ctx.database.db.deleteFrom('sessions').where('id', '=', hashToken(token)).execute();
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

export async function switchMembership(ctx: AppContext, request: FastifyRequest, membershipId: number): Promise<void> {
  actors.delete(request);
  const token = request.cookies[SESSION_COOKIE];
  if (!token) throw unauthenticated();
  await ctx.database.db.updateTable('sessions').set({ membershipId }).where('id', '=', hashToken(token)).execute();
}

/**
 * The actor of a request is read once: the guard that answers 401 before validation
 * (requestGuards.ts) and the route both ask for it. Forgotten when the session changes.
 */
const actors = new WeakMap<FastifyRequest, Promise<Actor | null>>();

export function actorFromRequest(ctx: AppContext, request: FastifyRequest): Promise<Actor | null> {
  let actor = actors.get(request);
  if (!actor) {
    actor = readActor(ctx, request);
    actors.set(request, actor);
  }
  return actor;
}

async function readActor(ctx: AppContext, request: FastifyRequest): Promise<Actor | null> {
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return null;
  const now = ctx.clock.now().toISOString();
  const row = await ctx.database.db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.userId')
    .innerJoin('memberships as m', 'm.id', 's.membershipId')
    .innerJoin('organisations as o', 'o.id', 'm.organisationId')
    .select([
      'u.id as userId', 'u.displayName', 'u.email', 'u.isActive as isUserActive', 'm.id as membershipId', 'm.role',
      'o.id as organisationId', 'o.name as organisationName', 'o.kind as organisationKind', 'o.isActive as isOrganisationActive',
      's.expiresAt',
    ])
    .where('s.id', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || row.expiresAt <= now || !row.isUserActive || !row.isOrganisationActive) return null;
  return {
    userId: row.userId, displayName: row.displayName, email: row.email, membershipId: row.membershipId,
    organisationId: row.organisationId, organisationName: row.organisationName,
    organisationKind: row.organisationKind as OrganisationKind, role: row.role as Role,
  };
}

export async function requireActor(ctx: AppContext, request: FastifyRequest): Promise<Actor> {
  const actor = await actorFromRequest(ctx, request);
  if (!actor) throw unauthenticated();
  return actor;
}
