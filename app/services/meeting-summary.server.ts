import type { TFunction } from "i18next";
import * as Y from "yjs";
import { ydocToBlocks, type Block } from "~/domain/document/blocks";
import { blocksToMarkdown } from "~/domain/document/markdown";
import { findCapability } from "~/domain/framework";
import { formatInZone, formatMeetingSpan } from "~/domain/meeting-time";
import { findDocVersion } from "../../db/repositories/docs";
import * as repo from "../../db/repositories/meetings";
import { loadDocStates } from "../../db/repositories/plan-document";
import type { Meeting } from "../../db/schema";
import { DOC_FIELD, docName } from "../../server/sync/doc-names";
import type { DB } from "../../db/connect";
import type { AppServices } from "./context.server";
import { meetingEnd, parseIds } from "./meetings.server";
import type { PlanAccess } from "./plan-access.server";

/**
 * The minutes as blocks (the one converter of app/domain/document/blocks.ts). A closed meeting's
 * record is the version frozen when it closed (decision 052), not the live document, which an
 * edit typed in the moment of closing may still have reached. Before closing (or when no version
 * could be made, closing from the command line), the document as it stands.
 */
async function loadMinutes(db: DB, planId: string, meeting: Meeting): Promise<Block[]> {
  const name = docName({ kind: "meeting", planId, meetingId: meeting.id });
  const version = meeting.minutes_version_id ? await findDocVersion(db, name, meeting.minutes_version_id) : undefined;
  const parts = version ? [new Uint8Array(version.bytes)] : ((await loadDocStates(db, [name])).get(name) ?? []);
  if (parts.length === 0) return [];
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts));
    return ydocToBlocks(doc, DOC_FIELD);
  } finally {
    doc.destroy();
  }
}

/**
 * What a meeting did, for the summary page, its printable view and the Markdown download:
 * attendance, the minutes, decisions, every action update made in the meeting, new actions, items carried
 * over, and the plan's changes since the last meeting (up to this one's close).
 */
export async function loadSummary(services: AppServices, access: PlanAccess, meeting: Meeting) {
  const { db } = services;
  const planId = access.plan.id;
  const previous = await repo.findPreviousMeeting(db, planId, meeting.starts_at, meeting.series_id, meeting.id);
  const since = previous ? meetingEnd(previous) : access.plan.created_at;
  const until = meeting.closed_at ?? new Date().toISOString();
  const [attendees, agenda, decisions, links, updates, newActions, planUpdates, maturity, created, minutes] = await Promise.all([
    repo.listAttendees(db, meeting.id),
    repo.listAgenda(db, meeting.id),
    repo.listDecisions(db, meeting.id),
    repo.listDecisionLinks(db, meeting.id),
    repo.listMeetingUpdates(db, planId, meeting.id),
    repo.listNewActions(db, meeting.id),
    repo.listPlanUpdatesBetween(db, planId, since, until),
    repo.listMaturityChangesSince(db, planId, since, until),
    repo.listActionsCreatedBetween(db, planId, since, until),
    loadMinutes(db, planId, meeting),
  ]);
  const actionIds = [...new Set(links.filter((l) => l.target_kind === "action").map((l) => l.target_id))];
  const actionRefs = actionIds.length ? await db.selectFrom("action").select(["id", "ref", "title"]).where("plan_id", "=", planId).where("id", "in", actionIds).execute() : [];
  const refOf = new Map(actionRefs.map((a) => [a.id, `${a.ref} ${a.title}`]));
  const capName = (id: string) => {
    const c = findCapability(access.framework, id);
    return c ? `${c.number}. ${c.name}` : id;
  };
  return {
    meeting: {
      id: meeting.id,
      title: meeting.title,
      type: meeting.type,
      sector: meeting.sector,
      capabilities: parseIds(meeting.capability_ids).map(capName),
      startsAt: meeting.starts_at,
      endsAt: meeting.ends_at,
      timeZone: meeting.time_zone,
      place: meeting.place,
      callUrl: meeting.call_url,
      status: meeting.status,
      closedAt: meeting.closed_at,
      minutesVersionId: meeting.minutes_version_id,
    },
    previous: previous ? { id: previous.id, title: previous.title, startsAt: previous.starts_at } : null,
    since,
    attendees: attendees.map((a) => ({ userId: a.user_id, name: a.name, attendance: a.attendance })),
    decisions: decisions.map((d) => ({
      id: d.id,
      text: d.text,
      at: d.created_at,
      byName: d.created_by_name,
      links: links.filter((l) => l.decision_id === d.id).map((l) => ({ kind: l.target_kind, id: l.target_id, label: l.target_kind === "action" ? (refOf.get(l.target_id) ?? "") : capName(l.target_id) })),
    })),
    updates: updates.map((u) => ({ id: u.id, actionId: u.action_id, ref: u.ref, title: u.title, at: u.at, statusFrom: u.status_from, statusTo: u.status_to, progressFrom: u.progress_from, progressTo: u.progress_to, comment: u.comment, byName: u.author_name })),
    newActions: newActions.map((a) => ({ id: a.id, ref: a.ref, title: a.title, status: a.status, dueDate: a.due_date })),
    carriedOver: agenda.filter((i) => i.outcome === "carried-over").map((i) => ({ id: i.id, title: i.title, presenterName: i.presenter_name })),
    agenda: agenda.map((i) => ({ id: i.id, title: i.title, kind: i.kind, outcome: i.outcome })),
    minutes,
    /** Closed: the minutes are the record and no longer change. */
    minutesFrozen: meeting.status === "closed",
    sinceLast: {
      updates: planUpdates.map((u) => ({ id: u.id, actionId: u.action_id, ref: u.ref, title: u.title, at: u.at, statusFrom: u.status_from, statusTo: u.status_to, progressFrom: u.progress_from, progressTo: u.progress_to, inThisMeeting: u.meeting_id === meeting.id, byName: u.author_name })),
      maturity: maturity.map((x) => ({ id: x.id, capability: capName(x.capability_id), kind: x.kind, from: x.from_level, to: x.to_level, at: x.changed_at, byName: x.changed_by_name })),
      created: created.map((a) => ({ id: a.id, ref: a.ref, title: a.title, at: a.created_at })),
    },
  };
}
export type MeetingSummary = Awaited<ReturnType<typeof loadSummary>>;

