import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failOnConsoleErrors, launchBrowser, screenshot } from "../helpers/browser";
import { daysFromToday, insertActions, PASSWORD, seedPlan, type SeededPlan } from "../helpers/mnr-fixtures";
import { createTestDatabase } from "../helpers/test-db";
import { startTestServer, type TestServer } from "../helpers/test-server";

let server: TestServer;
let browser: Browser;
let plan: SeededPlan;

const monthsAgo = (n: number) => `${daysFromToday(-30 * n)}T10:00:00.000Z`;

beforeAll(async () => {
  // Seed before the server starts: with users present it opens no first-run setup.
  const database = await createTestDatabase();
  const db = await database.connect();
  plan = await seedPlan(db);
  const author = plan.people.coordinator.id;
  await insertActions(
    db,
    plan,
    [
      { ref: "1.1", title: "Constitute the national steering body", sector: "government", status: "completed", progress: 100, dueDate: daysFromToday(-200), capabilities: ["leadership"], createdAt: monthsAgo(11), history: [[monthsAgo(10), "not-started", "on-track"], [monthsAgo(7), "on-track", "completed"]] },
      { ref: "2.1", title: "Agree national indicators and a monitoring calendar", sector: "government", status: "on-track", progress: 60, dueDate: daysFromToday(90), capabilities: ["research-analysis-monitoring"], createdAt: monthsAgo(10) },
      { ref: "3.1", title: "Review legislation against the Luxembourg Guidelines terms", sector: "government", status: "delayed", progress: 20, dueDate: daysFromToday(-75), capabilities: ["legislation", "universal-terminology"], createdAt: monthsAgo(11), history: [[monthsAgo(2), "on-track", "delayed"]] },
      { ref: "4.1", title: "Set up a national specialist unit", sector: "law-enforcement", status: "on-track", progress: 45, dueDate: daysFromToday(120), capabilities: ["dedicated-law-enforcement"], createdAt: monthsAgo(9) },
      { ref: "4.2", title: "Train investigators in victim identification", sector: "law-enforcement", status: "at-risk", progress: 30, dueDate: daysFromToday(-20), capabilities: ["dedicated-law-enforcement", "access-to-image-databases"], createdAt: monthsAgo(8), history: [[monthsAgo(1), "on-track", "at-risk"]] },
      { ref: "7.1", title: "Connect to the INTERPOL ICSE database", sector: "law-enforcement", status: "not-started", dueDate: daysFromToday(-140), capabilities: ["access-to-image-databases"], createdAt: monthsAgo(11) },
      { ref: "8.1", title: "Map the support pathway from disclosure to recovery", sector: "civil-society", status: "on-track", progress: 35, dueDate: daysFromToday(40), capabilities: ["end-to-end-support"], createdAt: monthsAgo(6) },
      { ref: "11.1", title: "Extend helpline opening hours", sector: "civil-society", status: "completed", progress: 100, capabilities: ["child-helpline"], createdAt: monthsAgo(9), history: [[monthsAgo(3), "on-track", "completed"]] },
      { ref: "12.1", title: "Publish hotline removal statistics", sector: "civil-society", status: "cancelled", capabilities: ["csea-hotline"], createdAt: monthsAgo(7), history: [[monthsAgo(4), "not-started", "cancelled"]] },
      { ref: "13.1", title: "School awareness programme for parents and teachers", sector: "civil-society", status: "on-track", progress: 50, ongoing: true, capabilities: ["education-programme"], createdAt: monthsAgo(5) },
      { ref: "16.1", title: "Agree takedown time targets with hosting companies", sector: "industry", status: "delayed", progress: 15, dueDate: daysFromToday(-45), weight: 2, capabilities: ["takedown-procedures"], createdAt: monthsAgo(10), history: [[monthsAgo(1), "on-track", "delayed"]] },
      { ref: "17.1", title: "Agree a reporting protocol with platforms", sector: "industry", status: "completed", progress: 100, weight: 3, capabilities: ["csea-reporting"], createdAt: monthsAgo(10), history: [[monthsAgo(5), "on-track", "completed"]] },
      { ref: "19.1", title: "Child safety review of product terms", sector: "industry", status: "not-started", dueDate: daysFromToday(200), capabilities: ["corporate-social-responsibility"], createdAt: monthsAgo(2) },
    ],
    author,
  );
  // Earlier assessments by the coordinator so the views show a mix of assessed and not assessed.
  const at = new Date().toISOString();
  const assessed: Array<[string, number | null, number | null, number | null]> = [
    ["leadership", 1, 3, 4],
    ["research-analysis-monitoring", 0, 1, 3],
    ["legislation", 2, 2, 3],
    ["csea-reporting", 1, 3, 3],
    ["takedown-procedures", 1, null, 3],
    ["child-helpline", 0, 0, 2],
  ];
  for (const [id, b, c, t] of assessed) {
    await db
      .insertInto("plan_capability")
      .values({ plan_id: plan.planId, capability_id: id, lead_sectors: JSON.stringify(id === "child-helpline" ? [] : id.startsWith("csea") || id.startsWith("takedown") ? ["industry"] : ["government"]), partner_sectors: "[]", baseline_level: b, current_level: c, target_level: t, evidence: "", assessed_at: at, assessed_by: author, updated_at: at, updated_by: author })
      .execute();
  }
  await db.destroy();
  server = await startTestServer({ database });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await server?.database.drop();
});

