// The process's zone differs from every meeting's zone below: what the Markdown prints must not depend on it.
process.env.TZ = "Asia/Tokyo";
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
  minutes: [],
  minutesFrozen: true,
  sinceLast: { updates: [], maturity: [], created: [] },
  ...over,
});

describe("summaryMarkdown", () => {
  it("writes every section, with 'None.' for empty ones", () => {
    const md = summaryMarkdown(summary(), t, "en", "National plan");
    expect(md).toMatch(/^# Monthly review\n/);
    for (const heading of ["## Attendance", "## Decisions", "## Action updates made in the meeting", "## New actions", "## Items carried over", "## Since the last meeting"]) expect(md).toContain(heading);
    expect(md).toContain("- Cora: Present");
    expect(md.match(/^None\.$/gm)).toHaveLength(6);
  });

  it("keeps members' text from becoming Markdown structure", () => {
    const md = summaryMarkdown(
      summary({
        decisions: [{ id: "d1", text: "# Not a heading\n- not a list [link](javascript:x)", at: "", byName: null, links: [] }],
        updates: [{ id: "u1", actionId: "a1", ref: "2.1", title: "Set *targets*", at: "", statusFrom: "at-risk", statusTo: "on-track", progressFrom: 10, progressTo: 40, comment: "done | next", byName: "Mo" }],
      }),
      t,
      "en",
      "Plan",
    );
    expect(md).toContain("1. \\# Not a heading - not a list \\[link\\]\\(javascript:x\\)");
    expect(md).toContain("- **2.1 Set \\*targets\\***: At risk → On track, 10 % → 40 % — done \\| next (Mo)");
  });
});

describe("summaryMarkdown: times", () => {
  const at = (timeZone: string, startsAt: string, endsAt: string) => summary({ meeting: { ...summary().meeting, timeZone, startsAt, endsAt } });
  it("prints the meeting's times in the meeting's own zone, the zone it names", () => {
    expect(new Date("2027-03-10T13:00:00.000Z").getHours()).toBe(22); // the process really runs in Tokyo
    // 14:00–16:00 in Luxembourg (UTC+1 in March) and in São Paulo (UTC−3).
    const lux = summaryMarkdown(at("Europe/Luxembourg", "2027-03-10T13:00:00.000Z", "2027-03-10T15:00:00.000Z"), t, "en", "Plan");
    expect(lux).toContain("Wednesday, March 10, 2027 at 2:00 PM – 4:00 PM (Europe/Luxembourg)");
    const sao = summaryMarkdown(at("America/Sao_Paulo", "2027-03-10T17:00:00.000Z", "2027-03-10T19:00:00.000Z"), t, "en", "Plan");
    expect(sao).toContain("Wednesday, March 10, 2027 at 2:00 PM – 4:00 PM (America/Sao_Paulo)");
  });

  it("dates 'since the last meeting' in the meeting's zone too, and says which", () => {
    const md = summaryMarkdown({ ...at("America/Sao_Paulo", "2027-03-10T17:00:00.000Z", "2027-03-10T19:00:00.000Z"), since: "2027-02-10T20:00:00.000Z" }, t, "en", "Plan");
    expect(md).toContain("Changes across the plan since Feb 10, 2027, 5:00 PM (America/Sao_Paulo).");
  });
});

describe("summaryMarkdown: minutes", () => {
  it("writes the minutes' rich text under their own heading, headings moved below it", () => {
    const md = summaryMarkdown(
      summary({
        minutes: [
          { type: "heading", level: 2, content: [{ text: "Opening" }] },
          { type: "paragraph", content: [{ text: "The chair " }, { text: "welcomed", bold: true }, { text: " the members." }] },
          { type: "list", ordered: false, items: [[{ type: "paragraph", content: [{ text: "# not a heading" }] }]] },
        ],
      }),
      t,
      "en",
      "Plan",
    );
    expect(md).toContain("## Minutes\n\n### Opening\n\nThe chair **welcomed** the members.\n\n- \\# not a heading\n\n## Decisions");
  });

  it("says when a meeting has no minutes, and when they are not frozen yet", () => {
    expect(summaryMarkdown(summary(), t, "en", "Plan")).toContain("## Minutes\n\nNone.");
    expect(summaryMarkdown(summary({ minutesFrozen: false, minutes: [{ type: "paragraph", content: [{ text: "Draft" }] }] }), t, "en", "Plan")).toContain("## Minutes\n\n_The minutes are not frozen yet: the meeting is still open._\n\nDraft");
  });
});
