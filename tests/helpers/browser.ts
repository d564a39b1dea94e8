import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOT_DIR = path.resolve("test-output/screenshots");

/** Launches Debian's Chromium. Missing Chromium is a failure with instructions, never a skip. */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}. The end-to-end tests need it: run "sudo apt-get install -y chromium" (Debian/Ubuntu) or set CHROMIUM_PATH.`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

const isKnownReact345 = (text: string) => text.includes("Minified React error #345");

/**
 * Collects console errors and uncaught page errors; tests assert the list is empty. A 4xx
 * answer to a bad form post is the app working (Chromium logs it as a failed resource); 5xx is not.
 */
export function failOnConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())) return;
    // KNOWN OPEN BUG (React 18.3, not ours to patch under Remix 2): typing or clicking while the
    // page is still hydrating sometimes ends React's replay of that event in error #345 ("Root did
    // not complete"). Reproduced: signing in right after the login page loads, 2 times in 60;
    // waiting 800 ms after load first, 0 in 60. The post still goes through and the next page
    // loads; the journeys assert that. Every other console error still fails the test.
    if (isKnownReact345(msg.text())) return void console.warn(`[tolerated React #345] ${page.url()}`);
    errors.push(msg.text());
  });
  page.on("pageerror", (err) => {
    if (!isKnownReact345(err.message)) errors.push(err.message);
    else console.warn(`[tolerated React #345] ${page.url()}`);
  });
  return errors;
}
