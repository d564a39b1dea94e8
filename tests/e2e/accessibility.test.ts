import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInvitation } from "~/services/members.server";
import { findPlanById } from "../../db/repositories/plans";
import { readConfig } from "../../server/config";
import { createServices } from "../../server/services";
import { attachSyncServer } from "../../server/sync";
import { loadDemo } from "../../scripts/demo";
import { DEMO_PASSWORD, demoMembers } from "../../scripts/demo/content";
import { failOnConsoleErrors, launchBrowser, screenshot } from "../helpers/browser";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { startTestServer, type TestServer } from "../helpers/test-server";

// The axe-core sweep: every page type of the demo plan, as a coordinator and as a member,
// must have no serious or critical WCAG 2.2 A/AA violation. Moderate ones are printed.

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const ADMIN_EMAIL = "admin@demo.taskforce.example";
const LAPTOP = { width: 1366, height: 768 };
const TABLET = { width: 768, height: 1024 };
const TABLET_LANDSCAPE = { width: 1024, height: 768 };

let database: TestDatabase;
let server: TestServer;
let fresh: TestServer;
let browser: Browser;
const ids = { plan: "", capability: "", action: "", upcoming: "", past: "", edition: "", invitation: "" };

beforeAll(async () => {
  database = await createTestDatabase();
  const db = await database.connect();
  const services = createServices(readConfig({ NODE_ENV: "production" }), db, database.kind);
  const sync = attachSyncServer(services);
  const demo = await loadDemo(services);
  ids.plan = demo.planId;
  const plan = (await findPlanById(db, demo.planId))!;
  const org = await db.selectFrom("organisation").select("id").where("plan_id", "=", demo.planId).executeTakeFirstOrThrow();
  ids.invitation = (await createInvitation(services, { kind: "operator", plan, userId: null }, { label: "Ministry liaison", organisationId: org.id, role: "member" })).token;
  ids.capability = (await db.selectFrom("plan_capability").select("capability_id").where("plan_id", "=", demo.planId).orderBy("capability_id").executeTakeFirstOrThrow()).capability_id;
  ids.action = (await db.selectFrom("action").select("id").where("plan_id", "=", demo.planId).where("status", "=", "at-risk").executeTakeFirstOrThrow()).id;
  const meetings = await db.selectFrom("meeting").select(["id", "status"]).where("plan_id", "=", demo.planId).execute();
  ids.upcoming = meetings.find((m) => m.status === "scheduled")!.id;
  ids.past = meetings.find((m) => m.status === "closed")!.id;
  ids.edition = (await db.selectFrom("edition").select("id").where("plan_id", "=", demo.planId).executeTakeFirstOrThrow()).id;
  await sync.close();
  await db.destroy();
  server = await startTestServer({ database });
  fresh = await startTestServer();
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await fresh?.stop();
  await database?.drop();
  await fresh?.database.drop();
});

interface Findings {
  serious: string[];
  moderate: string[];
}

