import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUsers } from '../../src/demo/organisations.js';
import { DEFAULT_COSTLY_LIMITS } from '../../src/platform/limits/costlyWork.js';
import { databaseKinds } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';
import { operations, type Operation } from './openapi.js';

/**
 * A bounded fuzz of every documented operation: REQUESTS requests per database, drawn from a
 * seeded generator (a failure replays exactly), each with a random account or none, path and
 * query values and a JSON body shaped by the operation's schema and then spoiled — wrong types,
 * ids past their range, NUL characters, inherited property names, huge numbers, long texts.
 * Whatever is sent, the API answers with a 2xx–4xx: never a 5xx.
 */
const REQUESTS = 10_000;
const SEED = 20_261_201;

type Random = () => number;
function seeded(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}
const pick = <T>(r: Random, items: readonly T[]): T => items[Math.floor(r() * items.length)];

const HOSTILE_STRINGS = [
  '', ' ', 'a', 'é', '\u0000', 'a\u0000b', '__proto__', 'constructor', 'toString', 'hasOwnProperty', "' OR 1=1 --", '"; drop table users; --',
  '<script>alert(1)</script>', '=HYPERLINK("http://x")', '../../etc/passwd', '%00', '💥', '\ud800', 'x'.repeat(5_000), '9'.repeat(40), '-1', '0', '1e309',
  'NaN', 'Infinity', '2147483648', '-2147483649', '2010-02-30', '0000-00-00', '9999-12-31', '2010-06-01T25:00:00Z', '25', '2A', '73282932000074', 'null', 'true', '[]', '{}',
];
const HOSTILE_NUMBERS = [0, -1, 1, 2, 3, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53, -(2 ** 53), 1.5, 1e308, -1e308, 0.1];

function hostile(r: Random): unknown {
  switch (Math.floor(r() * 7)) {
    case 0: return pick(r, HOSTILE_STRINGS);
    case 1: return pick(r, HOSTILE_NUMBERS);
    case 2: return r() < 0.5;
    case 3: return null;
    case 4: return [pick(r, HOSTILE_STRINGS), pick(r, HOSTILE_NUMBERS)];
    case 5: return JSON.parse('{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}');
    default: return { [pick(r, HOSTILE_STRINGS)]: pick(r, HOSTILE_STRINGS) };
  }
}

/** A value that mostly fits the JSON schema, sometimes not at all. */
function valueFor(r: Random, schema: any, depth = 0): unknown {
  if (!schema || depth > 6 || r() < 0.08) return hostile(r);
  if (schema.nullable && r() < 0.1) return null;
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return valueFor(r, pick(r, options), depth + 1);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s: any) => valueFor(r, s, depth + 1)));
  if (schema.enum) return pick(r, schema.enum);
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, property] of Object.entries<any>(schema.properties ?? {})) {
        if ((schema.required ?? []).includes(key) ? r() < 0.95 : r() < 0.6) out[key] = valueFor(r, property, depth + 1);
      }
      if (r() < 0.1) out[pick(r, HOSTILE_STRINGS)] = hostile(r);
      return out;
    }
    case 'array': return Array.from({ length: Math.floor(r() * 3) }, () => valueFor(r, schema.items, depth + 1));
    case 'integer': case 'number': {
      if (r() < 0.3) return pick(r, HOSTILE_NUMBERS);
      const low = schema.minimum ?? 0;
      const high = Math.min(schema.maximum ?? 1_000, low + 1_000);
      const n = low + r() * (high - low);
      return schema.type === 'integer' ? Math.round(n) : Math.round(n * 100) / 100;
    }
    case 'boolean': return r() < 0.5;
    case 'string': {
      if (r() < 0.3) return pick(r, HOSTILE_STRINGS);
      return pick(r, ['2010-06-01', '2011-01-15', 'Forges de l’Étoile', '25', '73282932000074', 'usinage', 'un motif assez long pour passer', 'parcours-demo-2026']);
    }
    default: return hostile(r);
  }
}

