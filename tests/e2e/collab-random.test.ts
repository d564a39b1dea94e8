import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "~/services/accounts.server";
import { addMember } from "~/services/members.server";
import { findPlanById } from "../../db/repositories/plans";
import { docName } from "../../server/sync/doc-names";
import { launchBrowser, screenshot } from "../helpers/browser";
import { PASSWORD, seedCollabPlan, type CollabPlan } from "../helpers/collab";
import { blocks, blocksWithOthersCarets, caret, converged, openEditor, placeCaret, seeded, sleep, typeBurst, type Editor } from "../helpers/co-editing";
import { paragraphs, writeRichText } from "../helpers/rich-text";
import { startTestServer, type TestServer } from "../helpers/test-server";

/**
 * The seeded random run of the co-editing guarantee (decision 029): three editors, 210
 * operations, convergence and every typed burst intact. Run by `npm run test:soak`, not by
 * `npm test`: it still fails about one run in three (a keystroke lost or carried into another
 * paragraph while three people type at 12 keys a second), a defect that is open in issue 13.
 */
let server: TestServer;
let browser: Browser;
let seed: CollabPlan;
const writers: Array<{ email: string; name: string }> = [];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  seed = await seedCollabPlan(server.services, "cr");
  const plan = (await findPlanById(server.services.db, seed.planId))!;
  const op = { kind: "operator" as const, plan, userId: seed.users.admin.id };
  const org = (await server.services.db.selectFrom("organisation").select("id").where("plan_id", "=", seed.planId).executeTakeFirstOrThrow()).id;
  writers.push({ email: seed.users.coord.email, name: "Ann" });
  for (const [key, name] of [["writer2", "Ben"], ["writer3", "Cai"]] as const) {
    const email = `${key}-cr@example.org`;
    const userId = await createUser(server.services.db, { email, name: `${name} Writer`, password: PASSWORD });
    await addMember(server.services, op, { userId, organisationId: org, role: "coordinator" });
    writers.push({ email, name });
  }
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await server?.database.drop();
});

async function narrativeWith(capabilityId: string, lines: string[], count: number): Promise<Editor[]> {
  await writeRichText(server.services.db, docName({ kind: "capability", planId: seed.planId, capabilityId }), paragraphs(...lines));
  const url = `${server.origin}/plans/${seed.planId}/capabilities/${capabilityId}`;
  return Promise.all(writers.slice(0, count).map((w) => openEditor(browser, server.origin, w.email, url, w.name)));
}

async function close(editors: Editor[]): Promise<void> {
  for (const e of editors) {
    expect(e.errors, `console errors of ${e.name}`).toEqual([]);
    await e.context.close();
  }
}

describe("concurrent editing, randomised", () => {
  it("a seeded random run of 210 operations by three editors converges with every burst intact", async () => {
    const editors = await narrativeWith("child-protection-workforce", ["Start of the narrative.", "", "End of the narrative."], 3);
    const random = seeded(20261203);
    const opsPerEditor = 70;
    // Each editor's script is drawn up front from the seed, so the run is the same every time.
    const scripts = editors.map((e, n) =>
      Array.from({ length: opsPerEditor }, (_, i) => {
        const roll = random();
        const token = `[${e.name}${String(i).padStart(2, "0")}]`;
        // Everyone starts by clicking into the text: keys typed before that reach no editor.
        if (i === 0 || roll < 0.3) return { kind: "move" as const, block: Math.floor(random() * 6) - 3, where: random() < 0.5 ? ("start" as const) : ("end" as const), n };
        if (roll < 0.6) return { kind: "enter" as const, token, pause: Math.floor(random() * 120), n };
        return { kind: "type" as const, token, pause: Math.floor(random() * 120), n };
      }),
    );
    const typedTokens: string[] = [];
    // A person clicks where nobody else's caret is, and does not start typing into a paragraph
    // someone else has just entered: typing into the very character where someone else types at
    // that moment is ordered by the CRDT alone (decision 029), so the guarantee is about
    // everything around it.
    const moveToFreeBlock = async (e: Editor, preferred: number, where: "start" | "end") => {
      const count = (await blocks(e.page)).length;
      const busy = new Set(await blocksWithOthersCarets(e.page));
      const first = ((preferred % count) + count) % count;
      const index = Array.from({ length: count }, (_, k) => (first + k) % count).find((i) => !busy.has(i));
      if (index !== undefined) await placeCaret(e.page, index, where);
    };
    await Promise.all(
      editors.map(async (e, n) => {
        for (const op of scripts[n]!) {
          if (op.kind === "move") {
            await moveToFreeBlock(e, op.block, op.where);
            continue;
          }
          await sleep(op.pause);
          const here = await caret(e.page);
          if (here && (await blocksWithOthersCarets(e.page)).includes(here.block)) await moveToFreeBlock(e, here.block + 1, "end");
          if (op.kind === "enter") await e.page.keyboard.press("Enter");
          // A fast typist's pace (12 keys a second), three at once.
          await typeBurst(e.page, op.token, 80);
          typedTokens.push(op.token);
        }
      }),
    );
    expect(typedTokens.length + scripts.flat().filter((o) => o.kind === "move").length).toBe(210);
    const result = await converged(editors, 30_000);
    const missing = typedTokens.filter((t) => result.filter((b) => b.includes(t)).length !== 1);
    expect(missing, `bursts not intact (of ${typedTokens.length}) in ${JSON.stringify(result)}`).toEqual([]);
    // Nothing but the starting text and the typed bursts (no stray or doubled characters).
    const rest = result.join("\n").replaceAll(/\[(Ann|Ben|Cai)\d\d\]/g, "");
    expect(rest.replaceAll("\n", ""), `stray characters in ${JSON.stringify(result)}`).toBe("Start of the narrative.End of the narrative.");
    await screenshot(editors[0]!.page, "collab-concurrent-02-random-run");
    await close(editors);
  });
});
