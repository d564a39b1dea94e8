import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentTextFor, freezeEdition } from "~/services/export.server";
import { loadPlanAccess } from "~/services/plan-access.server";
import { createActionPlan, PASSWORD, type ActionPlanFixture } from "../helpers/action-plan";
import { failOnConsoleErrors, launchBrowser } from "../helpers/browser";
import { startTestServer, type TestServer } from "../helpers/test-server";

/**
 * The running header of printed pages is the plan title (and the edition name) inside a CSS
 * string. Chromium itself is the judge: it must read exactly one @page rule whose header is the
 * whole text, whatever characters the title holds. Titles are written straight into the
 * database, as data stored before the edge refused control characters would be.
 */
const CONTROL = [...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)), "\x7f"];
// Every control character between markers, then the usual suspects.
const HOSTILE_TITLE = `Plan ${CONTROL.map((c, i) => `${c}m${i}`).join("")} "q" 'a' \\ </style><b>bold</b> \f} body { background: red } @page { @top-center {`;
const HOSTILE_EDITION = `Edition\f} html { color: red } \u2028 end`;

/** What Chromium's CSSOM gives back for a string value (CSSOM "serialize a string"). */
function serialized(value: string): string {
  let out = "";
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (c === 0) out += "\ufffd";
    else if (c < 0x20 || c === 0x7f) out += `\\${c.toString(16)} `;
    else if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else out += ch;
  }
  return `"${out}"`;
}

let server: TestServer;
let browser: Browser;
let plan: ActionPlanFixture;
let editionId: string;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  plan = await createActionPlan(server, "print");
  const db = server.services.db;
  const user = await db.selectFrom("app_user").select(["id", "email", "name"]).where("id", "=", plan.users.coordinator.id).executeTakeFirstOrThrow();
  // The edition is frozen under an ordinary title; the stored title changes afterwards.
  const access = (await loadPlanAccess(db, { user: { ...user, isSiteAdmin: false } } as never, plan.planId))!;
  editionId = await freezeEdition(server.services, access, { name: HOSTILE_EDITION, date: "2027-01-15", note: "", audience: "internal" }, await documentTextFor("en"));
  await db.updateTable("plan").set({ title: HOSTILE_TITLE }).where("id", "=", plan.planId).execute();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await server?.database.drop();
});

async function signIn(): Promise<{ page: Page; errors: string[] }> {
  const page = await (await browser.newContext()).newPage();
  const errors = failOnConsoleErrors(page);
  await page.goto(`${server.origin}/login`);
  await page.getByLabel("Email address").fill(plan.users.coordinator.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect.poll(() => new URL(page.url()).pathname).not.toBe("/login");
  return { page, errors };
}

/** The rules of the print header's style element, as Chromium parsed them. */
function headerRules(page: Page) {
  return page.evaluate(() => {
    const sheets = [...document.styleSheets].filter((s) => s.ownerNode instanceof HTMLStyleElement && s.ownerNode.textContent?.includes("@page"));
    return {
      styleElements: sheets.length,
      rules: sheets.flatMap((s) =>
        [...s.cssRules].map((r) => ({
          kind: r.constructor.name,
          // CSSMarginRule (@top-center) is newer than TypeScript's DOM types.
          margins: r instanceof CSSPageRule ? [...r.cssRules].map((m) => m as CSSRule & { name: string; style: CSSStyleDeclaration }).map((m) => ({ name: m.name, content: m.style.getPropertyValue("content") })) : [],
        })),
      ),
      background: getComputedStyle(document.body).backgroundColor,
      color: getComputedStyle(document.documentElement).color,
      bold: document.querySelectorAll("b").length,
    };
  });
}

describe("print header", () => {
  it("keeps a title with every control character, quotes, backslash and </style> inside one CSS string", async () => {
    const { page, errors } = await signIn();
    await page.goto(`${server.origin}/plans/${plan.planId}/export/print?edition=internal`);
    const seen = await headerRules(page);
    expect(seen.styleElements).toBe(1);
    expect(seen.rules).toEqual([{ kind: "CSSPageRule", margins: [{ name: "top-center", content: serialized(`${HOSTILE_TITLE} · 2026–2029`) }] }]);
    expect(seen.background).toBe("rgba(0, 0, 0, 0)");
    expect(seen.bold).toBe(0);
    expect(errors).toEqual([]);
  });

  it("keeps an edition name with a form feed inside the CSS string", async () => {
    const { page, errors } = await signIn();
    await page.goto(`${server.origin}/plans/${plan.planId}/editions/${editionId}/print`);
    const seen = await headerRules(page);
    expect(seen.rules).toHaveLength(1);
    expect(seen.rules[0]!.margins[0]!.content).toMatch(/^".* · Edition\\c \} html \{ color: red \} \u2028 end"$/);
    expect(seen.color).not.toBe("rgb(255, 0, 0)");
    expect(errors).toEqual([]);
  });
});
