/**
 * Every refusal the API gives is one of these, with a French message a user can act
 * on and, where one field is at fault, its path (e.g. "actions.0.hoursPerTrainee").
 */
export interface FieldIssue { path: string; message: string }

export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly issues: FieldIssue[] = field ? [{ path: field, message }] : [],
  ) {
    super(message);
  }
}

export const unauthenticated = () =>
  new AppError(401, 'unauthenticated', 'Vous devez vous connecter pour accéder à cette page.');

export const forbidden = (what = 'cette action') =>
  new AppError(403, 'forbidden', `Votre rôle ne vous permet pas ${what}.`);

/** Unknown ids and ids of another organisation answer the same, so nothing leaks about what exists. */
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} introuvable.`);

export const staleVersion = (what: string) =>
  new AppError(
    409,
    'version_conflict',
    `${what} a été modifié(e) par quelqu'un d'autre entre-temps. Rechargez la page pour voir la dernière version, puis refaites votre modification.`,
    'version',
  );

export const invalid = (field: string, message: string) => new AppError(400, 'invalid', message, field);

export const invalidMany = (issues: FieldIssue[], message = 'Certaines informations sont à corriger.') =>
  new AppError(400, 'invalid', message, issues[0]?.path, issues);

export const refusedTransition = (message: string, issues: FieldIssue[] = []) =>
  new AppError(409, 'transition_refused', message, issues[0]?.path, issues);

/** A 429 that says when to come back, in its message and in `Retry-After` (errorHandler.ts). */
export class RetryLater extends AppError {
  constructor(message: string, readonly retryAfterSeconds: number, code = 'too_many_requests') {
    super(429, code, message);
  }
}

export const tooManyAttempts = (seconds: number) =>
  new RetryLater(seconds < 120
    ? `Trop de tentatives de connexion. Réessayez dans ${Math.ceil(seconds)} seconde(s).`
    : `Trop de tentatives de connexion. Réessayez dans ${Math.ceil(seconds / 60)} minute(s).`, Math.ceil(seconds), 'too_many_attempts');
