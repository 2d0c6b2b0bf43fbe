import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import * as client from 'openid-client';
import type { Api, RouteModule } from '../http/app.js';
import type { AppConfig, AppContext } from '../http/context.js';
import { isoNow } from '../http/context.js';
import { AppError } from '../http/errors.js';
import { recordHistory } from '../history/history.js';
import type { Actor, OrganisationKind, Role } from './roles.js';
import { openSession } from './sessions.js';

/**
 * OIDC login, shaped for ProConnect (the State's identity federation for agents) but
 * working with any standard provider. Accounts are never created here: the secretariat
 * creates them, and the first OIDC login links the provider's subject to the account
 * whose e-mail matches.
 */

/** Codes the login page receives in `/connexion?erreur=<code>`, with the sentence it shows. */
export const OIDC_ERRORS = {
  oidc_inconnu: 'Aucun compte Parcours actif ne correspond à votre identité. Demandez au secrétariat de la cellule de créer votre compte avec votre adresse électronique professionnelle.',
  oidc_sans_rattachement: 'Votre compte n’est rattaché à aucune organisation. Contactez le secrétariat de la cellule.',
  oidc_refus: 'La connexion a été annulée auprès du fournisseur d’identité.',
  oidc_echec: 'La connexion par le fournisseur d’identité n’a pas abouti. Réessayez ; si le problème persiste, connectez-vous avec votre mot de passe ou contactez le secrétariat de la cellule.',
} as const;
export type OidcErrorCode = keyof typeof OIDC_ERRORS;

/** The base settings of `ctx.config.oidc` plus the optional request parameters a provider may need. */
export interface OidcSettings extends NonNullable<AppConfig['oidc']> {
  /** Space-separated scopes; ProConnect names the claims it releases as scopes. */
  scope?: string;
  /** ProConnect accepts e.g. `eidas1`; standard providers do without. */
  acrValues?: string;
  /** JSON of the `claims` request parameter, e.g. `{"id_token":{"amr":{"essential":true}}}`. */
  claims?: string;
  /** Overrides the method picked from discovery when the client was registered with the other one. */
  tokenAuthMethod?: 'client_secret_post' | 'client_secret_basic';
}

export const DEFAULT_SCOPE = 'openid email given_name usual_name';
export const CALLBACK_PATH = '/api/auth/oidc/callback';
const FLOW_COOKIE = 'parcours_oidc';
const FLOW_COOKIE_PATH = '/api/auth/oidc';
// Long enough to type a password and pass a second factor at the provider, short enough to limit replay.
const FLOW_TTL_MS = 10 * 60_000;

/**
 * config.ts only reads issuer, client and label; the extra parameters come from the
 * environment here so an operator can turn them on without a code change.
 */
export function oidcExtrasFromEnv(env: NodeJS.ProcessEnv): Partial<OidcSettings> {
  const method = env.OIDC_TOKEN_AUTH_METHOD || undefined;
  if (method !== undefined && method !== 'client_secret_post' && method !== 'client_secret_basic') {
    throw new Error(`OIDC_TOKEN_AUTH_METHOD doit valoir client_secret_post ou client_secret_basic (reçu : ${method}).`);
  }
  if (env.OIDC_CLAIMS) {
    try { JSON.parse(env.OIDC_CLAIMS); } catch { throw new Error('OIDC_CLAIMS doit être un objet JSON valide.'); }
  }
  return {
    ...(env.OIDC_SCOPES ? { scope: env.OIDC_SCOPES } : {}),
    ...(env.OIDC_ACR_VALUES ? { acrValues: env.OIDC_ACR_VALUES } : {}),
    ...(env.OIDC_CLAIMS ? { claims: env.OIDC_CLAIMS } : {}),
    ...(method ? { tokenAuthMethod: method } : {}),
  };
}

// ---- Pure helpers ------------------------------------------------------------

export interface OidcIdentity { subject: string; email: string | null; emailVerified: boolean; name: string | null }

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/** ProConnect sends `given_name` + `usual_name`; generic providers `given_name` + `family_name` or `name`. */
export function identityFromClaims(claims: Record<string, unknown>): OidcIdentity | null {
  const subject = text(claims.sub);
  if (!subject) return null;
  const family = text(claims.usual_name) ?? text(claims.family_name);
  const name = [text(claims.given_name), family].filter(Boolean).join(' ') || text(claims.name);
  return {
    subject,
    email: text(claims.email)?.toLowerCase() ?? null,
    // ProConnect sends no email_verified: its identity providers vouch for the address. An explicit `false` is refused.
    emailVerified: claims.email_verified !== false,
    name,
  };
}

