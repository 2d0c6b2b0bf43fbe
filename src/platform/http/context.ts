import type { Database } from '../db/database.js';
import type { CostlyLimits } from '../limits/costlyWork.js';
import type { FileStorage } from '../storage/storage.js';

export interface Clock { now(): Date }
export const systemClock: Clock = { now: () => new Date() };

export interface AppConfig {
  /** Public URL of the app, used in links of notifications and for OIDC redirects. */
  publicUrl: string;
  /** Secure cookies when served over HTTPS. */
  secureCookies: boolean;
  sessionHours: number;
  oidc?: { issuer: string; clientId: string; clientSecret: string; label?: string };
  /** Caps on dashboards, reports, exports and imports (set by the server from its settings); none when absent. */
  costlyLimits?: CostlyLimits;
  /**
   * Addresses (or CIDR ranges) of the reverse proxies whose `X-Forwarded-For` is believed. None by
   * default: the client address is then the connection's, which a client cannot forge.
   */
  trustedProxies?: string[];
  /** Folder of the built web app; absent in API-only tests. */
  webRoot?: string;
  /**
   * Background jobs (src/platform/outbox/jobs.ts): how long a claim holds without being
   * renewed (60 s), and how long a due job may wait before readiness reports the jobs as
   * not progressing (10 min).
   */
  jobs?: { leaseSeconds?: number; lateMinutes?: number };
}

export interface AppContext {
  database: Database;
  clock: Clock;
  config: AppConfig;
  /** Where uploaded files are kept; the database itself when absent. */
  storage?: FileStorage;
}

export const isoNow = (clock: Clock) => clock.now().toISOString();
