import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { AppError } from '../http/errors.js';

/**
 * Where the bytes of stored files live. Metadata rows name a key; the bytes are put before
 * the action that names them runs (no transaction waits on a body) and deleted after the
 * action that forgets them commits. An S3-compatible object store can implement the same
 * three calls (docs/decisions/004-document-storage.md).
 */
export interface FileStorage {
  put(key: string, bytes: Buffer, at: string): Promise<{ sha256: string; sizeBytes: number }>;
  /** The bytes, checked against the SHA-256 recorded when they were put. */
  get(key: string, expectedSha256: string): Promise<Buffer>;
  delete(keys: readonly string[]): Promise<void>;
}

export const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export const newStorageKey = (prefix: string) => `${prefix}/${randomUUID()}`;

const altered = () => new AppError(500, 'document_altered', 'Le fichier stocké ne correspond plus à son empreinte SHA-256 : il a été altéré. Prévenez l’administrateur.');

/**
 * The embedded default: bytes in the `document_blobs` table. Nothing to set up, shared by
 * every server process on one PostgreSQL database, and copied by every database backup.
 */
export function databaseStorage(db: Kysely<Schema>): FileStorage {
  return {
    async put(key, bytes, at) {
      const sha256 = sha256Of(bytes);
      await db.insertInto('documentBlobs').values({ key, content: bytes, sizeBytes: bytes.length, sha256, createdAt: at }).execute();
      return { sha256, sizeBytes: bytes.length };
    },
    async get(key, expectedSha256) {
      const row = await db.selectFrom('documentBlobs').select(['content', 'sha256']).where('key', '=', key).executeTakeFirst();
      if (!row) throw new AppError(404, 'not_found', 'Fichier introuvable.');
      const bytes = Buffer.from(row.content);
      if (row.sha256 !== expectedSha256 || sha256Of(bytes) !== expectedSha256) throw altered();
      return bytes;
    },
    async delete(keys) {
      if (keys.length) await db.deleteFrom('documentBlobs').where('key', 'in', [...keys]).execute();
    },
  };
}

/** The storage a context was given, or the embedded one on its database. */
export function storageOf(ctx: { database: { db: Kysely<Schema> }; storage?: FileStorage }): FileStorage {
  return ctx.storage ?? databaseStorage(ctx.database.db);
}

/** Every blob of the embedded storage recomputed against its recorded SHA-256, a batch at a time. */
export async function alteredBlobs(db: Kysely<Schema>, batch = 50): Promise<string[]> {
  const altered: string[] = [];
  let after = '';
  for (;;) {
    const rows = await db.selectFrom('documentBlobs').select(['key', 'content', 'sha256']).where('key', '>', after).orderBy('key').limit(batch).execute();
    for (const row of rows) if (sha256Of(Buffer.from(row.content)) !== row.sha256) altered.push(row.key);
    if (rows.length < batch) return altered;
    after = rows[rows.length - 1].key;
  }
}
