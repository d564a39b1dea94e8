import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { createInvitation } from "~/services/members.server";
import { findPlanById } from "../../db/repositories/plans";
import { readConfig } from "../../server/config";
import { createServices } from "../../server/services";
import { attachSyncServer } from "../../server/sync";
import { loadDemo } from "../../scripts/demo";
import { DEMO_PASSWORD } from "../../scripts/demo/content";
import { failOnConsoleErrors, launchBrowser, screenshot } from "./browser";
import { createTestDatabase, type TestDatabase } from "./test-db";
import { startTestServer, type TestServer } from "./test-server";

// The axe-core sweep (tests/e2e/accessibility*.test.ts): every page type of the demo plan must
// have no serious or critical WCAG 2.2 A/AA violation. Moderate ones are printed. Split in two
// files so the end-to-end step can run them side by side.

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
export const ADMIN_EMAIL = "admin@demo.taskforce.example";
export const LAPTOP = { width: 1366, height: 768 };
export const TABLET = { width: 768, height: 1024 };
export const TABLET_LANDSCAPE = { width: 1024, height: 768 };
export const laptop = { suffix: "laptop", viewport: LAPTOP };
export const both = [laptop, { suffix: "tablet", viewport: TABLET }];

export interface SweepSetup {
  database: TestDatabase;
  server: TestServer;
  fresh: TestServer;
  browser: Browser;
  ids: { plan: string; capability: string; action: string; upcoming: string; past: string; edition: string; invitation: string };
  close(): Promise<void>;
}

/** The demo plan on a test server (plus a fresh server for /setup) and a browser. */
export async function startSweep(): Promise<SweepSetup> {
  const database = await createTestDatabase();
  const db = await database.connect();
  const services = createServices(readConfig({ NODE_ENV: "production" }), db, database.kind);
  const sync = attachSyncServer(services);
  const demo = await loadDemo(services);
  const plan = (await findPlanById(db, demo.planId))!;
  const org = await db.selectFrom("organisation").select("id").where("plan_id", "=", demo.planId).executeTakeFirstOrThrow();
  const meetings = await db.selectFrom("meeting").select(["id", "status"]).where("plan_id", "=", demo.planId).execute();
  const ids = {
    plan: demo.planId,
    invitation: (await createInvitation(services, { kind: "operator", plan, userId: null }, { label: "Ministry liaison", organisationId: org.id, role: "member" })).token,
    capability: (await db.selectFrom("plan_capability").select("capability_id").where("plan_id", "=", demo.planId).orderBy("capability_id").executeTakeFirstOrThrow()).capability_id,
    action: (await db.selectFrom("action").select("id").where("plan_id", "=", demo.planId).where("status", "=", "at-risk").executeTakeFirstOrThrow()).id,
    upcoming: meetings.find((m) => m.status === "scheduled")!.id,
    past: meetings.find((m) => m.status === "closed")!.id,
    edition: (await db.selectFrom("edition").select("id").where("plan_id", "=", demo.planId).executeTakeFirstOrThrow()).id,
  };
  await sync.close();
  await db.destroy();
  const server = await startTestServer({ database });
  const fresh = await startTestServer();
  const browser = await launchBrowser();
  return {
    database,
    server,
    fresh,
    browser,
    ids,
    async close() {
      await browser.close();
      await server.stop();
      await fresh.stop();
      await database.drop();
      await fresh.database.drop();
    },
  };
}

/** Registers the file's setup and teardown; the returned function gives the running setup. */
export function registerSweep(): () => SweepSetup {
  let setup: SweepSetup | undefined;
  beforeAll(async () => {
    setup = await startSweep();
  }, 180_000);
  afterAll(async () => {
    await setup?.close();
  });
  return () => setup!;
}

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

export async function signedIn(setup: SweepSetup, email: string, viewport = LAPTOP): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await setup.browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = failOnConsoleErrors(page);
  await page.goto(`${setup.server.origin}/login`);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
  return { context, page, errors };
}

/** Visits a page, runs axe, optionally takes screenshots; returns the serious problems labelled by page. */
export async function sweep(page: Page, name: string, url: string, options: { ready?: (page: Page) => Promise<unknown>; shots?: Array<{ suffix: string; viewport: { width: number; height: number } }> } = {}): Promise<string[]> {
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
    // Nor may a table hide columns past the screen's edge or inside a box that scrolls sideways
    // (the page itself then fits, and the last columns are simply cut off).
    const cut = await page.evaluate(() => {
      const screen = document.documentElement.clientWidth;
      const found: string[] = [];
      for (const table of document.querySelectorAll("table")) {
        // Not shown: in a closed <details> (Chromium still lays it out), or visually hidden.
        if (table.closest("details:not([open])")) continue;
        const r = table.getBoundingClientRect();
        if (r.width <= 1) continue;
        let box = table.parentElement;
        let scrolls = false;
        for (; box && box !== document.body; box = box.parentElement) {
          if (box.scrollWidth > box.clientWidth + 1 && getComputedStyle(box).overflowX !== "visible") scrolls = true;
        }
        if (r.right > screen + 1 || scrolls) found.push(`${table.querySelector("caption")?.textContent?.trim() || table.className} (${Math.round(r.width)}px)`);
      }
      return found;
    });
    for (const table of cut) problems.push(`${name}: table ${table} does not fit at ${shot.suffix} (${shot.viewport.width}px)`);
  }
  return problems;
}