/** Markdown text cannot start a heading, list or table by accident. */
function md(text: string): string {
  return text.replace(/([\\`*_{}[\]<>()#+|!])/g, "\\$1").replace(/\r?\n/g, " ");
}

/**
 * The summary as Markdown, in the reader's language. Every time in it is in the meeting's own
 * zone, named beside it: the file is passed around, so the reader's zone would mean nothing to the
 * next person who opens it (and the server's zone, nothing to anyone).
 */
export function summaryMarkdown(s: MeetingSummary, t: TFunction, locale: string, planTitle: string): string {
  const out: string[] = [];
  const zone = s.meeting.timeZone;
  // i18next escapes interpolated values for HTML ("/" → "&#x2F;"); Markdown escapes its own way (md()).
  const plain = { interpolation: { escapeValue: false } };
  const status = (from: string | null, to: string | null) => (from && to && from !== to ? `${t(`actions:statuses.${from}`)} → ${t(`actions:statuses.${to}`)}` : to ? t(`actions:statuses.${to}`) : "");
  const progress = (from: number | null, to: number | null) => (from !== null && to !== null && from !== to ? `${from} % → ${to} %` : to !== null ? `${to} %` : "");
  out.push(`# ${md(s.meeting.title)}`, "");
  out.push(`${md(planTitle)}  `);
  out.push(`${formatMeetingSpan(s.meeting.startsAt, s.meeting.endsAt, zone, locale)} (${zone})  `);
  if (s.meeting.place) out.push(`${t("meetings:fields.place")}: ${md(s.meeting.place)}  `);
  out.push(`${t("meetings:fields.status")}: ${t(`meetings:statuses.${s.meeting.status}`)}`, "");

  out.push(`## ${t("meetings:summary.attendance")}`, "");
  if (s.attendees.length === 0) out.push(t("meetings:summary.none"));
  for (const a of s.attendees) out.push(`- ${md(a.name)}: ${t(`meetings:attendance.${a.attendance}`)}`);
  out.push("");

  out.push(`## ${t("meetings:summary.minutes")}`, "");
  if (!s.minutesFrozen) out.push(`_${t("meetings:summary.minutesNotFrozen")}_`, "");
  // The editor offers H2 and H3: shifted by one they sit below "## Minutes"; their text is escaped by the document renderer.
  const minutes = blocksToMarkdown(s.minutes, 1).trim();
  out.push(minutes || t("meetings:summary.none"), "");

  out.push(`## ${t("meetings:summary.decisions")}`, "");
  if (s.decisions.length === 0) out.push(t("meetings:summary.none"));
  s.decisions.forEach((d, i) => {
    out.push(`${i + 1}. ${md(d.text)}${d.links.length ? ` (${d.links.map((l) => md(l.label)).join("; ")})` : ""}`);
  });
  out.push("");

  out.push(`## ${t("meetings:summary.updates")}`, "");
  if (s.updates.length === 0) out.push(t("meetings:summary.none"));
  for (const u of s.updates) {
    const parts = [status(u.statusFrom, u.statusTo), progress(u.progressFrom, u.progressTo)].filter(Boolean).join(", ");
    out.push(`- **${md(u.ref)} ${md(u.title)}**: ${parts}${u.comment ? ` — ${md(u.comment)}` : ""}${u.byName ? ` (${md(u.byName)})` : ""}`);
  }
  out.push("");

  out.push(`## ${t("meetings:summary.newActions")}`, "");
  if (s.newActions.length === 0) out.push(t("meetings:summary.none"));
  for (const a of s.newActions) out.push(`- ${md(a.ref)} ${md(a.title)}${a.dueDate ? ` (${t("meetings:summary.due", { date: a.dueDate, ...plain })})` : ""}`);
  out.push("");

  out.push(`## ${t("meetings:summary.carriedOver")}`, "");
  if (s.carriedOver.length === 0) out.push(t("meetings:summary.none"));
  for (const c of s.carriedOver) out.push(`- ${md(c.title)}`);
  out.push("");

  out.push(`## ${t("meetings:summary.sinceLast")}`, "");
  out.push(`${t("meetings:summary.sinceWhen", { date: `${formatInZone(s.since, zone, locale)} (${zone})`, ...plain })}`, "");
  if (s.sinceLast.updates.length + s.sinceLast.maturity.length + s.sinceLast.created.length === 0) out.push(t("meetings:summary.none"));
  for (const a of s.sinceLast.created) out.push(`- ${t("meetings:summary.created")}: ${md(a.ref)} ${md(a.title)}`);
  for (const u of s.sinceLast.updates) out.push(`- ${md(u.ref)} ${md(u.title)}: ${[status(u.statusFrom, u.statusTo), progress(u.progressFrom, u.progressTo)].filter(Boolean).join(", ")}`);
  for (const x of s.sinceLast.maturity) out.push(`- ${md(x.capability)}: ${t(`meetings:summary.maturity.${x.kind}`)} ${x.from ?? "–"} → ${x.to ?? "–"}`);
  out.push("");
  return out.join("\n");
}
