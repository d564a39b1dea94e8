import { describe, expect, it } from "vitest";
import { canMoveTo, moveItem, nextInSeries, proposeAgenda, type AgendaAction, type AgendaCapability, type AgendaInput } from "~/domain/agenda";
import { utcToZoned, zonedToUtc } from "~/domain/meeting-time";

const action = (over: Partial<AgendaAction> & { id: string }): AgendaAction => ({
  ref: over.id,
  title: `Action ${over.id}`,
  status: "on-track",
  dueDate: "2027-12-31",
  ongoing: false,
  sector: "government",
  capabilityIds: ["leadership"],
  assigneeId: null,
  updatedAt: "2027-01-01T00:00:00.000Z",
  ...over,
});
const capability = (over: Partial<AgendaCapability> & { id: string; number: number }): AgendaCapability => ({
  name: `Capability ${over.number}`,
  leadSectors: ["government"],
  partnerSectors: [],
  actionCount: 1,
  ...over,
});
const input = (over: Partial<AgendaInput> = {}): AgendaInput => ({
  meetingDay: "2027-03-10",
  nextMeetingDay: "2027-04-10",
  since: "2027-02-10T09:00:00.000Z",
  scope: { type: "task-force", sector: null, capabilityIds: [] },
  actions: [],
  capabilities: [],
  maturityChanges: [],
  carriedOver: [],
  ...over,
});
const ids = (items: ReturnType<typeof proposeAgenda>) => items.map((i) => i.actionId ?? i.capabilityId ?? i.carriedOverFrom);

describe("proposeAgenda: each source of items", () => {
  it("proposes an action that is overdue on the meeting day", () => {
    const items = proposeAgenda(input({ actions: [action({ id: "a", dueDate: "2027-03-09" }), action({ id: "b", dueDate: "2027-03-09", status: "completed" })] }));
    expect(items).toEqual([expect.objectContaining({ kind: "action", actionId: "a", reasons: ["overdue"] })]);
  });

  it("proposes actions at risk or delayed, naming which", () => {
    const items = proposeAgenda(input({ actions: [action({ id: "r", status: "at-risk" }), action({ id: "d", status: "delayed" })] }));
    expect(items.map((i) => [i.actionId, i.reasons])).toEqual([
      ["r", ["at-risk"]],
      ["d", ["delayed"]],
    ]);
  });

  it("proposes actions due before the next meeting, not those due on or after it", () => {
    const items = proposeAgenda(
      input({ actions: [action({ id: "soon", dueDate: "2027-04-09" }), action({ id: "same-day", dueDate: "2027-03-10" }), action({ id: "later", dueDate: "2027-04-10" }), action({ id: "ongoing", dueDate: "2027-03-20", ongoing: true })] }),
    );
    expect(ids(items)).toEqual(["same-day", "soon"]);
    expect(items.every((i) => i.reasons.includes("due-soon"))).toBe(true);
  });

  it("looks 30 days ahead when no next meeting is planned", () => {
    const items = proposeAgenda(input({ nextMeetingDay: null, actions: [action({ id: "in", dueDate: "2027-04-08" }), action({ id: "out", dueDate: "2027-04-10" })] }));
    expect(ids(items)).toEqual(["in"]);
  });

  it("proposes actions changed since the last meeting, and none when there was no last meeting", () => {
    const actions = [action({ id: "changed", updatedAt: "2027-02-11T10:00:00.000Z" }), action({ id: "old", updatedAt: "2027-02-01T10:00:00.000Z" })];
    expect(proposeAgenda(input({ actions })).map((i) => [i.actionId, i.reasons])).toEqual([["changed", ["changed"]]]);
    expect(proposeAgenda(input({ actions, since: null }))).toEqual([]);
  });

  it("proposes capabilities with no actions or no lead", () => {
    const items = proposeAgenda(
      input({ capabilities: [capability({ id: "c1", number: 1 }), capability({ id: "c2", number: 2, actionCount: 0 }), capability({ id: "c3", number: 3, leadSectors: [], actionCount: 0 })] }),
    );
    expect(items.map((i) => [i.kind, i.capabilityId, i.reasons])).toEqual([
      ["capability", "c2", ["no-actions"]],
      ["capability", "c3", ["no-actions", "no-lead"]],
    ]);
  });

  it("proposes maturity changes since the last meeting", () => {
    const items = proposeAgenda(
      input({
        capabilities: [capability({ id: "c1", number: 1 }), capability({ id: "c2", number: 2 })],
        maturityChanges: [
          { capabilityId: "c1", changedAt: "2027-02-20T00:00:00.000Z" },
          { capabilityId: "c2", changedAt: "2027-01-20T00:00:00.000Z" },
        ],
      }),
    );
    expect(items).toEqual([expect.objectContaining({ kind: "maturity-change", capabilityId: "c1", reasons: ["maturity-changed"] })]);
  });
});

