import { z } from 'zod';

/**
 * Record ids are PostgreSQL `integer` columns: an id past their range cannot name a record,
 * and sent to the database it would fail the query instead of finding nothing. Every id a
 * request carries — path, query or body — is checked against that range here, once.
 */
export const MAX_RECORD_ID = 2_147_483_647;

const checked = (schema: z.ZodNumber) =>
  schema.int({ error: 'Identifiant invalide.' }).positive({ error: 'Identifiant invalide.' }).max(MAX_RECORD_ID, { error: 'Identifiant invalide.' });

/** An id in a JSON body. */
export const recordId = checked(z.number({ error: 'Identifiant attendu.' }));

/** An id in a path or a query string, where it arrives as text. */
export const recordIdParam = checked(z.coerce.number({ error: 'Identifiant invalide.' }));

export const idParams = z.object({ id: recordIdParam });
