import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../database.js';
import { columnTypes, withId } from '../columns.js';

/**
 * Supporting documents of funding requests and the thread between a company and its partners.
 * The bytes live in `document_blobs` (the embedded storage, docs/decisions/004-document-storage.md),
 * named by a key that the metadata rows carry, so an object store can take its place.
 */
export async function up(db: Kysely<any>, kind: DatabaseKind): Promise<void> {
  const t = columnTypes(kind);
  await db.schema.createTable('document_blobs')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('content', t.blob, (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();

  await withId(kind, db.schema.createTable('expected_documents'))
    .addColumn('measure_id', 'integer', (c) => c.notNull().references('measures.id').onDelete('cascade'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('is_required', t.boolean, (c) => c.notNull().defaultTo(t.falseValue))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('valid_from', t.date, (c) => c.notNull())
    .addColumn('valid_to', t.date)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('expected_documents_measure').on('expected_documents').columns(['measure_id', 'stage', 'position']).execute();

  await withId(kind, db.schema.createTable('request_messages'))
    .addColumn('request_id', 'integer', (c) => c.notNull().references('funding_requests.id'))
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('request_messages_request').on('request_messages').columns(['request_id', 'id']).execute();

  await withId(kind, db.schema.createTable('information_request_items'))
    .addColumn('information_request_id', 'integer', (c) => c.notNull().references('information_requests.id'))
    .addColumn('request_id', 'integer', (c) => c.notNull().references('funding_requests.id'))
    .addColumn('expected_document_id', 'integer', (c) => c.references('expected_documents.id'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('document_id', 'integer')
    .execute();
  await db.schema.createIndex('information_request_items_request').on('information_request_items').columns(['request_id']).execute();

  // One row per document; its versions hold the files (the last one is current).
  await withId(kind, db.schema.createTable('request_documents'))
    .addColumn('request_id', 'integer', (c) => c.notNull().references('funding_requests.id'))
    .addColumn('stage', 'text')
    .addColumn('expected_document_id', 'integer', (c) => c.references('expected_documents.id'))
    .addColumn('information_item_id', 'integer', (c) => c.references('information_request_items.id'))
    .addColumn('message_id', 'integer', (c) => c.references('request_messages.id'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('request_documents_request').on('request_documents').columns(['request_id', 'stage']).execute();

  await withId(kind, db.schema.createTable('request_document_versions'))
    .addColumn('document_id', 'integer', (c) => c.notNull().references('request_documents.id'))
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('uploaded_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('uploaded_at', t.instant, (c) => c.notNull())
    .execute();
  // Two replacements of one document cannot both become its next version.
  await db.schema.createIndex('request_document_versions_number').on('request_document_versions').columns(['document_id', 'version_no']).unique().execute();
}
