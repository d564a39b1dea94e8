import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "~/services/accounts.server";
import { sessionIdFromToken } from "~/services/auth.server";
import { createPlan } from "~/services/plans.server";
import { TestClient, redirectLocation } from "../helpers/http-client";
import { startTestServer, type TestServer } from "../helpers/test-server";

const PASSWORD = "a long enough passphrase";

let server: TestServer;
let planId: string;
let coordinatorId: string;
let coordinator: TestClient;
const orgs: Record<string, string> = {};
const membershipEvents: Array<{ planId: string; userId: string }> = [];

async function newUser(email: string, name: string): Promise<string> {
  return createUser(server.services.db, { email, name, password: PASSWORD });
}
async function signedIn(email: string): Promise<TestClient> {
  const c = new TestClient(server.origin);
  await c.login(email, PASSWORD);
  return c;
}
const membersPath = () => `/plans/${planId}/members`;

/** Creates an invitation through the page, as a browser would, and returns the link's token. */
async function invite(client: TestClient, organisationId: string, role: string, label = "") {
  const res = await client.post(membersPath(), { intent: "invite", organisationId, role, label });
  const html = await res.text();
  const token = /\/invite\/([a-z2-7]{32})/.exec(html)?.[1];
  return { status: res.status, html, token };
}

async function auditVerbs(): Promise<string[]> {
  const rows = await server.services.db.selectFrom("audit_log").select("verb").where("plan_id", "=", planId).orderBy("at").execute();
  return rows.map((r) => r.verb);
}
async function membership(userId: string) {
  return server.services.db.selectFrom("membership").selectAll().where("plan_id", "=", planId).where("user_id", "=", userId).executeTakeFirst();
}
async function createOrg(name: string, orgType: string) {
  const res = await coordinator.post(`/plans/${planId}/organisations`, { intent: "create", name, orgType, sector: "" });
  expect(res.status).toBe(302);
  const row = await server.services.db.selectFrom("organisation").select(["id", "sector"]).where("plan_id", "=", planId).where("name", "=", name).executeTakeFirstOrThrow();
  return row;
}

beforeAll(async () => {
  server = await startTestServer();
  server.services.events.on("membership-changed", (e) => membershipEvents.push(e));
  const adminId = await createUser(server.services.db, { email: "admin@example.org", name: "Admin", password: PASSWORD, isSiteAdmin: true });
  coordinatorId = await newUser("coord@example.org", "Cora Coordinator");
  planId = await createPlan(server.services, adminId, {
    title: "National Action Plan",
    country: "LU",
    startYear: 2026,
    endYear: 2029,
    description: "",
    frameworkVersion: "mnr-2016",
    coordinatorEmail: "coord@example.org",
    organisationName: "Ministry of Justice",
    organisationType: "government",
  });
  coordinator = await signedIn("coord@example.org");
  orgs.ministry = (await server.services.db.selectFrom("organisation").select("id").where("plan_id", "=", planId).executeTakeFirstOrThrow()).id;
  orgs.hotline = (await createOrg("National Hotline", "hotline")).id;
  orgs.police = (await createOrg("Police Cyber Unit", "law-enforcement")).id;
  orgs.ngo = (await createOrg("Children's Rights NGO", "civil-society")).id;
});
afterAll(async () => {
  await server.stop();
  await server.database.drop();
});

