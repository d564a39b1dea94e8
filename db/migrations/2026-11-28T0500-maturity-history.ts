import type { Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
// Every change of a capability's maturity, one row per level changed (baseline, current or
// target): from → to, who, when, and the evidence note given with it. Append-only.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("maturity_change")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("plan_id", "text", (c) => c.notNull().references("plan.id").onDelete("cascade"))
    .addColumn("capability_id", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("from_level", "integer")
    .addColumn("to_level", "integer")
    .addColumn("evidence", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("changed_at", "text", (c) => c.notNull())
    .addColumn("changed_by", "text", (c) => c.references("app_user.id"))
    .execute();
  await db.schema.createIndex("maturity_change_capability_idx").on("maturity_change").columns(["plan_id", "capability_id", "changed_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("maturity_change").execute();
}
