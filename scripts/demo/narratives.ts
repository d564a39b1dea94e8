import * as Y from "yjs";
import { DOC_FIELD } from "../../server/sync/doc-names";

/** A document as Tiptap would store it: headings, paragraphs and bullet lists in the XmlFragment. */
export type DemoBlock = { heading: string } | { paragraph: string } | { bullets: string[] };

function textElement(name: string, text: string, attrs: Record<string, unknown> = {}): Y.XmlElement {
  const el = new Y.XmlElement(name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v as string);
  el.insert(0, [new Y.XmlText(text)]);
  return el;
}

/** One Yjs update holding the blocks, written with the given client id (mapped to its author). */
export function narrativeUpdate(blocks: DemoBlock[], clientId: number): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const fragment = doc.getXmlFragment(DOC_FIELD);
  const nodes = blocks.map((b) => {
    if ("heading" in b) return textElement("heading", b.heading, { level: 3 as unknown as string });
    if ("paragraph" in b) return textElement("paragraph", b.paragraph);
    const list = new Y.XmlElement("bulletList");
    list.insert(
      0,
      b.bullets.map((item) => {
        const li = new Y.XmlElement("listItem");
        li.insert(0, [textElement("paragraph", item)]);
        return li;
      }),
    );
    return list;
  });
  fragment.insert(0, nodes);
  return Y.encodeStateAsUpdate(doc);
}
