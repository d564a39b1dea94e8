import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type WebSocket from "ws";
import * as Y from "yjs";
import { docName } from "../../server/sync/doc-names";
import { encodeAwareness, encodeAwarenessEntries, encodeSyncStep1, encodeSyncStep2, encodeUpdate } from "../../server/sync/protocol";
import { provider, rawSocket, seedCollabPlan, signIn, synced, waitFor, type CollabPlan } from "../helpers/collab";
import { startTestServer, type TestServer } from "../helpers/test-server";

let server: TestServer;
let seed: CollabPlan;
let cookie: string;

beforeAll(async () => {
  server = await startTestServer();
  seed = await seedCollabPlan(server.services, "f");
  cookie = (await signIn(server.origin, seed.users.coord.email)).cookieHeader;
});
afterAll(async () => {
  await server.stop();
  await server.database.drop();
});

/** Deterministic PRNG so a failure can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Real protocol messages: edits of a rich-text-like document, sync steps, presence. */
function corpus(): Uint8Array[] {
  const doc = new Y.Doc();
  const messages: Uint8Array[] = [];
  doc.on("update", (u: Uint8Array) => messages.push(encodeUpdate(u)));
  const text = doc.getText("t");
  const frag = doc.getXmlFragment("default");
  for (let i = 0; i < 20; i++) {
    text.insert(Math.min(i, text.length), `word${i} `, i % 3 ? { bold: true } : {});
    if (i % 4 === 0) frag.insert(frag.length, [new Y.XmlElement("paragraph")]);
    if (i % 5 === 0 && text.length > 3) text.delete(1, 2);
  }
  messages.push(encodeSyncStep1(Y.encodeStateVector(doc)), encodeSyncStep2(Y.encodeStateAsUpdate(doc)));
  messages.push(encodeAwareness(encodeAwarenessEntries([{ clientId: 7, clock: 1, state: { cursor: { anchor: 1 }, user: { name: "x" } } }])));
  return messages;
}

function mutate(message: Uint8Array, random: () => number): Uint8Array {
  const m = Uint8Array.from(message);
  switch (Math.floor(random() * 6)) {
    case 0: // flip bits
      for (let i = 0; i < 1 + random() * 4; i++) m[Math.floor(random() * m.length)]! ^= 1 << Math.floor(random() * 8);
      return m;
    case 1: // truncate
      return m.slice(0, Math.floor(random() * m.length));
    case 2: // random bytes
      return Uint8Array.from({ length: 1 + Math.floor(random() * 64) }, () => Math.floor(random() * 256));
    case 3: {
      // a random byte set to an extreme value (lengths, clocks, client ids)
      const i = Math.floor(random() * m.length);
      m[i] = random() < 0.5 ? 0xff : 0x80;
      return m;
    }
    case 4: // splice two messages
      return Uint8Array.from([...m.slice(0, m.length >> 1), ...m.slice(m.length >> 1).reverse()]);
    default: // valid message, unchanged
      return m;
  }
}

describe("fuzzing the sync endpoint", () => {
  it("survives thousands of random and mutated messages; the stored document stays loadable", async () => {
    const doc = docName({ kind: "capability", planId: seed.planId, capabilityId: seed.capabilityId });
    const random = rng(20261128);
    const messages = corpus();
    let ws: WebSocket | null = null;
    let reconnects = 0;
    const TOTAL = 3000;
    for (let sent = 0; sent < TOTAL; sent++) {
      if (!ws || ws.readyState !== ws.OPEN) {
        const conn = await rawSocket(server.origin, cookie, doc);
        if (!("ws" in conn)) throw new Error(`refused with ${conn.status}`);
        ws = conn.ws;
        ws.on("error", () => undefined);
        reconnects++;
      }
      ws.send(mutate(messages[Math.floor(random() * messages.length)]!, random));
      // Let the server answer now and then, so closes are observed and rate limits are not the only outcome.
      if (sent % 10 === 0) await new Promise((r) => setTimeout(r, 2));
    }
    ws?.close();
    expect(reconnects).toBeGreaterThan(10);

    // The server is up and a well-behaved client still edits and syncs.
    const a = provider(server.origin, cookie, doc);
    const b = provider(server.origin, (await signIn(server.origin, seed.users.gov.email)).cookieHeader, doc);
    try {
      await Promise.all([synced(a), synced(b)]);
      a.doc.getText("after").insert(0, "after the storm");
      await waitFor(() => b.doc.getText("after").toString() === "after the storm", 5000, "a normal edit");
    } finally {
      a.destroy();
      b.destroy();
    }

    // What is stored replays without error into the same state.
    const snapshot = await server.services.db.selectFrom("doc_snapshot").select("bytes").where("doc", "=", doc).executeTakeFirst();
    const rows = await server.services.db.selectFrom("doc_update").select("bytes").where("doc", "=", doc).orderBy("seq").execute();
    const replay = new Y.Doc();
    if (snapshot) Y.applyUpdate(replay, new Uint8Array(snapshot.bytes));
    for (const r of rows) Y.applyUpdate(replay, new Uint8Array(r.bytes));
    expect(replay.getText("after").toString()).toBe("after the storm");
    const versions = await server.services.db.selectFrom("doc_version").select("bytes").where("doc", "=", doc).execute();
    for (const v of versions) Y.applyUpdate(new Y.Doc(), new Uint8Array(v.bytes));
  });
});