export function authorizationParameters(
  settings: OidcSettings, redirectUri: string, flow: { state: string; nonce: string }, codeChallenge: string,
): Record<string, string> {
  return {
    redirect_uri: redirectUri,
    scope: settings.scope ?? DEFAULT_SCOPE,
    state: flow.state,
    nonce: flow.nonce,
    code_challenge: codeChallenge,
    code_challenge_method: 'S256',
    ...(settings.acrValues ? { acr_values: settings.acrValues } : {}),
    ...(settings.claims ? { claims: settings.claims } : {}),
  };
}

/** The spec's default is client_secret_basic; ProConnect only lists client_secret_post. */
export function pickTokenAuthMethod(supported: readonly string[] | undefined): 'client_secret_post' | 'client_secret_basic' {
  if (!supported || supported.includes('client_secret_basic')) return 'client_secret_basic';
  return supported.includes('client_secret_post') ? 'client_secret_post' : 'client_secret_basic';
}

// ---- Flow cookie -------------------------------------------------------------

interface Flow { state: string; nonce: string; verifier: string; expiresAt: number }

/**
 * State, nonce and PKCE verifier travel in an encrypted, authenticated cookie rather than
 * in the database, so any server process can finish a login another one started. The key
 * derives from the client secret, which every process already shares and no browser sees.
 */
function flowSealer(settings: OidcSettings) {
  const key = Buffer.from(hkdfSync('sha256', settings.clientSecret, settings.clientId, 'parcours oidc flow cookie', 32));
  return {
    seal(flow: Flow): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(flow), 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(sealed: string | undefined): Flow | null {
      if (!sealed) return null;
      try {
        const raw = Buffer.from(sealed, 'base64url');
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        const flow = JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')) as Flow;
        return typeof flow.state === 'string' && typeof flow.nonce === 'string' && typeof flow.verifier === 'string' ? flow : null;
      } catch {
        return null;
      }
    },
  };
}

// ---- Provider ----------------------------------------------------------------

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

async function discover(settings: OidcSettings): Promise<client.Configuration> {
  const issuer = new URL(settings.issuer);
  // Plain http is only tolerated for a provider on this machine (local tests and demos).
  const execute = issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname) ? [client.allowInsecureRequests] : [];
  const found = await client.discovery(issuer, settings.clientId, undefined, undefined, { execute, timeout: 10 });
  const metadata = found.serverMetadata();
  const method = settings.tokenAuthMethod ?? pickTokenAuthMethod(metadata.token_endpoint_auth_methods_supported);
  const auth = method === 'client_secret_post' ? client.ClientSecretPost(settings.clientSecret) : client.ClientSecretBasic(settings.clientSecret);
  const configuration = new client.Configuration(metadata, settings.clientId, { client_secret: settings.clientSecret }, auth);
  configuration.timeout = 10;
  for (const apply of execute) apply(configuration);
  return configuration;
}

// ---- Accounts ----------------------------------------------------------------

type SignIn = { userId: number; membershipId: number } | { refused: OidcErrorCode };

async function signIn(ctx: AppContext, identity: OidcIdentity, issuer: string): Promise<SignIn> {
  const { db } = ctx.database;
  const columns = ['id', 'email', 'displayName', 'isActive', 'oidcSubject'] as const;
  let user = await db.selectFrom('users').select(columns).where('oidcSubject', '=', identity.subject).executeTakeFirst();
  const linking = !user;
  if (!user) {
    if (!identity.email || !identity.emailVerified) return { refused: 'oidc_inconnu' };
    user = await db.selectFrom('users').select(columns).where('email', '=', identity.email).executeTakeFirst();
    // An account already linked to another subject is not taken over by whoever shows the same e-mail.
    if (!user || user.oidcSubject !== null) return { refused: 'oidc_inconnu' };
  }
  if (!user.isActive) return { refused: 'oidc_inconnu' };
  const membership = await db.selectFrom('memberships as m').innerJoin('organisations as o', 'o.id', 'm.organisationId')
    .select(['m.id', 'm.role', 'o.id as organisationId', 'o.name as organisationName', 'o.kind as organisationKind'])
    .where('m.userId', '=', user.id).orderBy('m.id').executeTakeFirst();
  if (!membership) return { refused: 'oidc_sans_rattachement' };
  if (linking) {
    const actor: Actor = {
      userId: user.id, displayName: user.displayName, email: user.email, membershipId: membership.id,
      organisationId: membership.organisationId, organisationName: membership.organisationName,
      organisationKind: membership.organisationKind as OrganisationKind, role: membership.role as Role,
    };
    const at = isoNow(ctx.clock);
    const linked = await db.transaction().execute(async (trx) => {
      // `oidcSubject is null` makes two simultaneous first logins link once.
      const result = await trx.updateTable('users').set((eb) => ({ oidcSubject: identity.subject, version: eb('version', '+', 1) }))
        .where('id', '=', actor.userId).where('oidcSubject', 'is', null).executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      await recordHistory(trx, actor, at, {
        entityType: 'user', entityId: actor.userId, action: 'oidc_linked',
        changes: { issuer, subject: identity.subject, email: identity.email, name: identity.name },
      });
      return true;
    });
    if (!linked) return { refused: 'oidc_echec' };
  }
  return { userId: user.id, membershipId: membership.id };
}

