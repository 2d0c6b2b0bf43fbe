import path from 'node:path';
import type { AppConfig } from '../platform/http/context.js';
import { DEFAULT_COSTLY_LIMITS } from '../platform/limits/costlyWork.js';

export interface ServerSettings {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  /** PostgreSQL: connections this process keeps open, and the schema holding the tables. */
  poolSize: number;
  pgSchema?: string;
  demo: boolean;
  /** Stored documents (PARCOURS_DOCUMENTS_DIR): backed up and restored with the database when the folder exists. */
  documentsDir?: string;
  /** Bearer token of `GET /metrics`; without it the endpoint is off. */
  metricsToken?: string;
  /** Log level of the JSON logs (pino's): 'info' by default, 'silent' turns them off. */
  logLevel: string;
  /** SMTP delivery of the e-mails outbox (PARCOURS_SMTP_URL, PARCOURS_MAIL_FROM); without it e-mails stay in the outbox. */
  mail?: { smtpUrl: string; from: string };
  app: AppConfig;
}

/** A positive whole number from the environment, or the default; anything else stops the start with the variable named. */
function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} doit être un nombre entier positif (reçu « ${raw} »).`);
  return value;
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
    poolSize: positiveInteger(env, 'PARCOURS_DB_POOL_SIZE', 10),
    pgSchema: env.PARCOURS_DB_SCHEMA || undefined,
    demo: env.PARCOURS_DEMO !== '0',
    documentsDir: env.PARCOURS_DOCUMENTS_DIR || undefined,
    metricsToken: env.PARCOURS_METRICS_TOKEN || undefined,
    logLevel: env.PARCOURS_LOG === '0' ? 'silent' : env.PARCOURS_LOG_LEVEL ?? 'info',
    mail: env.PARCOURS_SMTP_URL ? { smtpUrl: env.PARCOURS_SMTP_URL, from: env.PARCOURS_MAIL_FROM || 'Parcours <ne-pas-repondre@parcours.localhost>' } : undefined,
    app: {
      publicUrl,
      secureCookies: publicUrl.startsWith('https://'),
      sessionHours: Number(env.PARCOURS_SESSION_HOURS ?? 10),
      oidc,
      costlyLimits: {
        perUserPerMinute: positiveInteger(env, 'PARCOURS_COSTLY_PER_MINUTE', DEFAULT_COSTLY_LIMITS.perUserPerMinute),
        perUserConcurrent: positiveInteger(env, 'PARCOURS_COSTLY_PER_USER', DEFAULT_COSTLY_LIMITS.perUserConcurrent),
        concurrent: positiveInteger(env, 'PARCOURS_COSTLY_CONCURRENT', DEFAULT_COSTLY_LIMITS.concurrent),
        leaseSeconds: DEFAULT_COSTLY_LIMITS.leaseSeconds,
      },
      // "10.0.0.5,10.1.0.0/16": the proxies in front of the servers; empty, none is believed.
      trustedProxies: (env.PARCOURS_TRUSTED_PROXIES ?? '').split(',').map((a) => a.trim()).filter(Boolean),
      webRoot: env.PARCOURS_WEB_ROOT ?? path.resolve('dist/web'),
      jobs: {
        leaseSeconds: positiveInteger(env, 'PARCOURS_JOB_LEASE_SECONDS', 60),
        lateMinutes: positiveInteger(env, 'PARCOURS_JOBS_LATE_MINUTES', 10),
      },
    },
  };
}
