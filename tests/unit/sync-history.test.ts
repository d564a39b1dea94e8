import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { DOC_FIELD } from "../../server/sync/doc-names";
import { blocksOf, diffBlocks } from "../../server/sync/history";
import { decodeAwarenessUpdate, decodeClientMessage, encodeAwarenessEntries, encodeSyncStep1, encodeUpdate, ProtocolError } from "../../server/sync/protocol";

function docWith(paragraphs: string[], clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const frag = doc.getXmlFragment(DOC_FIELD);
  frag.insert(
    0,
    paragraphs.map((p) => {
      const el = new Y.XmlElement("paragraph");
      el.insert(0, [new Y.XmlText(p)]);
      return el;
    }),
  );
  return doc;
}

describe("paragraph history", () => {
  it("reads leaf blocks with the client ids that wrote them", () => {
    const doc = docWith(["First", "Second"], 11);
    expect(blocksOf(doc)).toEqual([
      { text: "First", clients: [11] },
      { text: "Second", clients: [11] },
    ]);
  });

  it("diffs by paragraph and attributes added paragraphs", () => {
    const before = docWith(["Keep", "Drop", "Keep too"], 1);
    const after = new Y.Doc();
    after.clientID = 2;
    Y.applyUpdate(after, Y.encodeStateAsUpdate(before));
    const frag = after.getXmlFragment(DOC_FIELD);
    frag.delete(1, 1);
    const added = new Y.XmlElement("paragraph");
    added.insert(0, [new Y.XmlText("New")]);
    frag.insert(2, [added]);
    expect(diffBlocks(blocksOf(before), blocksOf(after))).toEqual([
      { kind: "same", text: "Keep" },
      { kind: "removed", text: "Drop" },
      { kind: "same", text: "Keep too" },
      { kind: "added", text: "New", clients: [2] },
    ]);
  });
});

describe("wire protocol decoding", () => {
  it("decodes the messages a y-websocket client sends", () => {
    expect(decodeClientMessage(encodeSyncStep1(new Uint8Array([0])))).toEqual({ type: "sync-step1", stateVector: new Uint8Array([0]) });
    expect(decodeClientMessage(encodeUpdate(new Uint8Array([0, 0])))).toMatchObject({ type: "update", step2: false });
    expect(decodeClientMessage(new Uint8Array([3]))).toEqual({ type: "query-awareness" });
  });

  it("rejects truncated, trailing and unknown input with the right close code", () => {
    const code = (bytes: number[]) => {
      try {
        decodeClientMessage(new Uint8Array(bytes));
        return 0;
      } catch (e) {
        return (e as ProtocolError).closeCode;
      }
    };
    expect(code([])).toBe(1002);
    expect(code([0, 0, 9, 1])).toBe(1002);
    expect(code([0, 0, 1, 0, 7])).toBe(1002);
    expect(code([0, 5, 0])).toBe(1003);
    expect(code([9])).toBe(1003);
  });

  it("round-trips awareness entries and refuses non-object states", () => {
    const entries = [{ clientId: 5, clock: 2, state: { cursor: null } }, { clientId: 6, clock: 1, state: null }];
    expect(decodeAwarenessUpdate(encodeAwarenessEntries(entries), 1000)).toEqual(entries);
    expect(() => decodeAwarenessUpdate(encodeAwarenessEntries([{ clientId: 1, clock: 1, state: [1] as never }]), 1000)).toThrow(ProtocolError);
    expect(() => decodeAwarenessUpdate(encodeAwarenessEntries([{ clientId: 1, clock: 1, state: { big: "x".repeat(2000) } }]), 1000)).toThrow(ProtocolError);
  });
});
