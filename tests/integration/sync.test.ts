import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { removeMember } from "~/services/members.server";
import { findPlanById } from "../../db/repositories/plans";
import { docName } from "../../server/sync/doc-names";
import { closed, provider, rawSocket, seedCollabPlan, signIn, synced, waitFor, type CollabPlan } from "../helpers/collab";
import { startTestServer, type TestServer } from "../helpers/test-server";

let server: TestServer;
let seed: CollabPlan;
const cookies: Record<string, string> = {};
const open: WebsocketProvider[] = [];

beforeAll(async () => {
  server = await startTestServer();
  seed = await seedCollabPlan(server.services);
  for (const key of ["coord", "gov", "observer", "industry", "stranger"] as const) {
    cookies[key] = (await signIn(server.origin, seed.users[key].email)).cookieHeader;
  }
});
afterAll(async () => {
  for (const p of open) p.destroy();
  await server.stop();
  await server.database.drop();
});

function connect(who: keyof typeof cookies | null, doc: string, ydoc = new Y.Doc()): WebsocketProvider {
  const p = provider(server.origin, who ? cookies[who]! : null, doc, ydoc);
  open.push(p);
  return p;
}

const narrative = () => docName({ kind: "capability", planId: seed.planId, capabilityId: seed.capabilityId });

async function storedUpdates(doc: string) {
  return server.services.db.selectFrom("doc_update").select(["seq", "author_id", "bytes"]).where("doc", "=", doc).orderBy("seq").execute();
}

/** What the database holds for a document, read without the server's memory. */
async function storedText(doc: string, field = "t"): Promise<string> {
  const snapshot = await server.services.db.selectFrom("doc_snapshot").select("bytes").where("doc", "=", doc).executeTakeFirst();
  const ydoc = new Y.Doc();
  if (snapshot) Y.applyUpdate(ydoc, new Uint8Array(snapshot.bytes));
  for (const u of await storedUpdates(doc)) Y.applyUpdate(ydoc, new Uint8Array(u.bytes));
  return ydoc.getText(field).toString();
}

describe("live sync between members", () => {
  it("a client joining after each change gets the whole current state (the server keeps it encoded between changes)", async () => {
    const doc = docName({ kind: "sector-notes", planId: seed.planId, capabilityId: seed.capabilityId, sector: "government" });
    const writer = connect("coord", doc);
    await synced(writer);
    for (const word of ["one", "two", "three"]) {
      // An empty writer joins first: its sync step 2 changes nothing and must not stale the state.
      const idle = connect("gov", doc);
      await synced(idle);
      writer.doc.getText("t").insert(writer.doc.getText("t").length, `${word} `);
      await waitFor(() => idle.doc.getText("t").toString() === writer.doc.getText("t").toString(), 5000, "relay");
      const late = connect("observer", doc);
      await synced(late);
      expect(late.doc.getText("t").toString()).toBe(writer.doc.getText("t").toString());
    }
    expect(writer.doc.getText("t").toString()).toBe("one two three ");
  });

  it("two writers converge, and every update is stored with its author", async () => {
    const doc = narrative();
    const a = connect("coord", doc);
    const b = connect("gov", doc);
    await Promise.all([synced(a), synced(b)]);
    a.doc.getText("t").insert(0, "Agreed scope. ");
    b.doc.getText("t").insert(0, "Draft: ");
    await waitFor(() => a.doc.getText("t").toString() === b.doc.getText("t").toString() && a.doc.getText("t").length > 20, 5000, "convergence");
    const text = a.doc.getText("t").toString();
    expect(text).toContain("Agreed scope.");
    expect(text).toContain("Draft:");
    await waitFor(async () => (await storedText(doc)) === text, 3000, "stored text");
    const authors = new Set((await storedUpdates(doc)).map((u) => u.author_id));
    expect(authors).toEqual(new Set([seed.users.coord.id, seed.users.gov.id]));
  });

  it("a reader syncs and sees edits live, but its own edits reach neither the database nor others", async () => {
    const doc = narrative();
    const writer = connect("coord", doc);
    const reader = connect("observer", doc);
    await Promise.all([synced(writer), synced(reader)]);
    expect(reader.doc.getText("t").toString()).toBe(writer.doc.getText("t").toString());
    const before = (await storedUpdates(doc)).length;
    reader.doc.getText("t").insert(0, "READER WAS HERE ");
    writer.doc.getText("t").insert(writer.doc.getText("t").length, " Live.");
    await waitFor(() => reader.doc.getText("t").toString().endsWith(" Live."), 5000, "live update at the reader");
    // Give a dropped update every chance to show up somewhere.
    await new Promise((r) => setTimeout(r, 300));
    expect(writer.doc.getText("t").toString()).not.toContain("READER");
    const rows = await storedUpdates(doc);
    expect(rows.length).toBe(before + 1);
    expect(rows.some((r) => r.author_id === seed.users.observer.id)).toBe(false);
    expect(await storedText(doc)).not.toContain("READER");
    // A fresh client sees only what writers wrote.
    const fresh = connect("gov", doc);
    await synced(fresh);
    expect(fresh.doc.getText("t").toString()).not.toContain("READER");
  });

  it("presence carries the server's name, sector and colour, not what the client claims", async () => {
    const doc = narrative();
    const liar = connect("gov", doc);
    const watcher = connect("coord", doc);
    await Promise.all([synced(liar), synced(watcher)]);
    liar.awareness.setLocalStateField("user", { id: seed.users.coord.id, name: "Cora Coordinator", sector: "law-enforcement", color: "#ff0000" });
    await waitFor(() => watcher.awareness.getStates().has(liar.awareness.clientID), 3000, "presence");
    const seen = watcher.awareness.getStates().get(liar.awareness.clientID) as { user: Record<string, string> };
    expect(seen.user).toEqual({ id: seed.users.gov.id, name: "Gil Government", sector: "government", color: "#1f4e79" });
  });
});

