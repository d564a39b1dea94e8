import { describe, expect, it } from "vitest";
import { docName, parseDocName, planOfDoc, type DocRef } from "../../server/sync/doc-names";

describe("document names", () => {
  const refs: DocRef[] = [
    { kind: "capability", planId: "abc123", capabilityId: "criminal-justice" },
    { kind: "sector-notes", planId: "abc123", capabilityId: "criminal-justice", sector: "law-enforcement" },
    { kind: "action", planId: "abc123", actionId: "x7k2" },
    { kind: "meeting", planId: "abc123", meetingId: "m9" },
    { kind: "introduction", planId: "abc123" },
  ];

  it("round-trips every kind", () => {
    for (const ref of refs) expect(parseDocName(docName(ref))).toEqual(ref);
  });

  it("builds the documented shapes", () => {
    expect(refs.map(docName)).toEqual([
      "plan/abc123/capability/criminal-justice",
      "plan/abc123/capability/criminal-justice/sector/law-enforcement",
      "plan/abc123/action/x7k2",
      "plan/abc123/meeting/m9",
      "plan/abc123/introduction",
    ]);
    expect(planOfDoc("plan/abc123/action/x7k2")).toBe("abc123");
  });

  it("refuses malformed and unknown names", () => {
    for (const bad of [
      "",
      "plan",
      "plan/abc",
      "plan/abc/",
      "plan//capability/x",
      "plans/abc/capability/x",
      "plan/abc/capability/x/",
      "plan/abc/capability/x/sector/finance",
      "plan/abc/capability/x/sector",
      "plan/abc/widget/x",
      "plan/abc/introduction/x",
      "plan/ABC/capability/x",
      "plan/abc/capability/../x",
      "plan/abc/capability/x%2F",
      "plan/abc/capability/x y",
      "/plan/abc/capability/x",
      `plan/${"a".repeat(65)}/introduction`,
      "plan/abc/capability/x?y=1",
    ]) {
      expect(parseDocName(bad), bad).toBeNull();
    }
  });

  it("refuses to build a name from an unsafe id", () => {
    expect(() => docName({ kind: "action", planId: "abc", actionId: "../x" })).toThrow();
    expect(() => docName({ kind: "introduction", planId: "" })).toThrow();
  });
});
