import type { Kysely, Transaction } from "kysely";
import { compiledQuery } from "../compiled-query";
import type { Database } from "../schema";

type Executor = Kysely<Database> | Transaction<Database>;

/** better-sqlite3 wants a Buffer for a blob; pg accepts one for bytea. */
export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

// Loading a document runs on the first connection to it: compiled once (db/compiled-query.ts).
const docSnapshot = compiledQuery<{ doc: string }>()((db, slot) => db.selectFrom("doc_snapshot").select(["seq", "bytes"]).where("doc", "=", slot("doc")));
const docUpdatesAfter = compiledQuery<{ doc: string; after: number }>()((db, slot) =>
  db.selectFrom("doc_update").select(["seq", "bytes"]).where("doc", "=", slot("doc")).where("seq", ">", slot("after")).orderBy("seq"),
);
const docLastVersionSeq = compiledQuery<{ doc: string }>()((db, slot) =>
  db
    .selectFrom("doc_version")
    .select((eb) => eb.fn.max("seq").as("seq"))
    .where("doc", "=", slot("doc")),
);
const docClients = compiledQuery<{ doc: string }>()((db, slot) => db.selectFrom("doc_client").select(["client_id", "user_id"]).where("doc", "=", slot("doc")));

/** What the database holds for one document: its snapshot (if any) and the updates after it. */
export async function loadDocState(db: Executor, doc: string) {
  const [snapshot] = await docSnapshot(db, { doc });
  const updates = await docUpdatesAfter(db, { doc, after: snapshot?.seq ?? 0 });
  const [lastVersion] = await docLastVersionSeq(db, { doc });
  const clients = await docClients(db, { doc });
  return {
    // Buffers are Uint8Arrays already (better-sqlite3 and pg both return them): no copy.
    snapshot: snapshot ? { seq: Number(snapshot.seq), bytes: snapshot.bytes as Uint8Array } : null,
    updates: updates.map((u) => ({ seq: Number(u.seq), bytes: u.bytes as Uint8Array })),
    lastVersionSeq: lastVersion?.seq == null ? 0 : Number(lastVersion.seq),
    clients: clients.map((c) => ({ clientId: Number(c.client_id), userId: c.user_id })),
  };
}

export interface NewDocUpdate {
  seq: number;
  bytes: Uint8Array;
  authorId: string | null;
}

export async function insertDocUpdates(db: Executor, doc: string, at: string, updates: NewDocUpdate[]): Promise<void> {
  await insertUpdateRows(db, updates.map((u) => ({ ...u, doc, at })));
}

export async function insertDocClients(db: Executor, doc: string, clients: Array<{ clientId: number; userId: string }>): Promise<void> {
  await insertClientRows(db, clients.map((c) => ({ ...c, doc })));
}

/** One logged update of any document, as the sync server's group commit writes it. */
export interface DocLogRow extends NewDocUpdate {
  doc: string;
  at: string;
}

export interface DocClientRow {
  doc: string;
  clientId: number;
  userId: string;
}

/** Rows per INSERT: far below SQLite's and PostgreSQL's limits on bound parameters. */
const ROWS_PER_STATEMENT = 1000;

/**
 * Appends updates of several documents, and the client ids they introduce, atomically: one
 * multi-row INSERT in the common case, a transaction when there is more to write.
 */
export async function appendDocLog(db: Kysely<Database>, updates: DocLogRow[], clients: DocClientRow[]): Promise<void> {
  if (updates.length === 0) return;
  if (clients.length === 0 && updates.length <= ROWS_PER_STATEMENT) return insertUpdateRows(db, updates);
  await db.transaction().execute(async (trx) => {
    await insertUpdateRows(trx, updates);
    await insertClientRows(trx, clients);
  });
}

// The log INSERT runs for every edit anyone makes: compiled once per row count.
const LOG_COLUMNS = ["doc", "seq", "bytes", "author_id", "at"] as const;
const logInsert = compiledQuery<Record<string, unknown>>()((db, slot, rows: number) =>
  db.insertInto("doc_update").values(
    Array.from({ length: rows }, (_, i) => ({ doc: slot(`doc${i}`), seq: slot(`seq${i}`), bytes: slot(`bytes${i}`), author_id: slot(`author_id${i}`), at: slot(`at${i}`) })),
  ),
);

function logInsertValues(rows: DocLogRow[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  rows.forEach((u, i) => {
    const row = { doc: u.doc, seq: u.seq, bytes: toBuffer(u.bytes), author_id: u.authorId, at: u.at };
    for (const c of LOG_COLUMNS) values[`${c}${i}`] = row[c];
  });
  return values;
}

async function insertUpdateRows(e: Executor, rows: DocLogRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    await logInsert(e, logInsertValues(chunk), chunk.length);
  }
}

async function insertClientRows(e: Executor, rows: DocClientRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    await e
      .insertInto("doc_client")
      .values(rows.slice(i, i + ROWS_PER_STATEMENT).map((c) => ({ doc: c.doc, client_id: c.clientId, user_id: c.userId })))
      .onConflict((oc) => oc.columns(["doc", "client_id"]).doNothing())
      .execute();
  }
}

/** Folds every update up to `seq` into the snapshot and drops them from the log, atomically. */
export async function writeSnapshot(db: Kysely<Database>, doc: string, seq: number, bytes: Uint8Array, at: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("doc_snapshot")
      .values({ doc, seq, bytes: toBuffer(bytes), at })
      .onConflict((oc) => oc.column("doc").doUpdateSet({ seq, bytes: toBuffer(bytes), at }))
      .execute();
    await trx.deleteFrom("doc_update").where("doc", "=", doc).where("seq", "<=", seq).execute();
  });
}

/** Distinct authors of the logged updates after `afterSeq`. */
export async function authorsSince(db: Executor, doc: string, afterSeq: number): Promise<string[]> {
  const rows = await db
    .selectFrom("doc_update")
    .select("author_id")
    .distinct()
    .where("doc", "=", doc)
    .where("seq", ">", afterSeq)
    .where("author_id", "is not", null)
    .execute();
  return rows.map((r) => r.author_id!).sort();
}

export async function insertDocVersion(
  db: Executor,
  v: { id: string; doc: string; seq: number; name: string | null; auto: boolean; bytes: Uint8Array; authors: string[]; createdAt: string; createdBy: string | null },
): Promise<void> {
  await db
    .insertInto("doc_version")
    .values({
      id: v.id,
      doc: v.doc,
      seq: v.seq,
      name: v.name,
      auto: v.auto ? 1 : 0,
      bytes: toBuffer(v.bytes),
      authors_json: JSON.stringify(v.authors),
      created_at: v.createdAt,
      created_by: v.createdBy,
    })
    .execute();
}

/** Versions of a document, newest first, without their content. */
export function listDocVersions(db: Executor, doc: string) {
  return db
    .selectFrom("doc_version")
    .leftJoin("app_user", "app_user.id", "doc_version.created_by")
    .select(["doc_version.id", "doc_version.seq", "doc_version.name", "doc_version.auto", "doc_version.authors_json", "doc_version.created_at", "app_user.name as created_by_name"])
    .where("doc_version.doc", "=", doc)
    .orderBy("doc_version.seq", "desc")
    .orderBy("doc_version.created_at", "desc")
    .execute();
}

export function findDocVersion(db: Executor, doc: string, id: string) {
  return db.selectFrom("doc_version").selectAll().where("doc", "=", doc).where("id", "=", id).executeTakeFirst();
}

export async function userNames(db: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom("app_user").select(["id", "name"]).where("id", "in", ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
