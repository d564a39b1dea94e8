import i18next from "i18next";
import { describe, expect, it } from "vitest";
import actions from "~/locales/en/actions.json";
import meetings from "~/locales/en/meetings.json";
import { summaryMarkdown, type MeetingSummary } from "~/services/meeting-summary.server";

const t = await (async () => {
  const i = i18next.createInstance();
  await i.init({ lng: "en", resources: { en: { meetings, actions } }, defaultNS: "meetings" });
  return i.t;
})();

const summary = (over: Partial<MeetingSummary> = {}): MeetingSummary => ({
  meeting: { id: "m1", title: "Monthly review", type: "task-force", sector: null, capabilities: [], startsAt: "2027-03-10T09:00:00.000Z", endsAt: "2027-03-10T11:00:00.000Z", timeZone: "Europe/Paris", place: "Room 2", callUrl: null, status: "closed", closedAt: "2027-03-10T11:05:00.000Z", minutesVersionId: "v1" },
  previous: null,
  since: "2027-02-10T11:00:00.000Z",
  attendees: [{ userId: "u1", name: "Cora", attendance: "present" }],
  decisions: [],
  updates: [],
  newActions: [],
  carriedOver: [],
  agenda: [],
  sinceLast: { updates: [], maturity: [], created: [] },
  ...over,
});

describe("summaryMarkdown", () => {
  it("writes every section, with 'None.' for empty ones", () => {
    const md = summaryMarkdown(summary(), t, (iso) => iso, "National plan");
    expect(md).toMatch(/^# Monthly review\n/);
    for (const heading of ["## Attendance", "## Decisions", "## Action updates made in the meeting", "## New actions", "## Items carried over", "## Since the last meeting"]) expect(md).toContain(heading);
    expect(md).toContain("- Cora: Present");
    expect(md.match(/^None\.$/gm)).toHaveLength(5);
  });

  it("keeps members' text from becoming Markdown structure", () => {
    const md = summaryMarkdown(
      summary({
        decisions: [{ id: "d1", text: "# Not a heading\n- not a list [link](javascript:x)", at: "", byName: null, links: [] }],
        updates: [{ id: "u1", actionId: "a1", ref: "2.1", title: "Set *targets*", at: "", statusFrom: "at-risk", statusTo: "on-track", progressFrom: 10, progressTo: 40, comment: "done | next", byName: "Mo" }],
      }),
      t,
      (iso) => iso,
      "Plan",
    );
    expect(md).toContain("1. \\# Not a heading - not a list \\[link\\]\\(javascript:x\\)");
    expect(md).toContain("- **2.1 Set \\*targets\\***: At risk → On track, 10 % → 40 % — done \\| next (Mo)");
  });
});
