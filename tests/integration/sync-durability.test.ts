import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { readConfig } from "../../server/config";
import { createServices } from "../../server/services";
import { docName } from "../../server/sync/doc-names";
import { provider, seedCollabPlan, signIn, synced, waitFor } from "../helpers/collab";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { startTestServer, type TestServer } from "../helpers/test-server";

const cleanup: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

/** True when `b` holds everything `a` holds (per Yjs client, b's clock is at least a's). */
function covers(b: Y.Doc, a: Y.Doc): boolean {
  const sb = Y.decodeStateVector(Y.encodeStateVector(b));
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(a))) if ((sb.get(client) ?? 0) < clock) return false;
  return true;
}

async function loadFresh(server: TestServer, cookie: string, doc: string): Promise<WebsocketProvider> {
  const p = provider(server.origin, cookie, doc);
  cleanup.push(() => p.destroy());
  await synced(p);
  return p;
}

describe("durability", () => {
  it("keeps every update across a restart, compacting the log into a snapshot on shutdown", async () => {
    const first = await startTestServer();
    const seed = await seedCollabPlan(first.services, "r");
    const doc = docName({ kind: "capability", planId: seed.planId, capabilityId: seed.capabilityId });
    const cookie = (await signIn(first.origin, seed.users.coord.email)).cookieHeader;
    const writer = provider(first.origin, cookie, doc);
    await synced(writer);
    const text = writer.doc.getText("t");
    for (let i = 0; i < 120; i++) text.insert(text.length, `line ${i}\n`);
    const expected = text.toString();
    await waitFor(async () => (await first.services.db.selectFrom("doc_update").select("seq").where("doc", "=", doc).execute()).length > 0, 3000, "stored");
    // Wait until the server has stored the last edit (its relay to another client comes after the write).
    const reader = await loadFresh(first, cookie, doc);
    await waitFor(() => reader.doc.getText("t").toString() === expected, 5000, "reader caught up");
    writer.destroy();
    reader.destroy();
    await first.stop();

    const second = await startTestServer({ database: first.database });
    cleanup.push(async () => {
      await second.stop();
      await second.database.drop();
    });
    const snapshot = await second.services.db.selectFrom("doc_snapshot").select("seq").where("doc", "=", doc).executeTakeFirst();
    expect(snapshot?.seq).toBeGreaterThan(0);
    expect(await second.services.db.selectFrom("doc_update").select("seq").where("doc", "=", doc).execute()).toHaveLength(0);
    const versions = await second.services.db.selectFrom("doc_version").select(["authors_json"]).where("doc", "=", doc).execute();
    expect(versions.length).toBeGreaterThan(0);
    expect(JSON.parse(versions.at(-1)!.authors_json)).toEqual([seed.users.coord.id]);
    const cookie2 = (await signIn(second.origin, seed.users.gov.email)).cookieHeader;
    const after = await loadFresh(second, cookie2, doc);
    expect(after.doc.getText("t").toString()).toBe(expected);
  });

  it("loses nothing any client had received when the server is killed with SIGKILL during a burst", async () => {
    const database: TestDatabase = await createTestDatabase();
    cleanup.push(() => database.drop());
    const db = await database.connect();
    const port = await freePort();
    const origin = `http://localhost:${port}`;
    const services = createServices(readConfig({ NODE_ENV: "production" }, { port, appOrigin: origin }), db, database.kind);
    const seed = await seedCollabPlan(services, "k");
    await db.destroy();
    const doc = docName({ kind: "capability", planId: seed.planId, capabilityId: seed.capabilityId });

    const child = spawnServer(port, database);
    cleanup.push(() => void child.kill("SIGKILL"));
    let exited = false;
    child.once("exit", () => (exited = true));
    await waitForPort(port, () => exited);
    const writerCookie = (await signIn(origin, seed.users.coord.email)).cookieHeader;
    const watcherCookie = (await signIn(origin, seed.users.observer.email)).cookieHeader;
    const writer = provider(origin, writerCookie, doc);
    const watcher = provider(origin, watcherCookie, doc);
    cleanup.push(() => writer.destroy(), () => watcher.destroy());
    await Promise.all([synced(writer), synced(watcher)]);

    // A burst of edits, killed in the middle.
    const text = writer.doc.getText("t");
    let i = 0;
    // 50 messages a second: under the per-connection rate limit.
    const burst = setInterval(() => {
      writer.doc.transact(() => {
        for (let k = 0; k < 5; k++) text.insert(text.length, `edit ${i++} `);
      });
    }, 20);
    await waitFor(() => watcher.doc.getText("t").length > 2000, 10_000, "the burst to reach the watcher");
    child.kill("SIGKILL");
    await new Promise<void>((resolve) => child.once("exit", () => resolve()));
    clearInterval(burst);
    writer.disconnect();
    watcher.disconnect();
    const received = new Y.Doc();
    Y.applyUpdate(received, Y.encodeStateAsUpdate(watcher.doc));
    expect(received.getText("t").length).toBeGreaterThan(2000);
    expect(text.length).toBeGreaterThan(0);

    const restarted = await startTestServer({ database });
    cleanup.push(() => restarted.stop());
    const stored = new Y.Doc();
    const rows = await restarted.services.db.selectFrom("doc_update").select("bytes").where("doc", "=", doc).orderBy("seq").execute();
    const snap = await restarted.services.db.selectFrom("doc_snapshot").select("bytes").where("doc", "=", doc).executeTakeFirst();
    if (snap) Y.applyUpdate(stored, new Uint8Array(snap.bytes));
    for (const r of rows) Y.applyUpdate(stored, new Uint8Array(r.bytes));
    expect(covers(stored, received)).toBe(true);
    expect(stored.getText("t").toString().startsWith(received.getText("t").toString())).toBe(true);
    // And a new client gets it from the restarted server.
    const fresh = await loadFresh(restarted, (await signIn(restarted.origin, seed.users.gov.email)).cookieHeader, doc);
    expect(covers(fresh.doc, received)).toBe(true);
  });
});

function spawnServer(port: number, database: TestDatabase): ChildProcess {
  // The child runs on this test's own database: its SQLite file, or its PostgreSQL schema
  // (node-postgres reads PGOPTIONS, so the search path reaches every pooled connection).
  const { databaseUrl, sqlitePath, pgSchema } = database.options;
  const db = databaseUrl ? { DATABASE_URL: databaseUrl, PGOPTIONS: `-c search_path=${pgSchema}` } : { SQLITE_PATH: sqlitePath!, DATABASE_URL: "" };
  // `node --import tsx`, not the tsx CLI: the CLI runs the server in a grandchild that SIGKILL would miss.
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production", LOG_LEVEL: "silent", ...db },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return child;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, failed: () => boolean): Promise<void> {
  await waitFor(
    () =>
      new Promise<boolean>((resolve, reject) => {
        if (failed()) return reject(new Error("the server process exited"));
        const s = net.connect(port, "127.0.0.1");
        s.once("connect", () => {
          s.destroy();
          resolve(true);
        });
        s.once("error", () => resolve(false));
      }),
    30_000,
    "the server to listen",
  );
}
