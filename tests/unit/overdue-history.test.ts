import { describe, expect, it } from "vitest";
import { monthlyDays, overdueHistory, type HistoryAction } from "~/domain/overdue-history";

const base: HistoryAction = { id: "a", createdAt: "2027-01-01T09:00:00.000Z", status: "on-track", dueDate: "2027-03-01", ongoing: false };

describe("overdue history", () => {
  it("counts an open action as overdue from the day after its due date", () => {
    const points = overdueHistory([base], [], ["2027-02-28", "2027-03-01", "2027-03-02"]);
    expect(points.map((p) => p.overdue)).toEqual([0, 0, 1]);
  });

  it("stops counting once the action was completed, using the status history", () => {
    const changes = [
      { actionId: "a", at: "2027-02-01T10:00:00.000Z", from: "not-started", to: "on-track" },
      { actionId: "a", at: "2027-04-10T10:00:00.000Z", from: "on-track", to: "completed" },
    ];
    const points = overdueHistory([{ ...base, status: "completed" }], changes, ["2027-03-15", "2027-04-09", "2027-04-10", "2027-05-01"]);
    expect(points.map((p) => p.overdue)).toEqual([1, 1, 0, 0]);
  });

  it("uses the first change's previous status before any change, and ignores days before creation", () => {
    const changes = [{ actionId: "a", at: "2027-05-01T10:00:00.000Z", from: "on-track", to: "cancelled" }];
    const created = { ...base, status: "cancelled" as const, createdAt: "2027-02-15T00:00:00.000Z" };
    expect(overdueHistory([created], changes, ["2027-02-10", "2027-04-01", "2027-05-02"]).map((p) => p.overdue)).toEqual([0, 1, 0]);
  });

  it("never counts ongoing actions or actions without a due date", () => {
    const actions = [
      { ...base, id: "b", ongoing: true },
      { ...base, id: "c", dueDate: null },
    ];
    expect(overdueHistory(actions, [], ["2028-01-01"])[0]!.overdue).toBe(0);
  });

  it("samples monthly days, clamped to month ends", () => {
    expect(monthlyDays("2027-03-31", 3)).toEqual(["2027-01-31", "2027-02-28", "2027-03-31"]);
    expect(monthlyDays("2027-01-15", 2)).toEqual(["2026-12-15", "2027-01-15"]);
  });
});
