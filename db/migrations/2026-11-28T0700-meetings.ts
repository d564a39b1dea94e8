import type { Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
// Meetings of a plan: the meeting, who attends, its agenda, decisions and the actions it created.
// Minutes are a collaborative document (plan/<planId>/meeting/<meetingId>), not a column here.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("meeting")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("plan_id", "text", (c) => c.notNull().references("plan.id").onDelete("cascade"))
    // Meetings of one series share it; the next one is pre-filled from the last.
    .addColumn("series_id", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    // "task-force" | "sector" | "working-group"
    .addColumn("type", "text", (c) => c.notNull())
    // The sector of a sector meeting; null otherwise (the policy's `sector` fact).
    .addColumn("sector", "text")
    // JSON array of capability ids (working groups).
    .addColumn("capability_ids", "text", (c) => c.notNull().defaultTo("[]"))
    // Instants in UTC, and the IANA zone the meeting was planned in (shown next to the time).
    .addColumn("starts_at", "text", (c) => c.notNull())
    .addColumn("ends_at", "text", (c) => c.notNull())
    .addColumn("time_zone", "text", (c) => c.notNull())
    .addColumn("place", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("call_url", "text")
    // "draft" → "scheduled" → "in-progress" → "closed"
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("opened_at", "text")
    .addColumn("closed_at", "text")
    .addColumn("closed_by", "text", (c) => c.references("app_user.id"))
    // The named version of the minutes frozen at closing.
    .addColumn("minutes_version_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("app_user.id"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("updated_by", "text", (c) => c.references("app_user.id"))
    .execute();
  await db.schema.createIndex("meeting_plan_starts_idx").on("meeting").columns(["plan_id", "starts_at"]).execute();
  await db.schema.createIndex("meeting_series_idx").on("meeting").columns(["plan_id", "series_id", "starts_at"]).execute();

  await db.schema
    .createTable("meeting_attendee")
    .addColumn("meeting_id", "text", (c) => c.notNull().references("meeting.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("app_user.id"))
    // "unknown" | "present" | "apologies"
    .addColumn("attendance", "text", (c) => c.notNull().defaultTo("unknown"))
    .addPrimaryKeyConstraint("meeting_attendee_pk", ["meeting_id", "user_id"])
    .execute();
  await db.schema.createIndex("meeting_attendee_user_idx").on("meeting_attendee").column("user_id").execute();

  await db.schema
    .createTable("agenda_item")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("meeting_id", "text", (c) => c.notNull().references("meeting.id").onDelete("cascade"))
    .addColumn("plan_id", "text", (c) => c.notNull().references("plan.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    // "action" | "capability" | "maturity-change" | "free" | "carried-over"
    .addColumn("kind", "text", (c) => c.notNull())
    // No foreign key on action_id: deleting an action must not rewrite a past agenda.
    .addColumn("action_id", "text")
    .addColumn("capability_id", "text")
    .addColumn("title", "text", (c) => c.notNull())
    // JSON array of why the item was proposed ("overdue", "due-soon", ...).
    .addColumn("reasons", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("presenter_id", "text", (c) => c.references("app_user.id"))
    .addColumn("time_box_minutes", "integer")
    .addColumn("carried_over_from", "text")
    // null (not yet discussed) | "discussed" | "carried-over"
    .addColumn("outcome", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("agenda_item_meeting_idx").on("agenda_item").columns(["meeting_id", "position"]).execute();
  await db.schema.createIndex("agenda_item_carried_idx").on("agenda_item").column("carried_over_from").execute();

  await db.schema
    .createTable("meeting_decision")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("meeting_id", "text", (c) => c.notNull().references("meeting.id").onDelete("cascade"))
    .addColumn("plan_id", "text", (c) => c.notNull().references("plan.id").onDelete("cascade"))
    .addColumn("agenda_item_id", "text")
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("app_user.id"))
    .execute();
  await db.schema.createIndex("meeting_decision_meeting_idx").on("meeting_decision").columns(["meeting_id", "created_at"]).execute();

  // A decision links to actions and capabilities; one row per link, so an action's page can list them.
  await db.schema
    .createTable("meeting_decision_link")
    .addColumn("decision_id", "text", (c) => c.notNull().references("meeting_decision.id").onDelete("cascade"))
    .addColumn("plan_id", "text", (c) => c.notNull().references("plan.id").onDelete("cascade"))
    // "action" | "capability"
    .addColumn("target_kind", "text", (c) => c.notNull())
    .addColumn("target_id", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("meeting_decision_link_pk", ["decision_id", "target_kind", "target_id"])
    .execute();
  await db.schema.createIndex("meeting_decision_link_target_idx").on("meeting_decision_link").columns(["plan_id", "target_kind", "target_id"]).execute();

  // Actions created from a meeting's discussion (the action itself lives in `action`).
  await db.schema
    .createTable("meeting_new_action")
    .addColumn("meeting_id", "text", (c) => c.notNull().references("meeting.id").onDelete("cascade"))
    .addColumn("action_id", "text", (c) => c.notNull())
    .addColumn("agenda_item_id", "text")
    .addPrimaryKeyConstraint("meeting_new_action_pk", ["meeting_id", "action_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["meeting_new_action", "meeting_decision_link", "meeting_decision", "agenda_item", "meeting_attendee", "meeting"]) await db.schema.dropTable(t).execute();
}
