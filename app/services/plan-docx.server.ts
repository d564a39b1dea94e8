import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  Footer,
  Header,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from "docx";
import type { Block, Inline } from "~/domain/document/blocks";
import type { EditionInfo } from "~/domain/document/markdown";
import { actionsOf, emptiness, outline, type PlanDocument } from "~/domain/document/plan-document";
import { ACTION_COLUMNS, actionRow, annexLabel, excludedCounts, formatDay, gap, level, runningHeader, sectorName, type DocText } from "~/domain/document/text";

/**
 * The plan document as a Word file, with the `docx` library: real heading styles (Heading1…,
 * so Word's navigation pane and table of contents work), numbered sections, tables with a
 * repeated header row, a table of contents, a cover with country and period, a running header
 * and page numbers. Renders from the same PlanDocument and text helpers as Markdown and print.
 */

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6] as const;
const TABLE_TEXT = 16; // half-points: 8 pt in the wide action tables
const ORDERED = "ordered-list";

class Builder {
  private orderedInstance = 0;
  constructor(readonly text: DocText) {}

  runs(content: readonly Inline[], size?: number): ParagraphChild[] {
    return content.flatMap((i): ParagraphChild[] => {
      const lines = i.text.split("\n");
      const runs = lines.map((line, n) => new TextRun({ text: line, bold: i.bold, italics: i.italic, size, break: n > 0 ? 1 : undefined, style: i.link ? "Hyperlink" : undefined }));
      return i.link ? [new ExternalHyperlink({ link: i.link, children: runs })] : runs;
    });
  }

  blocks(blocks: readonly Block[], headingShift: number, size?: number, listLevel = 0): Array<Paragraph | Table> {
    const out: Array<Paragraph | Table> = [];
    for (const b of blocks) {
      switch (b.type) {
        case "heading":
          out.push(new Paragraph({ heading: HEADINGS[Math.min(5, b.level - 1 + headingShift)], children: this.runs(b.content) }));
          break;
        case "paragraph":
          out.push(new Paragraph({ children: this.runs(b.content, size) }));
          break;
        case "quote":
          out.push(...this.blocks(b.blocks, headingShift, size));
          break;
        case "list": {
          const instance = ++this.orderedInstance;
          for (const item of b.items) {
            item.forEach((child, i) => {
              if (child.type === "list") {
                out.push(...this.blocks([child], headingShift, size, listLevel + 1));
                return;
              }
              const content = child.type === "heading" || child.type === "paragraph" ? child.content : [];
              const first = i === 0;
              out.push(
                new Paragraph({
                  children: this.runs(content, size),
                  ...(first ? (b.ordered ? { numbering: { reference: ORDERED, level: listLevel, instance } } : { bullet: { level: listLevel } }) : { indent: { left: 720 * (listLevel + 1) } }),
                }),
              );
            });
          }
          break;
        }
        case "table": {
          const width = Math.max(0, ...b.rows.map((r) => r.length));
          if (width === 0) break;
          out.push(
            new Table({
              width: { size: 100, type: WidthType.PERCENTAGE },
              rows: b.rows.map(
                (r, n) =>
                  new TableRow({
                    tableHeader: n === 0 && r.every((c) => c.header),
                    children: Array.from({ length: width }, (_, i) => this.cell(r[i] ? this.blocks(r[i].blocks, headingShift, size) : [], r[i]?.header ?? false)),
                  }),
              ),
            }),
          );
          break;
        }
      }
    }
    return out;
  }

  cell(children: Array<Paragraph | Table>, header: boolean): TableCell {
    return new TableCell({
      children: children.length ? children : [new Paragraph("")],
      shading: header ? { type: ShadingType.CLEAR, fill: "E8F1FA", color: "auto" } : undefined,
    });
  }

  /** A table of plain text: header row repeated on each page. */
  table(header: string[], rows: string[][][], size = TABLE_TEXT): Table {
    const para = (lines: string[], bold = false) => lines.map((l) => new Paragraph({ children: [new TextRun({ text: l, bold, size })] }));
    return new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ tableHeader: true, children: header.map((h) => this.cell(para([h], true), true)) }),
        ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((lines) => this.cell(para(lines), false)) })),
      ],
    });
  }
}

function note(text: string): Paragraph {
  return new Paragraph({ children: [new TextRun({ text, italics: true })] });
}

function labelled(label: string, value: string): Paragraph {
  return new Paragraph({ children: [new TextRun({ text: `${label} `, bold: true }), new TextRun(value)] });
}

