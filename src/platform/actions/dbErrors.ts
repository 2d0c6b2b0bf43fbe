/**
 * What a database error means for the user, whichever database raised it. Drivers report
 * the same situations with different codes: PostgreSQL with SQLSTATE (`code`), better-sqlite3
 * with `SQLITE_*` codes. Classifying them in one place lets the action runner retry what a
 * retry can cure and answer the rest in French.
 */
export type DatabaseFault =
  | 'unique_violation'
  | 'retryable' // deadlock, serialisation failure, SQLite busy: the same work may succeed again
  | 'unavailable' // connection refused, dropped, or the server shutting down
  | 'disk_full'
  | 'other';

const PG_UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300']);
const NODE_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH']);

export function classifyDatabaseError(error: unknown): DatabaseFault {
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : '';
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return 'unique_violation';
  if (code === '40001' || code === '40P01' || code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED') return 'retryable';
  if (code === '53100' || code === 'SQLITE_FULL' || code === 'ENOSPC') return 'disk_full';
  if (PG_UNAVAILABLE.has(code) || NODE_UNAVAILABLE.has(code) || code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_IOERR')) return 'unavailable';
  if (/Connection terminated|connection timeout|Client has encountered a connection error|terminating connection/i.test(message)) return 'unavailable';
  return 'other';
}
