import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docName } from "../../server/sync/doc-names";
import { failOnConsoleErrors, launchBrowser } from "../helpers/browser";
import { seedCollabPlan, signIn, type CollabPlan } from "../helpers/collab";
import { paragraphs, writeRichText } from "../helpers/rich-text";
import { startTestServer, type TestServer } from "../helpers/test-server";

// What screen-reader users hear from the live editor's polite live region (app/collab/editor.client.tsx).

let server: TestServer;
let browser: Browser;
let seed: CollabPlan;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  seed = await seedCollabPlan(server.services, "a");
  await writeRichText(server.services.db, docName({ kind: "capability", planId: seed.planId, capabilityId: seed.capabilityId }), paragraphs("The council meets every quarter."));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await server?.database.drop();
});

async function open(who: keyof CollabPlan["users"]): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const client = await signIn(server.origin, seed.users[who].email);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([{ name: "tf_session", value: client.cookies.get("tf_session")!, url: server.origin }]);
  const page = await context.newPage();
  const errors = failOnConsoleErrors(page);
  await page.goto(`${server.origin}/plans/${seed.planId}/capabilities/${seed.capabilityId}`);
  return { context, page, errors };
}

const narrativeEditor = (page: Page) => page.locator(".collab-editor", { has: page.getByRole("textbox", { name: "Narrative" }) });
const announcement = (page: Page) => narrativeEditor(page).locator('[aria-live="polite"]').innerText();

describe("announcing other members' changes", () => {
  it("says nothing when a document opens with no one else there, and speaks when another member types", async () => {
    const a = await open("coord");
    await narrativeEditor(a.page).locator(".collab-connection-connected").waitFor();
    await expect.poll(() => a.page.getByRole("textbox", { name: "Narrative" }).innerText()).toContain("The council meets every quarter.");
    // Past the moment an announcement of the opening text would have been made.
    await a.page.waitForTimeout(1500);
    expect(await announcement(a.page)).toBe("");

    const b = await open("gov");
    await narrativeEditor(b.page).locator(".collab-connection-connected").waitFor();
    await b.page.waitForTimeout(1000);
    expect(await announcement(b.page)).toBe("");
    await b.page.getByRole("textbox", { name: "Narrative" }).click();
    await b.page.keyboard.press("Control+End");
    await b.page.keyboard.type(" Gil adds a sentence.");
    await expect.poll(() => announcement(a.page), { timeout: 10_000 }).toBe("The text was changed. Also here: Gil Government.");
    // The writer hears nothing about their own typing.
    expect(await announcement(b.page)).toBe("");

    for (const x of [a, b]) {
      expect(x.errors).toEqual([]);
      await x.context.close();
    }
  });
});
