import * as Y from "yjs";
import type { PmNode } from "~/domain/document/blocks";
import type { DB } from "../../db/connect";
import { insertDocUpdates } from "../../db/repositories/docs";
import { tiptapYDoc } from "../fixtures/plan-document";

/** A ProseMirror doc of plain paragraphs. */
export function paragraphs(...lines: string[]): PmNode {
  // An empty line is a paragraph without content (ProseMirror has no empty text nodes).
  return { type: "doc", content: lines.map((text) => (text ? { type: "paragraph", content: [{ type: "text", text }] } : { type: "paragraph" })) };
}

/**
 * Stores rich text in a collaborative document the way the sync server does (an update appended
 * to the log), replacing what was there. Only for documents no live room holds open.
 */
export async function writeRichText(db: DB, doc: string, json: PmNode, authorId: string | null = null): Promise<void> {
  const last = await db.selectFrom("doc_update").select((eb) => eb.fn.max("seq").as("seq")).where("doc", "=", doc).executeTakeFirst();
  const seq = Number(last?.seq ?? 0) + 1;
  const rows = await db.selectFrom("doc_update").select("bytes").where("doc", "=", doc).orderBy("seq").execute();
  const current = new Y.Doc();
  for (const r of rows) Y.applyUpdate(current, new Uint8Array(r.bytes));
  const before = Y.encodeStateVector(current);
  // Replace the fragment's content within the same document history, as an editor would.
  const source = tiptapYDoc(json);
  current.transact(() => {
    const fragment = current.getXmlFragment("default");
    fragment.delete(0, fragment.length);
    fragment.insert(0, source.getXmlFragment("default").toArray().map((n) => n.clone()) as Array<Y.XmlElement | Y.XmlText>);
  });
  await insertDocUpdates(db, doc, new Date().toISOString(), [{ seq, bytes: Y.encodeStateAsUpdate(current, before), authorId }]);
}
