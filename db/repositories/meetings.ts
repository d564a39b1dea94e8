import type { Kysely, Transaction } from "kysely";
import type { Database } from "../schema";

type Executor = Kysely<Database> | Transaction<Database>;

export function findMeeting(db: Executor, planId: string, meetingId: string) {
  return db.selectFrom("meeting").selectAll().where("plan_id", "=", planId).where("id", "=", meetingId).executeTakeFirst();
}

/** Every meeting of a plan, latest first. */
export function listMeetings(db: Executor, planId: string) {
  return db.selectFrom("meeting").selectAll().where("plan_id", "=", planId).orderBy("starts_at", "desc").orderBy("id").execute();
}

/** The meeting before `startsAt` (in the series when given), other than `exceptId`. */
export function findPreviousMeeting(db: Executor, planId: string, startsAt: string, seriesId: string | null, exceptId?: string) {
  let q = db.selectFrom("meeting").selectAll().where("plan_id", "=", planId).where("starts_at", "<", startsAt);
  if (seriesId) q = q.where("series_id", "=", seriesId);
  if (exceptId) q = q.where("id", "!=", exceptId);
  return q.orderBy("starts_at", "desc").limit(1).executeTakeFirst();
}

/** The meeting after `startsAt` (in the series when given). */
export function findNextMeeting(db: Executor, planId: string, startsAt: string, seriesId: string | null, exceptId?: string) {
  let q = db.selectFrom("meeting").selectAll().where("plan_id", "=", planId).where("starts_at", ">", startsAt);
  if (seriesId) q = q.where("series_id", "=", seriesId);
  if (exceptId) q = q.where("id", "!=", exceptId);
  return q.orderBy("starts_at").limit(1).executeTakeFirst();
}

export function listAttendees(db: Executor, meetingId: string) {
  return db
    .selectFrom("meeting_attendee")
    .innerJoin("app_user", "app_user.id", "meeting_attendee.user_id")
    .select(["meeting_attendee.user_id", "meeting_attendee.attendance", "app_user.name"])
    .where("meeting_attendee.meeting_id", "=", meetingId)
    .orderBy("app_user.name")
    .execute();
}

export async function attendeeIds(db: Executor, meetingId: string): Promise<string[]> {
  const rows = await db.selectFrom("meeting_attendee").select("user_id").where("meeting_id", "=", meetingId).execute();
  return rows.map((r) => r.user_id);
}

export function listAgenda(db: Executor, meetingId: string) {
  return db
    .selectFrom("agenda_item")
    .leftJoin("app_user", "app_user.id", "agenda_item.presenter_id")
    .selectAll("agenda_item")
    .select("app_user.name as presenter_name")
    .where("agenda_item.meeting_id", "=", meetingId)
    .orderBy("agenda_item.position")
    .orderBy("agenda_item.id")
    .execute();
}

export function findAgendaItem(db: Executor, meetingId: string, itemId: string) {
  return db.selectFrom("agenda_item").selectAll().where("meeting_id", "=", meetingId).where("id", "=", itemId).executeTakeFirst();
}

/** Items a meeting carried over that no later meeting has taken up yet. */
export function listOpenCarriedOver(db: Executor, meetingId: string) {
  return db
    .selectFrom("agenda_item as i")
    .selectAll("i")
    .where("i.meeting_id", "=", meetingId)
    .where("i.outcome", "=", "carried-over")
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom("agenda_item as later").select("later.id").whereRef("later.carried_over_from", "=", "i.id"))))
    .orderBy("i.position")
    .execute();
}

export function listDecisions(db: Executor, meetingId: string) {
  return db
    .selectFrom("meeting_decision")
    .leftJoin("app_user", "app_user.id", "meeting_decision.created_by")
    .selectAll("meeting_decision")
    .select("app_user.name as created_by_name")
    .where("meeting_decision.meeting_id", "=", meetingId)
    .orderBy("meeting_decision.created_at")
    .orderBy("meeting_decision.id")
    .execute();
}

export function listDecisionLinks(db: Executor, meetingId: string) {
  return db
    .selectFrom("meeting_decision_link")
    .innerJoin("meeting_decision", "meeting_decision.id", "meeting_decision_link.decision_id")
    .select(["meeting_decision_link.decision_id", "meeting_decision_link.target_kind", "meeting_decision_link.target_id"])
    .where("meeting_decision.meeting_id", "=", meetingId)
    .execute();
}

