import { addDays, compareRefs, isAtRisk, isDueWithin, isOverdue, type ActionStatus } from "./actions";
import type { Role, Sector } from "./sectors";

/**
 * The agenda that proposes itself. Pure: the meeting service gathers the plan's state and
 * this module decides which items a meeting should discuss, why, and in what order.
 */

export const AGENDA_KINDS = ["action", "capability", "maturity-change", "free", "carried-over"] as const;
export type AgendaKind = (typeof AGENDA_KINDS)[number];

export const AGENDA_REASONS = ["carried-over", "overdue", "at-risk", "delayed", "due-soon", "changed", "maturity-changed", "no-actions", "no-lead"] as const;
export type AgendaReason = (typeof AGENDA_REASONS)[number];

export const MEETING_TYPES = ["task-force", "sector", "working-group"] as const;
export type MeetingType = (typeof MEETING_TYPES)[number];

export const MEETING_STATUSES = ["draft", "scheduled", "in-progress", "closed"] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export interface Invitable {
  id: string;
  role: Role;
  sector: Sector | null;
}

export interface CapabilitySectors {
  id: string;
  leadSectors: readonly Sector[];
  partnerSectors: readonly Sector[];
}

/**
 * Who a new meeting invites unless its organiser ticks otherwise: the members who take part in
 * what it is about. A task force meeting: every member who works on the plan (coordinators, sector
 * leads, members); a sector meeting: those of its sector; a working group: those of the sectors that
 * lead or partner its capabilities. Observers follow the plan and are invited by ticking them.
 */
export function defaultInvitees(scope: AgendaScope, members: readonly Invitable[], capabilities: readonly CapabilitySectors[]): string[] {
  const groupSectors = new Set(capabilities.filter((c) => scope.capabilityIds.includes(c.id)).flatMap((c) => [...c.leadSectors, ...c.partnerSectors]));
  return members
    .filter((m) => m.role !== "observer")
    .filter((m) => (scope.type === "sector" ? m.sector !== null && m.sector === scope.sector : scope.type === "working-group" ? m.sector !== null && groupSectors.has(m.sector) : true))
    .map((m) => m.id);
}

/** The only forward moves of a meeting; closing is final. */
const NEXT: Record<MeetingStatus, readonly MeetingStatus[]> = {
  draft: ["scheduled", "in-progress"],
  scheduled: ["draft", "in-progress"],
  "in-progress": ["closed"],
  closed: [],
};
export function canMoveTo(from: MeetingStatus, to: MeetingStatus): boolean {
  return NEXT[from].includes(to);
}
export function isMeetingStatus(v: unknown): v is MeetingStatus {
  return typeof v === "string" && (MEETING_STATUSES as readonly string[]).includes(v);
}
export function isMeetingType(v: unknown): v is MeetingType {
  return typeof v === "string" && (MEETING_TYPES as readonly string[]).includes(v);
}

/** Minutes per item when nobody set one: enough to hear a status, not to debate it. */
export const DEFAULT_TIME_BOX: Record<AgendaKind, number> = { action: 5, capability: 5, "maturity-change": 5, free: 10, "carried-over": 5 };
/** Without a next meeting planned, "due before the next meeting" looks this far ahead. */
export const DEFAULT_HORIZON_DAYS = 30;

export interface AgendaAction {
  id: string;
  ref: string;
  title: string;
  status: ActionStatus;
  dueDate: string | null;
  ongoing: boolean;
  sector: Sector;
  capabilityIds: readonly string[];
  assigneeId: string | null;
  /** Latest change of the action (ISO instant). */
  updatedAt: string;
}

export interface AgendaCapability {
  id: string;
  number: number;
  name: string;
  leadSectors: readonly Sector[];
  partnerSectors: readonly Sector[];
  actionCount: number;
}

export interface AgendaMaturityChange {
  capabilityId: string;
  changedAt: string;
}

/** An item of the last meeting that was carried over and not yet taken up by another meeting. */
export interface CarriedItem {
  itemId: string;
  kind: AgendaKind;
  actionId: string | null;
  capabilityId: string | null;
  title: string;
  presenterId: string | null;
  timeBoxMinutes: number | null;
}

export interface AgendaScope {
  type: MeetingType;
  /** Sector meetings: the sector. */
  sector: Sector | null;
  /** Working groups: their capabilities. */
  capabilityIds: readonly string[];
}

export interface AgendaInput {
  /** The meeting's day ("YYYY-MM-DD"): overdue means overdue on that day. */
  meetingDay: string;
  /** The day of the next meeting if known; else DEFAULT_HORIZON_DAYS after this one. */
  nextMeetingDay: string | null;
  /** When the last meeting happened (ISO instant); null = no previous meeting, nothing "since". */
  since: string | null;
  scope: AgendaScope;
  actions: readonly AgendaAction[];
  capabilities: readonly AgendaCapability[];
  maturityChanges: readonly AgendaMaturityChange[];
  carriedOver: readonly CarriedItem[];
}

