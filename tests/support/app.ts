import { inject } from 'vitest';
import { createDatabase, type Database, type DatabaseConfig, type DatabaseKind } from '../../src/platform/db/database.js';
import { buildApp, type Api } from '../../src/platform/http/app.js';
import type { AppConfig, AppContext, Clock } from '../../src/platform/http/context.js';
import { loadDemoData } from '../../src/demo/demoData.js';
import { DEMO_PASSWORD } from '../../src/demo/organisations.js';
import { routeModules } from '../../src/server/modules.js';
import { registerJobs } from '../../src/server/jobs.js';
import { freshDatabase } from './databases.js';

export interface TestApp {
  app: Api;
  ctx: AppContext;
  clock: { set(iso: string): void; now(): Date };
  /** Session cookie of a demo account. */
  login(email: string): Promise<string>;
  orgId(name: string): Promise<number>;
  close(): Promise<void>;
}

/** The production app on a fresh database with the demo data set, the clock under the test's control (`onDisk`: SQLite in a file). */
export async function testApp(kind: DatabaseKind, options: { now?: string; publicUrl?: string; oidc?: AppConfig['oidc']; onDisk?: boolean; queryLog?: DatabaseConfig['queryLog'] } = {}): Promise<TestApp> {
  const database = await freshDatabase(kind, { onDisk: options.onDisk, queryLog: options.queryLog });
  let current = new Date(options.now ?? '2010-06-01T09:00:00.000Z');
  const clock: Clock & { set(iso: string): void } = { now: () => new Date(current), set: (iso) => { current = new Date(iso); } };
  const ctx: AppContext = {
    database, clock,
    config: { publicUrl: options.publicUrl ?? 'http://localhost:3000', secureCookies: false, sessionHours: 10, oidc: options.oidc },
  };
  registerJobs();
  await loadDemoData(ctx);
  const app = await buildApp(ctx, routeModules);
  const cookies = new Map<string, string>();
  return {
    app, ctx, clock,
    async login(email) {
      const cached = cookies.get(email);
      if (cached) return cached;
      const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: DEMO_PASSWORD } });
      if (response.statusCode !== 200) throw new Error(`login ${email}: ${response.statusCode} ${response.body}`);
      const cookie = response.cookies.find((c) => c.name === 'parcours_session');
      if (!cookie) throw new Error('no session cookie');
      const header = `parcours_session=${cookie.value}`;
      cookies.set(email, header);
      return header;
    },
    async orgId(name) {
      const row = await database.db.selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirstOrThrow();
      return row.id;
    },
    async close() {
      await app.close();
      await database.destroy();
    },
  };
}

/**
 * A second handle on the test's database, standing for a second server process: its own pool
 * on the same PostgreSQL schema; on SQLite the one connection, where transactions begin
 * IMMEDIATE. The caller destroys it when it is not the test's own.
 */
export function secondWriter(t: TestApp, kind: DatabaseKind): Database {
  return kind === 'postgres' ? createDatabase({ databaseUrl: inject('postgresUrl')!, pgSchema: t.ctx.database.schema, poolSize: 4 }) : t.ctx.database;
}

/** Both writers at once, one on each handle; each outcome is the value or the refusal. */
export function raceOn<T>(handles: readonly Database[], run: (database: Database) => Promise<T>) {
  return Promise.all(handles.map((database) => run(database).then((value) => ({ value }), (error: unknown) => ({ error }))));
}