async function signIn(email: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  const errors = failOnConsoleErrors(page);
  await page.goto(`${server.origin}/login`);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
  return { page, errors };
}

describe("MNR structure, maturity and progress", () => {
  it("a sector lead assesses a capability; the coordinator sees the overview and gap analysis update", async () => {
    const coord = await signIn(plan.people.coordinator.email);
    await coord.page.goto(`${server.origin}/plans/${plan.planId}`);
    const row = coord.page.locator('tr[data-capability="dedicated-law-enforcement"]');
    await expect.poll(() => row.locator(".level-none").count()).toBe(3);
    await screenshot(coord.page, "mnr-01-overview-before");

    const lead = await signIn(plan.people.policeLead.email);
    await lead.page.goto(`${server.origin}/plans/${plan.planId}`);
    await lead.page.getByRole("link", { name: "Dedicated Law Enforcement" }).click();
    await lead.page.getByRole("heading", { name: /Dedicated Law Enforcement/ }).waitFor();
    await lead.page.getByLabel("Baseline level").selectOption("1");
    await lead.page.getByLabel("Current level").selectOption("2");
    await lead.page.getByLabel("Target level").selectOption("4");
    await lead.page.getByLabel("Evidence note").fill("Unit mandate adopted; operating in two regions (internal review, March).");
    await lead.page.getByRole("button", { name: "Save assessment" }).click();
    await lead.page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    const history = lead.page.getByRole("table").filter({ hasText: "Unit mandate adopted" });
    await expect.poll(() => history.locator("tbody tr").count()).toBe(3);
    await screenshot(lead.page, "mnr-02-capability-after-assessment");
    // The sector lead has no leads form: only coordinators set leads.
    expect(await lead.page.getByRole("button", { name: "Save sectors" }).count()).toBe(0);

    await coord.page.reload();
    await expect.poll(() => row.locator(".level-2").count()).toBe(1);
    await expect.poll(() => row.locator(".level-none").count()).toBe(0);
    expect(await row.textContent()).toContain("2 levels");
    await screenshot(coord.page, "mnr-03-overview-after");

    // Filters live in the URL.
    await coord.page.getByLabel("Show").selectOption("overdue");
    await coord.page.getByRole("button", { name: "Apply filters" }).click();
    await coord.page.waitForURL(/attention=overdue/);
    await expect.poll(() => coord.page.locator("tr[data-capability]").count()).toBe(5);
    await screenshot(coord.page, "mnr-04-overview-filter-overdue");

    await coord.page.getByRole("link", { name: "Gap analysis" }).click();
    await coord.page.getByRole("heading", { name: "Gap analysis" }).waitFor();
    const gapRow = coord.page.locator('tr[data-capability="dedicated-law-enforcement"]');
    expect(await gapRow.textContent()).toContain("2 levels");
    expect(await coord.page.locator("table.heatmap tbody tr[data-capability]").count()).toBe(21);
    await screenshot(coord.page, "mnr-05-gap-analysis");
    await coord.page.emulateMedia({ media: "print" });
    await screenshot(coord.page, "mnr-06-gap-analysis-print");
    await coord.page.emulateMedia({ media: "screen" });

    await coord.page.getByRole("link", { name: "Dashboard" }).click();
    await coord.page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
    expect(await coord.page.locator("figure svg").count()).toBe(4);
    await screenshot(coord.page, "mnr-07-dashboard");

    expect(coord.errors).toEqual([]);
    expect(lead.errors).toEqual([]);
  }, 240_000);

  it("the dashboard and gap analysis render without JavaScript", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.origin}/login`);
    await page.getByLabel("Email address").fill(plan.people.observer.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname !== "/login");
    await page.goto(`${server.origin}/plans/${plan.planId}/dashboard`);
    expect(await page.locator("figure svg").count()).toBe(4);
    await page.goto(`${server.origin}/plans/${plan.planId}/gap`);
    expect(await page.locator("table.heatmap tbody tr[data-capability]").count()).toBe(21);
    await context.close();
  });
});