export interface ProposedItem {
  kind: AgendaKind;
  actionId: string | null;
  capabilityId: string | null;
  title: string;
  reasons: AgendaReason[];
  presenterId: string | null;
  timeBoxMinutes: number;
  carriedOverFrom: string | null;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function actionInScope(a: AgendaAction, s: AgendaScope): boolean {
  if (s.type === "sector") return a.sector === s.sector;
  if (s.type === "working-group") return a.capabilityIds.some((c) => s.capabilityIds.includes(c));
  return true;
}

function capabilityInScope(c: AgendaCapability, s: AgendaScope): boolean {
  if (s.type === "sector") return s.sector !== null && (c.leadSectors.includes(s.sector) || c.partnerSectors.includes(s.sector));
  if (s.type === "working-group") return s.capabilityIds.includes(c.id);
  return true;
}

/** Why one action deserves a place on the agenda (empty = it does not). */
export function actionReasons(a: AgendaAction, input: Pick<AgendaInput, "meetingDay" | "nextMeetingDay" | "since">): AgendaReason[] {
  const timing = { status: a.status, dueDate: a.dueDate, ongoing: a.ongoing };
  const horizon = input.nextMeetingDay ?? addDays(input.meetingDay, DEFAULT_HORIZON_DAYS);
  const reasons: AgendaReason[] = [];
  if (isOverdue(timing, input.meetingDay)) reasons.push("overdue");
  if (isAtRisk(timing)) reasons.push(a.status === "delayed" ? "delayed" : "at-risk");
  // Due on the meeting day up to (not including) the next meeting's day.
  if (isDueWithin(timing, input.meetingDay, Math.max(0, daysBetween(input.meetingDay, horizon) - 1))) reasons.push("due-soon");
  if (input.since !== null && a.updatedAt > input.since) reasons.push("changed");
  return reasons;
}

const REASON_ORDER = new Map(AGENDA_REASONS.map((r, i) => [r, i]));
const sortReasons = (rs: Iterable<AgendaReason>) => [...new Set(rs)].sort((a, b) => REASON_ORDER.get(a)! - REASON_ORDER.get(b)!);

/**
 * What most needs the task force's attention, as tiers (lower = discussed first):
 *   0 carried over: the last meeting promised to come back to it
 *   1 overdue and delayed or at risk: late, and the work is stuck
 *   2 overdue
 *   3 delayed
 *   4 at risk
 *   5 a capability nobody leads
 *   6 a capability without actions, or whose maturity changed
 *   7 due before the next meeting
 *   8 only changed since the last meeting (for information)
 */
export function attentionTier(reasons: readonly AgendaReason[]): number {
  const has = (r: AgendaReason) => reasons.includes(r);
  if (has("carried-over")) return 0;
  if (has("overdue")) return has("delayed") || has("at-risk") ? 1 : 2;
  if (has("delayed")) return 3;
  if (has("at-risk")) return 4;
  if (has("no-lead")) return 5;
  if (has("no-actions") || has("maturity-changed")) return 6;
  if (has("due-soon")) return 7;
  return 8;
}

export interface AttentionFacts {
  reasons: readonly AgendaReason[];
  /** The action's due date ("YYYY-MM-DD"), null for capabilities, free items and open-ended actions. */
  dueDate: string | null;
  title: string;
}

/**
 * The ranking of the proposal: by tier, then the earliest due date first (among overdue items,
 * the one overdue longest), undated last, then by title with numbers in order (2.1 before 10.1).
 */
export function compareAttention(a: AttentionFacts, b: AttentionFacts): number {
  return (
    attentionTier(a.reasons) - attentionTier(b.reasons) ||
    (a.dueDate ?? "9999-12-31").localeCompare(b.dueDate ?? "9999-12-31") ||
    a.title.localeCompare(b.title, undefined, { numeric: true })
  );
}

/** Minutes of a meeting kept free of proposed items: welcome, any other business, closing. */
export const AGENDA_RESERVE_MINUTES = 10;

/** How long a meeting lasts, in whole minutes. */
export function slotMinutes(startsAt: string, endsAt: string): number {
  return Math.max(0, Math.floor((Date.parse(endsAt) - Date.parse(startsAt)) / 60_000));
}

/**
 * Splits ranked items into what fits in `minutes` and what waits. Items are taken in rank order
 * and the first that does not fit stops the taking: a shorter, less pressing item never jumps
 * ahead of a more pressing one.
 */
export function fitAgenda<T extends { timeBoxMinutes: number }>(ranked: readonly T[], minutes: number): { fits: T[]; waiting: T[] } {
  let used = 0;
  let n = 0;
  while (n < ranked.length && used + ranked[n]!.timeBoxMinutes <= minutes) used += ranked[n++]!.timeBoxMinutes;
  return { fits: ranked.slice(0, n), waiting: ranked.slice(n) };
}

/** The key that says two proposals (or a proposal and an agenda item) are the same subject. */
export function proposalKey(item: { actionId: string | null; capabilityId: string | null; carriedOverFrom: string | null }): string {
  return item.actionId ? `action:${item.actionId}` : item.capabilityId ? `capability:${item.capabilityId}` : `carried:${item.carriedOverFrom ?? ""}`;
}

/**
 * Proposes the agenda: every item the plan's state puts forward, ranked by `compareAttention`
 * (carried-over items first). Each action or capability appears once, with every reason it
 * qualified for. What fits the meeting is then `fitAgenda`'s call.
 */
export function proposeAgenda(input: AgendaInput): ProposedItem[] {
  const byKey = new Map<string, ProposedItem>();
  const order: string[] = [];
  const put = (key: string, item: ProposedItem) => {
    const existing = byKey.get(key);
    if (existing) {
      existing.reasons = sortReasons([...existing.reasons, ...item.reasons]);
      return;
    }
    byKey.set(key, { ...item, reasons: sortReasons(item.reasons) });
    order.push(key);
  };

  for (const c of input.carriedOver) {
    const key = c.actionId ? `action:${c.actionId}` : c.capabilityId ? `capability:${c.capabilityId}` : `free:${c.itemId}`;
    put(key, {
      kind: "carried-over",
      actionId: c.actionId,
      capabilityId: c.capabilityId,
      title: c.title,
      reasons: ["carried-over"],
      presenterId: c.presenterId,
      timeBoxMinutes: c.timeBoxMinutes ?? DEFAULT_TIME_BOX["carried-over"],
      carriedOverFrom: c.itemId,
    });
  }

  const urgency = (rs: AgendaReason[]) => Math.min(...rs.map((r) => REASON_ORDER.get(r)!));
  const actionItems = input.actions
    .filter((a) => actionInScope(a, input.scope))
    .map((a) => ({ a, reasons: actionReasons(a, input) }))
    .filter((x) => x.reasons.length > 0)
    .sort((x, y) => urgency(x.reasons) - urgency(y.reasons) || compareRefs(x.a.ref, y.a.ref));
  for (const { a, reasons } of actionItems) {
    put(`action:${a.id}`, {
      kind: "action",
      actionId: a.id,
      capabilityId: null,
      title: `${a.ref} ${a.title}`,
      reasons,
      presenterId: a.assigneeId,
      timeBoxMinutes: DEFAULT_TIME_BOX.action,
      carriedOverFrom: null,
    });
  }

  const changedCaps = new Set(input.since === null ? [] : input.maturityChanges.filter((m) => m.changedAt > input.since!).map((m) => m.capabilityId));
  const caps = [...input.capabilities].filter((c) => capabilityInScope(c, input.scope)).sort((a, b) => a.number - b.number);
  for (const c of caps) {
    const reasons: AgendaReason[] = [];
    if (changedCaps.has(c.id)) reasons.push("maturity-changed");
    if (c.actionCount === 0) reasons.push("no-actions");
    if (c.leadSectors.length === 0) reasons.push("no-lead");
    if (reasons.length === 0) continue;
    put(`capability:${c.id}`, {
      kind: changedCaps.has(c.id) ? "maturity-change" : "capability",
      actionId: null,
      capabilityId: c.id,
      title: `${c.number}. ${c.name}`,
      reasons,
      presenterId: null,
      timeBoxMinutes: DEFAULT_TIME_BOX.capability,
      carriedOverFrom: null,
    });
  }
  const dueOf = new Map(input.actions.map((a) => [a.id, a.ongoing ? null : a.dueDate]));
  const facts = (i: ProposedItem): AttentionFacts => ({ reasons: i.reasons, dueDate: i.actionId ? (dueOf.get(i.actionId) ?? null) : null, title: i.title });
  return order.map((k) => byKey.get(k)!).sort((a, b) => compareAttention(facts(a), facts(b)));
}

/** Moves one item up or down a list of ids; returns the new order (unchanged at the ends). */
export function moveItem(ids: readonly string[], id: string, direction: "up" | "down"): string[] {
  const next = [...ids];
  const i = next.indexOf(id);
  const j = direction === "up" ? i - 1 : i + 1;
  if (i < 0 || j < 0 || j >= next.length) return next;
  [next[i], next[j]] = [next[j]!, next[i]!];
  return next;
}

/** The default date of a series' next meeting: the same gap as the last two, else one month later. */
export function nextInSeries(lastStart: string, previousStart: string | null): string {
  const last = new Date(lastStart);
  if (previousStart) {
    const gap = last.getTime() - new Date(previousStart).getTime();
    if (gap >= 86_400_000) return new Date(last.getTime() + gap).toISOString();
  }
  const next = new Date(last);
  next.setUTCMonth(next.getUTCMonth() + 1);
  return next.toISOString();
}
