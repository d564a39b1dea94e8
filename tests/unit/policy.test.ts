import { describe, expect, it } from "vitest";
import { can, isWriteVerb, POLICY, VERBS, type Actor, type ResourceFacts, type Verb } from "~/domain/policy";
import { ROLES, type Role } from "~/domain/sectors";

/**
 * The expected answers, written out by hand. Each string reads, two letters per role
 * (coordinator, sector-lead, member, observer): the answer for a resource of the actor's
 * OWN sector, then for one of ANOTHER sector. Y = allowed, - = refused.
 *
 * "Own" resources also lead with the actor's sector (capabilities), are assigned to the actor
 * and led by their organisation (actions), have the actor attending (meetings) and, for
 * membership verbs, concern a junior role (member). "Other" resources have none of these.
 *
 * A verb added to the table needs its row here (the first test says so).
 */
const EXPECTED: Record<string, string> = {
  //                           co  le  me  ob
  "plan.view":                "YY  YY  YY  YY",
  "plan.edit-settings":       "YY  --  --  --",
  "plan.archive":             "YY  --  --  --",
  "organisation.manage":      "YY  --  --  --",
  "members.view":             "YY  YY  YY  YY",
  "members.invite":           "YY  Y-  --  --",
  "members.manage":           "YY  Y-  --  --",
  "audit.view":               "YY  --  --  --",
  "capability.view":          "YY  YY  YY  YY",
  "capability.edit-narrative":"YY  Y-  Y-  --",
  "capability.assess-maturity":"YY Y-  --  --",
  "capability.set-leads":     "YY  --  --  --",
  "sector-notes.view":        "YY  Y-  Y-  Y-",
  "sector-notes.edit":        "Y-  Y-  Y-  --",
  "action.view":              "YY  YY  YY  YY",
  "action.create":            "YY  Y-  --  --",
  "action.edit":              "YY  Y-  --  --",
  "action.assign":            "YY  Y-  --  --",
  "action.delete":            "YY  Y-  --  --",
  "action.report-progress":   "YY  Y-  Y-  --",
  "action.edit-description":  "YY  Y-  Y-  --",
  "meeting.view":             "YY  YY  YY  YY",
  "meeting.create":           "YY  Y-  --  --",
  "meeting.edit-agenda":      "YY  Y-  --  --",
  "meeting.run":              "YY  Y-  --  --",
  "meeting.record-decision":  "YY  Y-  --  --",
  "meeting.edit-minutes":     "YY  YY  Y-  --",
  "export.plan":              "YY  YY  YY  YY",
  "edition.view":             "YY  YY  YY  YY",
  "edition.freeze":           "YY  --  --  --",
};

/** Verbs that still work on an archived plan (read verbs, and restoring it). */
const ALLOWED_WHEN_ARCHIVED: Verb[] = [
  "plan.view",
  "plan.archive",
  "members.view",
  "audit.view",
  "capability.view",
  "sector-notes.view",
  "action.view",
  "meeting.view",
  "export.plan",
  "edition.view",
];

const actor = (role: Role): Actor => ({ userId: "u-actor", role, sector: "civil-society", organisationId: "org-actor" });

const OWN: ResourceFacts = {
  sector: "civil-society",
  leadSectors: ["civil-society"],
  partnerSectors: [],
  organisationId: "org-actor",
  assigneeId: "u-actor",
  attendeeIds: ["u-actor"],
  targetRole: "member",
  coordinatorsSeeSectorNotes: true,
};
const OTHER: ResourceFacts = {
  sector: "law-enforcement",
  leadSectors: ["law-enforcement"],
  partnerSectors: [],
  organisationId: "org-other",
  assigneeId: "u-other",
  attendeeIds: ["u-other"],
  targetRole: "member",
  coordinatorsSeeSectorNotes: true,
};

describe("the policy table", () => {
  it("has an expected row for every verb, and no expected row for a verb that does not exist (add one to EXPECTED)", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...VERBS].sort());
  });

  const cases = VERBS.flatMap((verb) =>
    ROLES.flatMap((role, i) => {
      const cells = (EXPECTED[verb] ?? "").replace(/\s+/g, "");
      return [
        { verb, role, where: "own sector", facts: OWN, expected: cells[i * 2] === "Y" },
        { verb, role, where: "other sector", facts: OTHER, expected: cells[i * 2 + 1] === "Y" },
      ];
    }),
  );

  it.each(cases)("$role · $verb · $where → $expected", ({ verb, role, facts, expected }) => {
    expect(can(actor(role), verb, facts)).toBe(expected);
  });

  it("every row string is well-formed (8 answers)", () => {
    for (const verb of Object.keys(EXPECTED)) expect(EXPECTED[verb]!.replace(/\s+/g, "")).toMatch(/^[Y-]{8}$/);
  });
});

