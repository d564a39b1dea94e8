import type { Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
export async function up(db: Kysely<any>): Promise<void> {
  // The register filters by lead organisation and assignee ("My actions"); partners are looked
  // up by organisation when an organisation is shown.
  await db.schema.createIndex("action_plan_org_idx").on("action").columns(["plan_id", "organisation_id"]).execute();
  await db.schema.createIndex("action_plan_assignee_idx").on("action").columns(["plan_id", "assignee_id"]).execute();
  await db.schema.createIndex("action_plan_sector_idx").on("action").columns(["plan_id", "sector"]).execute();
  await db.schema.createIndex("action_partner_org_idx").on("action_partner").column("organisation_id").execute();

  // An uploaded spreadsheet, parsed, kept between preview and confirmation so the client never
  // has to be trusted with the rows. Owned by one member of one plan; expires.
  await db.schema
    .createTable("action_import")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("plan_id", "text", (c) => c.notNull().references("plan.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("app_user.id").onDelete("cascade"))
    .addColumn("file_name", "text", (c) => c.notNull())
    /** JSON: { headers: string[], rows: Cell[][] } where a cell is a string or { formula } */
    .addColumn("content_json", "text", (c) => c.notNull())
    .addColumn("row_count", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("completed_at", "text")
    .execute();
  await db.schema.createIndex("action_import_user_idx").on("action_import").columns(["plan_id", "user_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("action_import").execute();
  for (const i of ["action_plan_org_idx", "action_plan_assignee_idx", "action_plan_sector_idx", "action_partner_org_idx"]) await db.schema.dropIndex(i).execute();
}
