import type { Kysely } from "kysely";
import { isPostgres } from "../connect";

// Frozen: never edit a migration that has shipped; add a new one.
// Collaborative documents (server/sync/): an append-only update log, one compacted snapshot
// per document, named and automatic versions, and which Yjs client ids belong to which user.
export async function up(db: Kysely<any>): Promise<void> {
  const binary = isPostgres(db) ? "bytea" : "blob";
  await db.schema
    .createTable("doc_update")
    .addColumn("doc", "text", (c) => c.notNull())
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("bytes", binary, (c) => c.notNull())
    .addColumn("author_id", "text", (c) => c.references("app_user.id"))
    .addColumn("at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("doc_update_pk", ["doc", "seq"])
    .execute();
  await db.schema
    .createTable("doc_snapshot")
    .addColumn("doc", "text", (c) => c.primaryKey())
    // Every update with seq <= this one is folded into `bytes`.
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("bytes", binary, (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("doc_version")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("doc", "text", (c) => c.notNull())
    .addColumn("seq", "integer", (c) => c.notNull())
    // null for automatic versions.
    .addColumn("name", "text")
    .addColumn("auto", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("bytes", binary, (c) => c.notNull())
    // JSON array of user ids who edited since the previous version.
    .addColumn("authors_json", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("app_user.id"))
    .execute();
  await db.schema.createIndex("doc_version_doc_idx").on("doc_version").columns(["doc", "seq"]).execute();
  await db.schema
    .createTable("doc_client")
    .addColumn("doc", "text", (c) => c.notNull())
    .addColumn("client_id", "bigint", (c) => c.notNull())
    .addColumn("user_id", "text", (c) => c.notNull().references("app_user.id"))
    .addPrimaryKeyConstraint("doc_client_pk", ["doc", "client_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("doc_client").execute();
  await db.schema.dropTable("doc_version").execute();
  await db.schema.dropTable("doc_snapshot").execute();
  await db.schema.dropTable("doc_update").execute();
}
