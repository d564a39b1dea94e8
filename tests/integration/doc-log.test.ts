import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/connect";
import { compiledQuery } from "../../db/compiled-query";
import { loadDocState } from "../../db/repositories/docs";
import { createUser } from "~/services/accounts.server";
import { UpdateWriter } from "../../server/sync/update-writer";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";

// The sync server's group commit and the statements under it, on a real database (SQLite, and
// PostgreSQL in the second pass of `npm test`).

let database: TestDatabase;
let db: DB;
let userId: string;
const bytes = (n: number) => new Uint8Array([n % 256, 1, 2]);

beforeAll(async () => {
  database = await createTestDatabase();
  db = await database.connect();
  userId = await createUser(db, { email: "writer@example.org", name: "Wren Writer", password: "a long enough test passphrase" });
});
afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

describe("update writer (group commit)", () => {
  it("stores the updates of many documents written in one turn, each in order, with new client ids", async () => {
    const writer = new UpdateWriter(db);
    const at = new Date().toISOString();
    const writes = Array.from({ length: 30 }, (_, d) =>
      writer.write(
        [1, 2, 3].map((seq) => ({ doc: `plan/p/capability/c${d}`, seq, bytes: bytes(d * 10 + seq), authorId: userId, at })),
        [{ doc: `plan/p/capability/c${d}`, clientId: 1000 + d, userId }],
      ),
    );
    await Promise.all(writes);
    for (let d = 0; d < 30; d++) {
      const state = await loadDocState(db, `plan/p/capability/c${d}`);
      expect(state.updates.map((u) => u.seq)).toEqual([1, 2, 3]);
      expect(state.updates.map((u) => [...u.bytes])).toEqual([1, 2, 3].map((seq) => [...bytes(d * 10 + seq)]));
      expect(state.clients).toEqual([{ clientId: 1000 + d, userId }]);
    }
  });

  it("writes a batch larger than one statement takes, atomically", async () => {
    const writer = new UpdateWriter(db);
    const at = new Date().toISOString();
    const rows = Array.from({ length: 2500 }, (_, i) => ({ doc: "plan/p/capability/large", seq: i + 1, bytes: bytes(i), authorId: null, at }));
    await writer.write(rows, []);
    const state = await loadDocState(db, "plan/p/capability/large");
    expect(state.updates).toHaveLength(2500);
    expect(state.updates.at(-1)!.seq).toBe(2500);
  });

  it("fails every write of a batch that cannot be stored, and stores none of it", async () => {
    const writer = new UpdateWriter(db);
    const at = new Date().toISOString();
    await writer.write([{ doc: "plan/p/capability/taken", seq: 1, bytes: bytes(1), authorId: null, at }], []);
    // Same turn: one write collides with the stored seq 1, so the whole batch is refused.
    const ok = writer.write([{ doc: "plan/p/capability/innocent", seq: 1, bytes: bytes(2), authorId: null, at }], []);
    const clash = writer.write([{ doc: "plan/p/capability/taken", seq: 1, bytes: bytes(3), authorId: null, at }], []);
    await expect(clash).rejects.toThrow();
    await expect(ok).rejects.toThrow();
    expect((await loadDocState(db, "plan/p/capability/innocent")).updates).toHaveLength(0);
    // The writer goes on serving later batches.
    await writer.write([{ doc: "plan/p/capability/innocent", seq: 1, bytes: bytes(4), authorId: null, at }], []);
    expect((await loadDocState(db, "plan/p/capability/innocent")).updates).toHaveLength(1);
  });
});

// Kysely's SQLite driver prepares every statement; db/connect.ts keeps them by SQL text.
describe("statement cache (SQLite)", () => {
  it("serves the same query again after a read stopped half-way, with the right rows", async () => {
    if (database.kind !== "sqlite") return; // streaming is SQLite-only here (pg would need pg-cursor)
    const query = db.selectFrom("doc_update").select(["doc", "seq"]).where("doc", "=", "plan/p/capability/large").orderBy("seq");
    let seen = 0;
    for await (const row of query.stream()) {
      expect(row.seq).toBe(++seen);
      if (seen === 5) break;
    }
    const again = await query.execute();
    expect(again).toHaveLength(2500);
    expect(again[0]).toEqual({ doc: "plan/p/capability/large", seq: 1 });
    const other = await db.selectFrom("doc_update").select("seq").where("doc", "=", "plan/p/capability/c3").orderBy("seq").execute();
    expect(other.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(Number((await sql<{ n: number }>`select count(*) as n from doc_update`.execute(db)).rows[0]!.n)).toBeGreaterThan(2500);
  });
});

describe("compiled queries", () => {
  it("bind each run's values into the SQL compiled once, keeping constants, per shape", async () => {
    const updatesOf = compiledQuery<{ doc: string; from: number }>()((q, slot) =>
      q.selectFrom("doc_update").select("seq").where("doc", "=", slot("doc")).where("seq", ">=", slot("from")).where("seq", "<", 3).orderBy("seq"),
    );
    expect((await updatesOf(db, { doc: "plan/p/capability/c1", from: 1 })).map((r) => r.seq)).toEqual([1, 2]);
    expect((await updatesOf(db, { doc: "plan/p/capability/c2", from: 2 })).map((r) => r.seq)).toEqual([2]);
    expect(await updatesOf(db, { doc: "plan/p/capability/none", from: 0 })).toEqual([]);
    // Inside a transaction (same dialect, so the same compiled SQL).
    await db.transaction().execute(async (trx) => {
      expect((await updatesOf(trx, { doc: "plan/p/capability/c4", from: 0 })).map((r) => r.seq)).toEqual([1, 2]);
    });
    const firstN = compiledQuery<{ doc: string }>()((q, slot, n: number) => q.selectFrom("doc_update").select("seq").where("doc", "=", slot("doc")).orderBy("seq").limit(n));
    expect(await firstN(db, { doc: "plan/p/capability/large" }, 2)).toHaveLength(2);
    expect(await firstN(db, { doc: "plan/p/capability/large" }, 7)).toHaveLength(7);
  });
});
