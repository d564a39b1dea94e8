import * as Y from "yjs";
import { withoutControlCharacters } from "~/utils/plain-text";

/**
 * The small block model every export renders from (Markdown, DOCX, the print page), and THE one
 * converter into it. Rich text lives in Yjs documents edited by Tiptap; its Collaboration
 * extension keeps the ProseMirror tree in the XmlFragment "default". We read that fragment (or a
 * ProseMirror JSON snapshot of it) into blocks, keeping only what a plan document needs:
 * headings, paragraphs, lists, tables, quotes, and bold/italic/link text. Pure: no I/O.
 */

export interface Inline {
  text: string;
  bold?: true;
  italic?: true;
  /** http(s)/mailto links only; anything else is dropped and the text kept. */
  link?: string;
}

export interface TableCell {
  header: boolean;
  blocks: Block[];
}

export type Block =
  | { type: "heading"; level: number; content: Inline[] }
  | { type: "paragraph"; content: Inline[] }
  | { type: "list"; ordered: boolean; items: Block[][] }
  | { type: "table"; rows: TableCell[][] }
  | { type: "quote"; blocks: Block[] };

/** A ProseMirror node as JSON (`editor.getJSON()`), the shape we also build from Yjs. */
export interface PmNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: PmNode[];
  text?: string;
  marks?: Array<{ type: string; attrs?: Record<string, unknown> }>;
}

/** The Y.XmlFragment Tiptap binds to → ProseMirror JSON (a "doc" node). */
export function fragmentToPm(fragment: Y.XmlFragment): PmNode {
  return { type: "doc", content: childrenToPm(fragment.toArray()) };
}

function childrenToPm(children: Array<Y.XmlElement | Y.XmlText | Y.XmlHook>): PmNode[] {
  const out: PmNode[] = [];
  for (const child of children) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>) {
        if (typeof op.insert !== "string" || op.insert === "") continue;
        const marks = Object.entries(op.attributes ?? {}).map(([type, attrs]) => ({ type, attrs: isRecord(attrs) ? attrs : undefined }));
        out.push(marks.length ? { type: "text", text: op.insert, marks } : { type: "text", text: op.insert });
      }
    } else if (child instanceof Y.XmlElement) {
      out.push({ type: child.nodeName, attrs: child.getAttributes() as Record<string, unknown>, content: childrenToPm(child.toArray()) });
    }
  }
  return out;
}

/** A Y.Doc's rich text (its "default" fragment) → blocks. */
export function ydocToBlocks(doc: Y.Doc, field = "default"): Block[] {
  return pmToBlocks(fragmentToPm(doc.getXmlFragment(field)));
}

/** ProseMirror JSON (a doc node, or a list of block nodes) → blocks. Unknown nodes keep their text. */
export function pmToBlocks(node: PmNode | PmNode[]): Block[] {
  const nodes = Array.isArray(node) ? node : node.type === "doc" ? (node.content ?? []) : [node];
  const out: Block[] = [];
  for (const n of nodes) out.push(...blockOf(n));
  return out;
}

function blockOf(n: PmNode): Block[] {
  switch (n.type) {
    case "paragraph": {
      const content = inlines(n.content);
      return [{ type: "paragraph", content }];
    }
    case "heading": {
      const level = Number(n.attrs?.level);
      return [{ type: "heading", level: Number.isInteger(level) && level >= 1 && level <= 6 ? level : 2, content: inlines(n.content) }];
    }
    case "bulletList":
    case "orderedList":
      return [{ type: "list", ordered: n.type === "orderedList", items: (n.content ?? []).map((item) => pmToBlocks(item.type === "listItem" ? (item.content ?? []) : [item])) }];
    case "blockquote":
      return [{ type: "quote", blocks: pmToBlocks(n.content ?? []) }];
    case "table":
      return [
        {
          type: "table",
          rows: (n.content ?? [])
            .filter((r) => r.type === "tableRow")
            .map((r) => (r.content ?? []).map((c) => ({ header: c.type === "tableHeader", blocks: pmToBlocks(c.content ?? []) }))),
        },
      ];
    case "text":
      return [{ type: "paragraph", content: inlines([n]) }];
    default: {
      // Something this model does not know (a future node type): keep its words.
      const text = plainText(n);
      return text ? [{ type: "paragraph", content: [{ text }] }] : [];
    }
  }
}

function inlines(nodes: PmNode[] | undefined): Inline[] {
  const out: Inline[] = [];
  for (const n of nodes ?? []) {
    if (n.type === "hardBreak") {
      push(out, { text: "\n" });
      continue;
    }
    if (n.type !== "text") {
      const text = plainText(n);
      if (text) push(out, { text });
      continue;
    }
    // Documents stored before the sync server refused control characters may hold some; no
    // export format wants them (DOCX is XML, which allows none).
    const text = withoutControlCharacters(n.text ?? "");
    if (!text) continue;
    const inline: Inline = { text };
    for (const m of n.marks ?? []) {
      if (m.type === "bold") inline.bold = true;
      else if (m.type === "italic") inline.italic = true;
      else if (m.type === "link") {
        const href = safeHref(m.attrs?.href);
        if (href) inline.link = href;
      }
    }
    push(out, inline);
  }
  return out;
}

/** Joins neighbours with the same marks, so renderers emit fewer runs. */
function push(out: Inline[], inline: Inline) {
  const last = out.at(-1);
  if (last && last.bold === inline.bold && last.italic === inline.italic && last.link === inline.link) last.text += inline.text;
  else out.push(inline);
}

function plainText(n: PmNode): string {
  if (n.type === "text") return withoutControlCharacters(n.text ?? "");
  return (n.content ?? []).map(plainText).join(n.type === "doc" || n.type === "listItem" ? "\n" : "");
}

function safeHref(href: unknown): string | null {
  if (typeof href !== "string") return null;
  return /^(https?:\/\/|mailto:)/i.test(href.trim()) ? href.trim() : null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The text of inlines, without marks. */
export function inlineText(content: readonly Inline[]): string {
  return content.map((i) => i.text).join("");
}

/** All the words of some blocks, one line per block (for comparisons and "is it empty?"). */
export function blocksText(blocks: readonly Block[]): string {
  const lines: string[] = [];
  const walk = (bs: readonly Block[]) => {
    for (const b of bs) {
      if (b.type === "heading" || b.type === "paragraph") lines.push(inlineText(b.content));
      else if (b.type === "list") b.items.forEach(walk);
      else if (b.type === "quote") walk(b.blocks);
      else for (const row of b.rows) for (const cell of row) walk(cell.blocks);
    }
  };
  walk(blocks);
  return lines.join("\n");
}

export function isEmptyText(blocks: readonly Block[]): boolean {
  return blocksText(blocks).trim() === "";
}
