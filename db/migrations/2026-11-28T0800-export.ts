import type { Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
// The plan as a document: frozen editions (an immutable JSON copy of the plan document) and
// what the coordinator keeps out of a public edition.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("edition")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("plan_id", "text", (c) => c.notNull().references("plan.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    // The calendar day the edition stands for (e.g. its adoption), "YYYY-MM-DD".
    .addColumn("edition_date", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    // "public" (exclusions applied) or "internal".
    .addColumn("audience", "text", (c) => c.notNull())
    // The whole plan document at freezing time (app/domain/document/plan-document.ts). Never updated.
    .addColumn("data_json", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("app_user.id"))
    .execute();
  await db.schema.createIndex("edition_plan_idx").on("edition").columns(["plan_id", "created_at"]).execute();

  await db.schema
    .createTable("export_exclusion")
    .addColumn("plan_id", "text", (c) => c.notNull().references("plan.id").onDelete("cascade"))
    // "capability" | "action"
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("target_id", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("app_user.id"))
    .addPrimaryKeyConstraint("export_exclusion_pk", ["plan_id", "kind", "target_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("export_exclusion").execute();
  await db.schema.dropTable("edition").execute();
}
