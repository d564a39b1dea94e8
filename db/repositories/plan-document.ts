import type { Kysely, Transaction } from "kysely";
import type { Database, EditionTable } from "../schema";

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Queries of the plan as a document: everything an export reads, a fixed number of queries
 * whatever the plan's size, plus frozen editions and public-edition exclusions.
 */

/** Every action of a plan with its lead organisation's name (one query). */
export function listDocumentActions(db: Executor, planId: string) {
  return db
    .selectFrom("action")
    .innerJoin("organisation as o", "o.id", "action.organisation_id")
    .select([
      "action.id",
      "action.ref",
      "action.title",
      "action.objective",
      "action.sector",
      "action.organisation_id",
      "action.assignee_id",
      "o.name as organisation_name",
      "action.start_date",
      "action.due_date",
      "action.ongoing",
      "action.status",
      "action.progress",
      "action.budget_amount",
      "action.budget_currency",
      "action.budget_source",
      "action.no_cost",
    ])
    .where("action.plan_id", "=", planId)
    .execute();
}

/** Partner organisation names of every action of a plan (one query). */
export function listDocumentPartners(db: Executor, planId: string) {
  return db
    .selectFrom("action_partner as ap")
    .innerJoin("action", "action.id", "ap.action_id")
    .innerJoin("organisation as o", "o.id", "ap.organisation_id")
    .select(["ap.action_id", "o.name"])
    .where("action.plan_id", "=", planId)
    .orderBy("o.name")
    .execute();
}

/** Indicators of every action of a plan, in their order (one query). */
export function listDocumentIndicators(db: Executor, planId: string) {
  return db
    .selectFrom("action_indicator as i")
    .innerJoin("action", "action.id", "i.action_id")
    .select(["i.action_id", "i.name", "i.unit", "i.baseline", "i.target", "i.current_value", "i.data_source", "i.position"])
    .where("action.plan_id", "=", planId)
    .orderBy("i.action_id")
    .orderBy("i.position")
    .execute();
}

/**
 * The stored state of several collaborative documents at once: each one's snapshot and the
 * updates logged after it (the same rows the sync server loads a room from; see
 * db/repositories/docs.ts `loadDocState` for one document). Two queries for any number.
 */
export async function loadDocStates(db: Executor, names: readonly string[]): Promise<Map<string, Uint8Array[]>> {
  const out = new Map<string, Uint8Array[]>();
  if (names.length === 0) return out;
  const snapshots = await db.selectFrom("doc_snapshot").select(["doc", "seq", "bytes"]).where("doc", "in", names).execute();
  const snapshotSeq = new Map<string, number>();
  for (const s of snapshots) {
    snapshotSeq.set(s.doc, Number(s.seq));
    out.set(s.doc, [new Uint8Array(s.bytes)]);
  }
  const updates = await db.selectFrom("doc_update").select(["doc", "seq", "bytes"]).where("doc", "in", names).orderBy("doc").orderBy("seq").execute();
  for (const u of updates) {
    if (Number(u.seq) <= (snapshotSeq.get(u.doc) ?? 0)) continue;
    (out.get(u.doc) ?? out.set(u.doc, []).get(u.doc)!).push(new Uint8Array(u.bytes));
  }
  return out;
}

// Exclusions from public editions

export function listExclusions(db: Executor, planId: string) {
  return db.selectFrom("export_exclusion").select(["kind", "target_id"]).where("plan_id", "=", planId).execute();
}

export async function replaceExclusions(trx: Executor, planId: string, rows: Array<{ kind: string; target_id: string }>, at: string, by: string): Promise<void> {
  await trx.deleteFrom("export_exclusion").where("plan_id", "=", planId).execute();
  if (rows.length) await trx.insertInto("export_exclusion").values(rows.map((r) => ({ plan_id: planId, kind: r.kind, target_id: r.target_id, created_at: at, created_by: by }))).execute();
}

// Editions: inserted once, never updated or deleted here (an edition is immutable).

export async function insertEdition(trx: Executor, row: EditionTable): Promise<void> {
  await trx.insertInto("edition").values(row).execute();
}

/** A plan's editions without their content, newest first. */
export function listEditions(db: Executor, planId: string) {
  return db
    .selectFrom("edition")
    .leftJoin("app_user", "app_user.id", "edition.created_by")
    .select(["edition.id", "edition.name", "edition.edition_date", "edition.note", "edition.audience", "edition.created_at", "app_user.name as created_by_name"])
    .where("edition.plan_id", "=", planId)
    .orderBy("edition.created_at", "desc")
    .execute();
}

export function findEdition(db: Executor, planId: string, editionId: string) {
  return db
    .selectFrom("edition")
    .leftJoin("app_user", "app_user.id", "edition.created_by")
    .selectAll("edition")
    .select("app_user.name as created_by_name")
    .where("edition.plan_id", "=", planId)
    .where("edition.id", "=", editionId)
    .executeTakeFirst();
}
