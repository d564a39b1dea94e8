import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createActionPlan, PASSWORD, type ActionPlanFixture } from "../helpers/action-plan";
import { failOnConsoleErrors, launchBrowser, screenshot } from "../helpers/browser";
import { startTestServer, type TestServer } from "../helpers/test-server";

let server: TestServer;
let browser: Browser;
let plan: ActionPlanFixture;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  plan = await createActionPlan(server, "e2e");
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await server?.database.drop();
});

/** Serious or critical WCAG 2.x A/AA violations on the page, as "rule: target" strings. */
async function axeProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")}`));
}

async function signIn(who: keyof ActionPlanFixture["users"]): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = failOnConsoleErrors(page);
  await page.goto(`${server.origin}/login`);
  await page.getByLabel("Email address").fill(plan.users[who].email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
  return { context, page, errors };
}

describe("actions: a sector lead assigns, the assignee reports, everyone sees it live", () => {
  it("walks the journey in two browser contexts", async () => {
    const lead = await signIn("leadLE");
    const actions = `${server.origin}/plans/${plan.planId}/actions`;

    // The sector lead creates an action and assigns it to a member of the police unit.
    await lead.page.goto(actions);
    await lead.page.getByRole("link", { name: "New action" }).click();
    await lead.page.getByRole("heading", { name: "New action" }).waitFor();
    await lead.page.getByLabel("Action", { exact: true }).fill("Train frontline officers on digital evidence handling");
    await lead.page.getByLabel("Objective").fill("Every district has officers trained in evidence preservation");
    await lead.page.getByLabel("4. Dedicated Law Enforcement").check();
    await lead.page.getByLabel("Lead organisation").selectOption({ label: "National Police CSEA Unit (Law enforcement)" });
    await lead.page.getByLabel("Assignee").selectOption({ label: "Mia Member" });
    await lead.page.getByLabel("Start date").fill("2026-02-01");
    await lead.page.getByLabel("Due date").fill("2027-06-30");
    await lead.page.getByLabel("Indicator 1").fill("Officers trained");
    await lead.page.getByLabel("Target 1").fill("120");
    await screenshot(lead.page, "actions-01-new-action");
    expect(await axeProblems(lead.page)).toEqual([]);
    await lead.page.getByRole("button", { name: "Create action" }).click();
    await lead.page.getByRole("heading", { name: "Train frontline officers on digital evidence handling" }).waitFor();
    await lead.page.getByText("Action 4.1 created.").waitFor();
    await screenshot(lead.page, "actions-02-action-page");
    expect(await axeProblems(lead.page)).toEqual([]);

    // The lead keeps the register open.
    await lead.page.goto(actions);
    const leadRow = lead.page.getByRole("row", { name: /Train frontline officers/ });
    await leadRow.waitFor();
    await expect.poll(() => leadRow.textContent(), { timeout: 5000 }).toContain("Not started");
    expect(await axeProblems(lead.page)).toEqual([]);

    // The assignee, in another browser context, finds it under "My actions".
    const member = await signIn("memberLE");
    await member.page.goto(actions);
    await member.page.getByRole("link", { name: "My actions" }).click();
    await member.page.getByRole("heading", { name: "My actions" }).waitFor();
    await screenshot(member.page, "actions-03-my-actions");
    await member.page.getByRole("link", { name: "Train frontline officers on digital evidence handling" }).click();
    await member.page.getByRole("heading", { name: "Report progress" }).waitFor();
    const form = member.page.getByRole("form", { name: "Report progress" });
    await form.getByLabel("Status").selectOption({ label: "On track" });
    await form.getByLabel("Progress (%)").fill("35");
    await form.getByLabel("Current value of Officers trained").fill("42");
    await form.getByLabel("Note").fill("Two regional sessions held; the third is scheduled.");
    await form.getByLabel("Evidence link").fill("https://example.org/training-report-q1.pdf");
    await form.getByRole("button", { name: "Record update" }).click();
    await member.page.getByText("Update recorded.").waitFor();
    await member.page.getByTestId("timeline").getByText("Two regional sessions held; the third is scheduled.").waitFor();
    await screenshot(member.page, "actions-04-progress-reported");

    // The lead's open register shows it without a reload, and announces who changed it.
    await expect.poll(() => leadRow.textContent(), { timeout: 5000 }).toContain("On track");
    expect(await leadRow.textContent()).toContain("35 %");
    await expect.poll(() => lead.page.getByTestId("live-announcement").textContent(), { timeout: 5000 }).toBe("Updated by Mia Member");
    await screenshot(lead.page, "actions-05-register-updated-live");

    // The lead starts editing; a live update arrives; what the lead typed stays.
    await leadRow.getByRole("link").click();
    await lead.page.getByRole("button", { name: "Edit action" }).click();
    const title = lead.page.getByRole("form", { name: "Edit action" }).getByLabel("Action", { exact: true });
    await title.fill("Train frontline officers and prosecutors on digital evidence");
    await form.getByLabel("Status").selectOption({ label: "At risk" });
    await form.getByLabel("Note").fill("Trainer availability is uncertain for the autumn.");
    await form.getByRole("button", { name: "Record update" }).click();
    await member.page.getByText("Trainer availability is uncertain for the autumn.").waitFor();
    await expect.poll(() => lead.page.locator(".action-head").textContent(), { timeout: 5000 }).toContain("At risk");
    expect(await title.inputValue()).toBe("Train frontline officers and prosecutors on digital evidence");
    await lead.page.getByText("This action has changed since you opened this form").waitFor();
    await screenshot(lead.page, "actions-06-editing-kept-during-live-update");

    // Saving over the newer version shows what changed and keeps the typing to re-apply.
    await lead.page.getByRole("button", { name: "Save changes" }).click();
    await lead.page.getByRole("heading", { name: "Someone saved this action while you were editing" }).waitFor();
    expect(await title.inputValue()).toBe("Train frontline officers and prosecutors on digital evidence");
    await screenshot(lead.page, "actions-07-conflict");
    expect(await axeProblems(lead.page)).toEqual([]);
    await lead.page.getByRole("button", { name: "Save changes" }).click();
    await lead.page.getByRole("heading", { name: "Train frontline officers and prosecutors on digital evidence" }).waitFor();

    expect(lead.errors).toEqual([]);
    expect(member.errors).toEqual([]);
    await lead.context.close();
    await member.context.close();
  }, 180_000);

  it("previews an import with row problems", async () => {
    const lead = await signIn("leadLE");
    const actions = `${server.origin}/plans/${plan.planId}/actions`;
    // The import page, with a small file previewed.
    await lead.page.goto(`${actions}/import`);
    await lead.page.getByLabel("Spreadsheet file").setInputFiles({
      name: "plan.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("Ref,Action,Capability,Lead agency,Deadline,Status\r\nP-1,Map referral pathways,8,National Police CSEA Unit,31/12/2027,On track\r\nP-2,=cmd|' /C calc'!A0,4,Ministry of Magic,2027-02-31,Paused\r\n"),
    });
    await lead.page.getByRole("button", { name: "Upload and preview" }).click();
    await lead.page.getByRole("heading", { name: "1 of 2 rows are ready to import; 1 with problems." }).waitFor();
    await screenshot(lead.page, "actions-08-import-preview");
    await lead.page.getByRole("button", { name: "Import 1 action" }).waitFor();
    expect(await axeProblems(lead.page)).toEqual([]);

    expect(lead.errors).toEqual([]);
    await lead.context.close();
  }, 120_000);
});
