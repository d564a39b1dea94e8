import { describe, expect, it } from "vitest";
import { compareRefs, dueWithinCriteria, isCalendarDay, isDueWithin, isOverdue, nextRef, overdueCriteria, refSortKey } from "~/domain/actions";

describe("nextRef", () => {
  it("numbers under the capability, after the highest used", () => {
    expect(nextRef(2, [])).toBe("2.1");
    expect(nextRef(2, ["2.1", "2.3", "12.9", "2.x", "A-2"])).toBe("2.4");
    expect(nextRef(12, ["2.1", "12.9"])).toBe("12.10");
  });
});

describe("reference order", () => {
  it("reads references part by part, numbers as numbers", () => {
    const refs = ["10.2", "2.1", "1.10", "10.1", "1.4", "2", "2a", "2.1a", "1.9", "A-2", "a-10", "B/1", "1.04", "100.1"];
    expect([...refs].sort(compareRefs)).toEqual(["1.04", "1.4", "1.9", "1.10", "2", "2.1", "2.1a", "2a", "10.1", "10.2", "100.1", "A-2", "a-10", "B/1"]);
  });

  it("gives a key whose plain text order is the same order (what SQL sorts on)", () => {
    const refs = ["10.2", "2.1", "1.10", "10.1", "1.4", "2", "2a", "2.1a", "1.9", "A-2", "a-10", "B/1", "99999999999999999999", "3.0007"];
    const byKey = [...refs].sort((a, b) => (refSortKey(a) < refSortKey(b) ? -1 : refSortKey(a) > refSortKey(b) ? 1 : 0));
    expect(byKey).toEqual([...refs].sort(compareRefs));
    // Printable ASCII only: byte order (SQLite BINARY, PostgreSQL "C") is code unit order.
    for (const r of refs) expect(refSortKey(r)).toMatch(/^[\x20-\x7e]*$/);
  });
});

describe("isCalendarDay", () => {
  it("accepts real days only", () => {
    expect(isCalendarDay("2027-03-31")).toBe(true);
    expect(isCalendarDay("2027-02-31")).toBe(false);
    expect(isCalendarDay("31/03/2027")).toBe(false);
  });
});

describe("SQL criteria agree with the signals", () => {
  const today = "2027-03-10";
  const matches = (c: ReturnType<typeof overdueCriteria>, a: { status: "on-track" | "completed"; dueDate: string | null; ongoing: boolean }) =>
    a.dueDate !== null &&
    !a.ongoing &&
    !c.excludeStatuses.includes(a.status) &&
    (c.dueBefore === undefined || a.dueDate < c.dueBefore) &&
    (c.dueFrom === undefined || a.dueDate >= c.dueFrom) &&
    (c.dueTo === undefined || a.dueDate <= c.dueTo);
  const cases = [
    { status: "on-track", dueDate: "2027-03-09", ongoing: false },
    { status: "on-track", dueDate: "2027-03-10", ongoing: false },
    { status: "on-track", dueDate: "2027-03-24", ongoing: false },
    { status: "on-track", dueDate: "2027-03-25", ongoing: false },
    { status: "completed", dueDate: "2027-03-01", ongoing: false },
    { status: "on-track", dueDate: "2027-03-01", ongoing: true },
    { status: "on-track", dueDate: null, ongoing: false },
  ] as const;
  it("overdue", () => {
    for (const a of cases) expect(matches(overdueCriteria(today), a), JSON.stringify(a)).toBe(isOverdue(a, today));
  });
  it("due within 14 days", () => {
    for (const a of cases) expect(matches(dueWithinCriteria(today, 14), a), JSON.stringify(a)).toBe(isDueWithin(a, today, 14));
  });
});
