import { MATURITY_MAX, MATURITY_MIN } from "./framework";

/**
 * THE gap rule (docs/progress.md, "Maturity gap"). One function, used by the overview,
 * the capability page, the gap analysis and the dashboard.
 *
 * - The reference level is the CURRENT level; when the current level is not assessed,
 *   the BASELINE stands in (a baseline is the first assessment, so it is the best
 *   knowledge we have). Which one was used is returned as `basis` and shown.
 * - gap = target − reference, never below 0: a capability at or above its target has
 *   gap 0 and state "met".
 * - No target, or neither current nor baseline assessed: gap is null, never 0, because
 *   "not assessed" must never look like "nothing to do".
 */

export type Level = number | null;

export interface MaturityLevels {
  baseline: Level;
  current: Level;
  target: Level;
}

export type GapState = "no-target" | "not-assessed" | "met" | "gap";

export interface Gap {
  state: GapState;
  /** 0–4 levels still to climb; null when it cannot be known. */
  size: number | null;
  /** The level the gap was measured from. */
  basis: "current" | "baseline" | null;
  /** Levels gained since the baseline (current − baseline), when both are assessed. */
  change: number | null;
}

export function isLevel(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= MATURITY_MIN && value <= MATURITY_MAX;
}

/** Cleans a stored level: anything outside the scale reads as "not assessed". */
export function asLevel(value: unknown): Level {
  return isLevel(value) ? value : null;
}

export function gapOf(levels: MaturityLevels): Gap {
  const baseline = asLevel(levels.baseline);
  const current = asLevel(levels.current);
  const target = asLevel(levels.target);
  const basis = current !== null ? "current" : baseline !== null ? "baseline" : null;
  const reference = current ?? baseline;
  const change = current !== null && baseline !== null ? current - baseline : null;
  if (reference === null) return { state: "not-assessed", size: null, basis: null, change };
  if (target === null) return { state: "no-target", size: null, basis, change };
  const size = Math.max(0, target - reference);
  return { state: size === 0 ? "met" : "gap", size, basis, change };
}
