import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";
import { createUser } from "~/services/accounts.server";
import { addMember } from "~/services/members.server";
import type { PmNode } from "~/domain/document/blocks";
import { findPlanById } from "../../db/repositories/plans";
import { docName } from "../../server/sync/doc-names";
import { failOnConsoleErrors, launchBrowser } from "./browser";
import { PASSWORD, seedCollabPlan, signIn } from "./collab";
import { writeRichText } from "./rich-text";
import { startTestServer } from "./test-server";

/**
 * Browser-side probes for the concurrent-editing journeys: several real editors (Chromium pages)
 * on one capability narrative through the real sync server.
 */
export interface Editor {
  name: string;
  context: BrowserContext;
  page: Page;
  errors: string[];
}

export async function openEditor(browser: Browser, origin: string, email: string, url: string, name: string): Promise<Editor> {
  const client = await signIn(origin, email);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([{ name: "tf_session", value: client.cookies.get("tf_session")!, url: origin }]);
  const page = await context.newPage();
  const errors = failOnConsoleErrors(page);
  await page.goto(url);
  await page.locator(".collab-connection-connected").first().waitFor();
  await prose(page).locator("p").first().waitFor();
  return { name, context, page, errors };
}

export const prose = (page: Page) => page.getByRole("textbox", { name: "Narrative" });

/**
 * The text of every textblock (paragraph, heading, list item paragraph) in document order, with
 * the other people's caret widgets (which carry their names) left out.
 */
export async function blocks(page: Page): Promise<string[]> {
  return prose(page).evaluate((root) => {
    const copy = root.cloneNode(true) as HTMLElement;
    copy.querySelectorAll(".collaboration-carets__caret, .ProseMirror-widget, .collaboration-carets__selection").forEach((n) => n.remove());
    return [...copy.querySelectorAll("p, h1, h2, h3, h4")].map((b) => b.textContent ?? "");
  });
}

/** Where this page's own caret is: the index of its textblock and the offset in that block's text. */
export async function caret(page: Page): Promise<{ block: number; offset: number } | null> {
  return prose(page).evaluate((root) => {
    const sel = window.getSelection();
    if (!sel || !sel.anchorNode || !root.contains(sel.anchorNode)) return null;
    const isBlock = (n: Node | null): n is HTMLElement => !!n && n instanceof HTMLElement && /^(P|H1|H2|H3|H4)$/.test(n.tagName);
    let block: Node | null = sel.anchorNode;
    while (block && !isBlock(block)) block = block.parentNode;
    if (!block) return null;
    const all = [...root.querySelectorAll("p, h1, h2, h3, h4")];
    const range = document.createRange();
    range.setStart(block, 0);
    range.setEnd(sel.anchorNode, sel.anchorOffset);
    const frag = range.cloneContents();
    frag.querySelectorAll?.(".collaboration-carets__caret, .ProseMirror-widget").forEach((n) => n.remove());
    return { block: all.indexOf(block as Element), offset: (frag.textContent ?? "").length };
  });
}

/** Indexes of the textblocks where this page shows another person's caret. */
export async function blocksWithOthersCarets(page: Page): Promise<number[]> {
  return prose(page).evaluate((root) =>
    [...root.querySelectorAll("p, h1, h2, h3, h4")].flatMap((b, i) => (b.querySelector(".collaboration-carets__caret") ? [i] : [])),
  );
}

/** Puts the caret at the start or end of textblock `index` (negative: from the end). */
export async function placeCaret(page: Page, index: number, where: "start" | "end"): Promise<void> {
  const all = prose(page).locator("p, h1, h2, h3, h4");
  const count = await all.count();
  const i = index < 0 ? count + index : index;
  await all.nth(i).click();
  await page.keyboard.press(where === "start" ? "Home" : "End");
}

/** Types like a person: one key at a time. */
export async function typeBurst(page: Page, text: string, delay = 25): Promise<void> {
  await page.keyboard.type(text, { delay });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until every editor shows the same textblocks, and returns them. */
export async function converged(editors: Editor[], timeout = 15_000): Promise<string[]> {
  let last: string[][] = [];
  await expect
    .poll(
      async () => {
        last = await Promise.all(editors.map((e) => blocks(e.page)));
        return last.every((b) => JSON.stringify(b) === JSON.stringify(last[0]));
      },
      { timeout, interval: 100 },
    )
    .toBe(true);
  return last[0]!;
}

/**
 * Fires a real paste event carrying HTML, as the system clipboard would (ProseMirror reads
 * `clipboardData` from the event).
 */
export async function pasteHtml(page: Page, html: string, text: string): Promise<void> {
  await prose(page).evaluate(
    (root, { html, text }) => {
      const data = new DataTransfer();
      data.setData("text/html", html);
      data.setData("text/plain", text);
      const target = window.getSelection()?.anchorNode?.parentElement ?? root;
      target.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    },
    { html, text },
  );
}

/** A small seeded generator (mulberry32): the randomised run is the same run every time. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A server, Chromium and a plan with three writers (Ann, Ben, Cai), all coordinators, so each
 * scenario can take a capability narrative of its own.
 */
export async function startWritingRoom(tag: string) {
  const server = await startTestServer();
  const browser = await launchBrowser();
  const seed = await seedCollabPlan(server.services, tag);
  const plan = (await findPlanById(server.services.db, seed.planId))!;
  const op = { kind: "operator" as const, plan, userId: seed.users.admin.id };
  const org = (await server.services.db.selectFrom("organisation").select("id").where("plan_id", "=", seed.planId).executeTakeFirstOrThrow()).id;
  const writers = [{ email: seed.users.coord.email, name: "Ann" }];
  for (const [key, name] of [["writer2", "Ben"], ["writer3", "Cai"]] as const) {
    const email = `${key}-${tag}@example.org`;
    const userId = await createUser(server.services.db, { email, name: `${name} Writer`, password: PASSWORD });
    await addMember(server.services, op, { userId, organisationId: org, role: "coordinator" });
    writers.push({ email, name });
  }
  return {
    /** Writes `content` into a capability's narrative, then opens it in `count` editors. */
    async narrativeWith(capabilityId: string, content: PmNode, count: number): Promise<Editor[]> {
      await writeRichText(server.services.db, docName({ kind: "capability", planId: seed.planId, capabilityId }), content);
      const url = `${server.origin}/plans/${seed.planId}/capabilities/${capabilityId}`;
      return Promise.all(writers.slice(0, count).map((w) => openEditor(browser, server.origin, w.email, url, w.name)));
    },
    /** Closes the editors, each having logged no console error. */
    async close(editors: Editor[]): Promise<void> {
      for (const e of editors) {
        expect(e.errors, `console errors of ${e.name}`).toEqual([]);
        await e.context.close();
      }
    },
    async stop(): Promise<void> {
      await browser.close();
      await server.stop();
      await server.database.drop();
    },
  };
}
