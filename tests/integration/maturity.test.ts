import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClient, redirectLocation } from "../helpers/http-client";
import { daysFromToday, insertActions, PASSWORD, seedPlan, type SeededPlan } from "../helpers/mnr-fixtures";
import { startTestServer, type TestServer } from "../helpers/test-server";

let server: TestServer;
let plan: SeededPlan;
const clients: Record<string, TestClient> = {};

beforeAll(async () => {
  server = await startTestServer();
  const db = server.services.db;
  plan = await seedPlan(db);
  for (const [key, p] of Object.entries(plan.people)) {
    clients[key] = new TestClient(server.origin);
    await clients[key].login(p.email, PASSWORD);
  }
  await insertActions(db, plan, [
    { ref: "4.1", title: "Set up a national specialist unit", sector: "law-enforcement", status: "on-track", progress: 40, dueDate: daysFromToday(60), capabilities: ["dedicated-law-enforcement"] },
    { ref: "4.2", title: "Train investigators in victim identification", sector: "law-enforcement", status: "delayed", progress: 10, dueDate: daysFromToday(-10), capabilities: ["dedicated-law-enforcement", "access-to-image-databases"] },
    { ref: "4.3", title: "Withdrawn pilot", sector: "law-enforcement", status: "cancelled", capabilities: ["dedicated-law-enforcement"] },
    { ref: "17.1", title: "Agree a reporting protocol with platforms", sector: "industry", status: "completed", progress: 100, weight: 3, capabilities: ["csea-reporting"] },
  ]);
});
afterAll(async () => {
  await server.stop();
  await server.database.drop();
});

const capPath = (id: string) => `/plans/${plan.planId}/capabilities/${id}`;
const assess = (who: string, capability: string, fields: Record<string, string>) => clients[who]!.post(capPath(capability), { intent: "assess", ...fields });

async function rowOf(capability: string) {
  return server.services.db.selectFrom("plan_capability").selectAll().where("plan_id", "=", plan.planId).where("capability_id", "=", capability).executeTakeFirst();
}
async function historyOf(capability: string) {
  return server.services.db.selectFrom("maturity_change").selectAll().where("plan_id", "=", plan.planId).where("capability_id", "=", capability).orderBy("changed_at").orderBy("kind").execute();
}
async function auditOf(capability: string, verb = "capability.assess-maturity") {
  return server.services.db.selectFrom("audit_log").selectAll().where("plan_id", "=", plan.planId).where("entity", "=", "capability").where("entity_id", "=", capability).where("verb", "=", verb).orderBy("at").execute();
}

