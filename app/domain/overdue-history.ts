import { isActionStatus, isOverdue, type ActionStatus } from "./actions";

/**
 * How many actions were overdue on past days, rebuilt from what the database keeps: each
 * action's due date and its status history (action_update.status_from/status_to).
 *
 * - An action counts from the day it was created.
 * - Its status on a day is the `status_to` of its last status change on or before that day;
 *   before its first change it had that change's `status_from` (or, with no change at all,
 *   its present status).
 * - Overdue on a day = the one overdue rule (app/domain/actions.ts) applied to that status,
 *   with that day as "today".
 * Limitation: the due date is today's due date; earlier due dates are not kept.
 */

export interface HistoryAction {
  id: string;
  createdAt: string;
  status: ActionStatus;
  dueDate: string | null;
  ongoing: boolean;
}

export interface StatusChange {
  actionId: string;
  at: string;
  from: string | null;
  to: string | null;
}

export interface OverduePoint {
  day: string;
  overdue: number;
}

function statusOn(action: HistoryAction, changes: readonly StatusChange[], day: string): ActionStatus {
  let status: ActionStatus | null = null;
  for (const c of changes) {
    if (c.at.slice(0, 10) > day) break;
    if (isActionStatus(c.to)) status = c.to;
  }
  if (status) return status;
  const first = changes.find((c) => isActionStatus(c.from));
  return first && isActionStatus(first.from) ? first.from : action.status;
}

export function overdueHistory(actions: readonly HistoryAction[], changes: readonly StatusChange[], days: readonly string[]): OverduePoint[] {
  const byAction = new Map<string, StatusChange[]>();
  for (const c of changes) if (c.from !== null || c.to !== null) (byAction.get(c.actionId) ?? byAction.set(c.actionId, []).get(c.actionId)!).push(c);
  for (const list of byAction.values()) list.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return days.map((day) => {
    let overdue = 0;
    for (const a of actions) {
      if (a.createdAt.slice(0, 10) > day) continue;
      const status = statusOn(a, byAction.get(a.id) ?? [], day);
      if (isOverdue({ status, dueDate: a.dueDate, ongoing: a.ongoing }, day)) overdue++;
    }
    return { day, overdue };
  });
}

/** `count` sample days, one month apart, ending with `today` (oldest first). */
export function monthlyDays(today: string, count: number): string[] {
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    // Clamp to the month's last day so 31 March − 1 month is 28/29 February, not 3 March.
    const first = new Date(Date.UTC(y, m - 1 - i, 1));
    const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
    first.setUTCDate(Math.min(d, last));
    out.push(first.toISOString().slice(0, 10));
  }
  return out;
}
