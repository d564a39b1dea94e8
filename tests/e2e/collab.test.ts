import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failOnConsoleErrors, launchBrowser, screenshot } from "../helpers/browser";
import { seedCollabPlan, signIn, type CollabPlan } from "../helpers/collab";
import { startTestServer, type TestServer } from "../helpers/test-server";

let server: TestServer;
let browser: Browser;
let seed: CollabPlan;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  seed = await seedCollabPlan(server.services, "e");
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await server?.database.drop();
});

async function memberPage(who: keyof CollabPlan["users"]): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const client = await signIn(server.origin, seed.users[who].email);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([{ name: "tf_session", value: client.cookies.get("tf_session")!, url: server.origin }]);
  const page = await context.newPage();
  const errors = failOnConsoleErrors(page);
  page.on("dialog", (d) => void d.accept());
  await page.goto(`${server.origin}/plans/${seed.planId}/capabilities/${seed.capabilityId}`);
  return { context, page, errors };
}

const narrative = (page: Page) => page.getByRole("textbox", { name: "Narrative" });
const connected = (page: Page) => page.locator(".collab-connection-connected").first().waitFor();

describe("live co-editing of a capability narrative", () => {
  it("two members type together, an observer watches, a version is restored for everyone", async () => {
    const a = await memberPage("coord");
    const b = await memberPage("gov");
    const c = await memberPage("observer");
    await Promise.all([connected(a.page), connected(b.page), connected(c.page)]);

    await narrative(a.page).click();
    await a.page.keyboard.type("Cora writes the first paragraph.");
    await narrative(b.page).click();
    await b.page.keyboard.press("Control+End");
    await b.page.keyboard.press("Enter");
    await b.page.keyboard.type("Gil adds a second one.");

    for (const p of [a.page, b.page, c.page]) {
      await expect.poll(() => narrative(p).innerText(), { timeout: 10_000 }).toContain("Cora writes the first paragraph.");
      await expect.poll(() => narrative(p).innerText(), { timeout: 10_000 }).toContain("Gil adds a second one.");
    }
    // Each writer sees the other's caret with their name; the avatar row lists who is here.
    await a.page.locator(".collaboration-carets__label", { hasText: "Gil Government" }).waitFor({ timeout: 10_000 });
    await b.page.locator(".collaboration-carets__label", { hasText: "Cora Coordinator" }).waitFor({ timeout: 10_000 });
    await a.page.getByRole("list", { name: "People in this document" }).first().getByText("Olu Observer").waitFor({ state: "attached" });
    await screenshot(a.page, "collab-01-two-writers");

    // The observer sees it live, in read-only mode, and cannot type.
    const region = c.page.getByRole("region", { name: "Narrative" });
    await region.getByRole("note").filter({ hasText: "Read only: your role lets you read this text" }).waitFor();
    expect(await narrative(c.page).getAttribute("contenteditable")).toBe("false");
    await narrative(c.page).click();
    await c.page.keyboard.type("OBSERVER TYPING");
    await a.page.keyboard.type(" Live for all.");
    await expect.poll(() => narrative(c.page).innerText(), { timeout: 10_000 }).toContain("Live for all.");
    expect(await narrative(c.page).innerText()).not.toContain("OBSERVER");
    expect(await narrative(a.page).innerText()).not.toContain("OBSERVER");
    await screenshot(c.page, "collab-02-observer");

    // Keep a named version, change the text, then restore the version.
    await a.page.getByText("Version history of Narrative").click();
    await a.page.getByLabel("Keep the current text as a version named").fill("Agreed draft");
    await a.page.getByRole("button", { name: "Keep version" }).click();
    await a.page.getByText("Version “Agreed draft” kept.").first().waitFor();
    await narrative(b.page).click();
    await b.page.keyboard.press("Control+End");
    await b.page.keyboard.press("Enter");
    await b.page.keyboard.type("A later paragraph to undo.");
    await expect.poll(() => narrative(a.page).innerText(), { timeout: 10_000 }).toContain("A later paragraph to undo.");

    await a.page.getByRole("button", { name: /^Open Agreed draft/ }).click();
    await a.page.getByRole("heading", { name: "Version: Agreed draft" }).waitFor();
    await a.page.locator(".collab-change-added", { hasText: "A later paragraph to undo." }).getByText("Gil Government").waitFor();
    await screenshot(a.page, "collab-03-version");
    await a.page.getByRole("button", { name: "Restore this version" }).click();
    for (const p of [a.page, b.page, c.page]) {
      await expect.poll(() => narrative(p).innerText(), { timeout: 10_000 }).not.toContain("A later paragraph to undo.");
      expect(await narrative(p).innerText()).toContain("Gil adds a second one.");
    }
    await screenshot(b.page, "collab-04-restored");

    for (const x of [a, b, c]) {
      expect(x.errors).toEqual([]);
      await x.context.close();
    }
  });
});