describe("maturity assessment", () => {
  it("lets the lead sector's sector lead assess, keeping history from → to with who and evidence, and an audit row", async () => {
    const res = await assess("policeLead", "dedicated-law-enforcement", { baseline: "1", current: "1", target: "3", evidence: "Unit mandate draft reviewed by the ministry." });
    expect(res.status).toBe(302);
    expect(redirectLocation(res)).toContain(capPath("dedicated-law-enforcement"));
    const row = await rowOf("dedicated-law-enforcement");
    expect(row).toMatchObject({ baseline_level: 1, current_level: 1, target_level: 3, assessed_by: plan.people.policeLead.id });
    expect(JSON.parse(row!.lead_sectors)).toEqual(["law-enforcement"]);

    const res2 = await assess("policeLead", "dedicated-law-enforcement", { baseline: "1", current: "2", target: "3", evidence: "Unit operating in two regions." });
    expect(res2.status).toBe(302);
    const history = await historyOf("dedicated-law-enforcement");
    expect(history.map((h) => [h.kind, h.from_level, h.to_level])).toEqual([
      ["baseline", null, 1],
      ["current", null, 1],
      ["target", null, 3],
      ["current", 1, 2],
    ]);
    expect(history.at(-1)).toMatchObject({ changed_by: plan.people.policeLead.id, evidence: "Unit operating in two regions." });
    const audit = await auditOf("dedicated-law-enforcement");
    expect(audit).toHaveLength(2);
    expect(JSON.parse(audit[1]!.before_json!)).toMatchObject({ current: 1 });
    expect(JSON.parse(audit[1]!.after_json!)).toMatchObject({ current: 2 });
    expect(audit[1]!.actor_id).toBe(plan.people.policeLead.id);
  });

  it("shows the assessment, the history and 'not assessed' distinctly on the pages", async () => {
    const page = await (await clients.observer!.get(capPath("dedicated-law-enforcement"))).text();
    expect(page).toContain("Maturity history");
    expect(page).toContain("Unit operating in two regions.");
    expect(page).toContain("Pat Police Lead");
    const overview = await (await clients.coordinator!.get(`/plans/${plan.planId}`)).text();
    expect(overview).toContain("level level-none");
    expect(overview).toMatch(/data-capability="dedicated-law-enforcement"[\s\S]*?level level-2/);
  });

  it("records nothing when nothing changed", async () => {
    const before = (await historyOf("dedicated-law-enforcement")).length;
    const auditBefore = (await auditOf("dedicated-law-enforcement")).length;
    const res = await assess("coordinator", "dedicated-law-enforcement", { baseline: "1", current: "2", target: "3", evidence: "Unit operating in two regions." });
    expect(redirectLocation(res)).toContain("saved=none");
    expect(await historyOf("dedicated-law-enforcement")).toHaveLength(before);
    expect(await auditOf("dedicated-law-enforcement")).toHaveLength(auditBefore);
  });

  it("enforces the policy for each role", async () => {
    // The coordinator assesses any capability.
    expect((await assess("coordinator", "leadership", { current: "0", target: "2" })).status).toBe(302);
    // A sector lead of another sector may not; nor a member or an observer of the lead sector.
    expect((await assess("industryLead", "dedicated-law-enforcement", { current: "4" })).status).toBe(403);
    expect((await assess("member", "dedicated-law-enforcement", { current: "4" })).status).toBe(403);
    expect((await assess("observer", "dedicated-law-enforcement", { current: "4" })).status).toBe(403);
    // A non-member learns nothing: 404.
    expect((await assess("outsider", "dedicated-law-enforcement", { current: "4" })).status).toBe(404);
    expect((await clients.outsider!.get(capPath("dedicated-law-enforcement"))).status).toBe(404);
    // Only the coordinator sets leads.
    expect((await clients.policeLead!.post(capPath("dedicated-law-enforcement"), { intent: "leads", lead: ["law-enforcement", "industry"] })).status).toBe(403);
    expect((await rowOf("dedicated-law-enforcement"))?.current_level).toBe(2);
    expect((await rowOf("leadership"))?.current_level).toBe(0);
  });

  it("lets the coordinator set leads, which moves who may assess", async () => {
    const res = await clients.coordinator!.post(capPath("csea-reporting"), { intent: "leads", lead: ["industry", "law-enforcement"], partner: ["law-enforcement", "civil-society"] });
    expect(res.status).toBe(302);
    const row = await rowOf("csea-reporting");
    expect(JSON.parse(row!.lead_sectors)).toEqual(["law-enforcement", "industry"]);
    expect(JSON.parse(row!.partner_sectors)).toEqual(["civil-society"]);
    expect(await auditOf("csea-reporting", "capability.set-leads")).toHaveLength(1);
    expect((await assess("policeLead", "csea-reporting", { current: "1" })).status).toBe(302);
    // No lead at all is allowed, and flagged on the overview.
    expect((await clients.coordinator!.post(capPath("child-helpline"), { intent: "leads" })).status).toBe(302);
    const overview = await (await clients.coordinator!.get(`/plans/${plan.planId}?attention=noLead`)).text();
    expect(overview).toContain('data-capability="child-helpline"');
    expect(overview).not.toContain('data-capability="leadership"');
  });

  it("refuses bad input with 400 and a clear message, changing nothing", async () => {
    const snapshot = async () => [await rowOf("dedicated-law-enforcement"), (await historyOf("dedicated-law-enforcement")).length, (await auditOf("dedicated-law-enforcement")).length];
    const before = await snapshot();
    const cases: Array<[Record<string, string>, string]> = [
      [{ current: "5" }, "Choose a level from 0 to 4"],
      [{ current: "-1" }, "Choose a level from 0 to 4"],
      [{ current: "2.5" }, "Choose a level from 0 to 4"],
      [{ current: "two" }, "Choose a level from 0 to 4"],
      [{ baseline: "9" }, "Choose a level from 0 to 4"],
      [{ target: "-1" }, "The target cannot be below 0"],
      [{ current: "2", evidence: "x".repeat(4001) }, "The evidence note is too long"],
    ];
    for (const [fields, message] of cases) {
      const res = await assess("coordinator", "dedicated-law-enforcement", fields);
      expect(res.status, JSON.stringify(fields).slice(0, 60)).toBe(400);
      expect(await res.text()).toContain(message);
    }
    expect((await clients.coordinator!.post(capPath("dedicated-law-enforcement"), { intent: "leads", lead: "police" })).status).toBe(400);
    expect(await snapshot()).toEqual(before);
    // An unknown capability id: 404, for reading and for writing.
    expect((await assess("coordinator", "no-such-capability", { current: "1" })).status).toBe(404);
    expect((await clients.coordinator!.get(capPath("no-such-capability"))).status).toBe(404);
    expect(await server.services.db.selectFrom("plan_capability").select("capability_id").where("capability_id", "=", "no-such-capability").execute()).toEqual([]);
  });

  it("refuses changes on an archived plan", async () => {
    await server.services.db.updateTable("plan").set({ archived_at: new Date().toISOString() }).where("id", "=", plan.planId).execute();
    try {
      expect((await assess("coordinator", "leadership", { current: "3" })).status).toBe(403);
      expect((await rowOf("leadership"))?.current_level).toBe(0);
    } finally {
      await server.services.db.updateTable("plan").set({ archived_at: null }).where("id", "=", plan.planId).execute();
    }
  });
});