describe("organisations", () => {
  it("takes the sector from the organisation type unless one is chosen", async () => {
    const hotline = await server.services.db.selectFrom("organisation").select("sector").where("id", "=", orgs.hotline!).executeTakeFirstOrThrow();
    expect(hotline.sector).toBe("civil-society");
    const res = await coordinator.post(`/plans/${planId}/organisations`, { intent: "create", name: "Research Institute", orgType: "academia-research", sector: "government" });
    expect(res.status).toBe(302);
    const row = await server.services.db.selectFrom("organisation").select("sector").where("name", "=", "Research Institute").executeTakeFirstOrThrow();
    expect(row.sector).toBe("government");
  });

  it("refuses an unknown type or sector with 400 and the field marked", async () => {
    const badType = await coordinator.post(`/plans/${planId}/organisations`, { intent: "create", name: "X", orgType: "no-such-type", sector: "" });
    expect(badType.status).toBe(400);
    expect(await badType.text()).toMatch(/aria-invalid="true"[^>]*name="orgType"|name="orgType"[^>]*aria-invalid="true"/);
    const badSector = await coordinator.post(`/plans/${planId}/organisations`, { intent: "create", name: "X", orgType: "media", sector: "press" });
    expect(badSector.status).toBe(400);
    expect(await badSector.text()).toContain("Choose one of the four sectors.");
  });

  it("refuses a duplicate name and deleting an organisation in use; deletes an unused one", async () => {
    const dup = await coordinator.post(`/plans/${planId}/organisations`, { intent: "create", name: "National Hotline", orgType: "hotline", sector: "" });
    expect(dup.status).toBe(409);
    const inUse = await coordinator.post(`/plans/${planId}/organisations`, { intent: "delete", organisationId: orgs.ministry! });
    expect(inUse.status).toBe(409);
    expect(await inUse.text()).toContain("still has members");
    const spare = await createOrg("Spare Organisation", "media");
    expect((await coordinator.post(`/plans/${planId}/organisations`, { intent: "rename", organisationId: spare.id, name: "Spare Media Org" })).status).toBe(302);
    expect((await coordinator.post(`/plans/${planId}/organisations`, { intent: "delete", organisationId: spare.id })).status).toBe(302);
    expect(await server.services.db.selectFrom("organisation").select("id").where("id", "=", spare.id).executeTakeFirst()).toBeUndefined();
    const verbs = await auditVerbs();
    expect(verbs).toContain("organisation.rename");
    expect(verbs).toContain("organisation.delete");
  });
});

