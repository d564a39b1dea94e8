import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getFramework } from "~/domain/framework";
import { createUser } from "~/services/accounts.server";
import { newId } from "~/services/ids.server";
import { createPlan } from "~/services/plans.server";
import { TestClient } from "../helpers/http-client";
import { startTestServer, type TestServer } from "../helpers/test-server";

/**
 * A member of plan B is a stranger to plan A: every URL of plan A answers 404, for GET and
 * POST alike. The URLs come from the built app's route manifest, so a route added later is
 * covered without touching this test.
 */

const PASSWORD = "a long enough passphrase";
let server: TestServer;
let planA: string;
let planB: string;
let memberOfA: TestClient;
let memberOfB: TestClient;
let routes: ServerBuild["routes"];
const known: Record<string, string> = {};
let userOfB: string;

/**
 * Routes whose loader finds nothing without a query string. The control test (a member of A
 * gets something other than 404) needs it; the 404 checks for B run with it too.
 */
const EXTRA_QUERY: Record<string, () => string> = {
  "routes/plans.$planId.docs": () => `doc=${encodeURIComponent(`plan/${planA}/capability/${known.capabilityId}`)}`,
};

/** Full URL pattern of a route: its own path joined to its ancestors'. */
function fullPath(id: string): string {
  const parts: string[] = [];
  for (let r = routes[id]; r; r = r.parentId ? routes[r.parentId] : undefined) if (r.path) parts.unshift(r.path);
  return "/" + parts.join("/");
}

/** Fills the pattern: plan A's id, real ids of plan A where we have one, plausible ids elsewhere. */
function fill(pattern: string): { url: string; allKnown: boolean } {
  let allKnown = true;
  const url = pattern
    .replace(/\([^)]*\)/g, (optional) => optional.slice(1, -1)) // optional segments: include them
    .replace(/:(\w+)\??/g, (_, name: string) => {
      if (name === "planId") return planA;
      if (known[name]) return known[name]!;
      allKnown = false;
      return newId();
    })
    .replace(/\*$/, "anything");
  return { url, allKnown };
}

beforeAll(async () => {
  server = await startTestServer();
  const build = (await import(pathToFileURL(path.resolve("build/server/index.js")).href)) as ServerBuild;
  routes = build.routes;
  const adminId = await createUser(server.services.db, { email: "admin@example.org", name: "Admin", password: PASSWORD, isSiteAdmin: true });
  await createUser(server.services.db, { email: "a@example.org", name: "Coordinator A", password: PASSWORD });
  userOfB = await createUser(server.services.db, { email: "b@example.org", name: "Coordinator B", password: PASSWORD });
  const plan = (title: string, email: string) =>
    createPlan(server.services, adminId, {
      title,
      country: "LU",
      startYear: 2026,
      endYear: 2029,
      description: "",
      frameworkVersion: "mnr-2016",
      coordinatorEmail: email,
      organisationName: `${title} Ministry`,
      organisationType: "government",
    });
  planA = await plan("Plan Alpha Secret Title", "a@example.org");
  planB = await plan("Plan Bravo", "b@example.org");
  // Real ids of plan A, so that a 404 cannot come from a made-up id.
  known.capabilityId = getFramework("mnr-2016").capabilities[0]!.id;
  const org = await server.services.db.selectFrom("organisation").select("id").where("plan_id", "=", planA).executeTakeFirstOrThrow();
  known.organisationId = org.id;
  const a = await server.services.db.selectFrom("app_user").select("id").where("email", "=", "a@example.org").executeTakeFirstOrThrow();
  known.userId = a.id;
  memberOfA = new TestClient(server.origin);
  await memberOfA.login("a@example.org", PASSWORD);
  // Plan B's coordinator: the strongest role there, so any refusal in A is about membership.
  memberOfB = new TestClient(server.origin);
  await memberOfB.login("b@example.org", PASSWORD);
});
afterAll(async () => {
  await server.stop();
  await server.database.drop();
});

