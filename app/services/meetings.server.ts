import { z } from "zod";
import { isActionStatus } from "~/domain/actions";
import {
  AGENDA_RESERVE_MINUTES,
  canMoveTo,
  DEFAULT_TIME_BOX,
  fitAgenda,
  isMeetingStatus,
  MEETING_TYPES,
  moveItem,
  proposalKey,
  proposeAgenda,
  slotMinutes,
  type AgendaAction,
  type AgendaKind,
  type CarriedItem,
  type MeetingStatus,
  type ProposedItem,
} from "~/domain/agenda";
import { findCapability } from "~/domain/framework";
import { isTimeZone, zonedToUtc } from "~/domain/meeting-time";
import { can, type ResourceFacts, type Verb } from "~/domain/policy";
import { isSector, SECTORS, type Sector } from "~/domain/sectors";
import { list as formList, optionalId, text } from "~/utils/form-fields";
import { docName } from "../../server/sync/doc-names";
import * as repo from "../../db/repositories/meetings";
import type { Meeting } from "../../db/schema";
import { createAction, reportProgress, type NewActionInput, type ProgressInput } from "./actions.server";
import type { AppServices } from "./context.server";
import { newId, nowIso } from "./ids.server";
import { mutate, ServiceError, type Mutation } from "./mutation.server";
import type { PlanAccess } from "./plan-access.server";
import { loadPlanStructure } from "./plan-structure.server";
import { meetingFacts } from "./resource-facts.server";

// ---------------------------------------------------------------------------------------------
// Input

const list = formList({ itemMax: 64, countMax: 500 });
const webUrl = z.preprocess(
  (v) => (typeof v === "string" ? v.trim() : v) || null,
  z
    .string()
    .max(2000, { error: "common:errors.tooLong" })
    .refine(
      (s) => {
        try {
          const u = new URL(s);
          return (u.protocol === "https:" || u.protocol === "http:") && u.hostname.length > 0;
        } catch {
          return false;
        }
      },
      { error: "meetings:errors.callUrl" },
    )
    .nullable(),
);

export const meetingInputSchema = z
  .object({
    title: z.preprocess((v) => v ?? "", z.string().trim().min(1, { error: "common:errors.required" }).max(200, { error: "common:errors.tooLong" })),
    type: z.enum(MEETING_TYPES, { error: "meetings:errors.type" }),
    sector: z.preprocess((v) => (v === "" || v == null ? null : v), z.enum(SECTORS, { error: "meetings:errors.sector" }).nullable()),
    capabilities: list,
    day: z.preprocess((v) => v ?? "", z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "meetings:errors.day" })),
    startTime: z.preprocess((v) => v ?? "", z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "meetings:errors.time" })),
    endTime: z.preprocess((v) => v ?? "", z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "meetings:errors.time" })),
    timeZone: z.preprocess((v) => v ?? "", z.string().refine(isTimeZone, { error: "meetings:errors.timeZone" })),
    place: text(300),
    callUrl: webUrl,
    status: z.preprocess((v) => v || "draft", z.enum(["draft", "scheduled"], { error: "common:errors.invalid" })),
    attendees: list,
    seriesFrom: z.preprocess((v) => (v === "" || v == null ? null : v), z.string().max(64).nullable()),
  })
  .superRefine((v, ctx) => {
    if (v.type === "sector" && !v.sector) ctx.addIssue({ code: "custom", path: ["sector"], message: "meetings:errors.sectorRequired" });
    if (v.type === "working-group" && v.capabilities.length === 0) ctx.addIssue({ code: "custom", path: ["capabilities"], message: "meetings:errors.capabilityRequired" });
    const start = zonedToUtc(v.day, v.startTime, v.timeZone);
    const end = zonedToUtc(v.day, v.endTime, v.timeZone);
    if (!start) ctx.addIssue({ code: "custom", path: ["day"], message: "meetings:errors.day" });
    else if (end && end <= start) ctx.addIssue({ code: "custom", path: ["endTime"], message: "meetings:errors.endBeforeStart" });
  })
  .transform((v) => ({
    title: v.title,
    type: v.type,
    sector: v.type === "sector" ? (v.sector as Sector) : null,
    capabilityIds: v.type === "working-group" ? [...new Set(v.capabilities)] : [],
    startsAt: zonedToUtc(v.day, v.startTime, v.timeZone)!,
    endsAt: zonedToUtc(v.day, v.endTime, v.timeZone)!,
    timeZone: v.timeZone,
    place: v.place,
    callUrl: v.callUrl,
    status: v.status as MeetingStatus,
    attendeeIds: [...new Set(v.attendees)],
    seriesFrom: v.seriesFrom,
  }));
