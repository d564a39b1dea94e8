/** Action statuses, in the order a plan's tables list them. */
export const ACTION_STATUSES = ["not-started", "on-track", "at-risk", "delayed", "completed", "cancelled"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export function isActionStatus(value: unknown): value is ActionStatus {
  return typeof value === "string" && (ACTION_STATUSES as readonly string[]).includes(value);
}

/** Statuses that are finished: such an action is never overdue. */
export const CLOSED_STATUSES: readonly ActionStatus[] = ["completed", "cancelled"];

/** The dates and status an overdue/at-risk signal needs. Dates are calendar days, "YYYY-MM-DD". */
export interface ActionTiming {
  status: ActionStatus;
  dueDate: string | null;
  ongoing: boolean;
}

/**
 * The one place that says whether an action is overdue or needs attention; the register,
 * capability pages, overview, dashboard and meeting agenda all ask here.
 */
export function isOverdue(a: ActionTiming, today: string): boolean {
  return !a.ongoing && a.dueDate !== null && a.dueDate < today && !CLOSED_STATUSES.includes(a.status);
}

export function isAtRisk(a: ActionTiming): boolean {
  return a.status === "at-risk" || a.status === "delayed";
}

export function needsAttention(a: ActionTiming, today: string): boolean {
  return isOverdue(a, today) || isAtRisk(a);
}

/** Due within the next `days` days (today included), and not finished. */
export function isDueWithin(a: ActionTiming, today: string, days: number): boolean {
  if (a.ongoing || a.dueDate === null || CLOSED_STATUSES.includes(a.status)) return false;
  return a.dueDate >= today && a.dueDate <= addDays(today, days);
}

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * The same signals as conditions a database query can apply (the register filters thousands
 * of actions in SQL). Repositories translate these; they never restate the rules.
 */
export interface DueCriteria {
  /** due_date strictly before this day */
  dueBefore?: string;
  /** due_date within [dueFrom, dueTo] */
  dueFrom?: string;
  dueTo?: string;
  excludeOngoing: true;
  excludeStatuses: readonly ActionStatus[];
}

export function overdueCriteria(today: string): DueCriteria {
  return { dueBefore: today, excludeOngoing: true, excludeStatuses: CLOSED_STATUSES };
}

export function dueWithinCriteria(today: string, days: number): DueCriteria {
  return { dueFrom: today, dueTo: addDays(today, days), excludeOngoing: true, excludeStatuses: CLOSED_STATUSES };
}

/** Statuses that make an action "at risk" in the register's signal column and filters. */
export const AT_RISK_STATUSES: readonly ActionStatus[] = ["at-risk", "delayed"];

/** A calendar day "YYYY-MM-DD" that exists (no 31 February). */
export function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/**
 * The next free reference under a capability number: "2.1", "2.2", … given the plan's refs.
 * References not of the form "<n>.<k>" are ignored.
 */
export function nextRef(capabilityNumber: number, existingRefs: Iterable<string>): string {
  let max = 0;
  const prefix = `${capabilityNumber}.`;
  for (const ref of existingRefs) {
    if (!ref.startsWith(prefix)) continue;
    const k = Number(ref.slice(prefix.length));
    if (Number.isInteger(k) && k > max) max = k;
  }
  return `${prefix}${max + 1}`;
}

/**
 * A key whose plain (byte or code unit) order is the order of references read part by part,
 * numbers as numbers: 1.4 < 2.1 < 10.1 < 10.2, and 2 < 2.1 < 2.1a < 2a. Each run of digits
 * becomes its length (two digits) and its value without leading zeros, so "10" (0210) follows
 * "4" (014); letters are compared without case. The register sorts on this key in SQL
 * (`action.ref_sort`, filled on every write of `ref`) and everything else through `compareRefs`,
 * so the two orders are one and the same on SQLite and PostgreSQL. Changing the key needs a
 * migration that recomputes `ref_sort` for every action.
 */
export function refSortKey(ref: string): string {
  return ref
    .trim()
    .toLowerCase()
    .replace(/\d+/g, (run) => {
      const digits = run.replace(/^0+(?=\d)/, "");
      return String(digits.length).padStart(2, "0") + digits;
    });
}

/** Orders references part by part, numbers as numbers (see `refSortKey`); ties by the text itself. */
export function compareRefs(a: string, b: string): number {
  const ka = refSortKey(a);
  const kb = refSortKey(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How many days ahead counts as "due soon" in the register's and action page's signals. */
export const DUE_SOON_DAYS = 14;

/** The register's sort keys and page sizes (the URL carries them). */
export const REGISTER_SORTS = ["ref", "title", "due", "status", "progress", "updated", "organisation"] as const;
export type RegisterSort = (typeof REGISTER_SORTS)[number];
export const REGISTER_PAGE_SIZES = [25, 50, 100] as const;
