import type { FastifyRequest } from 'fastify';
import { invalid } from './errors.js';

/**
 * A NUL character is never part of a name, a motivation or a search, and PostgreSQL refuses it
 * in text: looked for in the path, the query string and the JSON body (keys and values) of every
 * request, it is refused with one French 400 instead of failing deep in a query.
 */
export async function refuseNulCharacters(request: FastifyRequest): Promise<void> {
  for (const [where, value] of [['params', request.params], ['query', request.query], ['body', request.body]] as const) {
    const path = nulPath(value, where === 'body' ? '' : where);
    if (path !== null) throw invalid(path || 'body', 'Le caractère NUL (\\0) n’est pas accepté dans les données envoyées.');
  }
}

/** The dotted path of the first string holding a NUL, or null. Depth-bounded: bodies are at most 1 MB. */
function nulPath(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  for (const [key, item] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return at;
    const found = nulPath(item, at, depth + 1);
    if (found !== null) return found;
  }
  return null;
}