describe("progress numbers agree across views", () => {
  it("shows the same roll-up on the overview, capability page and dashboard", async () => {
    // dedicated-law-enforcement: on-track 40 + delayed 10, cancelled left out → 25 %.
    const overview = await (await clients.observer!.get(`/plans/${plan.planId}`)).text();
    const row = /data-capability="dedicated-law-enforcement"[\s\S]*?<\/tr>/.exec(overview)![0];
    expect(row).toContain("25%");
    expect(row).toContain("1 overdue");
    const cap = await (await clients.observer!.get(capPath("dedicated-law-enforcement"))).text();
    expect(cap).toContain("25%");
    // Plan: 40, 10, 100×3 over weights 1+1+3 → 70 %.
    expect(overview).toMatch(/Plan progress[\s\S]{0,400}70%/);
    const dashboard = await clients.observer!.get(`/plans/${plan.planId}/dashboard`);
    expect(dashboard.status).toBe(200);
    const html = await dashboard.text();
    expect(html).toMatch(/Plan progress[\s\S]{0,400}70%/);
    expect(html).toContain("<svg");
    const gap = await clients.observer!.get(`/plans/${plan.planId}/gap`);
    expect(gap.status).toBe(200);
    expect(await gap.text()).toContain("<table");
  });

  it("tells each member what they can do, from the policy, and hides forms they cannot use", async () => {
    const observer = await (await clients.observer!.get(`/plans/${plan.planId}`)).text();
    expect(observer).toContain("You can read everything");
    expect(observer).not.toContain("Assess maturity and set targets");
    const lead = await (await clients.policeLead!.get(`/plans/${plan.planId}`)).text();
    expect(lead).toContain("Assess maturity and set targets for the capabilities your sector leads.");
    expect(lead).not.toContain("Choose the lead and partner sectors");
    const coord = await (await clients.coordinator!.get(`/plans/${plan.planId}`)).text();
    expect(coord).toContain("Assess maturity and set targets for every capability.");
    expect(coord).toContain("Choose the lead and partner sectors");

    const asObserver = await (await clients.observer!.get(capPath("dedicated-law-enforcement"))).text();
    expect(asObserver).not.toContain("Save assessment");
    expect(asObserver).not.toContain("Save sectors");
    const asLead = await (await clients.policeLead!.get(capPath("dedicated-law-enforcement"))).text();
    expect(asLead).toContain("Save assessment");
    expect(asLead).not.toContain("Save sectors");
    const asOtherLead = await (await clients.industryLead!.get(capPath("dedicated-law-enforcement"))).text();
    expect(asOtherLead).not.toContain("Save assessment");
    expect(await (await clients.coordinator!.get(capPath("dedicated-law-enforcement"))).text()).toContain("Save sectors");
  });

  it("filters the overview by sector and needs-attention from the URL", async () => {
    const overdue = await (await clients.observer!.get(`/plans/${plan.planId}?attention=overdue`)).text();
    expect(overdue).toContain('data-capability="dedicated-law-enforcement"');
    expect(overdue).toContain('data-capability="access-to-image-databases"');
    expect(overdue).not.toContain('data-capability="csea-reporting"');
    const industry = await (await clients.observer!.get(`/plans/${plan.planId}?sector=industry`)).text();
    expect(industry).toContain('data-capability="takedown-procedures"');
    expect(industry).not.toContain('data-capability="leadership"');
  });
});
