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
