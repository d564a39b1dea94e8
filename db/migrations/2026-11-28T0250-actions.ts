import type { Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("action")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("plan_id", "text", (c) => c.notNull().references("plan.id").onDelete("cascade"))
    .addColumn("ref", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("objective", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("sector", "text", (c) => c.notNull())
    .addColumn("organisation_id", "text", (c) => c.notNull().references("organisation.id"))
    .addColumn("assignee_id", "text", (c) => c.references("app_user.id"))
    .addColumn("start_date", "text")
    .addColumn("due_date", "text")
    .addColumn("ongoing", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("not-started"))
    .addColumn("progress", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("weight", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("budget_amount", "double precision")
    .addColumn("budget_currency", "text")
    .addColumn("budget_source", "text")
    .addColumn("no_cost", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("scope", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("risks", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("app_user.id"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("updated_by", "text", (c) => c.references("app_user.id"))
    .addUniqueConstraint("action_plan_ref_uq", ["plan_id", "ref"])
    .execute();
  await db.schema.createIndex("action_plan_status_idx").on("action").columns(["plan_id", "status"]).execute();
  await db.schema.createIndex("action_plan_due_idx").on("action").columns(["plan_id", "due_date"]).execute();
  await db.schema.createIndex("action_plan_updated_idx").on("action").columns(["plan_id", "updated_at"]).execute();

  await db.schema
    .createTable("action_capability")
    .addColumn("action_id", "text", (c) => c.notNull().references("action.id").onDelete("cascade"))
    .addColumn("plan_id", "text", (c) => c.notNull().references("plan.id").onDelete("cascade"))
    .addColumn("capability_id", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("action_capability_pk", ["action_id", "capability_id"])
    .execute();
  await db.schema.createIndex("action_capability_plan_idx").on("action_capability").columns(["plan_id", "capability_id"]).execute();

  await db.schema
    .createTable("action_partner")
    .addColumn("action_id", "text", (c) => c.notNull().references("action.id").onDelete("cascade"))
    .addColumn("organisation_id", "text", (c) => c.notNull().references("organisation.id"))
    .addPrimaryKeyConstraint("action_partner_pk", ["action_id", "organisation_id"])
    .execute();

  await db.schema
    .createTable("action_indicator")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("action_id", "text", (c) => c.notNull().references("action.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("unit", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("baseline", "double precision")
    .addColumn("target", "double precision")
    .addColumn("current_value", "double precision")
    .addColumn("data_source", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await db.schema.createIndex("action_indicator_action_idx").on("action_indicator").column("action_id").execute();

  // Progress updates are records, never overwritten: each one is a line of the action's timeline.
  await db.schema
    .createTable("action_update")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("action_id", "text", (c) => c.notNull().references("action.id").onDelete("cascade"))
    .addColumn("plan_id", "text", (c) => c.notNull().references("plan.id").onDelete("cascade"))
    .addColumn("author_id", "text", (c) => c.references("app_user.id"))
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("status_from", "text")
    .addColumn("status_to", "text")
    .addColumn("progress_from", "integer")
    .addColumn("progress_to", "integer")
    .addColumn("indicator_values_json", "text")
    .addColumn("comment", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("evidence_url", "text")
    .addColumn("meeting_id", "text")
    .execute();
  await db.schema.createIndex("action_update_action_idx").on("action_update").columns(["action_id", "at"]).execute();
  await db.schema.createIndex("action_update_plan_idx").on("action_update").columns(["plan_id", "at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["action_update", "action_indicator", "action_partner", "action_capability", "action"]) await db.schema.dropTable(t).execute();
}
