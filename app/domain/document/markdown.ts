import type { Block, Inline } from "./blocks";
import { actionsOf, emptiness, outline, type PlanDocument } from "./plan-document";
import { ACTION_COLUMNS, actionRow, annexLabel, excludedCounts, formatDay, gap, level, sectorName, type DocText } from "./text";

/** The plan document as Markdown (CommonMark with GitHub tables). Pure. */

export interface EditionInfo {
  name: string;
  date: string;
  note: string;
}

/** Escapes characters with meaning anywhere in a line (enough inside a table cell). */
export function escapeInline(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
}

/** Escapes text of a block: also markers that would start a heading or list at a line start. */
export function escapeMarkdown(text: string): string {
  return escapeInline(text)
    .replace(/^(\s*)([#+-]|\d+\.)(?=\s)/gm, (_, space: string, mark: string) => `${space}\\${mark}`);
}

function inlineMd(content: readonly Inline[]): string {
  return content
    .map((i) => {
      let s = escapeMarkdown(i.text).replace(/\n/g, "  \n");
      if (!s.trim()) return s;
      if (i.bold) s = `**${s}**`;
      if (i.italic) s = `*${s}*`;
      if (i.link) s = `[${s}](<${i.link.replace(/[<>]/g, encodeURIComponent)}>)`;
      return s;
    })
    .join("");
}

/** Text inside a table cell: one line, pipes escaped (escapeMarkdown does), breaks as <br>. */
function cellMd(lines: readonly string[]): string {
  return lines.map((l) => escapeInline(l).replace(/\n/g, " ")).join("<br>");
}

function cellBlocksMd(blocks: readonly Block[]): string {
  return blocksToMarkdown(blocks, 0)
    .trim()
    .replace(/\n+/g, "<br>");
}

/** Blocks → Markdown; `headingShift` pushes the narrative's own headings below the section's. */
export function blocksToMarkdown(blocks: readonly Block[], headingShift = 0): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case "heading":
        out.push(`${"#".repeat(Math.min(6, b.level + headingShift))} ${inlineMd(b.content)}`);
        break;
      case "paragraph": {
        const text = inlineMd(b.content);
        if (text.trim()) out.push(text);
        break;
      }
      case "list":
        out.push(
          b.items
            .map((item, i) => {
              const marker = b.ordered ? `${i + 1}.` : "-";
              const body = blocksToMarkdown(item, headingShift).trim() || "";
              return `${marker} ${body.replace(/\n/g, `\n${" ".repeat(marker.length + 1)}`)}`;
            })
            .join("\n"),
        );
        break;
      case "quote":
        out.push(
          blocksToMarkdown(b.blocks, headingShift)
            .trim()
            .split("\n")
            .map((l) => (l ? `> ${l}` : ">"))
            .join("\n"),
        );
        break;
      case "table": {
        const width = Math.max(0, ...b.rows.map((r) => r.length));
        if (width === 0) break;
        const rows = b.rows.map((r) => Array.from({ length: width }, (_, i) => (r[i] ? cellBlocksMd(r[i].blocks) : "")));
        const [head, ...body] = rows;
        out.push([`| ${head!.join(" | ")} |`, `|${" --- |".repeat(width)}`, ...body.map((r) => `| ${r.join(" | ")} |`)].join("\n"));
        break;
      }
    }
  }
  return out.join("\n\n");
}

