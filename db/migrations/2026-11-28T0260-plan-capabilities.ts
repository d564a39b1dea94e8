import type { Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
// One row per capability of a plan once anything about it is set; absent = framework defaults.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("plan_capability")
    .addColumn("plan_id", "text", (c) => c.notNull().references("plan.id").onDelete("cascade"))
    .addColumn("capability_id", "text", (c) => c.notNull())
    .addColumn("lead_sectors", "text", (c) => c.notNull())
    .addColumn("partner_sectors", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("baseline_level", "integer")
    .addColumn("current_level", "integer")
    .addColumn("target_level", "integer")
    .addColumn("evidence", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("assessed_at", "text")
    .addColumn("assessed_by", "text", (c) => c.references("app_user.id"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("updated_by", "text", (c) => c.references("app_user.id"))
    .addPrimaryKeyConstraint("plan_capability_pk", ["plan_id", "capability_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("plan_capability").execute();
}
