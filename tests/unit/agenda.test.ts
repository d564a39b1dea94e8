import { describe, expect, it } from "vitest";
import {
  attentionTier,
  canMoveTo,
  defaultInvitees,
  compareAttention,
  fitAgenda,
  moveItem,
  nextInSeries,
  proposalKey,
  proposeAgenda,
  slotMinutes,
  type AgendaAction,
  type AgendaCapability,
  type AgendaInput,
  type AttentionFacts,
} from "~/domain/agenda";
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
    // Delayed comes before at risk (the ranking below).
    expect(items.map((i) => [i.actionId, i.reasons])).toEqual([
      ["d", ["delayed"]],
      ["r", ["at-risk"]],
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
    // A capability nobody leads comes first (the ranking below).
    expect(items.map((i) => [i.kind, i.capabilityId, i.reasons])).toEqual([
      ["capability", "c3", ["no-actions", "no-lead"]],
      ["capability", "c2", ["no-actions"]],
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

describe("ranking by what most needs the task force's attention", () => {
  it("orders the tiers: carried over, late and stuck, late, delayed, at risk, no lead, gaps, due soon, changed", () => {
    const tiers = [["carried-over", "changed"], ["overdue", "at-risk"], ["overdue"], ["delayed"], ["at-risk", "due-soon"], ["no-lead"], ["no-actions"], ["maturity-changed"], ["due-soon", "changed"], ["changed"]] as const;
    expect(tiers.map((r) => attentionTier(r))).toEqual([0, 1, 2, 3, 4, 5, 6, 6, 7, 8]);
  });

  it("puts the action overdue longest first within a tier, undated items last, titles in number order", () => {
    const f = (title: string, dueDate: string | null, reasons: AttentionFacts["reasons"] = ["overdue"]): AttentionFacts => ({ title, dueDate, reasons });
    const ranked = [f("10.1 b", "2027-03-01"), f("2.1 a", "2027-01-15"), f("3.1 c", "2027-02-01", ["overdue", "delayed"]), f("1.1 d", null, ["no-actions"]), f("12. Cap", null, ["no-actions"]), f("2. Cap", null, ["no-actions"])].sort(compareAttention);
    expect(ranked.map((x) => x.title)).toEqual(["3.1 c", "2.1 a", "10.1 b", "1.1 d", "2. Cap", "12. Cap"]);
  });

  it("proposes the whole plan ranked: the blocked overdue action before a merely changed one, capabilities between", () => {
    const items = proposeAgenda(
      input({
        actions: [
          action({ id: "changed", ref: "1.1", updatedAt: "2027-03-01T00:00:00.000Z" }),
          action({ id: "late", ref: "5.1", dueDate: "2027-02-01" }),
          action({ id: "later", ref: "6.1", dueDate: "2027-03-01" }),
          action({ id: "stuck", ref: "9.1", dueDate: "2027-03-05", status: "delayed" }),
          action({ id: "soon", ref: "2.1", dueDate: "2027-03-20" }),
        ],
        capabilities: [capability({ id: "gap", number: 3, actionCount: 0 })],
      }),
    );
    expect(ids(items)).toEqual(["stuck", "late", "later", "gap", "soon", "changed"]);
  });
});

describe("fitting the proposal to the meeting's length", () => {
  const item = (id: string, timeBoxMinutes: number) => ({ id, timeBoxMinutes });
  it("takes ranked items while they fit and keeps the rest waiting, in order", () => {
    const { fits, waiting } = fitAgenda([item("a", 5), item("b", 10), item("c", 5), item("d", 5)], 20);
    expect(fits.map((i) => i.id)).toEqual(["a", "b", "c"]);
    expect(waiting.map((i) => i.id)).toEqual(["d"]);
  });

  it("never lets a shorter, less pressing item jump ahead of one that does not fit", () => {
    const { fits, waiting } = fitAgenda([item("a", 5), item("long", 30), item("short", 5)], 20);
    expect(fits.map((i) => i.id)).toEqual(["a"]);
    expect(waiting.map((i) => i.id)).toEqual(["long", "short"]);
  });

  it("measures a meeting in minutes and keys proposals by their subject", () => {
    expect(slotMinutes("2027-03-10T13:00:00.000Z", "2027-03-10T15:00:00.000Z")).toBe(120);
    expect(slotMinutes("2027-03-10T13:00:00.000Z", "2027-03-10T12:00:00.000Z")).toBe(0);
    expect(proposalKey({ actionId: "a1", capabilityId: null, carriedOverFrom: "x" })).toBe("action:a1");
    expect(proposalKey({ actionId: null, capabilityId: "legislation", carriedOverFrom: null })).toBe("capability:legislation");
    expect(proposalKey({ actionId: null, capabilityId: null, carriedOverFrom: "item-1" })).toBe("carried:item-1");
  });

  it("fits a 2-hour meeting of a plan with 73 waiting items into 2 hours, the most pressing first", () => {
    const actions = Array.from({ length: 73 }, (_, n) => action({ id: `a${n}`, ref: `${n + 1}.1`, dueDate: n % 5 === 0 ? "2027-01-01" : "2027-12-31", status: n % 7 === 0 ? "delayed" : "on-track", updatedAt: "2027-03-01T00:00:00.000Z" }));
    const ranked = proposeAgenda(input({ actions }));
    expect(ranked).toHaveLength(73);
    const { fits, waiting } = fitAgenda(ranked, slotMinutes("2027-03-10T09:00:00.000Z", "2027-03-10T11:00:00.000Z") - 10);
    expect(fits.reduce((sum, i) => sum + i.timeBoxMinutes, 0)).toBeLessThanOrEqual(110);
    expect(fits).toHaveLength(22);
    expect(waiting).toHaveLength(51);
    // Every late-and-stuck and every overdue action is in; the merely changed ones wait.
    expect(fits.slice(0, 3).every((i) => i.reasons.includes("overdue") && i.reasons.includes("delayed"))).toBe(true);
    expect(waiting.every((i) => !i.reasons.includes("overdue"))).toBe(true);
  });
});

describe("who a meeting invites by default", () => {
  const members = [
    { id: "coord", role: "coordinator", sector: "government" },
    { id: "gov", role: "member", sector: "government" },
    { id: "ind-lead", role: "sector-lead", sector: "industry" },
    { id: "ind-obs", role: "observer", sector: "industry" },
    { id: "cs", role: "member", sector: "civil-society" },
  ] as const;
  const capabilities = [
    { id: "takedown", leadSectors: ["industry"], partnerSectors: ["law-enforcement"] },
    { id: "helpline", leadSectors: ["civil-society"], partnerSectors: ["government"] },
  ] as const;
  it("a task force meeting: everyone who works on the plan, no observers", () => {
    expect(defaultInvitees({ type: "task-force", sector: null, capabilityIds: [] }, members, capabilities)).toEqual(["coord", "gov", "ind-lead", "cs"]);
  });
  it("a sector meeting: its sector's members", () => {
    expect(defaultInvitees({ type: "sector", sector: "industry", capabilityIds: [] }, members, capabilities)).toEqual(["ind-lead"]);
  });
  it("a working group: the sectors that lead or partner its capabilities", () => {
    expect(defaultInvitees({ type: "working-group", sector: null, capabilityIds: ["helpline"] }, members, capabilities)).toEqual(["coord", "gov", "cs"]);
    expect(defaultInvitees({ type: "working-group", sector: null, capabilityIds: [] }, members, capabilities)).toEqual([]);
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
