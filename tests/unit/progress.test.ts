import { describe, expect, it } from "vitest";
import type { ActionStatus } from "~/domain/actions";
import { actionPercent, rollUp, rollUpBy, roundedProgress, type ProgressAction } from "~/domain/progress";

const TODAY = "2027-06-15";
let n = 0;
function action(status: ActionStatus, progress = 0, extra: Partial<ProgressAction> = {}): ProgressAction {
  return { id: `a${++n}`, status, progress, weight: 1, dueDate: null, ongoing: false, ...extra };
}

describe("progress roll-up", () => {
  it("has no progress (null, not 0) when there are no actions", () => {
    const r = rollUp([], TODAY);
    expect(r).toMatchObject({ total: 0, counted: 0, overdue: 0, progress: null });
    expect(roundedProgress(r)).toBeNull();
  });

  it("has no progress when every action is cancelled, but still counts them by status", () => {
    const r = rollUp([action("cancelled", 80), action("cancelled", 10)], TODAY);
    expect(r.total).toBe(2);
    expect(r.byStatus.cancelled).toBe(2);
    expect(r.counted).toBe(0);
    expect(r.progress).toBeNull();
  });

  it("counts completed as 100 and not-started as 0 whatever their progress field says", () => {
    expect(actionPercent({ status: "completed", progress: 40 })).toBe(100);
    expect(actionPercent({ status: "not-started", progress: 60 })).toBe(0);
    expect(actionPercent({ status: "cancelled", progress: 60 })).toBeNull();
    expect(actionPercent({ status: "at-risk", progress: 140 })).toBe(100);
    expect(actionPercent({ status: "delayed", progress: -5 })).toBe(0);
  });

  it("averages a mix, leaving cancelled actions out", () => {
    const r = rollUp([action("completed", 0), action("not-started", 50), action("on-track", 50), action("cancelled", 0)], TODAY);
    expect(r.total).toBe(4);
    expect(r.counted).toBe(3);
    expect(r.progress).toBeCloseTo(50);
    expect(r.byStatus).toMatchObject({ completed: 1, "not-started": 1, "on-track": 1, cancelled: 1, "at-risk": 0, delayed: 0 });
  });

  it("weighs actions by weight; weight 0 is listed but not counted", () => {
    const r = rollUp([action("completed", 100, { weight: 3 }), action("on-track", 0, { weight: 1 }), action("on-track", 0, { weight: 0 })], TODAY);
    expect(r.total).toBe(3);
    expect(r.counted).toBe(2);
    expect(r.progress).toBeCloseTo(75);
  });

  it("counts an action once per group even if listed twice", () => {
    const a = action("on-track", 40);
    const r = rollUp([a, a, action("completed")], TODAY);
    expect(r.total).toBe(2);
    expect(r.progress).toBeCloseTo(70);
  });

  it("counts overdue actions with the one overdue rule (closed and ongoing never overdue)", () => {
    const r = rollUp(
      [
        action("on-track", 10, { dueDate: "2027-06-14" }),
        action("completed", 100, { dueDate: "2027-01-01" }),
        action("delayed", 10, { dueDate: "2027-06-15" }),
        action("at-risk", 10, { dueDate: "2026-01-01", ongoing: true }),
      ],
      TODAY,
    );
    expect(r.overdue).toBe(1);
  });

  it("rolls up by group, an action linked to several capabilities counting in each", () => {
    const shared = { ...action("on-track", 50), caps: ["c1", "c2"] };
    const only1 = { ...action("completed"), caps: ["c1"] };
    const groups = rollUpBy([shared, only1], (a) => a.caps, TODAY);
    expect(groups.get("c1")).toMatchObject({ total: 2, progress: 75 });
    expect(groups.get("c2")).toMatchObject({ total: 1, progress: 50 });
    expect(groups.has("c3")).toBe(false);
  });
});
