import { getSchema } from "@tiptap/core";
import { EditorState, TextSelection } from "@tiptap/pm/state";
import StarterKit from "@tiptap/starter-kit";
import { absolutePositionToRelativePosition, updateYFragment } from "@tiptap/y-tiptap";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";

/**
 * The binding patch (patches/@tiptap+y-tiptap+3.0.9.patch, decision 029), on a real Yjs document
 * and a real ProseMirror state. The binding reads the editor's state through `prosemirrorView`,
 * so the metadata carries a state the way a mounted editor view would.
 */
const schema = getSchema([StarterKit]);

function twoClients() {
  const ann = new Y.Doc();
  const ben = new Y.Doc();
  ann.clientID = 1;
  ben.clientID = 2;
  const sync = () => {
    Y.applyUpdate(ben, Y.encodeStateAsUpdate(ann, Y.encodeStateVector(ben)));
    Y.applyUpdate(ann, Y.encodeStateAsUpdate(ben, Y.encodeStateVector(ann)));
  };
  return { ann, ben, sync };
}

function paragraph(doc: Y.Doc): Y.XmlText {
  const fragment = doc.getXmlFragment("default");
  if (fragment.length === 0) {
    const p = new Y.XmlElement("paragraph");
    p.insert(0, [new Y.XmlText()]);
    fragment.insert(0, [p]);
  }
  return (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

/** Who inserted each character of a Y text, in order. */
function authors(text: Y.XmlText): string {
  let out = "";
  for (let item = text._start; item !== null; item = item.right) {
    if (!item.deleted && item.content instanceof Y.ContentString) out += item.content.str.replace(/./g, String(item.id.client));
  }
  return out;
}

/** Ann's editor state: one paragraph of `text` with the caret at `offset`. */
function annState(text: string, offset: number) {
  const doc = schema.node("doc", null, [schema.node("paragraph", null, text ? [schema.text(text)] : [])]);
  return EditorState.create({ doc, selection: TextSelection.create(doc, 1 + offset) });
}

describe("the co-editing patch of the ProseMirror–Yjs binding", () => {
  it("gives a typed character its real place when it equals the collaborator's character beside it", () => {
    const { ann, ben, sync } = twoClients();
    paragraph(ann).insert(0, "X");
    sync();
    paragraph(ben).insert(1, "[b");
    sync();
    // Ann types "[" right after "X", before Ben's "[b": her caret ends between the two "[".
    const state = annState("X[[b", 2);
    const meta = { mapping: new Map(), isOMark: new Map(), prosemirrorView: { state } };
    updateYFragment(ann, ann.getXmlFragment("default"), state.doc, meta as never);
    expect(paragraph(ann).toString()).toBe("X[[b");
    // Unpatched, the prefix-first diff stored Ann's "[" after Ben's ("1" + "2" + "1" + "2").
    expect(authors(paragraph(ann))).toBe("1122");
  });

  it("keeps a caret on its owner's last character while they type, and lets others' text go before it otherwise", () => {
    const { ann, ben, sync } = twoClients();
    paragraph(ann).insert(0, "Ann");
    sync();
    paragraph(ben).insert(3, " Ben");
    sync();
    const fragment = ann.getXmlFragment("default");
    const mapping = new Map<unknown, unknown>([[fragment.get(0), schema.node("paragraph", null, [schema.text("Ann Ben")])]]);
    // Caret after Ann's own "Ann": it stays there when someone inserts at that spot.
    const afterOwn = absolutePositionToRelativePosition(4, fragment, mapping as never);
    // Caret at the end, after Ben's text: text appended there goes before it.
    const afterOthers = absolutePositionToRelativePosition(8, fragment, mapping as never);
    paragraph(ben).insert(3, "!");
    paragraph(ben).insert(8, "?");
    sync();
    expect(paragraph(ann).toString()).toBe("Ann! Ben?");
    expect(Y.createAbsolutePositionFromRelativePosition(afterOwn, ann)?.index).toBe(3);
    expect(Y.createAbsolutePositionFromRelativePosition(afterOthers, ann)?.index).toBe(9);
  });
});
