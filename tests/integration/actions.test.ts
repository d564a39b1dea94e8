import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionFields, createActionPlan, type ActionPlanFixture } from "../helpers/action-plan";
import { redirectLocation, type TestClient } from "../helpers/http-client";
import { startTestServer, type TestServer } from "../helpers/test-server";

let server: TestServer;
let plan: ActionPlanFixture;
const clients = {} as Record<keyof ActionPlanFixture["users"], TestClient>;

beforeAll(async () => {
  server = await startTestServer();
  plan = await createActionPlan(server);
  for (const who of Object.keys(plan.users) as Array<keyof ActionPlanFixture["users"]>) clients[who] = await plan.login(who);
});
afterAll(async () => {
  await server.stop();
  await server.database.drop();
});

const base = () => `/plans/${plan.planId}/actions`;
const db = () => server.services.db;
const getAction = (id: string) => db().selectFrom("action").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

/** Creates an action as `who` through the real route; returns its id. */
async function create(who: keyof ActionPlanFixture["users"], overrides: Record<string, string | string[]> = {}): Promise<string> {
  const res = await clients[who].post(`${base()}/new`, actionFields(overrides));
  const location = redirectLocation(res);
  expect(res.status, await res.clone().text().then((t) => t.slice(0, 300))).toBe(302);
  const id = /actions\/([a-z0-9]+)/.exec(location ?? "")?.[1];
  expect(id).toBeTruthy();
  return id!;
}

const post = (who: keyof ActionPlanFixture["users"], actionId: string, fields: Record<string, string | string[]>) => clients[who].post(`${base()}/${actionId}`, fields);

describe("creating actions (action.create)", () => {
  it("lets the coordinator create in any sector and suggests the reference under the first capability", async () => {
    const a = await create("coordinator", { organisationId: plan.orgs.hotline, capabilities: ["csea-hotline", "leadership"] });
    const b = await create("coordinator", { organisationId: plan.orgs.hotline, capabilities: ["csea-hotline"] });
    expect((await getAction(a)).ref).toBe("12.1");
    expect((await getAction(b)).ref).toBe("12.2");
    expect((await getAction(a)).sector).toBe("civil-society");
    const caps = await db().selectFrom("action_capability").select("capability_id").where("action_id", "=", a).execute();
    expect(caps.map((c) => c.capability_id).sort()).toEqual(["csea-hotline", "leadership"]);
    const audit = await db().selectFrom("audit_log").selectAll().where("entity_id", "=", a).execute();
    expect(audit.map((r) => r.verb)).toEqual(["action.create"]);
  });

  it("lets a sector lead create and assign within their own sector only", async () => {
    const id = await create("leadLE", { organisationId: plan.orgs.police, assigneeId: plan.users.memberLE.id, capabilities: ["dedicated-law-enforcement"] });
    const row = await getAction(id);
    expect(row.sector).toBe("law-enforcement");
    expect(row.assignee_id).toBe(plan.users.memberLE.id);
    const other = await clients.leadLE.post(`${base()}/new`, actionFields({ organisationId: plan.orgs.hotline }));
    expect(other.status).toBe(403);
  });

  it("refuses members and observers (403) and non-members (404)", async () => {
    for (const who of ["memberLE", "observer"] as const) {
      expect((await clients[who].post(`${base()}/new`, actionFields({ organisationId: plan.orgs.police }))).status).toBe(403);
      expect((await clients[who].get(`${base()}/new`)).status).toBe(403);
    }
    const otherPlan = await createActionPlan(server);
    const stranger = await otherPlan.login("coordinator");
    expect((await stranger.get(base())).status).toBe(404);
    expect((await stranger.post(`${base()}/new`, actionFields({ organisationId: plan.orgs.police }))).status).toBe(404);
  });

  it("lets everyone in the plan read the register and the action (action.view)", async () => {
    const id = await create("coordinator", { organisationId: plan.orgs.company, title: "Hash-matching pilot for small platforms", capabilities: ["innovative-solution-development"] });
    for (const who of Object.keys(clients) as Array<keyof typeof clients>) {
      const list = await clients[who].get(base());
      expect(list.status).toBe(200);
      expect(await list.text()).toContain("Hash-matching pilot for small platforms");
      expect((await clients[who].get(`${base()}/${id}`)).status).toBe(200);
    }
  });
});

