import { addProposals, changeStatus, createMeeting, recordDecision, reportInMeeting, setAttendance, carryOver } from "~/services/meetings.server";
import type { AppServices } from "~/services/context.server";
import type { PlanAccess } from "~/services/plan-access.server";
import type { ActionStatus } from "~/domain/actions";
import { insertDocClients, insertDocUpdates } from "../../db/repositories/docs";
import { docName } from "../../server/sync/doc-names";
import { narrativeUpdate } from "./narratives";

const HOUR = 3600_000;

export interface DemoMeetingSpec {
  title: string;
  /** Days from now (negative = past). */
  daysFromNow: number;
  seriesFrom: string | null;
  decisions: string[];
  minutes: string[];
}

/**
 * Runs a meeting the way a coordinator does in the app (schedule, build the agenda, open, record
 * updates and decisions, write minutes, close), then moves its clock back to `daysFromNow`.
 */
export async function runDemoMeeting(services: AppServices, coord: PlanAccess, memberIds: string[], spec: DemoMeetingSpec, clientId: number): Promise<string> {
  const { db } = services;
  const tomorrow = new Date(Date.now() + 24 * HOUR);
  const day = tomorrow.toISOString().slice(0, 10);
  const meetingId = await createMeeting(services, coord, {
    title: spec.title,
    type: "task-force",
    sector: null,
    capabilityIds: [],
    startsAt: `${day}T09:00:00.000Z`,
    endsAt: `${day}T11:00:00.000Z`,
    timeZone: "Europe/Luxembourg",
    place: "Ministry of Social Affairs and Children, meeting room 2",
    callUrl: null,
    status: "scheduled",
    attendeeIds: memberIds,
    seriesFrom: spec.seriesFrom,
  });
  await addProposals(services, coord, meetingId);
  if (spec.daysFromNow > 0) {
    await shiftMeeting(services, meetingId, spec.daysFromNow);
    return meetingId;
  }

  await changeStatus(services, coord, meetingId, "in-progress");
  for (const [i, userId] of memberIds.entries()) await setAttendance(services, coord, meetingId, { userId, attendance: i % 6 === 5 ? "apologies" : "present" });
  const items = await db.selectFrom("agenda_item").select(["id", "action_id"]).where("meeting_id", "=", meetingId).where("kind", "=", "action").orderBy("position").execute();
  for (const item of items.slice(0, 3)) {
    const action = await db.selectFrom("action").select(["status", "progress"]).where("id", "=", item.action_id!).executeTakeFirstOrThrow();
    const status: ActionStatus = action.status === "delayed" ? "at-risk" : (action.status as ActionStatus);
    await reportInMeeting(services, coord, meetingId, item.id, {
      status,
      progress: Math.min(100, action.progress + 10),
      comment: "Reviewed at the task force meeting; next steps agreed.",
      evidenceUrl: null,
      indicatorValues: [],
      version: undefined,
    });
  }
  const carried = items[3];
  if (carried) await carryOver(services, coord, meetingId, carried.id);
  for (const text of spec.decisions) await recordDecision(services, coord, meetingId, { text, actionIds: items[0]?.action_id ? [items[0].action_id] : [], capabilityIds: [], itemId: null });

  const minutes = docName({ kind: "meeting", planId: coord.plan.id, meetingId });
  await insertDocUpdates(db, minutes, new Date().toISOString(), [
    { seq: 1, bytes: narrativeUpdate([{ heading: "Summary" }, ...spec.minutes.map((p) => ({ paragraph: p }))], clientId), authorId: coord.actor.userId },
  ]);
  await insertDocClients(db, minutes, [{ clientId, userId: coord.actor.userId }]);
  await changeStatus(services, coord, meetingId, "closed");
  await shiftMeeting(services, meetingId, spec.daysFromNow);
  return meetingId;
}

/** Moves everything a meeting wrote to `days` from now (its times, updates, decisions, minutes). */
async function shiftMeeting(services: AppServices, meetingId: string, days: number): Promise<void> {
  const { db } = services;
  const start = new Date(Date.now() + days * 24 * HOUR);
  start.setUTCHours(9, 0, 0, 0);
  const iso = (offsetHours: number) => new Date(start.getTime() + offsetHours * HOUR).toISOString();
  const meeting = await db.selectFrom("meeting").select(["status", "minutes_version_id", "plan_id"]).where("id", "=", meetingId).executeTakeFirstOrThrow();
  const past = days < 0;
  await db
    .updateTable("meeting")
    .set({
      starts_at: iso(0),
      ends_at: iso(2),
      created_at: iso(-24 * 21),
      updated_at: past ? iso(2) : iso(-24 * 21),
      ...(past ? { opened_at: iso(0), closed_at: iso(2) } : {}),
    })
    .where("id", "=", meetingId)
    .execute();
  if (!past) return;
  await db.updateTable("agenda_item").set({ created_at: iso(-24 * 7) }).where("meeting_id", "=", meetingId).execute();
  await db.updateTable("meeting_decision").set({ created_at: iso(1) }).where("meeting_id", "=", meetingId).execute();
  await db.updateTable("action_update").set({ at: iso(1) }).where("meeting_id", "=", meetingId).execute();
  const minutes = docName({ kind: "meeting", planId: meeting.plan_id, meetingId });
  await db.updateTable("doc_update").set({ at: iso(1.5) }).where("doc", "=", minutes).execute();
  await db.updateTable("doc_version").set({ created_at: iso(2) }).where("doc", "=", minutes).execute();
}