describe("invitation lifecycle", () => {
  let leadId: string;

  it("a new person accepts: account, membership and session are created, and the audit log says so", async () => {
    const before = (await auditVerbs()).length;
    const { status, token } = await invite(coordinator, orgs.hotline!, "sector-lead", "Hana Hotline");
    expect(status).toBe(200);
    expect(token).toBeDefined();
    // Only the hash is stored.
    const stored = await server.services.db.selectFrom("invitation").select("token_hash").where("plan_id", "=", planId).execute();
    expect(stored.map((r) => r.token_hash)).toContain(sessionIdFromToken(token!));
    expect(stored.map((r) => r.token_hash)).not.toContain(token);

    const page = await new TestClient(server.origin).get(`/invite/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("National Action Plan");

    const hana = new TestClient(server.origin);
    const accepted = await hana.post(`/invite/${token}`, { name: "Hana Hotline", email: "hana@example.org", password: PASSWORD });
    expect(accepted.status).toBe(302);
    expect(redirectLocation(accepted)).toBe(`/plans/${planId}`);
    expect(hana.cookies.get("tf_session")).toBeTruthy();
    expect((await hana.get(membersPath())).status).toBe(200);

    const user = await server.services.db.selectFrom("app_user").select("id").where("email", "=", "hana@example.org").executeTakeFirstOrThrow();
    leadId = user.id;
    expect((await membership(leadId))?.role).toBe("sector-lead");
    expect(membershipEvents).toContainEqual({ planId, userId: leadId });
    const verbs = (await auditVerbs()).slice(before);
    expect(verbs).toEqual(["invitation.create", "user.create", "invitation.accept", "membership.create"]);
  });

  it("a used link gets a clear page and cannot be used again", async () => {
    const { token } = await invite(coordinator, orgs.ngo!, "member");
    expect((await new TestClient(server.origin).post(`/invite/${token}`, { name: "First", email: "first@example.org", password: PASSWORD })).status).toBe(302);
    const again = new TestClient(server.origin);
    const page = await again.get(`/invite/${token}`);
    expect(page.status).toBe(410);
    const html = await page.text();
    expect(html).toContain("already been used");
    expect(html).not.toContain("National Action Plan");
    const reuse = await again.post(`/invite/${token}`, { name: "Second", email: "second@example.org", password: PASSWORD });
    expect(reuse.status).toBe(410);
    expect(await server.services.db.selectFrom("app_user").select("id").where("email", "=", "second@example.org").executeTakeFirst()).toBeUndefined();
  });

  it("an expired link gets a clear page", async () => {
    const { token } = await invite(coordinator, orgs.ngo!, "observer");
    await server.services.db
      .updateTable("invitation")
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where("token_hash", "=", sessionIdFromToken(token!))
      .execute();
    const page = await new TestClient(server.origin).get(`/invite/${token}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain("has expired");
    const post = await new TestClient(server.origin).post(`/invite/${token}`, { name: "Late", email: "late@example.org", password: PASSWORD });
    expect(post.status).toBe(410);
    expect(await coordinator.get(membersPath()).then((r) => r.text())).toContain("Expired");
  });

  it("a revoked link gets a clear page; revoking is audited", async () => {
    const { token } = await invite(coordinator, orgs.ngo!, "member", "Revoked Person");
    const inv = await server.services.db.selectFrom("invitation").select("id").where("token_hash", "=", sessionIdFromToken(token!)).executeTakeFirstOrThrow();
    const res = await coordinator.post(membersPath(), { intent: "revoke", invitationId: inv.id });
    expect(res.status).toBe(302);
    const page = await new TestClient(server.origin).get(`/invite/${token}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain("withdrawn");
    expect((await auditVerbs()).at(-1)).toBe("invitation.revoke");
    // Revoking twice is refused.
    expect((await coordinator.post(membersPath(), { intent: "revoke", invitationId: inv.id })).status).toBe(409);
  });

  it("an unknown or malformed token gets a clear page, not an error", async () => {
    for (const token of ["abcdefghijklmnopqrstuvwxyz234567", "not-a-token", "x".repeat(500)]) {
      const res = await new TestClient(server.origin).get(`/invite/${token}`);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain("This invitation link is not valid");
    }
  });

  it("a signed-in user accepts by joining; a second invitation to a member gets a message and stays unused", async () => {
    const userId = await newUser("existing@example.org", "Existing User");
    const client = await signedIn("existing@example.org");
    const { token } = await invite(coordinator, orgs.police!, "member");
    const page = await client.get(`/invite/${token}`);
    expect(await page.text()).toContain("Join the plan");
    const res = await client.post(`/invite/${token}`, {});
    expect(res.status).toBe(302);
    expect(redirectLocation(res)).toBe(`/plans/${planId}`);
    expect((await membership(userId))?.organisation_id).toBe(orgs.police);

    const second = await invite(coordinator, orgs.ngo!, "observer");
    const dup = await client.post(`/invite/${second.token}`, {});
    expect(dup.status).toBe(409);
    expect(await dup.text()).toContain("already a member of this plan");
    const row = await server.services.db.selectFrom("invitation").select(["accepted_at"]).where("token_hash", "=", sessionIdFromToken(second.token!)).executeTakeFirstOrThrow();
    expect(row.accepted_at).toBeNull();
    expect((await membership(userId))?.organisation_id).toBe(orgs.police);
  });

  it("writes nothing when accepting fails halfway: of two racing new accounts, one wins and the other leaves no account", async () => {
    const { token } = await invite(coordinator, orgs.ngo!, "member");
    const [a, b] = await Promise.all([
      new TestClient(server.origin).post(`/invite/${token}`, { name: "Racer A", email: "racer-a@example.org", password: PASSWORD }),
      new TestClient(server.origin).post(`/invite/${token}`, { name: "Racer B", email: "racer-b@example.org", password: PASSWORD }),
    ]);
    expect([a.status, b.status].sort()).toEqual([302, 410]);
    const users = await server.services.db.selectFrom("app_user").select("email").where("email", "in", ["racer-a@example.org", "racer-b@example.org"]).execute();
    expect(users).toHaveLength(1);
  });

  it("refuses a new account whose email already exists or whose password is weak, writing nothing", async () => {
    const { token } = await invite(coordinator, orgs.ngo!, "member");
    const before = (await auditVerbs()).length;
    const taken = await new TestClient(server.origin).post(`/invite/${token}`, { name: "Copy", email: "coord@example.org", password: PASSWORD });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain("Sign in first");
    const weak = await new TestClient(server.origin).post(`/invite/${token}`, { name: "Weak", email: "weak@example.org", password: "short" });
    expect(weak.status).toBe(400);
    expect((await auditVerbs()).length).toBe(before);
    expect((await new TestClient(server.origin).get(`/invite/${token}`)).status).toBe(200);
  });

  it("a sector lead invites members and observers into their own sector only (403 otherwise)", async () => {
    const hana = await signedIn("hana@example.org");
    expect(leadId).toBeDefined();
    const ok = await invite(hana, orgs.ngo!, "member");
    expect(ok.status).toBe(200);
    expect(ok.token).toBeDefined();
    expect((await invite(hana, orgs.ngo!, "observer")).status).toBe(200);
    expect((await invite(hana, orgs.police!, "member")).status).toBe(403);
    expect((await invite(hana, orgs.ministry!, "observer")).status).toBe(403);
    expect((await invite(hana, orgs.ngo!, "sector-lead")).status).toBe(403);
    expect((await invite(hana, orgs.ngo!, "coordinator")).status).toBe(403);
    // An observer cannot invite at all.
    const { token } = await invite(coordinator, orgs.ngo!, "observer");
    const olga = new TestClient(server.origin);
    await olga.post(`/invite/${token}`, { name: "Olga Observer", email: "olga@example.org", password: PASSWORD });
    expect((await invite(olga, orgs.ngo!, "observer")).status).toBe(403);
  });

  it("refuses an unknown organisation or role with 400 and the field marked", async () => {
    const badOrg = await invite(coordinator, "no-such-org", "member");
    expect(badOrg.status).toBe(400);
    expect(badOrg.html).toContain("Choose an organisation of this plan.");
    expect(badOrg.token).toBeUndefined();
    const badRole = await invite(coordinator, orgs.ngo!, "owner");
    expect(badRole.status).toBe(400);
    expect(badRole.html).toContain("Choose one of the roles.");
    expect(badRole.html).toMatch(/aria-invalid="true"/);
    // An organisation of another plan is unknown here too.
    const other = await createPlan(server.services, coordinatorId, {
      title: "Other plan",
      country: "BE",
      startYear: 2026,
      endYear: 2027,
      description: "",
      frameworkVersion: "mnr-2016",
      coordinatorEmail: "existing@example.org",
      organisationName: "Other Org",
      organisationType: "industry",
    });
    const foreignOrg = await server.services.db.selectFrom("organisation").select("id").where("plan_id", "=", other).executeTakeFirstOrThrow();
    expect((await invite(coordinator, foreignOrg.id, "member")).status).toBe(400);
  });
});

describe("changing and removing members", () => {
  it("keeps at least one coordinator", async () => {
    const demote = await coordinator.post(membersPath(), { intent: "change", userId: coordinatorId, role: "member", organisationId: orgs.ministry! });
    expect(demote.status).toBe(409);
    expect(await demote.text()).toContain("at least one coordinator");
    const remove = await coordinator.post(membersPath(), { intent: "remove", userId: coordinatorId });
    expect(remove.status).toBe(409);
    expect((await membership(coordinatorId))?.role).toBe("coordinator");
  });

  it("changes role and organisation, effective on the member's next request, and audits it", async () => {
    const userId = await newUser("changing@example.org", "Changing Member");
    const { token } = await invite(coordinator, orgs.ngo!, "member");
    const member = await signedIn("changing@example.org");
    await member.post(`/invite/${token}`, {});
    expect((await invite(member, orgs.ngo!, "member")).status).toBe(403);
    membershipEvents.length = 0;
    const res = await coordinator.post(membersPath(), { intent: "change", userId, role: "sector-lead", organisationId: orgs.hotline! });
    expect(res.status).toBe(302);
    expect(membershipEvents).toEqual([{ planId, userId }]);
    // The very next request sees the new role: a sector lead of civil society may now invite.
    expect((await invite(member, orgs.ngo!, "member")).status).toBe(200);
    const row = await server.services.db
      .selectFrom("audit_log")
      .selectAll()
      .where("plan_id", "=", planId)
      .where("verb", "=", "membership.change")
      .where("entity_id", "=", userId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.before_json!)).toEqual({ role: "member", organisationId: orgs.ngo });
    expect(JSON.parse(row.after_json!)).toEqual({ role: "sector-lead", organisationId: orgs.hotline });
    expect(row.actor_id).toBe(coordinatorId);

    const removed = await coordinator.post(membersPath(), { intent: "remove", userId });
    expect(removed.status).toBe(302);
    expect((await member.get(membersPath())).status).toBe(404);
    expect((await member.get(`/plans/${planId}`)).status).toBe(404);
    expect((await auditVerbs()).at(-1)).toBe("membership.remove");
  });

  it("refuses an unknown organisation or role on change with 400 and the field", async () => {
    const hanaId = (await server.services.db.selectFrom("app_user").select("id").where("email", "=", "hana@example.org").executeTakeFirstOrThrow()).id;
    const badOrg = await coordinator.post(membersPath(), { intent: "change", userId: hanaId, role: "member", organisationId: "nope" });
    expect(badOrg.status).toBe(400);
    const badRole = await coordinator.post(membersPath(), { intent: "change", userId: hanaId, role: "boss", organisationId: orgs.hotline! });
    expect(badRole.status).toBe(400);
    expect((await membership(hanaId))?.role).toBe("sector-lead");
  });

  it("lets a sector lead manage only juniors of their own sector", async () => {
    const hana = await signedIn("hana@example.org");
    const olgaId = (await server.services.db.selectFrom("app_user").select("id").where("email", "=", "olga@example.org").executeTakeFirstOrThrow()).id;
    const existingId = (await server.services.db.selectFrom("app_user").select("id").where("email", "=", "existing@example.org").executeTakeFirstOrThrow()).id;
    // Observer → member within civil society: allowed.
    expect((await hana.post(membersPath(), { intent: "change", userId: olgaId, role: "member", organisationId: orgs.ngo! })).status).toBe(302);
    // Promote to sector lead, move to another sector, touch a law-enforcement member or the coordinator: refused.
    expect((await hana.post(membersPath(), { intent: "change", userId: olgaId, role: "sector-lead", organisationId: orgs.ngo! })).status).toBe(403);
    expect((await hana.post(membersPath(), { intent: "change", userId: olgaId, role: "member", organisationId: orgs.police! })).status).toBe(403);
    expect((await hana.post(membersPath(), { intent: "remove", userId: existingId })).status).toBe(403);
    expect((await hana.post(membersPath(), { intent: "remove", userId: coordinatorId })).status).toBe(403);
  });
});

describe("admin plan creation for a coordinator without an account", () => {
  const form = { title: "Invited Plan", country: "BE", startYear: "2026", endYear: "2027", description: "", frameworkVersion: "mnr-2016", coordinatorEmail: "new.coord@example.org", organisationName: "Federal Police", organisationType: "law-enforcement" };

  it("refuses without the invitation option, and creates the plan with a coordinator invitation with it", async () => {
    const admin = await signedIn("admin@example.org");
    const refused = await admin.post("/admin?index", form);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("No active account has this email address.");
    expect(await server.services.db.selectFrom("plan").select("id").where("title", "=", "Invited Plan").executeTakeFirst()).toBeUndefined();

    const created = await admin.post("/admin?index", { ...form, inviteIfNoAccount: "on" });
    expect(created.status).toBe(200);
    const token = /\/invite\/([a-z2-7]{32})/.exec(await created.text())?.[1];
    expect(token).toBeDefined();
    const newcomer = new TestClient(server.origin);
    const joined = await newcomer.post(`/invite/${token}`, { name: "New Coordinator", email: "new.coord@example.org", password: PASSWORD });
    expect(joined.status).toBe(302);
    const plan = await server.services.db.selectFrom("plan").select("id").where("title", "=", "Invited Plan").executeTakeFirstOrThrow();
    const userId = (await server.services.db.selectFrom("app_user").select("id").where("email", "=", "new.coord@example.org").executeTakeFirstOrThrow()).id;
    const row = await server.services.db.selectFrom("membership").select("role").where("plan_id", "=", plan.id).where("user_id", "=", userId).executeTakeFirstOrThrow();
    expect(row.role).toBe("coordinator");
  });
});

describe("admin renews a lost coordinator link", () => {
  it("revokes the old link and issues a new one while the plan has no coordinator", async () => {
    const admin = await signedIn("admin@example.org");
    const form = { title: "Renewed Plan", country: "BE", startYear: "2026", endYear: "2027", description: "", frameworkVersion: "mnr-2016", coordinatorEmail: "late.coord@example.org", organisationName: "Child Helpline", organisationType: "child-helpline", inviteIfNoAccount: "on" };
    const first = /\/invite\/([a-z2-7]{32})/.exec(await (await admin.post("/admin?index", form)).text())![1];
    const plan = await server.services.db.selectFrom("plan").select("id").where("title", "=", "Renewed Plan").executeTakeFirstOrThrow();
    expect(await (await admin.get("/admin")).text()).toContain("Awaiting its coordinator");
    const renewed = await admin.post("/admin?index", { intent: "reissue", planId: plan.id });
    expect(renewed.status).toBe(200);
    const second = /\/invite\/([a-z2-7]{32})/.exec(await renewed.text())![1];
    expect(second).not.toBe(first);
    expect((await new TestClient(server.origin).get(`/invite/${first}`)).status).toBe(410);
    expect((await new TestClient(server.origin).post(`/invite/${second}`, { name: "Late Coordinator", email: "late.coord@example.org", password: PASSWORD })).status).toBe(302);
    // Now the plan has its coordinator: no more links from the administrator.
    expect((await admin.post("/admin?index", { intent: "reissue", planId: plan.id })).status).toBe(409);
    expect((await admin.post("/admin?index", { intent: "reissue", planId: planId })).status).toBe(409);
  });
});

describe("plan settings and archive", () => {
  it("edits settings, archives (read-only for everyone) and restores, all audited", async () => {
    const saved = await coordinator.post(`/plans/${planId}/settings`, { intent: "save", title: "National Action Plan 2026–2029", country: "LU", startYear: "2026", endYear: "2029", description: "Updated" });
    expect(saved.status).toBe(302);
    const bad = await coordinator.post(`/plans/${planId}/settings`, { intent: "save", title: "", country: "XX", startYear: "2030", endYear: "2029" });
    expect(bad.status).toBe(400);
    const pending = await invite(coordinator, orgs.ngo!, "observer");
    expect((await coordinator.post(`/plans/${planId}/settings`, { intent: "archive" })).status).toBe(302);
    // Nobody joins an archived plan; the link stays pending for when it is restored.
    const refused = await new TestClient(server.origin).post(`/invite/${pending.token}`, { name: "Archived Joiner", email: "archived@example.org", password: PASSWORD });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("archived");
    expect((await invite(coordinator, orgs.ngo!, "member")).status).toBe(403);
    expect((await coordinator.post(`/plans/${planId}/organisations`, { intent: "create", name: "Late Org", orgType: "media", sector: "" })).status).toBe(403);
    expect((await coordinator.get(`/plans/${planId}/settings`)).status).toBe(200);
    expect((await coordinator.get(`/plans/${planId}/audit.csv`)).status).toBe(200);
    expect((await coordinator.post(`/plans/${planId}/settings`, { intent: "unarchive" })).status).toBe(302);
    expect((await invite(coordinator, orgs.ngo!, "member")).status).toBe(200);
    expect((await new TestClient(server.origin).post(`/invite/${pending.token}`, { name: "Archived Joiner", email: "archived@example.org", password: PASSWORD })).status).toBe(302);
    const verbs = await auditVerbs();
    expect(verbs).toEqual(expect.arrayContaining(["plan.edit-settings", "plan.archive", "plan.unarchive"]));
    const hana = await signedIn("hana@example.org");
    expect((await hana.get(`/plans/${planId}/settings`)).status).toBe(403);
  });
});

describe("what you can do here", () => {
  it("tells a coordinator what the policy lets them do: co-edit every narrative", async () => {
    const overview = await (await coordinator.get(`/plans/${planId}`)).text();
    expect(overview).toContain("Co-edit the narrative of every capability.");
    expect(overview).not.toContain("Co-edit the narrative of capabilities your sector leads or partners on.");
    expect(overview).toContain("Invite people to the plan, in any role.");
  });
});

describe("the country of a plan", () => {
  it("names a country or territory without a code, and shows that name on the plan, its documents and its print view", async () => {
    const settings = `/plans/${planId}/settings`;
    const fields = { intent: "save", title: "National Action Plan 2026–2029", startYear: "2026", endYear: "2029", description: "Updated" };
    const unnamed = await coordinator.post(settings, { ...fields, country: "ZZ", countryName: "  " });
    expect(unnamed.status).toBe(400);
    expect(await unnamed.text()).toContain("Give the name of the country or territory: it has no standard name.");
    expect((await coordinator.post(settings, { ...fields, country: "ZZ", countryName: "A".repeat(101) })).status).toBe(400);
    expect((await coordinator.post(settings, { ...fields, country: "ZZ", countryName: " Arvenia " })).status).toBe(302);
    const plan = await server.services.db.selectFrom("plan").select(["country", "country_name"]).where("id", "=", planId).executeTakeFirstOrThrow();
    expect(plan).toEqual({ country: "ZZ", country_name: "Arvenia" });

    const overview = await (await coordinator.get(`/plans/${planId}`)).text();
    expect(overview).toContain("Arvenia · 2026–2029");
    const print = await (await coordinator.get(`/plans/${planId}/export/print?edition=internal`)).text();
    expect(print).toContain('<p class="doc-country">Arvenia</p>');
    const md = await (await coordinator.get(`/plans/${planId}/export/md?edition=internal`)).text();
    expect(md).toContain("**Country:** Arvenia");
    const docx = await coordinator.get(`/plans/${planId}/export/docx?edition=internal`);
    const zip = await JSZip.loadAsync(Buffer.from(await docx.arrayBuffer()));
    expect(await zip.file("word/document.xml")!.async("string")).toContain(">Arvenia</w:t>");
    for (const text of [overview, print, md]) expect(text).not.toContain("Unknown Region");

    // A country with a code needs no name: its standard name shows; a given name wins.
    expect((await coordinator.post(settings, { ...fields, country: "LU", countryName: "" })).status).toBe(302);
    expect(await (await coordinator.get(`/plans/${planId}`)).text()).toContain("Luxembourg · 2026–2029");
    const audit = await server.services.db.selectFrom("audit_log").select("after_json").where("plan_id", "=", planId).where("verb", "=", "plan.edit-settings").orderBy("at", "desc").executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json!)).toMatchObject({ country: "LU", country_name: "" });
  });
});

describe("audit log", () => {
  it("is for coordinators: filters, pages and CSV with formula cells neutralised", async () => {
    await createOrg("=HYPERLINK(\"http://example.org\")", "media");
    // A name is typed by its owner: it must not run as a formula in the coordinator's spreadsheet.
    const { token } = await invite(coordinator, orgs.ngo!, "observer");
    await new TestClient(server.origin).post(`/invite/${token}`, { name: "@SUM(1+1)", email: "formula@example.org", password: PASSWORD });
    const page = await coordinator.get(`/plans/${planId}/audit?entity=organisation`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("organisation.create");
    expect(html).not.toContain("invitation.create");
    const csv = await coordinator.get(`/plans/${planId}/audit.csv?entity=organisation`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const text = await csv.text();
    expect(text.split("\r\n")[0]).toContain("at,actor_id,actor_name");
    const all = await (await coordinator.get(`/plans/${planId}/audit.csv`)).text();
    expect(all).toContain(",'@SUM(1+1),formula@example.org,");
    expect(all).not.toMatch(/(^|,)@SUM/m);
    const byMember = await coordinator.get(`/plans/${planId}/audit.csv?member=${coordinatorId}&from=2000-01-01&to=2999-12-31`);
    const rows = (await byMember.text()).trim().split("\r\n").slice(1);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r).toContain(coordinatorId);
    const none = await coordinator.get(`/plans/${planId}/audit?to=2001-01-01`);
    expect(await none.text()).toContain("No entries match");
    const hana = await signedIn("hana@example.org");
    expect((await hana.get(`/plans/${planId}/audit`)).status).toBe(403);
    expect((await hana.get(`/plans/${planId}/audit.csv`)).status).toBe(403);
  });

  it("has no path that edits or deletes an entry", async () => {
    const before = (await auditVerbs()).length;
    const res = await coordinator.post(`/plans/${planId}/audit`, { intent: "delete" });
    expect([404, 405]).toContain(res.status);
    expect((await auditVerbs()).length).toBe(before);
  });
});
