import fs from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAction, newActionSchema, progressSchema, reportProgress } from "~/services/actions.server";
import { loadPlanAccess, type PlanAccess } from "~/services/plan-access.server";
import { docName } from "../../server/sync/doc-names";
import { actionFields, createActionPlan, PASSWORD, type ActionPlanFixture } from "../helpers/action-plan";
import { failOnConsoleErrors, launchBrowser, screenshot, SCREENSHOT_DIR } from "../helpers/browser";
import { paragraphs, writeRichText } from "../helpers/rich-text";
import { startTestServer, type TestServer } from "../helpers/test-server";

let server: TestServer;
let browser: Browser;
let plan: ActionPlanFixture;
let access: PlanAccess;
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  plan = await createActionPlan(server, "export");
  const db = server.services.db;
  const user = await db.selectFrom("app_user").select(["id", "email", "name"]).where("id", "=", plan.users.coordinator.id).executeTakeFirstOrThrow();
  access = (await loadPlanAccess(db, { user: { ...user, isSiteAdmin: false } } as never, plan.planId))!;
  const create = async (key: string, overrides: Record<string, string | string[]>) => {
    ids[key] = (await createAction(server.services, access, newActionSchema.parse(actionFields(overrides)))).id;
  };
  await create("council", { title: "Set up the national council", organisationId: plan.orgs.ministry, capabilities: ["leadership"], partners: [plan.orgs.hotline], status: "on-track", progress: "30" });
  await create("hotline", { title: "Extend hotline opening hours", organisationId: plan.orgs.hotline, capabilities: ["csea-hotline"] });
  await create("training", { title: "Train prosecutors on digital evidence", organisationId: plan.orgs.ministry, capabilities: ["judiciary-prosecutors"], status: "at-risk" });
  await writeRichText(db, docName({ kind: "introduction", planId: plan.planId }), paragraphs("The task force adopts this plan to coordinate the national response.", "It follows the Model National Response."));
  await writeRichText(db, docName({ kind: "capability", planId: plan.planId, capabilityId: "leadership" }), paragraphs("The council meets every quarter and reports to the cabinet."));
  await writeRichText(db, docName({ kind: "sector-notes", planId: plan.planId, capabilityId: "leadership", sector: "government" }), paragraphs("Confidential: budget negotiation position"));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await server?.database.drop();
});

/** The first screen only (the print view is one very long page). */
async function screenTop(page: Page, name: string) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

async function signIn(): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = failOnConsoleErrors(page);
  await page.goto(`${server.origin}/login`);
  await page.getByLabel("Email address").fill(plan.users.coordinator.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect.poll(() => new URL(page.url()).pathname).not.toBe("/login");
  return { page, errors };
}

describe("the plan as a document", () => {
  it("exports, prints, freezes an edition, compares it after changes, and downloads it", async () => {
    const { page, errors } = await signIn();
    await page.goto(`${server.origin}/plans/${plan.planId}`);
    await page.getByRole("navigation", { name: "Plan sections" }).getByRole("link", { name: "Export" }).click();
    await page.getByRole("heading", { name: "Export the plan" }).waitFor();
    await page.getByLabel(/Internal edition/).check();
    await page.getByRole("button", { name: "Use this edition" }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("edition")).toBe("internal");
    await page.getByText("3 actions").waitFor();
    await screenshot(page, "export-01-export-page");

    // The print view: the document only, every domain on its own page when printed.
    await page.getByRole("link", { name: "Print view (save as PDF)" }).click();
    await page.getByRole("heading", { name: /^1 Introduction/ }).waitFor();
    await page.getByText("The council meets every quarter and reports to the cabinet.").waitFor();
    expect(await page.getByText("Confidential: budget negotiation position").count()).toBe(0);
    await screenshot(page, "export-02-print-view");
    await screenTop(page, "export-02-print-view-top");
    await page.locator("#domain-criminal-justice").scrollIntoViewIfNeeded();
    await screenTop(page, "export-02-print-view-domain");
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".plan-nav").isVisible()).toBe(false);
    expect(await page.locator(".app-header").isVisible()).toBe(false);
    const breaks = await page.locator(".doc-domain").first().evaluate((el) => getComputedStyle(el).breakBefore);
    expect(breaks).toBe("page");
    await screenTop(page, "export-03-print-media-top");
    // What "Save as PDF" produces: cover, contents, introduction, six domains and three annexes each
    // start a page, so there are at least 12 pages.
    const pdf = await page.pdf({ format: "A4" });
    fs.writeFileSync(path.join(SCREENSHOT_DIR, "export-plan.pdf"), pdf);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0).toBeGreaterThanOrEqual(12);
    await page.emulateMedia({ media: "screen" });

    // Freeze an edition.
    await page.goto(`${server.origin}/plans/${plan.planId}/editions`);
    await page.getByText("No edition has been frozen yet.").waitFor();
    await page.getByLabel("Name", { exact: true }).fill("v1.0 adopted by the cabinet");
    await page.getByLabel("Date", { exact: true }).fill("2027-03-01");
    await page.getByLabel("Edition", { exact: true }).selectOption("internal");
    await page.getByRole("button", { name: "Freeze edition" }).click();
    await page.getByText("Edition “v1.0 adopted by the cabinet” frozen.").waitFor();
    await page.getByText("Nothing changed.").waitFor();

    // The plan moves on.
    await reportProgress(server.services, access, ids.council!, progressSchema.parse({ status: "completed", progress: "100", comment: "" }));
    await createAction(server.services, access, newActionSchema.parse(actionFields({ title: "Publish the annual progress report", organisationId: plan.orgs.ministry, capabilities: ["research-analysis-monitoring"] })));
    await writeRichText(server.services.db, docName({ kind: "capability", planId: plan.planId, capabilityId: "leadership" }), paragraphs("The council now meets every month."));

    await page.reload();
    await page.getByRole("heading", { name: "Changes from “v1.0 adopted by the cabinet” to “The living plan”" }).waitFor();
    await page.getByText("Set up the national council: On track → Completed").waitFor();
    await page.getByText(/Publish the annual progress report/).waitFor();
    await page.getByRole("region", { name: "Narratives changed" }).getByText("1. Leadership").waitFor();
    await screenshot(page, "export-04-comparison");

    // The edition still downloads as it was frozen.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Word document (.docx)" }).click()]);
    expect(download.suggestedFilename()).toMatch(/v1\.0 adopted by the cabinet 2027-03-01\.docx$/);
    const file = await download.path();
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    const xml = await zip.file("word/document.xml")!.async("string");
    expect(xml).toContain('<w:pStyle w:val="Heading1"/>');
    expect(xml).toContain("The council meets every quarter and reports to the cabinet.");
    expect(xml).not.toContain("every month");
    expect(xml).not.toContain("Publish the annual progress report");
    expect(xml).not.toContain("Confidential: budget negotiation position");
    await page.getByText(/Downloaded .*\.docx/).waitFor();

    // The frozen edition's print view.
    await page.getByRole("link", { name: "Print view (save as PDF)" }).click();
    await page.getByText("v1.0 adopted by the cabinet (Mar 1, 2027)").waitFor();
    await screenTop(page, "export-05-edition-print-top");
    expect(errors).toEqual([]);
  });
});
