import { AxeBuilder } from "@axe-core/playwright";
import Papa from "papaparse";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionFields, createActionPlan, PASSWORD, type ActionPlanFixture } from "../helpers/action-plan";
import { failOnConsoleErrors, launchBrowser, screenshot } from "../helpers/browser";
import { startTestServer, type TestServer } from "../helpers/test-server";

let server: TestServer;
let browser: Browser;
let plan: ActionPlanFixture;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  plan = await createActionPlan(server, "import-e2e");
  const lead = await plan.login("leadLE");
  for (const title of ["Train frontline officers on digital evidence", "Set up a victim identification desk", "Agree a referral pathway with the helpline"]) {
    const res = await lead.post(`/plans/${plan.planId}/actions/new`, actionFields({ title, organisationId: plan.orgs.police, capabilities: ["dedicated-law-enforcement"] }));
    expect(res.status).toBe(302);
  }
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await server?.database.drop();
});

describe("import: an edited export comes back as updates, seen in the preview", () => {
  it("previews the changes per row and the dates as stored, then says what was imported", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = failOnConsoleErrors(page);
    await page.goto(`${server.origin}/login`);
    await page.waitForLoadState("networkidle");
    await page.getByLabel("Email address").fill(plan.users.coordinator.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname !== "/login");

    // The register as the coordinator downloads it, edited as in a spreadsheet program: two
    // changes to existing actions and one new row whose date could be read two ways.
    const exported = await page.request.get(`${server.origin}/plans/${plan.planId}/actions/export?format=csv`);
    const [header, ...rows] = Papa.parse<string[]>((await exported.text()).replace(/^\ufeff/, ""), { skipEmptyLines: true }).data;
    const col = (name: string) => header!.indexOf(name);
    rows[0]![col("Status")] = "delayed";
    rows[1]![col("Due")] = "2028-09-30";
    const added = [...header!.map(() => "")];
    added[col("Action")] = "Publish guidance for first responders";
    added[col("Capability")] = "4";
    added[col("Lead organisation")] = "National Police CSEA Unit";
    added[col("Due")] = "03/04/2028";
    const csv = Papa.unparse([header!, ...rows, added], { newline: "\r\n" });

    await page.goto(`${server.origin}/plans/${plan.planId}/actions/import`);
    await page.waitForLoadState("networkidle");
    await page.getByLabel("Spreadsheet file").setInputFiles({ name: "register-edited.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Upload and preview" }).click();
    await page.getByRole("heading", { name: /Match columns to fields/ }).waitFor();
    // The file's one numeric date could be either: the page asks, and the import waits.
    await page.getByText("This file has dates such as 03/04/2027 that could be day first or month first.").first().waitFor();
    expect(await page.getByRole("button", { name: /Import \d+ action/ }).isDisabled()).toBe(true);
    await page.getByLabel("How are dates such as 03/04/2027 written in this file?").selectOption("mdy");
    await page.getByText("stored as Mar 4, 2028").waitFor();
    await page.getByText("2 existing actions will be updated.").waitFor();
    await page.getByText("1 new action will be created.").waitFor();
    const changes = page.locator("table.import-changes tbody tr");
    expect(await changes.count()).toBe(2);
    expect(await changes.nth(0).innerText()).toMatch(/Status\s+Not started\s+Delayed/);
    expect(await changes.nth(1).innerText()).toMatch(/Due date\s+Jun 30, 2027\s+Sep 30, 2028/);
    await screenshot(page, "import-01-preview-changes-and-dates");
    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
    expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);

    await page.getByRole("button", { name: "Import 3 actions" }).click();
    await page.getByRole("heading", { name: "1 action created. 2 actions updated." }).waitFor();
    await page.getByRole("link", { name: /Publish guidance for first responders/ }).waitFor();
    await screenshot(page, "import-02-result");
    const stored = await server.services.db.selectFrom("action").select(["title", "status", "due_date"]).where("plan_id", "=", plan.planId).orderBy("ref").execute();
    expect(stored).toEqual(
      expect.arrayContaining([
        { title: rows[0]![col("Action")], status: "delayed", due_date: "2027-06-30" },
        { title: rows[1]![col("Action")], status: "not-started", due_date: "2028-09-30" },
        { title: "Publish guidance for first responders", status: "not-started", due_date: "2028-03-04" },
      ]),
    );
    expect(errors).toEqual([]);
    await context.close();
  });
});
