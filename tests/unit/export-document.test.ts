import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { blocksText, pmToBlocks, ydocToBlocks } from "~/domain/document/blocks";
import { escapeMarkdown, planToMarkdown } from "~/domain/document/markdown";
import { comparePlanDocuments, isNoChange, outline } from "~/domain/document/plan-document";
import { annexLabel, runningHeader } from "~/domain/document/text";
import { contentDisposition, documentTextFor, editionFileName, livingFileName, safeFileName } from "~/services/export.server";
import { planToDocx } from "~/services/plan-docx.server";
import { fixturePlanDocument, NARRATIVE_JSON, tiptapYDoc } from "../fixtures/plan-document";

async function documentXml(buffer: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(buffer);
  const file = zip.file("word/document.xml");
  if (!file) throw new Error("no word/document.xml in the DOCX");
  return file.async("string");
}

describe("rich text → blocks", () => {
  it("reads the fragment Tiptap writes: headings, marks, lists, tables, quotes", () => {
    const blocks = ydocToBlocks(tiptapYDoc(NARRATIVE_JSON));
    expect(blocks.map((b) => b.type)).toEqual(["paragraph", "list", "table", "quote"]);
    const table = blocks[2];
    expect(table?.type === "table" && table.rows[0]?.[0]?.header).toBe(true);
    expect(table?.type === "table" && table.rows[1]?.[0]?.header).toBe(false);
    expect(blocksText(blocks)).toContain("Ministry of Social Welfare");
  });

  it("gives the same blocks from a ProseMirror JSON snapshot as from the Y.Doc", () => {
    expect(pmToBlocks(NARRATIVE_JSON)).toEqual(ydocToBlocks(tiptapYDoc(NARRATIVE_JSON)));
  });

  it("keeps marks and drops links that are not http(s) or mailto", () => {
    const blocks = pmToBlocks({
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "safe", marks: [{ type: "link", attrs: { href: "https://example.org" } }, { type: "bold" }] },
            { type: "text", text: "unsafe", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] },
          ],
        },
      ],
    });
    expect(blocks).toEqual([{ type: "paragraph", content: [{ text: "safe", bold: true, link: "https://example.org" }, { text: "unsafe" }] }]);
  });
});

describe("Markdown", () => {
  it("matches the snapshot of the fixture plan", async () => {
    const text = await documentTextFor("en");
    await expect(planToMarkdown(fixturePlanDocument(), text)).toMatchFileSnapshot("./__snapshots__/export-fixture-plan.md");
  });

  it("escapes Markdown syntax in plan text", () => {
    expect(escapeMarkdown("a | b * c [d] <e>")).toBe("a \\| b \\* c \\[d\\] \\<e\\>");
    expect(escapeMarkdown("# not a heading")).toBe("\\# not a heading");
  });

  it("says what is empty in an empty plan", async () => {
    const text = await documentTextFor("en");
    const doc = { ...fixturePlanDocument(), introduction: [], domains: [], actions: {}, organisations: [] };
    const md = planToMarkdown(doc, text);
    expect(md).toContain("No introduction has been written yet.");
    expect(md).toContain("This plan has no actions yet.");
    expect(md).toContain("No organisation takes part yet.");
  });
});

describe("DOCX", () => {
  it("has real headings, numbered sections, tables and a table of contents", async () => {
    const text = await documentTextFor("en");
    const xml = await documentXml(await planToDocx(fixturePlanDocument(), text));
    expect(xml).toContain('<w:pStyle w:val="Heading1"/>');
    expect(xml).toContain('<w:pStyle w:val="Heading2"/>');
    expect(xml).toContain('<w:pStyle w:val="Title"/>');
    expect(xml).toMatch(/<w:tbl>/);
    expect(xml).toContain("TOC \\h \\o &quot;1-2&quot;");
    expect(xml).toContain("2 Policy and Governance");
    expect(xml).toContain("2.1 Leadership");
    expect(xml).toContain("Namibia");
    expect(xml).toContain("2027–2030");
    expect(xml).toContain("Set up the national council");
    expect(xml).toContain("Annex C Participating organisations");
  });
});