describe("proposeAgenda: carried-over items", () => {
  it("puts items carried over from the last meeting first, keeping presenter and time box", () => {
    const items = proposeAgenda(
      input({
        actions: [action({ id: "x", status: "at-risk" })],
        carriedOver: [{ itemId: "old-1", kind: "free", actionId: null, capabilityId: null, title: "Budget for 2028", presenterId: "u1", timeBoxMinutes: 15 }],
      }),
    );
    expect(items[0]).toEqual({ kind: "carried-over", actionId: null, capabilityId: null, title: "Budget for 2028", reasons: ["carried-over"], presenterId: "u1", timeBoxMinutes: 15, carriedOverFrom: "old-1" });
    expect(items[1]!.actionId).toBe("x");
  });
});

describe("proposeAgenda: no duplicates", () => {
  it("lists an action that qualifies for several reasons once, with all its reasons", () => {
    const items = proposeAgenda(input({ actions: [action({ id: "a", status: "delayed", dueDate: "2027-03-01", updatedAt: "2027-03-01T00:00:00.000Z" })] }));
    expect(items).toHaveLength(1);
    expect(items[0]!.reasons).toEqual(["overdue", "delayed", "changed"]);
  });

  it("merges a carried-over action with its own reasons into one carried-over item", () => {
    const items = proposeAgenda(
      input({
        actions: [action({ id: "a", status: "at-risk" })],
        carriedOver: [{ itemId: "old", kind: "action", actionId: "a", capabilityId: null, title: "A", presenterId: null, timeBoxMinutes: null }],
      }),
    );
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: "carried-over", actionId: "a", carriedOverFrom: "old", reasons: ["carried-over", "at-risk"] });
  });

  it("lists a capability with a maturity change and no actions once", () => {
    const items = proposeAgenda(input({ capabilities: [capability({ id: "c", number: 4, actionCount: 0 })], maturityChanges: [{ capabilityId: "c", changedAt: "2027-03-01T00:00:00.000Z" }] }));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: "maturity-change", reasons: ["maturity-changed", "no-actions"] });
  });
});

describe("proposeAgenda: meeting scope", () => {
  const actions = [action({ id: "gov", status: "at-risk" }), action({ id: "ind", status: "at-risk", sector: "industry", capabilityIds: ["takedown"] })];
  const capabilities = [capability({ id: "leadership", number: 1, actionCount: 0 }), capability({ id: "takedown", number: 16, leadSectors: ["industry"], actionCount: 0 })];
  it("keeps a sector meeting to its sector's actions and the capabilities it leads or partners", () => {
    const items = proposeAgenda(input({ actions, capabilities, scope: { type: "sector", sector: "industry", capabilityIds: [] } }));
    expect(ids(items)).toEqual(["ind", "takedown"]);
  });
  it("keeps a working group to its capabilities", () => {
    const items = proposeAgenda(input({ actions, capabilities, scope: { type: "working-group", sector: null, capabilityIds: ["leadership"] } }));
    expect(ids(items)).toEqual(["gov", "leadership"]);
  });
});

describe("agenda helpers", () => {
  it("moves items up and down, and not past the ends", () => {
    expect(moveItem(["a", "b", "c"], "b", "up")).toEqual(["b", "a", "c"]);
    expect(moveItem(["a", "b", "c"], "b", "down")).toEqual(["a", "c", "b"]);
    expect(moveItem(["a", "b", "c"], "a", "up")).toEqual(["a", "b", "c"]);
    expect(moveItem(["a", "b", "c"], "c", "down")).toEqual(["a", "b", "c"]);
  });
  it("moves a meeting forward only, and never out of closed", () => {
    expect(canMoveTo("scheduled", "in-progress")).toBe(true);
    expect(canMoveTo("in-progress", "closed")).toBe(true);
    expect(canMoveTo("closed", "in-progress")).toBe(false);
    expect(canMoveTo("draft", "closed")).toBe(false);
  });
  it("dates a series' next meeting by the last gap, else a month later", () => {
    expect(nextInSeries("2027-03-10T09:00:00.000Z", "2027-02-24T09:00:00.000Z")).toBe("2027-03-24T09:00:00.000Z");
    expect(nextInSeries("2027-03-10T09:00:00.000Z", null)).toBe("2027-04-10T09:00:00.000Z");
  });
  it("converts local meeting times in a time zone, across daylight saving", () => {
    expect(zonedToUtc("2027-01-15", "09:30", "Europe/Paris")).toBe("2027-01-15T08:30:00.000Z");
    expect(zonedToUtc("2027-07-15", "09:30", "Europe/Paris")).toBe("2027-07-15T07:30:00.000Z");
    expect(zonedToUtc("2027-02-30", "09:30", "UTC")).toBeNull();
    expect(zonedToUtc("2027-01-15", "09:30", "Mars/Olympus")).toBeNull();
    expect(utcToZoned("2027-07-15T07:30:00.000Z", "Europe/Paris")).toEqual({ day: "2027-07-15", time: "09:30" });
  });
});
