import { ACTION_STATUSES, isOverdue, type ActionStatus, type ActionTiming } from "./actions";

/**
 * THE progress roll-up (docs/progress.md). Every view (overview, capability page, gap
 * analysis, dashboard) computes its numbers here, so they always agree.
 *
 * Rule, for any group of actions (a capability, a domain, a sector, the plan):
 * - the group is the set of DISTINCT actions in it: an action linked to several capabilities
 *   counts once in each of them, and once in a domain or the plan however many of its
 *   capabilities it is linked to;
 * - cancelled actions are left out entirely (they neither help nor hurt);
 * - completed actions count as 100 %, not-started actions as 0 %, whatever their progress field;
 * - every other action counts with its own progress (clamped to 0–100);
 * - each action weighs `weight` (a whole number ≥ 0; 0 = shown but not counted);
 * - progress = Σ(weight × percent) / Σ(weight); with nothing left to count it is `null`
 *   ("no progress to show"), never 0 %.
 */

export interface ProgressAction extends ActionTiming {
  id: string;
  /** 0–100, as reported. */
  progress: number;
  weight: number;
}

export type StatusCounts = Record<ActionStatus, number>;

export interface Rollup {
  /** Distinct actions in the group, cancelled included. */
  total: number;
  byStatus: StatusCounts;
  overdue: number;
  /** Actions that count toward progress (not cancelled, weight > 0). */
  counted: number;
  /** Weighted progress 0–100 (unrounded), or null when no action counts. */
  progress: number | null;
}

export function emptyStatusCounts(): StatusCounts {
  return Object.fromEntries(ACTION_STATUSES.map((s) => [s, 0])) as StatusCounts;
}

/** The percent an action contributes, or null when it does not count at all. */
export function actionPercent(a: Pick<ProgressAction, "status" | "progress">): number | null {
  switch (a.status) {
    case "cancelled":
      return null;
    case "completed":
      return 100;
    case "not-started":
      return 0;
    default:
      return Math.min(100, Math.max(0, Number.isFinite(a.progress) ? a.progress : 0));
  }
}

function actionWeight(a: Pick<ProgressAction, "weight">): number {
  return Number.isFinite(a.weight) && a.weight > 0 ? a.weight : 0;
}

/** Rolls a group of actions up; duplicates (same id) count once. */
export function rollUp(actions: Iterable<ProgressAction>, today: string): Rollup {
  const seen = new Set<string>();
  const byStatus = emptyStatusCounts();
  let total = 0;
  let overdue = 0;
  let counted = 0;
  let weighted = 0;
  let weights = 0;
  for (const a of actions) {
    if (seen.has(a.id)) continue;
    seen.add(a.id);
    total++;
    byStatus[a.status]++;
    if (isOverdue(a, today)) overdue++;
    const percent = actionPercent(a);
    const weight = actionWeight(a);
    if (percent === null || weight === 0) continue;
    counted++;
    weighted += weight * percent;
    weights += weight;
  }
  return { total, byStatus, overdue, counted, progress: weights > 0 ? weighted / weights : null };
}

/** Progress for display: a whole percent, or null. */
export function roundedProgress(r: Pick<Rollup, "progress">): number | null {
  return r.progress === null ? null : Math.round(r.progress);
}

/**
 * Groups actions by key and rolls each group up. `keysOf` returns every group an action
 * belongs to (e.g. all the capabilities it is linked to), so it counts in each.
 */
export function rollUpBy<A extends ProgressAction>(actions: readonly A[], keysOf: (a: A) => Iterable<string>, today: string): Map<string, Rollup> {
  const groups = new Map<string, A[]>();
  for (const a of actions) for (const k of new Set(keysOf(a))) (groups.get(k) ?? groups.set(k, []).get(k)!).push(a);
  const out = new Map<string, Rollup>();
  for (const [k, list] of groups) out.set(k, rollUp(list, today));
  return out;
}