export type MeetingInput = z.infer<typeof meetingInputSchema>;

const timeBox = z.preprocess(
  (v) => (v === "" || v == null ? null : typeof v === "string" ? Number(v.trim()) : v),
  z.number({ error: "meetings:errors.timeBox" }).int({ error: "meetings:errors.timeBox" }).min(1, { error: "meetings:errors.timeBox" }).max(240, { error: "meetings:errors.timeBox" }).nullable(),
);

export const freeItemSchema = z.object({
  title: z.preprocess((v) => v ?? "", z.string().trim().min(1, { error: "common:errors.required" }).max(300, { error: "common:errors.tooLong" })),
  presenterId: optionalId,
  timeBox,
});
export const actionItemSchema = z.object({ actionId: z.string().min(1, { error: "meetings:errors.actionRequired" }).max(64), presenterId: optionalId, timeBox });
export const waitingItemSchema = z.object({ key: z.string().regex(/^(action|capability|carried):[a-z0-9][a-z0-9-]{0,63}$/, { error: "meetings:errors.notWaiting" }) });
export const itemDetailsSchema = z.object({ itemId: z.string().min(1).max(64), presenterId: optionalId, timeBox });
export const decisionSchema = z.object({
  text: z.preprocess((v) => v ?? "", z.string().trim().min(1, { error: "common:errors.required" }).max(4000, { error: "common:errors.tooLong" })),
  actionIds: list,
  capabilityIds: list,
  itemId: optionalId,
});
const ATTENDANCE = ["unknown", "present", "apologies"] as const;
/**
 * The attendance form: one `userId` + `attendance` pair per invitee, in order (one submit for
 * everyone), and optionally `addUserId`, a member who attended without being invited.
 */
export const attendanceSchema = z
  .object({
    userId: formList({ itemMax: 64, countMax: 500 }),
    attendance: z.preprocess((v) => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(z.enum(ATTENDANCE, { error: "common:errors.invalid" })).max(500)),
    addUserId: optionalId,
  })
  .refine((v) => v.userId.length === v.attendance.length, { error: "common:errors.invalid", path: ["attendance"] })
  .transform((v) => ({ entries: v.userId.map((userId, i) => ({ userId, attendance: v.attendance[i]! })), addUserId: v.addUserId }));
export type AttendanceInput = z.infer<typeof attendanceSchema>;

// ---------------------------------------------------------------------------------------------
// Guards

const forbidden = () => new ServiceError("_form", "meetings:errors.forbidden", 403);
const notFound = () => new ServiceError("_form", "meetings:errors.notFound", 404);

/** The meeting in this plan, and its facts for the policy; 404 when it is not this plan's. */
export async function loadMeeting(services: AppServices, access: PlanAccess, meetingId: string): Promise<{ meeting: Meeting; facts: ResourceFacts }> {
  const meeting = await repo.findMeeting(services.db, access.plan.id, meetingId);
  const facts = meeting ? await meetingFacts(services.db, access.plan, meeting.id) : null;
  if (!meeting || !facts) throw notFound();
  return { meeting, facts };
}

function allowed(access: PlanAccess, verb: Verb, facts: ResourceFacts): boolean {
  return can(access.actor, verb, { ...access.planFacts, ...facts });
}

/**
 * Every write to a meeting: re-read it inside the transaction, refuse a closed one with a
 * clear message (not a bare 403), then ask the policy.
 */
async function writable(m: Mutation, access: PlanAccess, meetingId: string, verb: Verb): Promise<Meeting> {
  const meeting = await repo.findMeeting(m.trx, access.plan.id, meetingId);
  if (!meeting) throw notFound();
  if (meeting.status === "closed") throw new ServiceError("_form", "meetings:errors.closed", 409);
  const attendees = await repo.attendeeIds(m.trx, meeting.id);
  if (!allowed(access, verb, { sector: isSector(meeting.sector) ? meeting.sector : null, attendeeIds: attendees })) throw forbidden();
  return meeting;
}

function touched(m: Mutation, access: PlanAccess, meetingId: string, at = nowIso()) {
  m.emit("plan-changed", { planId: access.plan.id, entity: "meeting", entityId: meetingId, actorId: access.actor.userId });
  return m.trx.updateTable("meeting").set({ updated_at: at, updated_by: access.actor.userId }).where("id", "=", meetingId).execute();
}

