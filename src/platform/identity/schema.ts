import { z } from 'zod';
import { siretProblem } from '../../shared/siret.js';
import { ORGANISATION_KINDS, ROLES } from './roles.js';
import { employmentAreaSchema } from '../../shared/employmentAreas.js';
import { recordId } from '../http/ids.js';
import { passwordProblem } from './passwords.js';

export const departementSchema = z.string().regex(/^(\d{2}|2A|2B|97\d)$/, 'Numéro de département invalide (ex. 25, 2A, 974).');

export const siretSchema = z.string().trim().superRefine((value, ctx) => {
  const problem = siretProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}).transform((v) => v.replace(/\s/g, ''));

/** A new password, judged by passwords.ts (ANSSI's recommendations). */
export const passwordSchema = z.string().max(200, '200 caractères au plus.').superRefine((value, ctx) => {
  const problem = passwordProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const loginBody = z.object({
  email: z.string().trim().toLowerCase().email('Adresse électronique invalide.'),
  password: z.string().min(1, 'Saisissez votre mot de passe.').max(200),
});

export const organisationBody = z.object({
  kind: z.enum(ORGANISATION_KINDS, { message: 'Type d’organisation inconnu.' }),
  name: z.string().trim().min(2, 'Le nom compte au moins 2 caractères.').max(200),
  siret: siretSchema.nullable().optional(),
  departement: departementSchema.nullable().optional(),
  employmentArea: employmentAreaSchema.nullable().optional(),
  address: z.string().trim().max(300).nullable().optional(),
  isActive: z.boolean().optional(),
});
export const organisationPatch = organisationBody.partial().extend({ version: z.number().int().min(1) });

export const userBody = z.object({
  email: z.string().trim().toLowerCase().email('Adresse électronique invalide.'),
  displayName: z.string().trim().min(2, 'Le nom compte au moins 2 caractères.').max(200),
  password: passwordSchema.optional(),
  isActive: z.boolean().optional(),
  membership: z.object({ organisationId: recordId, role: z.enum(ROLES, { message: 'Rôle inconnu.' }) }).optional(),
});
export const userPatch = userBody.omit({ membership: true }).partial().extend({ version: z.number().int().min(1) });

export const membershipBody = z.object({
  organisationId: recordId,
  role: z.enum(ROLES, { message: 'Rôle inconnu.' }),
});

export { idParams } from '../http/ids.js';