// ---- Routes ------------------------------------------------------------------

const tags = ['identité'];

export const oidcRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  const settings: OidcSettings | undefined = ctx.config.oidc ? { ...oidcExtrasFromEnv(process.env), ...ctx.config.oidc } : undefined;
  // The secret authenticates the client and keys the flow cookie: without it, fail at start-up, not at the first login.
  if (settings && !settings.clientSecret) throw new Error('OIDC_CLIENT_SECRET est requis quand OIDC_ISSUER est défini.');
  const sealer = settings ? flowSealer(settings) : null;
  const label = settings?.label ?? 'ProConnect';
  const redirectUri = () => `${ctx.config.publicUrl.replace(/\/+$/, '')}${CALLBACK_PATH}`;

  // Discovered on first use so the app starts while the provider is down; a failure is not cached.
  let pending: Promise<client.Configuration> | undefined;
  const configuration = (s: OidcSettings) => {
    pending ??= discover(s).catch((error: unknown) => { pending = undefined; throw error; });
    return pending;
  };

  const configured = () => {
    if (!settings || !sealer) throw new AppError(404, 'oidc_disabled', `La connexion par ${label} n’est pas activée sur cette plateforme.`);
    return { settings, sealer };
  };

  const refuse = (request: FastifyRequest, reply: FastifyReply, code: OidcErrorCode, cause?: unknown) => {
    if (cause !== undefined) request.log.warn({ err: cause }, `oidc login refused: ${code}`);
    return reply.redirect(`/connexion?erreur=${code}`, 302);
  };

  app.get('/api/auth/oidc/start', { config: { public: true }, schema: { tags, summary: `Connexion par ${label} : redirige vers le fournisseur d’identité` } }, async (request, reply) => {
    const { settings: s, sealer: sl } = configured();
    let provider: client.Configuration;
    try {
      provider = await configuration(s);
    } catch (error) {
      request.log.error({ err: error }, 'oidc discovery failed');
      throw new AppError(503, 'oidc_unavailable', `Le service ${label} est momentanément indisponible. Réessayez dans quelques minutes ou connectez-vous avec votre mot de passe.`);
    }
    const flow: Flow = {
      state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier(),
      expiresAt: ctx.clock.now().getTime() + FLOW_TTL_MS,
    };
    const challenge = await client.calculatePKCECodeChallenge(flow.verifier);
    const url = client.buildAuthorizationUrl(provider, authorizationParameters(s, redirectUri(), flow, challenge));
    reply.setCookie(FLOW_COOKIE, sl.seal(flow), {
      path: FLOW_COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure: ctx.config.secureCookies, maxAge: FLOW_TTL_MS / 1000,
    });
    return reply.redirect(url.href, 302);
  });

  app.get(CALLBACK_PATH, { config: { public: true }, schema: { tags, summary: `Retour du fournisseur d’identité ${label}` } }, async (request, reply) => {
    const { settings: s, sealer: sl } = configured();
    const flow = sl.open(request.cookies[FLOW_COOKIE]);
    // Single use: a replayed callback finds no flow.
    reply.clearCookie(FLOW_COOKIE, { path: FLOW_COOKIE_PATH });
    if (!flow || flow.expiresAt < ctx.clock.now().getTime()) return refuse(request, reply, 'oidc_echec', new Error('missing or expired flow cookie'));
    // The redirect_uri sent to the token endpoint must be the registered one, not what a proxy made of it.
    const current = new URL(redirectUri());
    current.search = new URL(request.url, current).search;
    try {
      const provider = await configuration(s);
      const tokens = await client.authorizationCodeGrant(provider, current, {
        pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce, idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims) return refuse(request, reply, 'oidc_echec', new Error('no ID token claims'));
      // ProConnect releases e-mail and names only through userinfo.
      const userinfo = provider.serverMetadata().userinfo_endpoint
        ? await client.fetchUserInfo(provider, tokens.access_token, idClaims.sub)
        : {};
      const identity = identityFromClaims({ ...idClaims, ...userinfo });
      if (!identity) return refuse(request, reply, 'oidc_echec', new Error('no subject'));
      const outcome = await signIn(ctx, identity, s.issuer);
      if ('refused' in outcome) return refuse(request, reply, outcome.refused, new Error(`subject ${identity.subject}`));
      await openSession(ctx, reply, outcome.userId, outcome.membershipId);
      return reply.redirect('/', 302);
    } catch (error) {
      const denied = error instanceof client.AuthorizationResponseError && error.error === 'access_denied';
      return refuse(request, reply, denied ? 'oidc_refus' : 'oidc_echec', error);
    }
  });
};