describe("isolation across plans", () => {
  function planRoutes() {
    const found = Object.keys(routes)
      .map((id) => ({ id, route: routes[id]!, pattern: fullPath(id) }))
      .filter((r) => r.pattern.includes(":planId"));
    return found.map((r) => {
      const { url, allKnown } = fill(r.pattern);
      const query = [r.route.index ? "index" : "", EXTRA_QUERY[r.id]?.() ?? ""].filter(Boolean).join("&");
      return { ...r, url: query ? `${url}?${query}` : url, allKnown };
    });
  }

  it("finds the plan routes in the manifest (layout, members, settings, audit, CSV at least)", () => {
    const ids = planRoutes().map((r) => r.id);
    for (const id of ["routes/plans.$planId", "routes/plans.$planId._index", "routes/plans.$planId.members", "routes/plans.$planId.settings", "routes/plans.$planId.audit", "routes/plans.$planId.audit[.]csv"])
      expect(ids).toContain(id);
  });

  it("every plan URL exists for a member of plan A (so the 404s below are about B)", async () => {
    for (const r of planRoutes().filter((x) => x.allKnown && x.route.module.loader)) {
      const res = await memberOfA.get(r.url);
      expect.soft(res.status, `GET ${r.url} (${r.id}) as a member of A; if it needs a query string, add it to EXTRA_QUERY`).not.toBe(404);
      // Some plan URLs stream (the event stream never ends): do not wait for the body.
      await res.body?.cancel();
    }
  });

  // Pages differ only by their CSP nonce and the ids in the URL, which the caller already knows.
  const normalise = (html: string, url: string, fake: string) =>
    html
      .replace(/nonce="[^"]*"|nonce-[^']*'|"nonce":"[^"]*"/g, "")
      .replaceAll(planA, "PLAN")
      .replaceAll(fake, "PLAN")
      .replaceAll(url, "URL");

  it("serves a member the single-fetch data of the plan's own route (/plans/<id>.data), and a non-member 404", async () => {
    const own = await memberOfA.get(`/plans/${planA}.data`);
    expect(own.status).toBe(200);
    expect(own.headers.get("content-type")).toContain("text/x-script");
    expect((await memberOfB.get(`/plans/${planA}.data`)).status).toBe(404);
  });

  it("answers 404 to a member of plan B on every URL of plan A, for GET and POST, revealing nothing", async () => {
    const checked: string[] = [];
    for (const r of planRoutes()) {
      const url = r.url;
      const fakePlan = newId();
      const fakeUrl = url.replaceAll(planA, fakePlan);
      for (const method of ["GET", "POST"] as const) {
        const send = (target: string) =>
          method === "GET" ? memberOfB.get(target) : memberOfB.post(target, { intent: "delete", userId: known.userId!, organisationId: known.organisationId!, title: "hijack" });
        const res = await send(url);
        const body = await res.text();
        // Every method, whether or not the route handles it: the server answers non-members 404.
        expect.soft(res.status, `${method} ${url} (${r.id})`).toBe(404);
        expect.soft(body, `${method} ${url} body`).not.toContain("Plan Alpha Secret Title");
        const fake = await send(fakeUrl);
        expect.soft(fake.status, `${method} ${url}: same status as a plan that does not exist`).toBe(res.status);
        expect.soft(normalise(await fake.text(), fakeUrl, fakePlan), `${method} ${url}: same page as a plan that does not exist`).toBe(normalise(body, url, planA));
      }
      checked.push(r.id);
    }
    expect(checked.length).toBeGreaterThanOrEqual(6);
    // Nothing of A changed: its title, its single member, its audit trail.
    const plan = await server.services.db.selectFrom("plan").select("title").where("id", "=", planA).executeTakeFirstOrThrow();
    expect(plan.title).toBe("Plan Alpha Secret Title");
    const members = await server.services.db.selectFrom("membership").select("user_id").where("plan_id", "=", planA).execute();
    expect(members).toHaveLength(1);
    const audit = await server.services.db.selectFrom("audit_log").select("actor_id").where("plan_id", "=", planA).execute();
    expect(audit.every((row) => row.actor_id !== userOfB)).toBe(true);
  });

  it("answers a signed-out visitor with the sign-in page, never with plan data", async () => {
    for (const r of planRoutes()) {
      const res = await new TestClient(server.origin).get(r.url);
      expect.soft([302, 404], `GET ${r.url} signed out`).toContain(res.status);
      expect.soft(await res.text()).not.toContain("Plan Alpha Secret Title");
    }
  });

  it("still lets the member of B use plan B", async () => {
    expect((await memberOfB.get(`/plans/${planB}`)).status).toBe(200);
  });
});