/** A lone surrogate cannot be percent-encoded: it is sent as the invalid UTF-8 a client could send. */
const enc = (text: string) => {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
};

const text = (value: unknown) => (typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value));

function pathValue(r: Random): string {
  if (r() < 0.6) return String(1 + Math.floor(r() * 40));
  return enc(String(pick(r, [...HOSTILE_STRINGS.filter((s) => s !== '' && s.length < 100), ...HOSTILE_NUMBERS])));
}

function request(r: Random, op: Operation): { url: string; payload?: unknown } {
  const path = op.path.replace(/\{[^}]+\}/g, () => pathValue(r));
  const query = op.parameters.filter((p) => p.in === 'query' && r() < 0.5)
    .map((p) => `${enc(r() < 0.05 ? pick(r, HOSTILE_STRINGS) : p.name)}=${enc(text(r() < 0.6 ? valueFor(r, p.schema) ?? '' : pick(r, HOSTILE_STRINGS)))}`);
  if (r() < 0.05) query.push(`${p()}[]=1`, 'sort=__proto__');
  function p() { return pick(r, op.parameters.map((x) => x.name).concat('x')); }
  const url = query.length ? `${path}?${query.join('&')}` : path;
  if (op.method === 'GET' || op.method === 'DELETE') return { url };
  const schema = op.requestBody?.content?.['application/json']?.schema;
  return { url, payload: r() < 0.9 ? valueFor(r, schema) : hostile(r) };
}

describe.each(databaseKinds())('fuzz of every operation on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(kind);
    t.ctx.config.costlyLimits = DEFAULT_COSTLY_LIMITS;
  });
  afterAll(async () => { await t.close(); });

  it(`answers ${REQUESTS} fuzzed requests without a single 5xx`, async () => {
    const r = seeded(SEED);
    const all = await operations(t);
    expect(all.length).toBeGreaterThan(100);
    // Logins cost a real password check each: they get their share, not a tenth of the run.
    const ops = all.filter((op) => op.path !== '/api/auth/login');
    const login = all.find((op) => op.path === '/api/auth/login')!;
    const accounts = [null, ...demoUsers.map((u) => u.email)];
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    const covered = new Set<string>();
    for (let i = 0; i < REQUESTS; i++) {
      // The rate limits count per minute: time moves on so that costly routes keep being reached.
      if (i % 200 === 0) t.clock.set(new Date(Date.parse('2010-06-01T09:00:00.000Z') + i * 300).toISOString());
      const op = r() < 0.01 ? login : pick(r, ops);
      covered.add(`${op.method} ${op.path}`);
      const email = pick(r, accounts);
      const cookie = email ? await t.login(email).catch(() => undefined) : undefined;
      const { url, payload } = request(r, op);
      const headers: Record<string, string> = cookie ? { cookie } : {};
      const response = await t.app.inject({ method: op.method as 'GET', url, headers, ...(payload === undefined ? {} : { payload: JSON.stringify(payload), headers: { ...headers, 'content-type': 'application/json' } }) });
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      // The health routes answer 503 when a check fails (here: jobs left waiting by a clock that jumps): the state of the service, not a crash.
      const reportsState = op.path.startsWith('/api/health') && response.statusCode === 503;
      if (response.statusCode >= 500 && !reportsState && failures.length < 10) failures.push(`#${i} ${op.method} ${url} ${JSON.stringify(payload)?.slice(0, 300)} → ${response.statusCode} ${response.body.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(REQUESTS);
    expect(covered.size).toBe(all.length);
    // Not only refusals: a good share of the requests reach the routes' work.
    expect([...statuses].filter(([status]) => status < 300).reduce((a, [, n]) => a + n, 0)).toBeGreaterThan(REQUESTS / 40);
  }, 900_000);
});
