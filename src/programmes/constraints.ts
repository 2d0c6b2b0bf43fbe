import { AppError } from '../platform/http/errors.js';

/**
 * The checks before a write say what is wrong in French; the database constraints
 * still guard against two administrators racing, and their errors are translated here
 * instead of surfacing as a 500.
 */
function codeOf(error: unknown): string | undefined {
  return (error as { code?: string } | null)?.code;
}

export const isUniqueViolation = (error: unknown) => ['23505', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY'].includes(codeOf(error) ?? '');
export const isForeignKeyViolation = (error: unknown) => ['23503', 'SQLITE_CONSTRAINT_FOREIGNKEY'].includes(codeOf(error) ?? '');

export const duplicate = (field: string, message: string) => new AppError(409, 'duplicate', message, field);
export const stillUsed = (message: string) => new AppError(409, 'still_used', message);

/** Runs a write, turning constraint violations into the given French refusals. */
export async function guarded<T>(write: () => Promise<T>, refusals: { unique?: () => AppError; foreignKey?: () => AppError }): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (refusals.unique && isUniqueViolation(error)) throw refusals.unique();
    if (refusals.foreignKey && isForeignKeyViolation(error)) throw refusals.foreignKey();
    throw error;
  }
}
