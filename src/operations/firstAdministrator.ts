import { z } from 'zod';
import type { Database } from '../platform/db/database.js';
import { runActionIn } from '../platform/actions/runAction.js';
import { createOrganisation, createUser } from '../platform/identity/identityActions.js';
import { hashPassword } from '../platform/identity/passwords.js';
import { inSerialTransaction } from './serialTransaction.js';

z.config(z.locales.fr());

export const DEFAULT_SECRETARIAT = 'Secrétariat de la cellule opérationnelle';

export const firstAdministratorInput = z.object({
  email: z.string({ message: 'Adresse électronique obligatoire (--email).' }).trim().toLowerCase().email('Adresse électronique invalide (--email).'),
  displayName: z.string({ message: 'Nom obligatoire (--name).' }).trim().min(2, 'Le nom compte au moins 2 caractères (--name).').max(200),
  organisation: z.string().trim().min(2, 'Le nom de l’organisation compte au moins 2 caractères (--organisation).').max(200).default(DEFAULT_SECRETARIAT),
  password: z.string().min(12, 'Le mot de passe doit compter au moins 12 caractères.').max(200).optional(),
  oidcSubject: z.string().trim().min(1, 'Identifiant OIDC vide (--oidc-subject).').max(255).optional(),
}).superRefine((input, ctx) => {
  if (!input.password && !input.oidcSubject) {
    ctx.addIssue({ code: 'custom', path: ['password'], message: 'Donnez un mot de passe ou un identifiant OIDC (--oidc-subject) : sans l’un ni l’autre, personne ne pourra se connecter.' });
  }
});
export type FirstAdministratorInput = z.input<typeof firstAdministratorInput>;

export type FirstAdministratorResult =
  | { ok: true; userId: number; organisationId: number; organisationCreated: boolean }
  | { ok: false; message: string; field?: string };

/**
 * Creates the platform's first administrator: an account (password, or the subject its
 * OIDC provider will send) with the administrator role in the secretariat, which is
 * created when none exists. Refused once any active administrator of a secretariat exists:
 * further accounts are created in the application. The check and the writes are one
 * serializable transaction, so two commands run at once create one administrator.
 */
export async function createFirstAdministrator(database: Database, raw: FirstAdministratorInput, at: string): Promise<FirstAdministratorResult> {
  const parsed = firstAdministratorInput.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: issue.message, field: issue.path.join('.') };
  }
  const input = parsed.data;
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return inSerialTransaction(database, async (trx): Promise<FirstAdministratorResult> => {
    const existing = await trx.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.userId').innerJoin('organisations as o', 'o.id', 'm.organisationId')
      .select(['u.email']).where('m.role', '=', 'administrator').where('o.kind', '=', 'secretariat').where('u.isActive', '=', true)
      .orderBy('u.id').executeTakeFirst();
    if (existing) {
      return { ok: false, message: `Un administrateur existe déjà (${existing.email}) : créez les autres comptes dans l’application (Administration → Comptes).` };
    }
    const sameEmail = await trx.selectFrom('users').select('id').where('email', '=', input.email).executeTakeFirst();
    if (sameEmail) return { ok: false, field: 'email', message: `Un compte existe déjà avec l’adresse ${input.email}.` };
    if (input.oidcSubject) {
      const sameSubject = await trx.selectFrom('users').select('id').where('oidcSubject', '=', input.oidcSubject).executeTakeFirst();
      if (sameSubject) return { ok: false, field: 'oidcSubject', message: 'Un compte est déjà relié à cet identifiant OIDC.' };
    }
    let organisation = await trx.selectFrom('organisations').select('id').where('kind', '=', 'secretariat').where('name', '=', input.organisation).executeTakeFirst();
    const organisationCreated = !organisation;
    // The administration's own actions, run by the system: there is no administrator yet.
    const rc = { database, clock: { now: () => new Date(at) } };
    organisation ??= await runActionIn(trx, rc, null, createOrganisation, { kind: 'secretariat', name: input.organisation }, at);
    const user = await runActionIn(trx, rc, null, createUser, {
      email: input.email, displayName: input.displayName, passwordHash, oidcSubject: input.oidcSubject ?? null,
      membership: { organisationId: organisation.id, role: 'administrator' }, source: 'parcours first-admin',
    }, at);
    return { ok: true, userId: user.id, organisationId: organisation.id, organisationCreated };
  });
}