// ---------------------------------------------------------------------------------------------
// The agenda proposal: gather the plan's state, let app/domain/agenda.ts decide

/** When the previous meeting ended, as the boundary of "since the last meeting". */
export function meetingEnd(m: Pick<Meeting, "closed_at" | "ends_at">): string {
  return m.closed_at ?? m.ends_at;
}

export async function proposeFor(services: AppServices, access: PlanAccess, m: Pick<Meeting, "id" | "type" | "sector" | "capability_ids" | "starts_at" | "series_id">): Promise<ProposedItem[]> {
  const { db } = services;
  const planId = access.plan.id;
  const [previous, next, structure, actionRows] = await Promise.all([
    repo.findPreviousMeeting(db, planId, m.starts_at, m.series_id, m.id),
    repo.findNextMeeting(db, planId, m.starts_at, m.series_id, m.id),
    loadPlanStructure(db, access.plan, access.framework),
    repo.listActionsForAgenda(db, planId),
  ]);
  const since = previous ? meetingEnd(previous) : null;
  const [maturity, carried] = await Promise.all([since ? repo.listMaturityChangesSince(db, planId, since) : [], previous ? repo.listOpenCarriedOver(db, previous.id) : []]);
  const capsOf = new Map(structure.actions.map((a) => [a.id, a.capabilityIds]));
  const actions: AgendaAction[] = actionRows
    .filter((a) => isActionStatus(a.status) && isSector(a.sector))
    .map((a) => ({
      id: a.id,
      ref: a.ref,
      title: a.title,
      status: a.status as AgendaAction["status"],
      dueDate: a.due_date,
      ongoing: Number(a.ongoing) === 1,
      sector: a.sector as Sector,
      capabilityIds: capsOf.get(a.id) ?? [],
      assigneeId: a.assignee_id,
      updatedAt: a.updated_at,
    }));
  const carriedOver: CarriedItem[] = carried.map((c) => ({
    itemId: c.id,
    kind: c.kind as AgendaKind,
    actionId: c.action_id,
    capabilityId: c.capability_id,
    title: c.title,
    presenterId: c.presenter_id,
    timeBoxMinutes: c.time_box_minutes,
  }));
  return proposeAgenda({
    meetingDay: m.starts_at.slice(0, 10),
    nextMeetingDay: next ? next.starts_at.slice(0, 10) : null,
    since,
    scope: { type: m.type as "task-force", sector: isSector(m.sector) ? m.sector : null, capabilityIds: parseIds(m.capability_ids) },
    actions,
    capabilities: structure.capabilities.map((c) => ({ id: c.id, number: c.number, name: c.name, leadSectors: c.leadSectors, partnerSectors: c.partnerSectors, actionCount: c.rollup.total })),
    maturityChanges: maturity.map((x) => ({ capabilityId: x.capability_id, changedAt: x.changed_at })),
    carriedOver,
  });
}

