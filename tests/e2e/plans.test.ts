import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "~/services/accounts.server";
import { failOnConsoleErrors, launchBrowser, screenshot } from "../helpers/browser";
import { startTestServer, type TestServer } from "../helpers/test-server";

const PASSWORD = "a sturdy shared passphrase";
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  await createUser(server.services.db, { email: "admin@example.org", name: "Ada Admin", password: PASSWORD, isSiteAdmin: true });
  // The administrator exists, as after first-run setup: the setup page is closed.
  server.services.setup.close();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await server?.database.drop();
});

async function newPage(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  // Clipboard permission so the Copy button can be exercised for real.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  return { context, page, errors: failOnConsoleErrors(page) };
}

async function signIn(page: Page, email: string) {
  await page.goto(server.origin + "/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: /^Welcome/ }).waitFor();
}

/** Fills the "create account" form of an invitation page and joins. */
async function acceptAsNewPerson(page: Page, link: string, name: string, email: string) {
  await page.goto(link);
  await page.getByRole("heading", { name: "Invitation" }).waitFor();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account and join" }).click();
  await page.getByRole("navigation", { name: "Plan sections" }).waitFor();
}

/** Creates an invitation on the members page and returns the link from the read-only field. */
async function inviteFromMembersPage(page: Page, label: string, organisation: string, role: string): Promise<string> {
  await page.getByLabel("Who it is for").fill(label);
  await page.getByLabel("Organisation", { exact: true }).last().selectOption({ label: organisation });
  await page.locator("form", { has: page.getByRole("button", { name: "Create invitation link" }) }).getByLabel("Role").selectOption({ label: role });
  await page.getByRole("button", { name: "Create invitation link" }).click();
  const field = page.getByLabel("Invitation link", { exact: true });
  await field.waitFor();
  await page.getByRole("button", { name: "Copy" }).click();
  await page.getByText("Copied to the clipboard.").waitFor();
  const link = await field.inputValue();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  return link;
}

describe("plans, invitations and sectors in Chromium", () => {
  // Four people, four browser contexts: longer than the default on a busy 2-core machine.
  it("admin creates a plan, the coordinator invites a sector lead, who accepts and invites a member of their sector", { timeout: 240_000 }, async () => {
    // 1. The site administrator creates a plan for a coordinator who has no account yet.
    const admin = await newPage();
    await signIn(admin.page, "admin@example.org");
    await admin.page.getByRole("link", { name: "Administration" }).click();
    await admin.page.getByRole("heading", { name: "Create a plan" }).waitFor();
    await admin.page.getByLabel("Title").fill("National Action Plan against Online CSEA");
    await admin.page.getByLabel("Country", { exact: true }).selectOption("LU");
    await admin.page.getByLabel("First year").fill("2026");
    await admin.page.getByLabel("Last year").fill("2029");
    await admin.page.getByLabel("First coordinator's email").fill("cora@example.org");
    await admin.page.getByLabel("Coordinator's organisation").fill("Ministry of Justice");
    await screenshot(admin.page, "plans-01-admin-create");
    await admin.page.getByRole("button", { name: "Create plan" }).click();
    const coordinatorLinkField = admin.page.getByLabel("Coordinator invitation link", { exact: true });
    await coordinatorLinkField.waitFor();
    const coordinatorLink = await coordinatorLinkField.inputValue();
    expect(coordinatorLink).toMatch(/\/invite\/[a-z2-7]{32}$/);
    await admin.page.getByRole("cell", { name: /National Action Plan against Online CSEA/ }).waitFor();
    await screenshot(admin.page, "plans-02-admin-created-with-invitation");
    // The form is empty again: a second click cannot create the same plan twice.
    expect(await admin.page.getByLabel("Title").inputValue()).toBe("");
    expect(await admin.page.getByLabel("First coordinator's email").inputValue()).toBe("");

    // A plan for a coordinator who has an account: a confirmation with a link, and an empty form.
    await admin.page.getByLabel("Title").fill("Training plan of a fictional country");
    await admin.page.getByLabel("Country", { exact: true }).selectOption("ZZ");
    await admin.page.getByLabel("First coordinator's email").fill("admin@example.org");
    await admin.page.getByLabel("Coordinator's organisation").fill("Training unit");
    await admin.page.getByRole("button", { name: "Create plan" }).click();
    // Another country or territory must be named: the error says so and keeps the input.
    await admin.page.getByText("Give the name of the country or territory: it has no standard name.").waitFor();
    expect(await admin.page.getByLabel("Title").inputValue()).toBe("Training plan of a fictional country");
    await admin.page.getByLabel("Name shown for the country or territory").fill("Arvenia");
    await admin.page.getByRole("button", { name: "Create plan" }).click();
    await admin.page.getByRole("status").filter({ hasText: "Plan “Training plan of a fictional country” created." }).waitFor();
    await admin.page.getByRole("link", { name: "Open Training plan of a fictional country" }).waitFor();
    expect(await admin.page.getByLabel("Title").inputValue()).toBe("");
    expect(await admin.page.getByLabel("Name shown for the country or territory").inputValue()).toBe("");
    await expect.poll(() => admin.page.getByRole("cell", { name: "Arvenia", exact: true }).count()).toBe(1);
    await screenshot(admin.page, "plans-02b-admin-created");

    // 2. The coordinator joins through the link, adds a hotline organisation and invites its sector lead.
    const coord = await newPage();
    await acceptAsNewPerson(coord.page, coordinatorLink, "Cora Coordinator", "cora@example.org");
    await coord.page.getByText("Coordinator · Ministry of Justice").waitFor();
    await coord.page.getByRole("link", { name: "Organisations" }).click();
    await coord.page.getByLabel("Name", { exact: true }).last().fill("National Hotline");
    await coord.page.getByLabel("Organisation type").selectOption("hotline");
    await coord.page.getByRole("button", { name: "Add organisation" }).click();
    await coord.page.getByRole("rowheader", { name: "National Hotline" }).waitFor();
    await coord.page.getByLabel("Name", { exact: true }).last().fill("Police Cyber Unit");
    await coord.page.getByLabel("Organisation type").selectOption("law-enforcement");
    await coord.page.getByRole("button", { name: "Add organisation" }).click();
    await coord.page.getByRole("rowheader", { name: "Police Cyber Unit" }).waitFor();
    await screenshot(coord.page, "plans-03-organisations");

    await coord.page.getByRole("link", { name: "Members" }).click();
    await coord.page.getByRole("heading", { name: "Invite someone" }).waitFor();
    const leadLink = await inviteFromMembersPage(coord.page, "Hana, hotline director", "National Hotline (Civil society)", "Sector lead");
    await screenshot(coord.page, "plans-04-coordinator-invites-lead");

    // 3. The sector lead accepts in a second browser context and sees only their sector's options.
    const lead = await newPage();
    await acceptAsNewPerson(lead.page, leadLink, "Hana Hotline", "hana@example.org");
    await lead.page.getByText("Sector lead · National Hotline").waitFor();
    await lead.page.getByRole("link", { name: "Members" }).click();
    await lead.page.getByRole("heading", { name: "Invite someone" }).waitFor();
    const orgOptions = await lead.page.getByLabel("Organisation", { exact: true }).last().locator("option").allTextContents();
    expect(orgOptions.filter((o) => !o.startsWith("Choose"))).toEqual(["National Hotline (Civil society)"]);
    const roleOptions = await lead.page.locator("form", { has: lead.page.getByRole("button", { name: "Create invitation link" }) }).getByLabel("Role").locator("option").allTextContents();
    expect(roleOptions).toEqual(["Member", "Observer"]);
    const memberLink = await inviteFromMembersPage(lead.page, "Mo, analyst", "National Hotline (Civil society)", "Member");
    await screenshot(lead.page, "plans-05-lead-invites-member");

    // 4. The member joins; the coordinator sees everyone, the invitations' states and the audit log.
    const member = await newPage();
    await acceptAsNewPerson(member.page, memberLink, "Mo Analyst", "mo@example.org");
    await member.page.getByText("Member · National Hotline").waitFor();
    await screenshot(member.page, "plans-06-member-joined");
    // A used link now shows a clear page.
    await member.page.goto(memberLink);
    await member.page.getByRole("heading", { name: "Invitation already used" }).waitFor();
    await screenshot(member.page, "plans-07-used-link");

    await coord.page.reload();
    await coord.page.getByRole("rowheader", { name: /Mo Analyst/ }).waitFor();
    await expect.poll(() => coord.page.getByText("Accepted", { exact: true }).count()).toBe(3);
    await screenshot(coord.page, "plans-08-members-table");
    await coord.page.getByRole("link", { name: "Audit log" }).click();
    await coord.page.getByRole("heading", { name: "Audit log" }).waitFor();
    await coord.page.getByRole("cell", { name: /invitation\.accept/ }).first().waitFor();
    await screenshot(coord.page, "plans-09-audit-log");

    for (const p of [admin, coord, lead, member]) {
      expect(p.errors).toEqual([]);
      await p.context.close();
    }
  });
});
