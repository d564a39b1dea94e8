import { CompiledQuery, type Kysely, type Transaction } from "kysely";
import type { Database } from "../schema";

type Executor = Kysely<Database> | Transaction<Database>;

/** better-sqlite3 wants a Buffer for a blob; pg accepts one for bytea. */
export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** What the database holds for one document: its snapshot (if any) and the updates after it. */
export async function loadDocState(db: Executor, doc: string) {
  const snapshot = await db.selectFrom("doc_snapshot").select(["seq", "bytes"]).where("doc", "=", doc).executeTakeFirst();
  const updates = await db
    .selectFrom("doc_update")
    .select(["seq", "bytes"])
    .where("doc", "=", doc)
    .where("seq", ">", snapshot?.seq ?? 0)
    .orderBy("seq")
    .execute();
  const lastVersion = await db
    .selectFrom("doc_version")
    .select((eb) => eb.fn.max("seq").as("seq"))
    .where("doc", "=", doc)
    .executeTakeFirst();
  const clients = await db.selectFrom("doc_client").select(["client_id", "user_id"]).where("doc", "=", doc).execute();
  return {
    snapshot: snapshot ? { seq: Number(snapshot.seq), bytes: new Uint8Array(snapshot.bytes) } : null,
    updates: updates.map((u) => ({ seq: Number(u.seq), bytes: new Uint8Array(u.bytes) })),
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

/**
 * The INSERT of n log rows, built and compiled by Kysely once per dialect and n: building a query
 * costs more than SQLite takes to run it, and this one runs for every edit anyone makes.
 */
const logInsertSql = new WeakMap<object, Map<number, string>>();

function logInsert(e: Executor, rows: DocLogRow[]): CompiledQuery {
  const parameters = rows.flatMap((u) => [u.doc, u.seq, toBuffer(u.bytes), u.authorId, u.at]);
  const adapter = e.getExecutor().adapter;
  let byCount = logInsertSql.get(adapter);
  if (!byCount) logInsertSql.set(adapter, (byCount = new Map()));
  let sqlText = byCount.get(rows.length);
  if (sqlText === undefined) {
    const compiled = e
      .insertInto("doc_update")
      .values(rows.map((u, i) => ({ doc: u.doc, seq: u.seq, bytes: parameters[i * 5 + 2] as Buffer, author_id: u.authorId, at: u.at })))
      .compile();
    // The parameters above must be in the order Kysely binds them; checked once per shape.
    if (compiled.parameters.length !== parameters.length || compiled.parameters.some((p, i) => p !== parameters[i])) {
      throw new Error("doc_update insert: unexpected parameter order");
    }
    sqlText = compiled.sql;
    byCount.set(rows.length, sqlText);
  }
  return CompiledQuery.raw(sqlText, parameters);
}

async function insertUpdateRows(e: Executor, rows: DocLogRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) await e.executeQuery(logInsert(e, rows.slice(i, i + ROWS_PER_STATEMENT)));
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
