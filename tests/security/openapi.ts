import type { TestApp } from '../support/app.js';

export interface Operation { method: string; path: string; parameters: { name: string; in: string; required?: boolean; schema?: any }[]; requestBody?: any }

/** Every documented operation of the API, from its OpenAPI description. */
export async function operations(t: TestApp): Promise<Operation[]> {
  const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  return Object.entries(spec.paths as Record<string, Record<string, Omit<Operation, 'method' | 'path'>>>)
    .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, parameters: op.parameters ?? [], requestBody: op.requestBody })));
}
