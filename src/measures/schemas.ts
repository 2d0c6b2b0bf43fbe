/**
 * Shapes every Acte II body shares (dates, money, hours, names, ids, versions), with the
 * French messages the server and the web give alike.
 */
import { z } from 'zod';
import { isIsoDate } from '../shared/dates.js';
import { recordId } from '../platform/http/ids.js';

export const isoDateSchema = z
  .string({ error: 'Date attendue (AAAA-MM-JJ).' })
  .refine(isIsoDate, { message: 'Date invalide : format attendu AAAA-MM-JJ (par exemple 2012-09-01).' });

export const centsSchema = z
  .number({ error: 'Montant attendu (en centimes).' })
  .int({ error: 'Le montant doit être un nombre entier de centimes.' })
  .min(0, { error: 'Le montant ne peut pas être négatif.' })
  .max(100_000_000_00, { error: 'Montant invraisemblable.' });

export const hoursSchema = z
  .number({ error: 'Nombre d’heures attendu.' })
  .min(0, { error: 'Le nombre d’heures ne peut pas être négatif.' })
  .max(10_000, { error: 'Nombre d’heures invraisemblable.' })
  .refine((h) => Math.abs(h * 100 - Math.round(h * 100)) < 1e-6, {
    message: 'Les heures se saisissent au centième au plus (par exemple 151,67).',
  });

export const dateRangeSchema = z
  .object({ start: isoDateSchema, end: isoDateSchema })
  .refine((r) => r.end >= r.start, { message: 'La date de fin précède la date de début.', path: ['end'] });

export const personName = (what: string) => z.string({ error: `${what} attendu.` }).trim().min(1, { error: `${what} manquant.` }).max(100, { error: '100 caractères au plus.' });
/** Ids are bounded to their column's range once, in platform. */
export const idSchema = recordId;
export const versionSchema = z.number({ error: 'Version attendue.' }).int().min(1);
export const SEXES = ['F', 'M'] as const;
export const sexSchema = z.enum(SEXES, { error: 'Sexe : choisissez Femme ou Homme (dans un fichier : F ou M).' });