export function parseIds(json: string | null | undefined): string[] {
  try {
    const v: unknown = JSON.parse(json ?? "[]");
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

async function insertItems(m: Mutation, planId: string, meetingId: string, items: ProposedItem[], from: number, at: string, members: Set<string>): Promise<string[]> {
  if (items.length === 0) return [];
  const ids = items.map(() => newId());
  await m.trx
    .insertInto("agenda_item")
    .values(
      items.map((it, i) => ({
        id: ids[i]!,
        meeting_id: meetingId,
        plan_id: planId,
        position: from + i,
        kind: it.kind,
        action_id: it.actionId,
        capability_id: it.capabilityId,
        title: it.title.slice(0, 300),
        reasons: JSON.stringify(it.reasons),
        // A presenter who has left the plan is not proposed.
        presenter_id: it.presenterId && members.has(it.presenterId) ? it.presenterId : null,
        time_box_minutes: it.timeBoxMinutes,
        carried_over_from: it.carriedOverFrom,
        outcome: null,
        created_at: at,
      })),
    )
    .execute();
  return ids;
}

async function memberIds(m: Mutation, planId: string): Promise<Set<string>> {
  const rows = await m.trx.selectFrom("membership").select("user_id").where("plan_id", "=", planId).execute();
  return new Set(rows.map((r) => r.user_id));
}

// ---------------------------------------------------------------------------------------------
// Meetings

/**
 * Creates a meeting and its proposed agenda. Refused, with nothing written: a scheduled meeting
 * in the past, an end before the start, attendees or capabilities not of this plan.
 */
export async function createMeeting(services: AppServices, access: PlanAccess, input: MeetingInput, now = new Date()): Promise<string> {
  if (!allowed(access, "meeting.create", { sector: input.sector })) throw forbidden();
  if (input.status === "scheduled" && input.startsAt < nowIso(now)) throw new ServiceError("day", "meetings:errors.pastScheduled");
  for (const c of input.capabilityIds) if (!findCapability(access.framework, c)) throw new ServiceError("capabilities", "meetings:errors.capabilityUnknown");
  const id = newId();
  const at = nowIso(now);
  let seriesId = id;
  if (input.seriesFrom) {
    const from = await repo.findMeeting(services.db, access.plan.id, input.seriesFrom);
    if (!from) throw new ServiceError("seriesFrom", "meetings:errors.notFound");
    seriesId = from.series_id;
  }
  const row = {
    id,
    plan_id: access.plan.id,
    series_id: seriesId,
    title: input.title,
    type: input.type,
    sector: input.sector,
    capability_ids: JSON.stringify(input.capabilityIds),
    starts_at: input.startsAt,
    ends_at: input.endsAt,
    time_zone: input.timeZone,
    place: input.place,
    call_url: input.callUrl,
    status: input.status,
    opened_at: null,
    closed_at: null,
    closed_by: null,
    minutes_version_id: null,
    created_at: at,
    created_by: access.actor.userId,
    updated_at: at,
    updated_by: access.actor.userId,
  };
  // The proposal fills the meeting's time (less a reserve), most pressing first; the rest waits on the agenda page.
  const proposed = fitAgenda(await proposeFor(services, access, row), slotMinutes(row.starts_at, row.ends_at) - AGENDA_RESERVE_MINUTES).fits;
  await mutate(services, async (m) => {
    const members = await memberIds(m, access.plan.id);
    if (input.attendeeIds.some((u) => !members.has(u))) throw new ServiceError("attendees", "meetings:errors.attendeeUnknown");
    await m.trx.insertInto("meeting").values(row).execute();
    if (input.attendeeIds.length) await m.trx.insertInto("meeting_attendee").values(input.attendeeIds.map((u) => ({ meeting_id: id, user_id: u, attendance: "unknown" }))).execute();
    await insertItems(m, access.plan.id, id, proposed, 0, at, members);
    await m.audit({ planId: access.plan.id, actorId: access.actor.userId, verb: "meeting.create", entity: "meeting", entityId: id, after: { ...row, attendeeIds: input.attendeeIds, agendaItems: proposed.length }, at });
    m.emit("plan-changed", { planId: access.plan.id, entity: "meeting", entityId: id, actorId: access.actor.userId });
  });
  return id;
}

/**
 * Moves a meeting along draft → scheduled → in progress → closed. Closing freezes the minutes
 * as a named version; the sync server then serves them read-only (the meeting's facts say so).
 */
export async function changeStatus(services: AppServices, access: PlanAccess, meetingId: string, to: MeetingStatus, now = new Date()): Promise<void> {
  const at = nowIso(now);
  const meeting = await mutate(services, async (m) => {
    const meeting = await writable(m, access, meetingId, "meeting.run");
    if (!isMeetingStatus(meeting.status) || !canMoveTo(meeting.status, to)) throw new ServiceError("_form", "meetings:errors.statusMove", 409);
    if (to === "scheduled" && meeting.starts_at < at) throw new ServiceError("_form", "meetings:errors.pastScheduled");
    const set = {
      status: to,
      updated_at: at,
      updated_by: access.actor.userId,
      ...(to === "in-progress" ? { opened_at: at } : {}),
      ...(to === "closed" ? { closed_at: at, closed_by: access.actor.userId } : {}),
    };
    await m.trx.updateTable("meeting").set(set).where("id", "=", meeting.id).where("status", "=", meeting.status).execute();
    await m.audit({ planId: access.plan.id, actorId: access.actor.userId, verb: `meeting.${to === "closed" ? "close" : to === "in-progress" ? "open" : "status"}`, entity: "meeting", entityId: meeting.id, before: { status: meeting.status }, after: set, at });
    m.emit("plan-changed", { planId: access.plan.id, entity: "meeting", entityId: meeting.id, actorId: access.actor.userId });
    return meeting;
  });
  if (to === "closed" && services.sync) {
    // After the commit: the room is read-only from the next access check on (plan-changed).
    const versionId = await services.sync.createVersion(docName({ kind: "meeting", planId: access.plan.id, meetingId: meeting.id }), `Minutes: ${meeting.title}`.slice(0, 200), access.actor.userId);
    await services.db.updateTable("meeting").set({ minutes_version_id: versionId }).where("id", "=", meeting.id).execute();
  }
}

/**
 * Records everyone's attendance in one change (one audit row, one event). A member who attended
 * without being invited is added as present, and so becomes an attendee (they may then write the
 * minutes). Anyone not a member of the plan is refused, with nothing written.
 */
export async function recordAttendance(services: AppServices, access: PlanAccess, meetingId: string, input: AttendanceInput): Promise<void> {
  await mutate(services, async (m) => {
    await writable(m, access, meetingId, "meeting.run");
    const members = await memberIds(m, access.plan.id);
    const wanted = new Map(input.entries.map((e) => [e.userId, e.attendance]));
    if (input.addUserId) wanted.set(input.addUserId, "present");
    if ([...wanted.keys()].some((u) => !members.has(u))) throw new ServiceError(input.addUserId && !members.has(input.addUserId) ? "addUserId" : "_form", "meetings:errors.attendeeUnknown");
    const existing = new Map((await m.trx.selectFrom("meeting_attendee").select(["user_id", "attendance"]).where("meeting_id", "=", meetingId).execute()).map((r) => [r.user_id, r.attendance]));
    const changed = [...wanted].filter(([u, a]) => existing.get(u) !== a);
    if (changed.length === 0) return;
    for (const [userId, attendance] of changed) {
      if (existing.has(userId)) await m.trx.updateTable("meeting_attendee").set({ attendance }).where("meeting_id", "=", meetingId).where("user_id", "=", userId).execute();
      else await m.trx.insertInto("meeting_attendee").values({ meeting_id: meetingId, user_id: userId, attendance }).execute();
    }
    await m.audit({
      planId: access.plan.id,
      actorId: access.actor.userId,
      verb: "meeting.attendance",
      entity: "meeting",
      entityId: meetingId,
      before: changed.map(([u]) => ({ userId: u, attendance: existing.get(u) ?? null })),
      after: changed.map(([u, a]) => ({ userId: u, attendance: a })),
    });
    await touched(m, access, meetingId);
  });
}

/** One member's attendance (the command line and the demo loader record them one by one). */
export async function setAttendance(services: AppServices, access: PlanAccess, meetingId: string, input: { userId: string; attendance: (typeof ATTENDANCE)[number] }): Promise<void> {
  await recordAttendance(services, access, meetingId, { entries: [input], addUserId: null });
}

// ---------------------------------------------------------------------------------------------
// The agenda

async function checkPresenter(m: Mutation, planId: string, presenterId: string | null): Promise<void> {
  if (presenterId && !(await memberIds(m, planId)).has(presenterId)) throw new ServiceError("presenterId", "meetings:errors.presenterUnknown");
}

async function nextPosition(m: Mutation, meetingId: string): Promise<number> {
  const row = await m.trx.selectFrom("agenda_item").select((eb) => eb.fn.max("position").as("max")).where("meeting_id", "=", meetingId).executeTakeFirst();
  return row?.max == null ? 0 : Number(row.max) + 1;
}

export async function addFreeItem(services: AppServices, access: PlanAccess, meetingId: string, input: z.infer<typeof freeItemSchema>): Promise<string> {
  return mutate(services, async (m) => {
    await writable(m, access, meetingId, "meeting.edit-agenda");
    await checkPresenter(m, access.plan.id, input.presenterId);
    const id = newId();
    const at = nowIso();
    const item = { id, meeting_id: meetingId, plan_id: access.plan.id, position: await nextPosition(m, meetingId), kind: "free", action_id: null, capability_id: null, title: input.title, reasons: "[]", presenter_id: input.presenterId, time_box_minutes: input.timeBox ?? DEFAULT_TIME_BOX.free, carried_over_from: null, outcome: null, created_at: at };
    await m.trx.insertInto("agenda_item").values(item).execute();
    await m.audit({ planId: access.plan.id, actorId: access.actor.userId, verb: "meeting.agenda-add", entity: "agenda_item", entityId: id, after: item, at });
    await touched(m, access, meetingId, at);
    return id;
  });
}

/** Adds one action of this plan to the agenda; an action of another plan is "not found". */
export async function addActionItem(services: AppServices, access: PlanAccess, meetingId: string, input: z.infer<typeof actionItemSchema>): Promise<string> {
  return mutate(services, async (m) => {
    await writable(m, access, meetingId, "meeting.edit-agenda");
    const action = await m.trx.selectFrom("action").select(["id", "ref", "title", "assignee_id"]).where("plan_id", "=", access.plan.id).where("id", "=", input.actionId).executeTakeFirst();
    if (!action) throw new ServiceError("actionId", "meetings:errors.actionUnknown");
    const already = await m.trx.selectFrom("agenda_item").select("id").where("meeting_id", "=", meetingId).where("action_id", "=", action.id).executeTakeFirst();
    if (already) throw new ServiceError("actionId", "meetings:errors.actionAlreadyOnAgenda", 409);
    await checkPresenter(m, access.plan.id, input.presenterId);
    const id = newId();
    const at = nowIso();
    const item = {
      id,
      meeting_id: meetingId,
      plan_id: access.plan.id,
      position: await nextPosition(m, meetingId),
      kind: "action",
      action_id: action.id,
      capability_id: null,
      title: `${action.ref} ${action.title}`.slice(0, 300),
      reasons: "[]",
      presenter_id: input.presenterId ?? action.assignee_id,
      time_box_minutes: input.timeBox ?? DEFAULT_TIME_BOX.action,
      carried_over_from: null,
      outcome: null,
      created_at: at,
    };
    await m.trx.insertInto("agenda_item").values(item).execute();
    await m.audit({ planId: access.plan.id, actorId: access.actor.userId, verb: "meeting.agenda-add", entity: "agenda_item", entityId: id, after: item, at });
    await touched(m, access, meetingId, at);
    return id;
  });
}

type AgendaRow = Awaited<ReturnType<typeof repo.listAgenda>>[number];

/** The proposals of the plan's state now that are not on the agenda (ranked, most pressing first). */
function notOnAgenda(proposed: readonly ProposedItem[], items: readonly AgendaRow[]): ProposedItem[] {
  const has = new Set(items.flatMap((i) => [i.action_id && `action:${i.action_id}`, i.capability_id && `capability:${i.capability_id}`, i.carried_over_from && `carried:${i.carried_over_from}`]).filter(Boolean));
  // A carried-over action or capability is on the agenda if its subject is, whichever way it came.
  return proposed.filter((p) => !has.has(proposalKey(p)) && !(p.carriedOverFrom && has.has(`carried:${p.carriedOverFrom}`)));
}

/** What the plan proposes and the agenda does not hold: the agenda page's "also waiting". */
export async function waitingProposals(services: AppServices, access: PlanAccess, meetingId: string): Promise<ProposedItem[]> {
  const { meeting } = await loadMeeting(services, access, meetingId);
  const [proposed, items] = await Promise.all([proposeFor(services, access, meeting), repo.listAgenda(services.db, meeting.id)]);
  return notOnAgenda(proposed, items);
}

/**
 * "Add what the plan proposes now": the waiting proposals, most pressing first, that fit in the
 * time the agenda leaves free (decision 056). The rest stays waiting, one button each.
 */
export async function addProposals(services: AppServices, access: PlanAccess, meetingId: string): Promise<{ added: number; waiting: number }> {
  const { meeting } = await loadMeeting(services, access, meetingId);
  const proposed = await proposeFor(services, access, meeting);
  return mutate(services, async (m) => {
    const current = await writable(m, access, meetingId, "meeting.edit-agenda");
    const items = await repo.listAgenda(m.trx, meetingId);
    const used = items.reduce((sum, i) => sum + (i.time_box_minutes ?? 0), 0);
    const { fits, waiting } = fitAgenda(notOnAgenda(proposed, items), slotMinutes(current.starts_at, current.ends_at) - AGENDA_RESERVE_MINUTES - used);
    const at = nowIso();
    await insertItems(m, access.plan.id, meetingId, fits, await nextPosition(m, meetingId), at, await memberIds(m, access.plan.id));
    if (fits.length) {
      await m.audit({ planId: access.plan.id, actorId: access.actor.userId, verb: "meeting.agenda-propose", entity: "meeting", entityId: meetingId, after: { added: fits.length }, at });
      await touched(m, access, meetingId, at);
    }
    return { added: fits.length, waiting: waiting.length };
  });
}

/** Adds one waiting proposal (by its key) at the end of the agenda, with its reasons, whatever the time. */
export async function addWaitingItem(services: AppServices, access: PlanAccess, meetingId: string, input: z.infer<typeof waitingItemSchema>): Promise<string> {
  const { meeting } = await loadMeeting(services, access, meetingId);
  const proposed = await proposeFor(services, access, meeting);
  return mutate(services, async (m) => {
    await writable(m, access, meetingId, "meeting.edit-agenda");
    const item = notOnAgenda(proposed, await repo.listAgenda(m.trx, meetingId)).find((p) => proposalKey(p) === input.key);
    // Added meanwhile, or the plan changed and it no longer qualifies.
    if (!item) throw new ServiceError("_form", "meetings:errors.notWaiting", 409);
    const at = nowIso();
    const position = await nextPosition(m, meetingId);
    const [id] = await insertItems(m, access.plan.id, meetingId, [item], position, at, await memberIds(m, access.plan.id));
    await m.audit({ planId: access.plan.id, actorId: access.actor.userId, verb: "meeting.agenda-add", entity: "agenda_item", entityId: id!, after: { ...item, position }, at });
    await touched(m, access, meetingId, at);
    return id!;
  });
}

async function itemFor(m: Mutation, meetingId: string, itemId: string) {
  const item = await repo.findAgendaItem(m.trx, meetingId, itemId);
  if (!item) throw new ServiceError("itemId", "meetings:errors.itemUnknown", 404);
  return item;
}

export async function moveAgendaItem(services: AppServices, access: PlanAccess, meetingId: string, itemId: string, direction: "up" | "down"): Promise<void> {
  await mutate(services, async (m) => {
    await writable(m, access, meetingId, "meeting.edit-agenda");
    await itemFor(m, meetingId, itemId);
    const items = await repo.listAgenda(m.trx, meetingId);
    const order = moveItem(
      items.map((i) => i.id),
      itemId,
      direction,
    );
    // Renumber 0..n-1 so positions stay dense whatever happened before.
    for (const [position, id] of order.entries()) await m.trx.updateTable("agenda_item").set({ position }).where("id", "=", id).execute();
    await m.audit({ planId: access.plan.id, actorId: access.actor.userId, verb: "meeting.agenda-move", entity: "agenda_item", entityId: itemId, after: { direction } });
    await touched(m, access, meetingId);
  });
}

export async function removeAgendaItem(services: AppServices, access: PlanAccess, meetingId: string, itemId: string): Promise<void> {
  await mutate(services, async (m) => {
    await writable(m, access, meetingId, "meeting.edit-agenda");
    const item = await itemFor(m, meetingId, itemId);
    await m.trx.deleteFrom("agenda_item").where("id", "=", item.id).execute();
    await m.audit({ planId: access.plan.id, actorId: access.actor.userId, verb: "meeting.agenda-remove", entity: "agenda_item", entityId: item.id, before: item });
    await touched(m, access, meetingId);
  });
}

export async function updateAgendaItem(services: AppServices, access: PlanAccess, meetingId: string, input: z.infer<typeof itemDetailsSchema>): Promise<void> {
  await mutate(services, async (m) => {
    await writable(m, access, meetingId, "meeting.edit-agenda");
    const item = await itemFor(m, meetingId, input.itemId);
    await checkPresenter(m, access.plan.id, input.presenterId);
    const set = { presenter_id: input.presenterId, time_box_minutes: input.timeBox };
    await m.trx.updateTable("agenda_item").set(set).where("id", "=", item.id).execute();
    await m.audit({ planId: access.plan.id, actorId: access.actor.userId, verb: "meeting.agenda-edit", entity: "agenda_item", entityId: item.id, before: { presenter_id: item.presenter_id, time_box_minutes: item.time_box_minutes }, after: set });
    await touched(m, access, meetingId);
  });
}

/** Marks an item as carried over: the series' next meeting proposes it first. */
export async function carryOver(services: AppServices, access: PlanAccess, meetingId: string, itemId: string, undo = false): Promise<void> {
  await mutate(services, async (m) => {
    await writable(m, access, meetingId, "meeting.run");
    const item = await itemFor(m, meetingId, itemId);
    const outcome = undo ? null : "carried-over";
    await m.trx.updateTable("agenda_item").set({ outcome }).where("id", "=", item.id).execute();
    await m.audit({ planId: access.plan.id, actorId: access.actor.userId, verb: "meeting.carry-over", entity: "agenda_item", entityId: item.id, before: { outcome: item.outcome }, after: { outcome } });
    await touched(m, access, meetingId);
  });
}

// ---------------------------------------------------------------------------------------------
// In the meeting

/**
 * A progress update given during the meeting: the actions service records it (its policy, its
 * timeline, its event), linked to the meeting. Only while the meeting is in progress, and only
 * for an action that is on this meeting's agenda.
 */
export async function reportInMeeting(services: AppServices, access: PlanAccess, meetingId: string, itemId: string, input: ProgressInput): Promise<{ updateId: string }> {
  const { meeting } = await loadMeeting(services, access, meetingId);
  if (meeting.status === "closed") throw new ServiceError("_form", "meetings:errors.closed", 409);
  if (meeting.status !== "in-progress") throw new ServiceError("_form", "meetings:errors.notInProgress", 409);
  const item = await repo.findAgendaItem(services.db, meeting.id, itemId);
  if (!item || !item.action_id) throw new ServiceError("itemId", "meetings:errors.itemUnknown", 404);
  const result = await reportProgress(services, access, item.action_id, { ...input, meetingId: meeting.id });
  await services.db.updateTable("agenda_item").set({ outcome: "discussed" }).where("id", "=", item.id).where("outcome", "is", null).execute();
  return { updateId: result.updateId };
}

export async function recordDecision(services: AppServices, access: PlanAccess, meetingId: string, input: z.infer<typeof decisionSchema>): Promise<string> {
  return mutate(services, async (m) => {
    const meeting = await writable(m, access, meetingId, "meeting.record-decision");
    if (meeting.status !== "in-progress") throw new ServiceError("_form", "meetings:errors.notInProgress", 409);
    const actionIds = [...new Set(input.actionIds)];
    const capabilityIds = [...new Set(input.capabilityIds)];
    if (actionIds.length) {
      const found = await m.trx.selectFrom("action").select("id").where("plan_id", "=", access.plan.id).where("id", "in", actionIds).execute();
      if (found.length !== actionIds.length) throw new ServiceError("actionIds", "meetings:errors.actionUnknown");
    }
    for (const c of capabilityIds) if (!findCapability(access.framework, c)) throw new ServiceError("capabilityIds", "meetings:errors.capabilityUnknown");
    if (input.itemId) await itemFor(m, meetingId, input.itemId);
    const id = newId();
    const at = nowIso();
    const row = { id, meeting_id: meetingId, plan_id: access.plan.id, agenda_item_id: input.itemId, text: input.text, created_at: at, created_by: access.actor.userId };
    await m.trx.insertInto("meeting_decision").values(row).execute();
    const links = [...actionIds.map((t) => ({ decision_id: id, plan_id: access.plan.id, target_kind: "action", target_id: t })), ...capabilityIds.map((t) => ({ decision_id: id, plan_id: access.plan.id, target_kind: "capability", target_id: t }))];
    if (links.length) await m.trx.insertInto("meeting_decision_link").values(links).execute();
    if (input.itemId) await m.trx.updateTable("agenda_item").set({ outcome: "discussed" }).where("id", "=", input.itemId).where("outcome", "is", null).execute();
    await m.audit({ planId: access.plan.id, actorId: access.actor.userId, verb: "meeting.decision", entity: "meeting_decision", entityId: id, after: { ...row, actionIds, capabilityIds }, at });
    await touched(m, access, meetingId, at);
    return id;
  });
}

/** A new action born in the discussion: the actions service creates it; the meeting remembers it. */
export async function createActionInMeeting(services: AppServices, access: PlanAccess, meetingId: string, itemId: string | null, input: NewActionInput): Promise<{ id: string; ref: string }> {
  const { meeting } = await loadMeeting(services, access, meetingId);
  if (meeting.status === "closed") throw new ServiceError("_form", "meetings:errors.closed", 409);
  if (meeting.status !== "in-progress") throw new ServiceError("_form", "meetings:errors.notInProgress", 409);
  const created = await createAction(services, access, input);
  await mutate(services, async (m) => {
    await m.trx.insertInto("meeting_new_action").values({ meeting_id: meeting.id, action_id: created.id, agenda_item_id: itemId }).execute();
    await m.audit({ planId: access.plan.id, actorId: access.actor.userId, verb: "meeting.new-action", entity: "meeting", entityId: meeting.id, after: { actionId: created.id, itemId } });
    await touched(m, access, meeting.id);
  });
  return created;
}
