import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "../helpers/browser";
import { blocks, blocksWithOthersCarets, caret, converged, placeCaret, seeded, sleep, startWritingRoom, typeBurst, type Editor } from "../helpers/co-editing";
import { paragraphs } from "../helpers/rich-text";

/**
 * The seeded random run of the co-editing guarantee (decision 029): three editors, 210
 * operations, convergence and every typed burst intact. Run by `npm run test:soak`, not by
 * `npm test`: it still fails about one run in three (a keystroke lost or carried into another
 * paragraph while three people type at 12 keys a second), a defect that is open in issue 13.
 */
let room: Awaited<ReturnType<typeof startWritingRoom>>;
const narrativeWith = (...args: Parameters<typeof room.narrativeWith>) => room.narrativeWith(...args);
const close = (editors: Editor[]) => room.close(editors);

beforeAll(async () => {
  room = await startWritingRoom("cr");
});
afterAll(async () => {
  await room?.stop();
});

describe("concurrent editing, randomised", () => {
  it("a seeded random run of 210 operations by three editors converges with every burst intact", async () => {
    const editors = await narrativeWith("child-protection-workforce", paragraphs("Start of the narrative.", "", "End of the narrative."), 3);
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
