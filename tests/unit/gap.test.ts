import { describe, expect, it } from "vitest";
import { asLevel, gapOf } from "~/domain/gap";

describe("maturity gap", () => {
  it("measures from the current level", () => {
    expect(gapOf({ baseline: 1, current: 2, target: 4 })).toEqual({ state: "gap", size: 2, basis: "current", change: 1 });
  });

  it("falls back to the baseline when the current level is not assessed", () => {
    expect(gapOf({ baseline: 1, current: null, target: 3 })).toEqual({ state: "gap", size: 2, basis: "baseline", change: null });
  });

  it("treats level 0 as assessed, distinct from not assessed", () => {
    expect(gapOf({ baseline: null, current: 0, target: 2 })).toMatchObject({ state: "gap", size: 2, basis: "current" });
    expect(gapOf({ baseline: null, current: null, target: 2 })).toEqual({ state: "not-assessed", size: null, basis: null, change: null });
  });

  it("has no gap size without a target", () => {
    expect(gapOf({ baseline: 1, current: 2, target: null })).toMatchObject({ state: "no-target", size: null, basis: "current", change: 1 });
  });

  it("is met (0, never negative) at or above the target", () => {
    expect(gapOf({ baseline: 1, current: 3, target: 3 })).toMatchObject({ state: "met", size: 0 });
    expect(gapOf({ baseline: 1, current: 4, target: 2 })).toMatchObject({ state: "met", size: 0 });
  });

  it("reads values outside the scale as not assessed", () => {
    expect(asLevel(5)).toBeNull();
    expect(asLevel(-1)).toBeNull();
    expect(asLevel(2.5)).toBeNull();
    expect(asLevel(0)).toBe(0);
    expect(gapOf({ baseline: null, current: 7, target: 3 })).toMatchObject({ state: "not-assessed" });
  });
});