describe("outline and comparison", () => {
  it("numbers the introduction 1, domains from 2 and annexes by letter", async () => {
    const { t } = await documentTextFor("en");
    expect(outline(fixturePlanDocument(), annexLabel(t)).map((s) => s.number)).toEqual(["1", "2", "2.1", "2.2", "Annex A", "Annex B", "Annex C"]);
  });

  it("finds added and removed actions, status changes, narrative and maturity changes", () => {
    const before = fixturePlanDocument();
    const after = structuredClone(before);
    expect(isNoChange(comparePlanDocuments(before, after))).toBe(true);
    after.actions.a1!.status = "completed";
    delete after.actions.a2;
    after.actions.a3 = { ...before.actions.a2!, id: "a3", ref: "1.3", title: "New action" };
    after.domains[0]!.capabilities[0]!.narrative = pmToBlocks({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Rewritten" }] }] });
    after.domains[0]!.capabilities[1]!.levels.current = 2;
    const c = comparePlanDocuments(before, after);
    expect(c.statusChanged).toEqual([{ id: "a1", ref: "1.1", title: "Set up the national council", from: "on-track", to: "completed" }]);
    expect(c.removed.map((a) => a.ref)).toEqual(["1.2"]);
    expect(c.added.map((a) => a.ref)).toEqual(["1.3"]);
    expect(c.narrativesChanged.map((n) => n.id)).toEqual(["leadership"]);
    expect(c.maturityChanged).toEqual([{ id: "legislation", number: 3, name: "Legislation", kind: "current", from: null, to: 2 }]);
    expect(c.introductionChanged).toBe(false);
  });
});

describe("download names", () => {
  it("sanitises characters unsafe in file names", () => {
    expect(safeFileName('Plan: "A/B" <draft>|v1?*', "docx")).toBe("Plan A B draft v1.docx");
    expect(safeFileName("../../etc/passwd", "md")).toBe("etc passwd.md");
    expect(safeFileName("Plan d'action 2027–2030 (v1.0)", "docx")).toBe("Plan d'action 2027–2030 (v1.0).docx");
    expect(safeFileName("con", "md")).toBe("plan-con.md");
    expect(safeFileName("\u0000\u0007", "md")).toBe("plan.md");
    expect(safeFileName("x".repeat(300), "md")).toHaveLength(123);
  });

  it("names the period once when the title already names it", () => {
    const doc = fixturePlanDocument();
    expect(livingFileName(doc)).toBe("National Action Plan: Safe Online 2027-2030 internal 2027-02-15");
    doc.plan.title = "National Action Plan: Safe Online 2027–2030";
    expect(livingFileName(doc)).toBe("National Action Plan: Safe Online 2027–2030 internal 2027-02-15");
    doc.plan.title = "Plan 2027-30";
    expect(livingFileName(doc)).toBe("Plan 2027-30 internal 2027-02-15");
  });

  it("shortens a long title between words and keeps the edition's name and date whole", () => {
    const doc = fixturePlanDocument();
    doc.plan.title = "Arvenia National Action Plan against Online Child Sexual Exploitation and Abuse 2026–2029";
    const name = safeFileName(editionFileName(doc, { name: "v1.0 adopted by the cabinet", edition_date: "2026-02-01" }), "md");
    expect(name.length).toBeLessThanOrEqual(123);
    expect(name.endsWith(" v1.0 adopted by the cabinet 2026-02-01.md")).toBe(true);
    const words = new Set(`${doc.plan.title} v1.0 adopted by the cabinet 2026-02-01`.split(" "));
    for (const word of name.replace(/\.md$/, "").split(" ")) expect(words).toContain(word);
    // A name too long on its own is shortened at a space too.
    const long = safeFileName(`${"Arvenia ".repeat(20)}plan`, "md");
    expect(long).toMatch(/^(Arvenia )+Arvenia\.md$/);
  });

  it("sends an ASCII fallback and the UTF-8 name in Content-Disposition", () => {
    expect(contentDisposition("Plan d'action 2027–2030.docx")).toBe(`attachment; filename="Plan d'action 20272030.docx"; filename*=UTF-8''Plan%20d%27action%202027%E2%80%932030.docx`);
  });
});

describe("the words of the document", () => {
  it("heads printed pages with the period once", async () => {
    const { t } = await documentTextFor("en");
    expect(runningHeader(t, { title: "National Action Plan", startYear: 2027, endYear: 2030 })).toBe("National Action Plan · 2027–2030");
    expect(runningHeader(t, { title: "National Action Plan 2027–2030", startYear: 2027, endYear: 2030 })).toBe("National Action Plan 2027–2030");
    // Another period in the title is not this plan's.
    expect(runningHeader(t, { title: "Strategy 2020–2023 renewed", startYear: 2027, endYear: 2030 })).toBe("Strategy 2020–2023 renewed · 2027–2030");
  });

  it("counts what a public edition leaves out in the singular and the plural", async () => {
    const text = await documentTextFor("en");
    const one = { ...fixturePlanDocument(), audience: "public" as const, excluded: { capabilities: 1, actions: 1 } };
    expect(planToMarkdown(one, text)).toContain("This public edition leaves out 1 capability and 1 action.");
    const many = { ...one, excluded: { capabilities: 2, actions: 0 } };
    expect(planToMarkdown(many, text)).toContain("This public edition leaves out 2 capabilities and 0 actions.");
    expect(await documentXml(await planToDocx(one, text))).toContain("This public edition leaves out 1 capability and 1 action.");
  });
});
