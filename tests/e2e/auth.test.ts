import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failOnConsoleErrors, launchBrowser, screenshot } from "../helpers/browser";
import { startTestServer, type TestServer } from "../helpers/test-server";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await server?.database.drop();
});

describe("first run, sign in, account, sign out", () => {
  it("walks the whole journey in Chromium", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = failOnConsoleErrors(page);

    await page.goto(server.origin + "/");
    await expect.poll(() => new URL(page.url()).pathname).toBe("/setup");
    await screenshot(page, "auth-01-setup");

    await page.getByLabel("Setup code").fill(server.setupCode!);
    await page.getByLabel("Your name").fill("Amina Diallo");
    await page.getByLabel("Email address").fill("amina@example.org");
    await page.getByLabel("Password", { exact: true }).fill("a sturdy first passphrase");
    await page.getByRole("button", { name: "Create administrator" }).click();
    await page.getByRole("heading", { name: "Welcome, Amina Diallo" }).waitFor();
    await screenshot(page, "auth-02-home");

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();

    // A wrong password shows one message, next to nothing that reveals the account exists.
    await page.getByLabel("Email address").fill("amina@example.org");
    await page.getByLabel("Password").fill("not the passphrase");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "do not match" }).waitFor();
    await screenshot(page, "auth-03-login-error");

    await page.getByLabel("Password").fill("a sturdy first passphrase");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Welcome, Amina Diallo" }).waitFor();

    await page.getByRole("link", { name: "Amina Diallo" }).click();
    await page.getByRole("heading", { name: "Your account" }).waitFor();
    await expect.poll(() => page.getByRole("row").count()).toBeGreaterThan(1);
    await screenshot(page, "auth-04-account");

    // A too-short new password is refused with the reason next to the field.
    await page.getByLabel("Current password").fill("a sturdy first passphrase");
    await page.getByLabel("New password").fill("short");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("Use at least 12 characters.").waitFor();

    await page.getByLabel("Current password").fill("a sturdy first passphrase");
    await page.getByLabel("New password").fill("a brand new second passphrase");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();

    await page.getByLabel("Email address").fill("amina@example.org");
    await page.getByLabel("Password").fill("a brand new second passphrase");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Welcome, Amina Diallo" }).waitFor();

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.goto(server.origin + "/account");
    await page.getByRole("heading", { name: "Sign in" }).waitFor();

    await page.goto(server.origin + "/no-such-page");
    await page.getByRole("heading", { name: "Page not found" }).waitFor();
    await screenshot(page, "auth-05-not-found");

    expect(errors, errors.join("\n")).toEqual([]);
    await context.close();
  });
});