describe("archived plans are read-only for everyone", () => {
  const cases = VERBS.flatMap((verb) => ROLES.map((role) => ({ verb, role })));
  it.each(cases)("$role · $verb on an archived plan", ({ verb, role }) => {
    const allowedNormally = can(actor(role), verb, OWN);
    expect(can(actor(role), verb, { ...OWN, readOnly: true })).toBe(allowedNormally && ALLOWED_WHEN_ARCHIVED.includes(verb));
  });

  it("the write flag of the table agrees with the hand-written list", () => {
    expect(VERBS.filter((v) => !isWriteVerb(v)).sort()).toEqual([...ALLOWED_WHEN_ARCHIVED].sort());
    expect(POLICY["plan.archive"].writes).toBe(false);
  });
});

describe("the finer facts", () => {
  const sameSectorUnassigned: ResourceFacts = { ...OWN, organisationId: "org-third", assigneeId: "u-other" };

  it("a member reports progress on actions assigned to them or their organisation, not on every action of their sector", () => {
    expect(can(actor("member"), "action.report-progress", sameSectorUnassigned)).toBe(false);
    expect(can(actor("member"), "action.report-progress", { ...OTHER, assigneeId: "u-actor" })).toBe(true);
    expect(can(actor("member"), "action.report-progress", { ...OTHER, organisationId: "org-actor" })).toBe(true);
    expect(can(actor("member"), "action.edit-description", { ...OTHER, assigneeId: "u-actor" })).toBe(true);
    expect(can(actor("member"), "action.edit", { ...OTHER, assigneeId: "u-actor" })).toBe(false);
    // Null ids never match each other.
    expect(can({ ...actor("member"), organisationId: "" }, "action.report-progress", { organisationId: null, assigneeId: null })).toBe(false);
  });

  it("a partner sector contributes to a capability's narrative but does not assess it", () => {
    const partner: ResourceFacts = { leadSectors: ["government"], partnerSectors: ["civil-society"] };
    expect(can(actor("member"), "capability.edit-narrative", partner)).toBe(true);
    expect(can(actor("sector-lead"), "capability.edit-narrative", partner)).toBe(true);
    expect(can(actor("sector-lead"), "capability.assess-maturity", partner)).toBe(false);
    expect(can(actor("observer"), "capability.edit-narrative", partner)).toBe(false);
  });

  it("coordinators read other sectors' notes only when the plan allows it", () => {
    expect(can(actor("coordinator"), "sector-notes.view", { ...OTHER, coordinatorsSeeSectorNotes: false })).toBe(false);
    expect(can(actor("coordinator"), "sector-notes.view", { ...OWN, coordinatorsSeeSectorNotes: false })).toBe(true);
    expect(can(actor("sector-lead"), "sector-notes.view", { ...OTHER, coordinatorsSeeSectorNotes: true })).toBe(false);
  });

  it("a sector lead gives only member and observer roles, only in their sector", () => {
    const lead = actor("sector-lead");
    for (const verb of ["members.invite", "members.manage"] as const) {
      expect(can(lead, verb, { sector: "civil-society", targetRole: "member" })).toBe(true);
      expect(can(lead, verb, { sector: "civil-society", targetRole: "observer" })).toBe(true);
      expect(can(lead, verb, { sector: "civil-society", targetRole: "sector-lead" })).toBe(false);
      expect(can(lead, verb, { sector: "civil-society", targetRole: "coordinator" })).toBe(false);
      expect(can(lead, verb, { sector: "civil-society" })).toBe(false);
      expect(can(lead, verb, { sector: "industry", targetRole: "observer" })).toBe(false);
      expect(can(actor("coordinator"), verb, { sector: "industry", targetRole: "coordinator" })).toBe(true);
    }
  });

  it("minutes are edited by attendees among members, by any sector lead, never by observers", () => {
    expect(can(actor("member"), "meeting.edit-minutes", { attendeeIds: [] })).toBe(false);
    expect(can(actor("member"), "meeting.edit-minutes", { attendeeIds: ["u-actor"] })).toBe(true);
    expect(can(actor("observer"), "meeting.edit-minutes", { attendeeIds: ["u-actor"] })).toBe(false);
    expect(can(actor("sector-lead"), "meeting.edit-minutes", { attendeeIds: [] })).toBe(true);
  });

  it("a resource with no sector is nobody's own sector", () => {
    expect(can(actor("sector-lead"), "action.edit", {})).toBe(false);
    expect(can(actor("sector-lead"), "action.edit", { sector: null })).toBe(false);
    expect(can(actor("coordinator"), "action.edit", {})).toBe(true);
  });
});