async function audit(page: Page): Promise<Findings> {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const lines = (impacts: string[]) =>
    result.violations.filter((v) => impacts.includes(v.impact ?? "")).flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(" ")} — ${n.failureSummary?.split("\n")[1]?.trim() ?? v.help}`));
  return { serious: lines(["serious", "critical"]), moderate: lines(["moderate", "minor"]) };
}

async function signedIn(email: string, viewport = LAPTOP): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = failOnConsoleErrors(page);
  await page.goto(`${server.origin}/login`);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
  return { context, page, errors };
}

/** Visits a page, runs axe, optionally takes screenshots; returns the serious problems labelled by page. */
async function sweep(page: Page, name: string, url: string, options: { ready?: (page: Page) => Promise<unknown>; shots?: Array<{ suffix: string; viewport: { width: number; height: number } }> } = {}): Promise<string[]> {
  await page.setViewportSize(LAPTOP);
  const response = await page.goto(url);
  expect(response?.status(), `${name} answered`).toBeLessThan(name === "404" ? 500 : 400);
  await page.waitForLoadState("networkidle");
  await options.ready?.(page);
  const found = await audit(page);
  const problems = found.serious.map((s) => `${name}: ${s}`);
  if (found.moderate.length > 0) console.info(`[axe moderate] ${name}:\n  ${found.moderate.join("\n  ")}`);
  for (const shot of options.shots ?? []) {
    await page.setViewportSize(shot.viewport);
    await page.waitForTimeout(150);
    await screenshot(page, `a11y-${name}-${shot.suffix}`);
    // A tablet must not scroll sideways: the page may be long, never wider than the screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 0) problems.push(`${name}: scrolls sideways by ${overflow}px at ${shot.suffix} (${shot.viewport.width}px)`);
  }
  return problems;
}

const laptop = { suffix: "laptop", viewport: LAPTOP };
const both = [laptop, { suffix: "tablet", viewport: TABLET }];

describe("accessibility sweep (axe-core, WCAG 2.2 AA) over every page type of the demo plan", () => {
  it("signed-out pages: login, setup on a fresh server, invitation, 404", async () => {
    const context = await browser.newContext({ viewport: LAPTOP });
    const page = await context.newPage();
    const errors = failOnConsoleErrors(page);
    const problems = [
      ...(await sweep(page, "login", `${server.origin}/login`, { shots: both })),
      ...(await sweep(page, "setup", `${fresh.origin}/setup`, { shots: both })),
      ...(await sweep(page, "invitation", `${server.origin}/invite/${ids.invitation}`, { shots: [laptop] })),
    ];
    const notFound = await page.goto(`${server.origin}/no-such-page`);
    expect(notFound?.status()).toBe(404);
    problems.push(...(await sweep(page, "404", `${server.origin}/no-such-page`, { shots: [laptop] })));
    expect(problems).toEqual([]);
    expect(errors.filter((e) => !/404/.test(e))).toEqual([]);
    await context.close();
  }, 120_000);

  it("every plan page, as a coordinator", async () => {
    const coord = demoMembers.find((m) => m.role === "coordinator")!;
    const { context, page, errors } = await signedIn(coord.email);
    const p = `${server.origin}/plans/${ids.plan}`;
    const problems: string[] = [];
    problems.push(...(await sweep(page, "home", `${server.origin}/`, { shots: both })));
    problems.push(...(await sweep(page, "account", `${server.origin}/account`)));
    problems.push(...(await sweep(page, "overview", p, { shots: both })));
    problems.push(
      ...(await sweep(page, "capability", `${p}/capabilities/${ids.capability}`, {
        ready: (pg) => pg.locator(".collab-connection-connected").first().waitFor(),
        shots: both,
      })),
    );
    problems.push(...(await sweep(page, "gap", `${p}/gap`, { shots: both })));
    problems.push(...(await sweep(page, "dashboard", `${p}/dashboard`, { shots: both })));
    problems.push(...(await sweep(page, "actions", `${p}/actions`, { shots: both })));
    problems.push(...(await sweep(page, "action", `${p}/actions/${ids.action}`, { shots: both })));
    problems.push(...(await sweep(page, "action-new", `${p}/actions/new`, { shots: [laptop] })));
    problems.push(...(await sweep(page, "import", `${p}/actions/import`)));
    problems.push(...(await sweep(page, "members", `${p}/members`, { shots: both })));
    problems.push(...(await sweep(page, "organisations", `${p}/organisations`)));
    problems.push(...(await sweep(page, "settings", `${p}/settings`)));
    problems.push(...(await sweep(page, "audit", `${p}/audit`, { shots: [laptop] })));
    problems.push(...(await sweep(page, "meetings", `${p}/meetings`, { shots: both })));
    problems.push(
      ...(await sweep(page, "meeting", `${p}/meetings/${ids.upcoming}`, {
        shots: [...both, { suffix: "tablet-landscape", viewport: TABLET_LANDSCAPE }],
      })),
    );
    problems.push(...(await sweep(page, "agenda", `${p}/meetings/${ids.upcoming}/agenda`)));
    problems.push(...(await sweep(page, "meeting-past", `${p}/meetings/${ids.past}`)));
    problems.push(...(await sweep(page, "summary", `${p}/meetings/${ids.past}/summary`, { shots: [laptop] })));
    problems.push(...(await sweep(page, "export", `${p}/export`)));
    problems.push(...(await sweep(page, "print", `${p}/export/print`, { shots: [laptop] })));
    problems.push(...(await sweep(page, "editions", `${p}/editions`)));
    problems.push(...(await sweep(page, "edition-compare", `${p}/editions/${ids.edition}`, { shots: [laptop] })));
    problems.push(...(await sweep(page, "edition-print", `${p}/editions/${ids.edition}/print`)));
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  it("pages that differ for a member and an observer, and the site administrator's pages", async () => {
    const problems: string[] = [];
    const p = `${server.origin}/plans/${ids.plan}`;
    for (const role of ["member", "observer"] as const) {
      const who = demoMembers.find((m) => m.role === role)!;
      const { context, page, errors } = await signedIn(who.email);
      problems.push(...(await sweep(page, `${role}-overview`, p, { shots: role === "member" ? [laptop] : [] })));
      problems.push(...(await sweep(page, `${role}-capability`, `${p}/capabilities/${ids.capability}`, { ready: (pg) => pg.locator(".ProseMirror").first().waitFor() })));
      problems.push(...(await sweep(page, `${role}-actions`, `${p}/actions`)));
      problems.push(...(await sweep(page, `${role}-action`, `${p}/actions/${ids.action}`)));
      problems.push(...(await sweep(page, `${role}-meeting`, `${p}/meetings/${ids.upcoming}`)));
      problems.push(...(await sweep(page, `${role}-members`, `${p}/members`)));
      expect(errors).toEqual([]);
      await context.close();
    }
    const admin = await signedIn(ADMIN_EMAIL);
    problems.push(...(await sweep(admin.page, "admin", `${server.origin}/admin`, { shots: [laptop] })));
    expect(admin.errors).toEqual([]);
    await admin.context.close();
    expect(problems).toEqual([]);
  }, 300_000);
});