function table(header: string[], rows: string[][]): string {
  return [`| ${header.map((h) => cellMd([h])).join(" | ")} |`, `|${" --- |".repeat(header.length)}`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

export function planToMarkdown(doc: PlanDocument, text: DocText, edition?: EditionInfo): string {
  const { t } = text;
  const labels = annexLabel(t);
  const sections = outline(doc, labels);
  const numberOf = new Map(sections.map((s) => [s.anchor, s.number]));
  const empty = emptiness(doc);
  const out: string[] = [];
  const p = doc.plan;

  // Cover
  out.push(`# ${escapeMarkdown(p.title)}`);
  out.push(
    [
      // A plan of an unnamed country (OTHER_COUNTRY) has no country line.
      p.countryName ? `**${escapeMarkdown(t("export:doc.cover.country"))}:** ${escapeMarkdown(p.countryName)}` : null,
      `**${escapeMarkdown(t("export:doc.cover.period"))}:** ${p.startYear}–${p.endYear}`,
      `**${escapeMarkdown(t("export:doc.cover.audience"))}:** ${escapeMarkdown(t(`export:audience.${doc.audience}`))}`,
      edition
        ? `**${escapeMarkdown(t("export:doc.cover.edition"))}:** ${escapeMarkdown(edition.name)} (${escapeMarkdown(formatDay(text, edition.date))})`
        : `**${escapeMarkdown(t("export:doc.cover.generated"))}:** ${escapeMarkdown(formatDay(text, doc.generatedAt.slice(0, 10)))}`,
    ]
      .filter((line) => line !== null)
      .join("  \n"),
  );
  if (edition?.note) out.push(escapeMarkdown(edition.note));
  if (p.description) out.push(escapeMarkdown(p.description));
  if (p.archived) out.push(`> ${escapeMarkdown(t("export:doc.archived"))}`);
  if (doc.excluded.capabilities + doc.excluded.actions > 0) out.push(`> ${escapeMarkdown(t("export:doc.excludedNotice", excludedCounts(t, doc.excluded)))}`);

  // Contents
  out.push(`## ${escapeMarkdown(t("export:doc.contents"))}`);
  out.push(sections.map((s) => `${s.level === 2 ? "  " : ""}- ${escapeMarkdown(`${s.number} ${s.title}`)}`).join("\n"));

  // Introduction
  out.push(`## ${numberOf.get("introduction")} ${escapeMarkdown(labels.introduction)}`);
  out.push(empty.introduction ? `*${escapeMarkdown(t("export:empty.introduction"))}*` : blocksToMarkdown(doc.introduction, 2));
  if (empty.noActions) out.push(`*${escapeMarkdown(t("export:empty.noActions"))}*`);

  // Domains and capabilities
  const cols = ACTION_COLUMNS.map((c) => t(`export:columns.${c}`));
  for (const d of doc.domains) {
    out.push(`## ${numberOf.get(`domain-${d.id}`)} ${escapeMarkdown(d.name)}`);
    if (d.summary) out.push(escapeMarkdown(d.summary));
    for (const c of d.capabilities) {
      out.push(`### ${numberOf.get(`capability-${c.id}`)} ${escapeMarkdown(c.name)} (${escapeMarkdown(t("export:doc.mnrNumber", { number: c.number }))})`);
      out.push(`**${escapeMarkdown(t("export:doc.whatItMeans"))}** ${escapeMarkdown(c.summary)}`);
      out.push(
        [
          `**${escapeMarkdown(t("export:doc.maturity"))}**`,
          `- ${escapeMarkdown(t("mnr:level.baseline"))}: ${escapeMarkdown(level(text, doc, c.levels.baseline))}`,
          `- ${escapeMarkdown(t("mnr:level.current"))}: ${escapeMarkdown(level(text, doc, c.levels.current))}`,
          `- ${escapeMarkdown(t("mnr:level.target"))}: ${escapeMarkdown(level(text, doc, c.levels.target))}`,
          `- ${escapeMarkdown(t("mnr:gap.title"))}: ${escapeMarkdown(gap(text, c.gap))}`,
        ].join("\n"),
      );
      const leads = c.leadSectors.map((s) => sectorName(text, s)).join(", ") || t("mnr:sectors.none");
      const partners = c.partnerSectors.map((s) => sectorName(text, s)).join(", ") || t("mnr:sectors.none");
      out.push(`**${escapeMarkdown(t("mnr:sectors.lead"))}:** ${escapeMarkdown(leads)}  \n**${escapeMarkdown(t("mnr:sectors.partner"))}:** ${escapeMarkdown(partners)}`);
      out.push(`#### ${escapeMarkdown(t("export:doc.narrative"))}`);
      out.push(c.narrative.length && blocksToMarkdown(c.narrative, 4).trim() ? blocksToMarkdown(c.narrative, 4) : `*${escapeMarkdown(t("export:empty.narrative"))}*`);
      out.push(`#### ${escapeMarkdown(t("export:doc.actions"))}`);
      const actions = actionsOf(doc, c);
      if (actions.length === 0) out.push(`*${escapeMarkdown(t("export:empty.actions"))}*`);
      else out.push(table(cols, actions.map((a) => ACTION_COLUMNS.map((col) => cellMd(actionRow(text, a)[col])))));
    }
  }
  if (empty.noCapabilities) out.push(`*${escapeMarkdown(t("export:empty.noCapabilities"))}*`);

  // Annex A: gap analysis
  out.push(`## ${numberOf.get("annex-gap")} ${escapeMarkdown(labels.gap)}`);
  if (empty.noAssessment) out.push(`*${escapeMarkdown(t("export:empty.noAssessment"))}*`);
  const caps = doc.domains.flatMap((d) => d.capabilities);
  if (caps.length) {
    out.push(
      table(
        [t("export:columns.capability"), t("mnr:level.baseline"), t("mnr:level.current"), t("mnr:level.target"), t("mnr:gap.title")],
        caps.map((c) => [cellMd([`${c.number}. ${c.name}`]), cellMd([level(text, doc, c.levels.baseline)]), cellMd([level(text, doc, c.levels.current)]), cellMd([level(text, doc, c.levels.target)]), cellMd([gap(text, c.gap)])]),
      ),
    );
  }

  // Annex B: glossary
  out.push(`## ${numberOf.get("annex-glossary")} ${escapeMarkdown(labels.glossary)}`);
  out.push(`*${escapeMarkdown(t("export:doc.glossaryIntro"))}*`);
  out.push(doc.glossary.map((g) => `**${escapeMarkdown(g.term)}**  \n${escapeMarkdown(g.definition)}`).join("\n\n"));

  // Annex C: organisations
  out.push(`## ${numberOf.get("annex-organisations")} ${escapeMarkdown(labels.organisations)}`);
  if (empty.noOrganisations) out.push(`*${escapeMarkdown(t("export:empty.noOrganisations"))}*`);
  else out.push(table([t("export:columns.organisation"), t("export:columns.sector"), t("export:columns.type")], doc.organisations.map((o) => [cellMd([o.name]), cellMd([sectorName(text, o.sector)]), cellMd([o.type])])));

  return out.join("\n\n") + "\n";
}