describe("bad input", () => {
  const bad = async (overrides: Record<string, string | string[]>, message: string) => {
    const res = await clients.coordinator.post(`${base()}/new`, actionFields({ organisationId: plan.orgs.police, ...overrides }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(message);
  };
  it("refuses an unknown capability, organisation or partner", async () => {
    await bad({ capabilities: ["no-such-capability"] }, "This is not a capability of the plan");
    await bad({ capabilities: [] }, "Choose at least one MNR capability.");
    await bad({ organisationId: "nope" }, "This organisation is not part of this plan.");
    await bad({ partners: ["nope"] }, "A partner organisation is not part of this plan.");
  });
  it("refuses an assignee outside the lead organisation", async () => {
    await bad({ assigneeId: plan.users.memberCS.id }, "The assignee must be a member of the lead organisation.");
  });
  it("refuses an observer as assignee: the policy would never let them report", async () => {
    await bad({ organisationId: plan.orgs.company, capabilities: ["csea-reporting"], assigneeId: plan.users.observer.id }, "Observers cannot report progress");
  });
  it("refuses progress outside 0–100 and bad dates", async () => {
    await bad({ progress: "101" }, "Progress is a whole number from 0 to 100.");
    await bad({ progress: "-1" }, "Progress is a whole number from 0 to 100.");
    await bad({ dueDate: "2027-02-31" }, "Enter a date such as");
    await bad({ dueDate: "next spring" }, "Enter a date such as");
    await bad({ startDate: "2027-07-01", dueDate: "2027-06-30" }, "The due date cannot be before the start date.");
    await bad({ dueDate: "" }, "Enter a due date, or mark the action as ongoing.");
  });
  it("refuses a bad currency and a taken reference", async () => {
    await bad({ budgetAmount: "25000", budgetCurrency: "XYZ" }, "Enter a currency code such as EUR");
    await create("coordinator", { organisationId: plan.orgs.police, ref: "X-1" });
    await bad({ ref: "X-1" }, "Another action of this plan already has this reference.");
  });
  it("accepts ongoing without a due date, and no cost", async () => {
    const id = await create("coordinator", { organisationId: plan.orgs.police, dueDate: "", ongoing: "on", noCost: "on", budgetAmount: "500", budgetCurrency: "EUR" });
    const row = await getAction(id);
    expect(row.ongoing).toBe(1);
    expect(row.no_cost).toBe(1);
    expect(row.budget_amount).toBeNull();
  });
});

describe("editing, assigning, deleting", () => {
  it("lets the owning sector lead edit; refuses other sectors' leads, members and observers", async () => {
    const id = await create("leadLE", { organisationId: plan.orgs.police });
    const edit = (who: keyof typeof clients, version: number, title: string) =>
      post(who, id, { intent: "edit", ...actionFields({ organisationId: plan.orgs.police, title }), version: String(version) });
    for (const who of ["leadCS", "memberLE", "observer"] as const) expect((await edit(who, 1, "Changed by " + who)).status).toBe(403);
    const ok = await edit("leadLE", 1, "Train prosecutors and judges");
    expect(ok.status).toBe(200);
    const row = await getAction(id);
    expect(row.title).toBe("Train prosecutors and judges");
    expect(row.version).toBe(2);
  });

  it("does not let a sector lead move their action into another sector", async () => {
    const id = await create("leadLE", { organisationId: plan.orgs.police });
    const res = await post("leadLE", id, { intent: "edit", ...actionFields({ organisationId: plan.orgs.hotline }), version: "1" });
    expect(res.status).toBe(403);
    const move = await post("leadLE", id, { intent: "assign", organisationId: plan.orgs.hotline, assigneeId: "", version: "1" });
    expect(move.status).toBe(403);
    expect((await getAction(id)).organisation_id).toBe(plan.orgs.police);
  });

  it("assigns to a member of the lead organisation within the sector (action.assign)", async () => {
    const id = await create("leadLE", { organisationId: plan.orgs.police });
    const outside = await post("leadLE", id, { intent: "assign", organisationId: plan.orgs.police, assigneeId: plan.users.memberCyber.id, version: "1" });
    expect(outside.status).toBe(400);
    const ok = await post("leadLE", id, { intent: "assign", organisationId: plan.orgs.cyberUnit, assigneeId: plan.users.memberCyber.id, version: "1" });
    expect(ok.status).toBe(200);
    const row = await getAction(id);
    expect(row.organisation_id).toBe(plan.orgs.cyberUnit);
    expect(row.assignee_id).toBe(plan.users.memberCyber.id);
    expect((await post("memberLE", id, { intent: "assign", organisationId: plan.orgs.police, assigneeId: "", version: "2" })).status).toBe(403);
  });

  it("deletes only with action.delete", async () => {
    const id = await create("leadLE", { organisationId: plan.orgs.police });
    for (const who of ["leadCS", "memberLE", "observer"] as const) expect((await post(who, id, { intent: "delete", version: "1" })).status).toBe(403);
    const ok = await post("leadLE", id, { intent: "delete", version: "1" });
    expect(redirectLocation(ok)).toBe(base());
    expect(await db().selectFrom("action").select("id").where("id", "=", id).executeTakeFirst()).toBeUndefined();
    const audit = await db().selectFrom("audit_log").select("verb").where("entity_id", "=", id).orderBy("at").execute();
    expect(audit.map((a) => a.verb)).toEqual(["action.create", "action.delete"]);
  });
});

describe("progress updates (action.report-progress)", () => {
  it("records each update as a row with from → to and updates the action, in one go", async () => {
    const id = await create("leadLE", { organisationId: plan.orgs.police, assigneeId: plan.users.memberLE.id, indicatorName: "Prosecutors trained", indicatorTarget: "40", indicatorBaseline: "5", indicatorUnit: "people" });
    const indicator = await db().selectFrom("action_indicator").selectAll().where("action_id", "=", id).executeTakeFirstOrThrow();
    const r1 = await post("memberLE", id, {
      intent: "progress",
      status: "on-track",
      progress: "25",
      indicatorId: indicator.id,
      indicatorValue: "12",
      comment: "First two training sessions held.",
      evidenceUrl: "https://example.org/report.pdf",
      version: "1",
    });
    expect(r1.status).toBe(200);
    const r2 = await post("memberLE", id, { intent: "progress", status: "at-risk", progress: "30", indicatorId: indicator.id, indicatorValue: "12", comment: "Trainer unavailable in March.", version: "2" });
    expect(r2.status).toBe(200);
    const updates = await db().selectFrom("action_update").selectAll().where("action_id", "=", id).orderBy("at").execute();
    expect(updates.map((u) => [u.status_from, u.status_to, u.progress_from, u.progress_to])).toEqual([
      ["not-started", "on-track", 0, 25],
      ["on-track", "at-risk", 25, 30],
    ]);
    expect(updates.every((u) => u.author_id === plan.users.memberLE.id)).toBe(true);
    expect(JSON.parse(updates[0]!.indicator_values_json!)).toEqual([{ indicatorId: indicator.id, name: "Prosecutors trained", from: null, to: 12 }]);
    expect(updates[0]!.evidence_url).toBe("https://example.org/report.pdf");
    const row = await getAction(id);
    expect([row.status, row.progress, row.version]).toEqual(["at-risk", 30, 3]);
    expect((await db().selectFrom("action_indicator").select("current_value").where("id", "=", indicator.id).executeTakeFirstOrThrow()).current_value).toBe(12);
    const page = await (await clients.observer.get(`${base()}/${id}`)).text();
    expect(page).toContain("First two training sessions held.");
    expect(page).toContain("Trainer unavailable in March.");
    expect(page).toContain("Mia Member");
  });

  it("lets a member of the lead organisation report even when assigned to a colleague; refuses others", async () => {
    const id = await create("leadLE", { organisationId: plan.orgs.police });
    expect((await post("memberLE", id, { intent: "progress", status: "on-track", progress: "10", version: "1" })).status).toBe(200);
    for (const who of ["memberCyber", "memberCS", "observer", "leadCS"] as const) expect((await post(who, id, { intent: "progress", status: "delayed", progress: "10" })).status).toBe(403);
    expect((await post("coordinator", id, { intent: "progress", status: "delayed", progress: "10" })).status).toBe(200);
  });

  it("refuses an evidence link that is not http(s), progress out of range, and an empty update", async () => {
    const id = await create("leadLE", { organisationId: plan.orgs.police });
    for (const url of ["javascript:alert(1)", "ftp://example.org/x", "file:///etc/passwd", "not a url"]) {
      const res = await post("leadLE", id, { intent: "progress", status: "on-track", progress: "5", evidenceUrl: url });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain("Enter a web address starting with https://");
    }
    expect((await post("leadLE", id, { intent: "progress", status: "on-track", progress: "150" })).status).toBe(400);
    const empty = await post("leadLE", id, { intent: "progress", status: "not-started", progress: "0" });
    expect(empty.status).toBe(400);
    expect(await db().selectFrom("action_update").select("id").where("action_id", "=", id).execute()).toHaveLength(0);
  });
});

describe("no lost updates (version)", () => {
  it("refuses a save over a newer version with 409, shows what changed, keeps the user's input", async () => {
    const id = await create("leadLE", { organisationId: plan.orgs.police, title: "Set up a victim identification desk" });
    // The coordinator saves first (version 1 → 2).
    const first = await post("coordinator", id, { intent: "edit", ...actionFields({ organisationId: plan.orgs.police, title: "Set up a national victim identification desk", dueDate: "2027-09-30" }), version: "1" });
    expect(first.status).toBe(200);
    // The sector lead, still on version 1, saves their own change.
    const stale = await post("leadLE", id, { intent: "edit", ...actionFields({ organisationId: plan.orgs.police, title: "Victim identification desk with INTERPOL ICSE access", risks: "Funding not confirmed" }), version: "1" });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain("Someone saved this action while you were editing");
    expect(html).toContain("Set up a national victim identification desk");
    expect(html).toContain("2027-09-30");
    // The user's own input is kept in the form to re-apply.
    expect(html).toContain("Victim identification desk with INTERPOL ICSE access");
    expect(html).toContain("Funding not confirmed");
    let row = await getAction(id);
    expect(row.title).toBe("Set up a national victim identification desk");
    expect(row.version).toBe(2);
    // Re-applying on the latest version works.
    const again = await post("leadLE", id, { intent: "edit", ...actionFields({ organisationId: plan.orgs.police, title: "Victim identification desk with INTERPOL ICSE access" }), version: "2" });
    expect(again.status).toBe(200);
    row = await getAction(id);
    expect([row.title, row.version]).toEqual(["Victim identification desk with INTERPOL ICSE access", 3]);
  });

  it("refuses a stale progress update too", async () => {
    const id = await create("leadLE", { organisationId: plan.orgs.police });
    expect((await post("memberLE", id, { intent: "progress", status: "on-track", progress: "20", version: "1" })).status).toBe(200);
    const stale = await post("leadLE", id, { intent: "progress", status: "delayed", progress: "10", comment: "Held up by procurement", version: "1" });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain("On track");
    expect(html).toContain("Held up by procurement");
    expect((await getAction(id)).status).toBe("on-track");
  });
});

describe("the register", () => {
  it("filters, sorts and pages in the URL, and shows My actions", async () => {
    const fresh = await createActionPlan(server);
    const lead = await fresh.login("leadLE");
    const mk = (o: Record<string, string | string[]>) => lead.post(`/plans/${fresh.planId}/actions/new`, actionFields({ organisationId: fresh.orgs.police, ...o }));
    await mk({ title: "Overdue thing", dueDate: "2020-01-31", startDate: "2019-01-01", capabilities: ["legislation"] });
    await mk({ title: "Assigned to Mia", assigneeId: fresh.users.memberLE.id, dueDate: "2099-12-31", capabilities: ["leadership"] });
    await mk({ title: "Cyber unit action", organisationId: fresh.orgs.cyberUnit, dueDate: "2099-06-30", status: "delayed", capabilities: ["csea-reporting"] });
    const url = `/plans/${fresh.planId}/actions`;
    const text = async (q: string, who = lead) => (await who.get(`${url}?${q}`)).text();
    expect(await text("overdue=1")).toContain("Overdue thing");
    expect(await text("overdue=1")).not.toContain("Assigned to Mia");
    expect(await text("status=delayed")).toContain("Cyber unit action");
    expect(await text("status=delayed")).not.toContain("Overdue thing");
    expect(await text("domain=industry")).toContain("Cyber unit action");
    expect(await text("capability=legislation")).toContain("Overdue thing");
    expect(await text(`org=${fresh.orgs.cyberUnit}`)).not.toContain("Assigned to Mia");
    expect(await text(`assignee=${fresh.users.memberLE.id}`)).toContain("Assigned to Mia");
    const page2 = await text("size=25&sort=title&dir=desc&page=1");
    expect(page2.indexOf("Overdue thing")).toBeLessThan(page2.indexOf("Cyber unit action"));
    const mia = await fresh.login("memberLE");
    const mine = await text("mine=1", mia);
    expect(mine).toContain("Assigned to Mia");
    expect(mine).toContain("Overdue thing"); // led by Mia's organisation
    expect(mine).not.toContain("Cyber unit action");
    const cyril = await fresh.login("memberCyber");
    expect(await text("mine=1", cyril)).toContain("Cyber unit action");
    expect(await text("mine=1", cyril)).not.toContain("Assigned to Mia");
    // A malformed filter is ignored, not an error.
    expect((await lead.get(`${url}?status=bogus&due=abc&since=2020-13-45&sort=nope&page=-3`)).status).toBe(200);
  });

  it("sorts references part by part, numbers as numbers, in SQL on this database, and the spreadsheet follows", async () => {
    const fresh = await createActionPlan(server);
    const lead = await fresh.login("leadLE");
    const mk = async (ref: string) => {
      const res = await lead.post(`/plans/${fresh.planId}/actions/new`, actionFields({ organisationId: fresh.orgs.police, ref, title: `Action numbered ${ref}` }));
      expect(res.status).toBe(302);
      return /actions\/([a-z0-9]+)/.exec(redirectLocation(res) ?? "")![1]!;
    };
    for (const ref of ["10.2", "2.1", "1.10", "10.1", "1.4", "1.9", "2"]) await mk(ref);
    const renamed = await mk("3.1");
    // A changed reference moves in the order too (the key is written with every edit).
    const edit = await lead.post(`/plans/${fresh.planId}/actions/${renamed}`, { intent: "edit", ...actionFields({ organisationId: fresh.orgs.police, ref: "20.1", title: "Action numbered 20.1" }), version: "1" });
    expect(edit.status).toBe(200);
    // The rows of the table (the page also carries its data as JSON), or the lines of a CSV.
    const order = (text: string) => [...(/<tbody>([\s\S]*?)<\/tbody>/.exec(text)?.[1] ?? text).matchAll(/Action numbered ([0-9.]+)/g)].map((m) => m[1]);
    const expected = ["1.4", "1.9", "1.10", "2", "2.1", "10.1", "10.2", "20.1"];
    const url = `/plans/${fresh.planId}/actions`;
    expect(order(await (await lead.get(`${url}?sort=ref&dir=asc`)).text())).toEqual(expected);
    expect(order(await (await lead.get(`${url}?sort=ref&dir=desc`)).text())).toEqual([...expected].reverse());
    // Paged in SQL: the first page of 25 among 30 holds the lowest references, not the textually first.
    for (let k = 11; k <= 32; k++) await mk(`9.${k}`);
    const first = order(await (await lead.get(`${url}?sort=ref&dir=asc&size=25`)).text());
    expect(first.slice(0, 5)).toEqual(["1.4", "1.9", "1.10", "2", "2.1"]);
    expect(first).not.toContain("10.1");
    expect(first.at(-1)).toBe("9.30");
    const csv = await (await lead.get(`${url}/export?format=csv&sort=ref&dir=asc`)).text();
    expect(order(csv).slice(0, 7)).toEqual(["1.4", "1.9", "1.10", "2", "2.1", "9.11", "9.12"]);
  });
});