/** Progress updates recorded during a meeting, oldest first, with the action and the author. */
export function listMeetingUpdates(db: Executor, planId: string, meetingId: string) {
  return db
    .selectFrom("action_update")
    .innerJoin("action", "action.id", "action_update.action_id")
    .leftJoin("app_user", "app_user.id", "action_update.author_id")
    .select([
      "action_update.id",
      "action_update.action_id",
      "action.ref",
      "action.title",
      "action_update.at",
      "action_update.status_from",
      "action_update.status_to",
      "action_update.progress_from",
      "action_update.progress_to",
      "action_update.comment",
      "app_user.name as author_name",
    ])
    .where("action_update.plan_id", "=", planId)
    .where("action_update.meeting_id", "=", meetingId)
    .orderBy("action_update.at")
    .execute();
}

export function listNewActions(db: Executor, meetingId: string) {
  return db
    .selectFrom("meeting_new_action")
    .innerJoin("action", "action.id", "meeting_new_action.action_id")
    .select(["action.id", "action.ref", "action.title", "action.status", "action.due_date", "meeting_new_action.agenda_item_id"])
    .where("meeting_new_action.meeting_id", "=", meetingId)
    .orderBy("action.ref_sort")
    .orderBy("action.ref")
    .execute();
}

/** What the agenda proposal needs about every action of a plan (one query). */
export function listActionsForAgenda(db: Executor, planId: string) {
  return db
    .selectFrom("action")
    .select(["id", "ref", "title", "status", "due_date", "ongoing", "sector", "assignee_id", "organisation_id", "updated_at"])
    .where("plan_id", "=", planId)
    .execute();
}

export function listMaturityChangesSince(db: Executor, planId: string, since: string, until?: string) {
  let q = db
    .selectFrom("maturity_change")
    .leftJoin("app_user", "app_user.id", "maturity_change.changed_by")
    .selectAll("maturity_change")
    .select("app_user.name as changed_by_name")
    .where("maturity_change.plan_id", "=", planId)
    .where("maturity_change.changed_at", ">", since);
  if (until) q = q.where("maturity_change.changed_at", "<=", until);
  return q.orderBy("maturity_change.changed_at").execute();
}

/** Every progress update of the plan in a window (the summary's "since the last meeting"). */
export function listPlanUpdatesBetween(db: Executor, planId: string, since: string, until: string) {
  return db
    .selectFrom("action_update")
    .innerJoin("action", "action.id", "action_update.action_id")
    .leftJoin("app_user", "app_user.id", "action_update.author_id")
    .select([
      "action_update.id",
      "action_update.action_id",
      "action.ref",
      "action.title",
      "action_update.at",
      "action_update.status_from",
      "action_update.status_to",
      "action_update.progress_from",
      "action_update.progress_to",
      "action_update.meeting_id",
      "app_user.name as author_name",
    ])
    .where("action_update.plan_id", "=", planId)
    .where("action_update.at", ">", since)
    .where("action_update.at", "<=", until)
    .orderBy("action_update.at")
    .execute();
}

export function listActionsCreatedBetween(db: Executor, planId: string, since: string, until: string) {
  return db
    .selectFrom("action")
    .select(["id", "ref", "title", "created_at"])
    .where("plan_id", "=", planId)
    .where("created_at", ">", since)
    .where("created_at", "<=", until)
    .orderBy("created_at")
    .execute();
}

/** Meetings a member attends (and is still a member of the plan) from `from` on, not closed, soonest first. */
export function listUpcomingMeetingsOfUser(db: Executor, userId: string, from: string) {
  return db
    .selectFrom("meeting")
    .innerJoin("meeting_attendee", (j) => j.onRef("meeting_attendee.meeting_id", "=", "meeting.id").on("meeting_attendee.user_id", "=", userId))
    .innerJoin("membership", (j) => j.onRef("membership.plan_id", "=", "meeting.plan_id").on("membership.user_id", "=", userId))
    .innerJoin("plan", "plan.id", "meeting.plan_id")
    .select(["meeting.id", "meeting.plan_id", "meeting.title", "meeting.starts_at", "meeting.ends_at", "meeting.time_zone", "meeting.status", "plan.title as plan_title"])
    .where("meeting.status", "in", ["scheduled", "in-progress"])
    .where("meeting.ends_at", ">=", from)
    .where("plan.archived_at", "is", null)
    .orderBy("meeting.starts_at")
    .execute();
}