export async function planToDocx(doc: PlanDocument, text: DocText, edition?: EditionInfo): Promise<Buffer> {
  const { t } = text;
  const b = new Builder(text);
  const labels = annexLabel(t);
  const sections = outline(doc, labels);
  const numberOf = new Map(sections.map((s) => [s.anchor, s.number]));
  const empty = emptiness(doc);
  const p = doc.plan;
  const period = `${p.startYear}–${p.endYear}`;

  const cover: Array<Paragraph | Table> = [
    new Paragraph({ spacing: { before: 2400 }, children: [new TextRun({ text: t("export:doc.cover.kicker"), size: 28, color: "505A66" })] }),
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(p.title)] }),
    ...(p.countryName ? [new Paragraph({ spacing: { before: 400 }, children: [new TextRun({ text: p.countryName, size: 36, bold: true })] })] : []),
    new Paragraph({ children: [new TextRun({ text: period, size: 32 })] }),
    new Paragraph({ spacing: { before: 400 }, children: [new TextRun({ text: t(`export:audience.${doc.audience}`), size: 24 })] }),
    edition
      ? labelled(`${t("export:doc.cover.edition")}:`, `${edition.name} (${formatDay(text, edition.date)})`)
      : labelled(`${t("export:doc.cover.generated")}`, formatDay(text, doc.generatedAt.slice(0, 10))),
  ];
  if (edition?.note) cover.push(new Paragraph(edition.note));
  if (p.description) cover.push(new Paragraph({ spacing: { before: 400 }, children: [new TextRun(p.description)] }));
  if (p.archived) cover.push(note(t("export:doc.archived")));
  if (doc.excluded.capabilities + doc.excluded.actions > 0) cover.push(note(t("export:doc.excludedNotice", excludedCounts(t, doc.excluded))));

  const body: Array<Paragraph | Table | TableOfContents> = [
    // Not a heading style: the table of contents must not list itself.
    new Paragraph({ spacing: { after: 240 }, children: [new TextRun({ text: t("export:doc.contents"), bold: true, size: 32 })] }),
    new TableOfContents(t("export:doc.contents"), { hyperlink: true, headingStyleRange: "1-2" }),
    new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, children: [new TextRun(`${numberOf.get("introduction")} ${labels.introduction}`)] }),
  ];
  if (empty.introduction) body.push(note(t("export:empty.introduction")));
  else body.push(...b.blocks(doc.introduction, 2));
  if (empty.noActions) body.push(note(t("export:empty.noActions")));

  const cols = ACTION_COLUMNS.map((c) => t(`export:columns.${c}`));
  for (const d of doc.domains) {
    body.push(new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, children: [new TextRun(`${numberOf.get(`domain-${d.id}`)} ${d.name}`)] }));
    if (d.summary) body.push(new Paragraph(d.summary));
    for (const c of d.capabilities) {
      body.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(`${numberOf.get(`capability-${c.id}`)} ${c.name} (${t("export:doc.mnrNumber", { number: c.number })})`)] }));
      body.push(labelled(t("export:doc.whatItMeans"), c.summary));
      body.push(new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun(t("export:doc.maturity"))] }));
      body.push(
        b.table(
          [t("mnr:level.baseline"), t("mnr:level.current"), t("mnr:level.target"), t("mnr:gap.title")],
          [[[level(text, doc, c.levels.baseline)], [level(text, doc, c.levels.current)], [level(text, doc, c.levels.target)], [gap(text, c.gap)]]],
          20,
        ),
      );
      body.push(labelled(`${t("mnr:sectors.lead")}:`, c.leadSectors.map((s) => sectorName(text, s)).join(", ") || t("mnr:sectors.none")));
      body.push(labelled(`${t("mnr:sectors.partner")}:`, c.partnerSectors.map((s) => sectorName(text, s)).join(", ") || t("mnr:sectors.none")));
      body.push(new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun(t("export:doc.narrative"))] }));
      const narrative = b.blocks(c.narrative, 3);
      body.push(...(narrative.length ? narrative : [note(t("export:empty.narrative"))]));
      body.push(new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun(t("export:doc.actions"))] }));
      const actions = actionsOf(doc, c);
      if (actions.length === 0) body.push(note(t("export:empty.actions")));
      else body.push(b.table(cols, actions.map((a) => ACTION_COLUMNS.map((col) => actionRow(text, a)[col]))));
    }
  }
  if (empty.noCapabilities) body.push(note(t("export:empty.noCapabilities")));

  body.push(new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, children: [new TextRun(`${numberOf.get("annex-gap")} ${labels.gap}`)] }));
  if (empty.noAssessment) body.push(note(t("export:empty.noAssessment")));
  const caps = doc.domains.flatMap((d) => d.capabilities);
  if (caps.length) {
    body.push(
      b.table(
        [t("export:columns.capability"), t("mnr:level.baseline"), t("mnr:level.current"), t("mnr:level.target"), t("mnr:gap.title")],
        caps.map((c) => [[`${c.number}. ${c.name}`], [level(text, doc, c.levels.baseline)], [level(text, doc, c.levels.current)], [level(text, doc, c.levels.target)], [gap(text, c.gap)]]),
        18,
      ),
    );
  }
  body.push(new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, children: [new TextRun(`${numberOf.get("annex-glossary")} ${labels.glossary}`)] }));
  body.push(note(t("export:doc.glossaryIntro")));
  for (const g of doc.glossary) {
    body.push(new Paragraph({ keepNext: true, spacing: { before: 200 }, children: [new TextRun({ text: g.term, bold: true })] }));
    body.push(new Paragraph(g.definition));
  }
  body.push(new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, children: [new TextRun(`${numberOf.get("annex-organisations")} ${labels.organisations}`)] }));
  if (empty.noOrganisations) body.push(note(t("export:empty.noOrganisations")));
  else body.push(b.table([t("export:columns.organisation"), t("export:columns.sector"), t("export:columns.type")], doc.organisations.map((o) => [[o.name], [sectorName(text, o.sector)], [o.type]]), 18));

  const running = runningHeader(t, p);
  const document = new Document({
    creator: "Taskforce",
    title: p.title,
    description: [p.countryName, period].filter(Boolean).join(" "),
    styles: { default: { document: { run: { font: "Calibri", size: 22 } } } },
    numbering: {
      config: [
        {
          reference: ORDERED,
          levels: [0, 1, 2, 3].map((lvl) => ({ level: lvl, format: LevelFormat.DECIMAL, text: `%${lvl + 1}.`, alignment: AlignmentType.START, style: { paragraph: { indent: { left: 720 * (lvl + 1), hanging: 360 } } } })),
        },
      ],
    },
    sections: [
      { children: cover },
      {
        headers: { default: new Header({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: running, size: 16, color: "505A66" })] })] }) },
        footers: { default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], size: 18 })] })] }) },
        children: body,
      },
    ],
  });
  return Packer.toBuffer(document);
}