describe("who may connect", () => {
  it("refuses a missing cookie (401), a stranger and a hidden document (404), a bad name (404), another origin (403)", async () => {
    const doc = narrative();
    expect(await rawSocket(server.origin, null, doc)).toEqual({ status: 401 });
    expect(await rawSocket(server.origin, "tf_session=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", doc)).toEqual({ status: 401 });
    expect(await rawSocket(server.origin, cookies.stranger!, doc)).toEqual({ status: 404 });
    // Government's confidential notes: industry is a member of the plan but may not see them.
    const notes = docName({ kind: "sector-notes", planId: seed.planId, capabilityId: seed.capabilityId, sector: "government" });
    expect(await rawSocket(server.origin, cookies.industry!, notes)).toEqual({ status: 404 });
    expect(await rawSocket(server.origin, cookies.coord!, `plan/${seed.planId}/capability/no-such-capability`)).toEqual({ status: 404 });
    expect(await rawSocket(server.origin, cookies.coord!, `plan/${seed.planId}/meeting/abc`)).toEqual({ status: 404 });
    expect(await rawSocket(server.origin, cookies.coord!, `plan/${seed.planId}/widget/abc`)).toEqual({ status: 404 });
    expect(await rawSocket(server.origin, cookies.coord!, "plan/../../etc")).toEqual({ status: 404 });
    expect(await rawSocket("http://evil.example", cookies.coord!, doc).catch(() => null)).not.toHaveProperty("ws");
    const ok = await rawSocket(server.origin, cookies.gov!, notes);
    expect(ok).toHaveProperty("ws");
    if ("ws" in ok) ok.ws.close();
  });

  it("closes a member's connections within a second when they are removed from the plan", async () => {
    const doc = narrative();
    const conn = await rawSocket(server.origin, cookies.industry!, doc);
    if (!("ws" in conn)) throw new Error(`refused ${conn.status}`);
    const plan = (await findPlanById(server.services.db, seed.planId))!;
    const started = Date.now();
    const code = closed(conn.ws, 1000);
    await removeMember(server.services, { kind: "operator", plan, userId: seed.users.admin.id }, seed.users.industry.id);
    expect(await code).toBe(4403);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await rawSocket(server.origin, cookies.industry!, doc)).toEqual({ status: 404 });
  });

  it("closes the connections of a session that signs out", async () => {
    const client = await signIn(server.origin, seed.users.gov.email);
    const conn = await rawSocket(server.origin, client.cookieHeader, narrative());
    if (!("ws" in conn)) throw new Error(`refused ${conn.status}`);
    const code = closed(conn.ws, 1000);
    await client.post("/logout", {});
    expect(await code).toBe(4401);
  });
});

describe("hostile input", () => {
  async function socket() {
    const conn = await rawSocket(server.origin, cookies.coord!, narrative());
    if (!("ws" in conn)) throw new Error(`refused ${conn.status}`);
    return conn.ws;
  }

  it("closes only the offending connection on malformed, truncated, unknown and oversized messages", async () => {
    const bystander = connect("gov", narrative());
    await synced(bystander);
    const cases: Array<[string | Uint8Array, number]> = [
      [new Uint8Array([0, 0, 5, 1]), 1002], // truncated state vector
      [new Uint8Array([0, 2, 3, 1, 2, 3, 9, 9]), 1002], // trailing bytes
      [new Uint8Array([0, 7, 0]), 1003], // unknown sync step
      [new Uint8Array([42]), 1003], // unknown message type
      [new Uint8Array([1, 4, 1, 5, 0, 1, 0x7b]), 1002], // awareness with a broken JSON state
      ["hello", 1003], // text frame
      [new Uint8Array(5 * 1024 * 1024), 1009], // over the size limit
    ];
    for (const [message, expected] of cases) {
      const ws = await socket();
      const code = closed(ws);
      ws.send(message);
      expect(await code, String(message).slice(0, 20)).toBe(expected);
    }
    // The server and the other client go on.
    bystander.doc.getText("t").insert(0, "Still here. ");
    const other = connect("coord", narrative());
    await synced(other);
    await waitFor(() => other.doc.getText("t").toString().startsWith("Still here."), 3000, "bystander's edit");
  });

  it("closes a connection that floods messages (rate limit)", async () => {
    const ws = await socket();
    const code = closed(ws);
    const step1 = new Uint8Array([0, 0, 1, 0]);
    for (let i = 0; i < 3000 && ws.readyState === ws.OPEN; i++) ws.send(step1);
    expect(await code).toBe(1008);
  });

  it("serves metrics to site administrators only", async () => {
    const admin = await signIn(server.origin, seed.users.admin.email);
    const res = await admin.get("/admin/metrics");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const body = await res.text();
    expect(body).toMatch(/^taskforce_sync_connections \d+$/m);
    expect(body).toMatch(/^taskforce_sync_updates_stored_total [1-9]\d*$/m);
    expect(body).toMatch(/taskforce_sync_refusals_total\{reason="no-session"\} [1-9]/);
    expect((await (await signIn(server.origin, seed.users.coord.email)).get("/admin/metrics")).status).toBe(404);
  });
});
