/**
 * Typed fetch client for the Parcours JSON API.
 *
 *   const org = await api.get<Organisation>(`/api/organisations/${id}`);
 *   await api.post('/api/organisations', { kind, name });
 *   await api.patch(`/api/organisations/${id}`, { name, version });
 *
 * Every refusal becomes an `ApiError` carrying the server's French message, the field
 * at fault and the per-field `issues` (paths like "actions.0.hoursPerTrainee").
 * A 401 also notifies `onUnauthenticated` listeners (the session context sends the
 * user to /connexion).
 */
export interface FieldIssue { path: string; message: string }

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | null = null,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Someone else saved the record since it was loaded: show the message and offer to reload. */
  get isVersionConflict(): boolean { return this.status === 409 && this.code === 'version_conflict'; }
  get isUnauthenticated(): boolean { return this.status === 401; }
  get isForbidden(): boolean { return this.status === 403; }
  get isNotFound(): boolean { return this.status === 404; }
}

/** Turns anything thrown into an ApiError (network failures included) so the UI has one case to handle. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof DOMException && error.name === 'AbortError') return new ApiError(0, 'aborted', 'Requête annulée.');
  return new ApiError(0, 'network', 'Le service est injoignable. Vérifiez votre connexion puis réessayez.');
}

/** `method`: a 401 on a read means the page cannot be shown; on a write, the form says so and keeps what was typed. */
type Listener = (error: ApiError, method: string) => void;
const unauthenticatedListeners = new Set<Listener>();
/** Called on every 401 answer; returns an unsubscribe function. */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue | QueryValue[]>;

/** "/api/x" + { a: 1, b: undefined, c: '' } → "/api/x?a=1" (empty values are left out). */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v === undefined || v === null || v === '') continue;
      params.append(key, String(v));
    }
  }
  const text = params.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

export interface RequestOptions { query?: Query; signal?: AbortSignal; headers?: Record<string, string> }

async function request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), { method, headers, body: payload, credentials: 'same-origin', signal: options.signal });
  } catch (error) {
    throw toApiError(error);
  }
  const text = await response.text();
  let data: any = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!response.ok) {
    const e = data?.error;
    const error = e
      ? new ApiError(response.status, e.code ?? 'error', e.message ?? 'Erreur.', e.field ?? null, Array.isArray(e.issues) ? e.issues : [])
      : new ApiError(response.status, 'http_' + response.status, response.status >= 500
        ? 'Une erreur inattendue est survenue. Réessayez ; si elle persiste, contactez le secrétariat de la cellule.'
        : 'La requête a été refusée.');
    if (error.isUnauthenticated) unauthenticatedListeners.forEach((l) => l(error, method));
    throw error;
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, undefined, options),
  post: <T = { ok: true }>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, body ?? {}, options),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PUT', path, body ?? {}, options),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PATCH', path, body ?? {}, options),
  delete: <T = { ok: true }>(path: string, options?: RequestOptions) => request<T>('DELETE', path, undefined, options),
};

/** The list envelope every GET /api/<things> answers. */
/** `total` stops at 10,000 (`totalIsCapped`); both flags are optional for endpoints that do not page through paginate(). */
export interface Page<T> { items: T[]; total: number; totalIsCapped?: boolean; hasNext?: boolean; page: number; pageSize: number }
