import path from 'node:path';
import type { AppConfig } from '../platform/http/context.js';

export interface ServerSettings {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  demo: boolean;
  /** Stored documents (PARCOURS_DOCUMENTS_DIR): backed up and restored with the database when the folder exists. */
  documentsDir?: string;
  /** Bearer token of `GET /metrics`; without it the endpoint is off. */
  metricsToken?: string;
  /** Log level of the JSON logs (pino's): 'info' by default, 'silent' turns them off. */
  logLevel: string;
  app: AppConfig;
}

/** Reads the environment once; every setting has a default that works on a laptop. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): ServerSettings {
  const port = Number(env.PORT ?? 3000);
  const publicUrl = env.PARCOURS_PUBLIC_URL ?? `http://localhost:${port}`;
  const oidc = env.OIDC_ISSUER && env.OIDC_CLIENT_ID
    ? { issuer: env.OIDC_ISSUER, clientId: env.OIDC_CLIENT_ID, clientSecret: env.OIDC_CLIENT_SECRET ?? '', label: env.OIDC_LABEL }
    : undefined;
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: env.PARCOURS_DATA_DIR ?? './data',
    databaseUrl: env.DATABASE_URL || undefined,
    demo: env.PARCOURS_DEMO !== '0',
    documentsDir: env.PARCOURS_DOCUMENTS_DIR || undefined,
    metricsToken: env.PARCOURS_METRICS_TOKEN || undefined,
    logLevel: env.PARCOURS_LOG === '0' ? 'silent' : env.PARCOURS_LOG_LEVEL ?? 'info',
    app: {
      publicUrl,
      secureCookies: publicUrl.startsWith('https://'),
      sessionHours: Number(env.PARCOURS_SESSION_HOURS ?? 10),
      steeringStaleSeconds: Number(env.PARCOURS_STEERING_STALE_SECONDS ?? 900),
      oidc,
      webRoot: env.PARCOURS_WEB_ROOT ?? path.resolve('dist/web'),
    },
  };
}
