import * as Y from "yjs";
import { DOC_FIELD } from "./doc-names";

/**
 * Reading a rich-text document by paragraph, for "what changed since this version". A block
 * is a leaf element (paragraph, heading, table cell paragraph…) with its plain text and the
 * Yjs client ids that wrote the text it still holds (attribution goes through doc_client).
 */
export interface Block {
  text: string;
  clients: number[];
}

export function blocksOf(doc: Y.Doc): Block[] {
  const blocks: Block[] = [];
  const visit = (node: Y.XmlElement | Y.XmlFragment) => {
    const children = node.toArray();
    const texts = children.filter((c): c is Y.XmlText => c instanceof Y.XmlText);
    if (node instanceof Y.XmlElement && (texts.length > 0 || children.length === 0)) {
      const clients = new Set<number>();
      let text = "";
      for (const t of texts) {
        for (const op of t.toDelta() as Array<{ insert: unknown }>) if (typeof op.insert === "string") text += op.insert;
        for (let item = t._start; item !== null; item = item.right) if (!item.deleted) clients.add(item.id.client);
      }
      blocks.push({ text, clients: [...clients] });
      return;
    }
    for (const child of children) if (child instanceof Y.XmlElement) visit(child);
  };
  visit(doc.getXmlFragment(DOC_FIELD));
  return blocks;
}

export function blocksOfState(state: Uint8Array): Block[] {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return blocksOf(doc);
  } finally {
    doc.destroy();
  }
}

export type BlockChange = { kind: "same" | "removed"; text: string } | { kind: "added"; text: string; clients: number[] };

const MAX_DIFF_BLOCKS = 3000;

/** Paragraph-level diff (longest common subsequence on the text of each block). */
export function diffBlocks(before: Block[], after: Block[]): BlockChange[] {
  const a = before.slice(0, MAX_DIFF_BLOCKS);
  const b = after.slice(0, MAX_DIFF_BLOCKS);
  const n = a.length;
  const m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i]!.text === b[j]!.text ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const out: BlockChange[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i]!.text === b[j]!.text) {
      out.push({ kind: "same", text: a[i]!.text });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      out.push({ kind: "removed", text: a[i++]!.text });
    } else {
      out.push({ kind: "added", text: b[j]!.text, clients: b[j++]!.clients });
    }
  }
  while (i < n) out.push({ kind: "removed", text: a[i++]!.text });
  while (j < m) out.push({ kind: "added", text: b[j]!.text, clients: b[j++]!.clients });
  return out;
}
