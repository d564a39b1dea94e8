import { sql, type ExpressionBuilder, type Kysely, type Transaction } from "kysely";
import type { DueCriteria, RegisterSort } from "~/domain/actions";
import { isPostgres } from "../connect";
import type { Database } from "../schema";

type Executor = Kysely<Database> | Transaction<Database>;

export function findAction(db: Executor, planId: string, actionId: string) {
  return db.selectFrom("action").selectAll().where("plan_id", "=", planId).where("id", "=", actionId).executeTakeFirst();
}

export async function listActionCapabilities(db: Executor, actionIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (actionIds.length === 0) return out;
  const rows = await db.selectFrom("action_capability").select(["action_id", "capability_id"]).where("action_id", "in", actionIds).execute();
  for (const r of rows) (out.get(r.action_id) ?? out.set(r.action_id, []).get(r.action_id)!).push(r.capability_id);
  return out;
}

export async function listActionPartners(db: Executor, actionIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (actionIds.length === 0) return out;
  const rows = await db.selectFrom("action_partner").select(["action_id", "organisation_id"]).where("action_id", "in", actionIds).execute();
  for (const r of rows) (out.get(r.action_id) ?? out.set(r.action_id, []).get(r.action_id)!).push(r.organisation_id);
  return out;
}

export function listIndicators(db: Executor, actionId: string) {
  return db.selectFrom("action_indicator").selectAll().where("action_id", "=", actionId).orderBy("position").execute();
}

export function listUpdates(db: Executor, actionId: string) {
  return db
    .selectFrom("action_update")
    .leftJoin("app_user", "app_user.id", "action_update.author_id")
    .selectAll("action_update")
    .select("app_user.name as author_name")
    .where("action_update.action_id", "=", actionId)
    .orderBy("action_update.at", "desc")
    .orderBy("action_update.id")
    .execute();
}

export async function listRefs(db: Executor, planId: string): Promise<string[]> {
  const rows = await db.selectFrom("action").select("ref").where("plan_id", "=", planId).execute();
  return rows.map((r) => r.ref);
}

/**
 * The plan's action references, read while holding the lock every writer of a reference takes:
 * the plan's row, until the transaction ends (PostgreSQL; SQLite runs one transaction at a time).
 * Two people creating actions at once then number them one after the other instead of both
 * computing the same next reference. NO KEY UPDATE: rows that merely refer to the plan (their
 * foreign key checks take KEY SHARE) are not held up.
 */
export async function lockActionRefs(trx: Transaction<Database>, planId: string): Promise<Set<string>> {
  if (isPostgres(trx)) await trx.selectFrom("plan").select("id").where("id", "=", planId).forNoKeyUpdate().execute();
  return new Set(await listRefs(trx, planId));
}

/** Snapshots of an action recorded in the audit log, oldest first (for "what changed since"). */
export function listActionAuditSnapshots(db: Executor, planId: string, actionId: string) {
  return db
    .selectFrom("audit_log")
    .select(["after_json", "at", "actor_id"])
    .where("plan_id", "=", planId)
    .where("entity", "=", "action")
    .where("entity_id", "=", actionId)
    .orderBy("at")
    .execute();
}

export function findMembershipOf(db: Executor, planId: string, userId: string) {
  return db.selectFrom("membership").select(["organisation_id", "role"]).where("plan_id", "=", planId).where("user_id", "=", userId).executeTakeFirst();
}

export interface RegisterFilter {
  capabilityIds?: readonly string[];
  sector?: string;
  organisationId?: string;
  assigneeId?: string;
  statuses?: readonly string[];
  /** "My actions": assigned to this user or led by this organisation. */
  mine?: { userId: string; organisationId: string };
  due?: DueCriteria;
  changedSince?: string;
  text?: string;
}


function applyFilter(eb: ExpressionBuilder<Database & { o: Database["organisation"] }, "action" | "o">, planId: string, f: RegisterFilter) {
  const and = [eb("action.plan_id", "=", planId)];
  if (f.capabilityIds?.length) {
    // Uncorrelated: one index range scan of (plan_id, capability_id), not a lookup per action.
    and.push(
      eb(
        "action.id",
        "in",
        eb.selectFrom("action_capability as ac").select("ac.action_id").where("ac.plan_id", "=", planId).where("ac.capability_id", "in", f.capabilityIds),
      ),
    );
  }
  if (f.sector) and.push(eb("action.sector", "=", f.sector));
  if (f.organisationId) and.push(eb("action.organisation_id", "=", f.organisationId));
  if (f.assigneeId) and.push(eb("action.assignee_id", "=", f.assigneeId));
  if (f.statuses?.length) and.push(eb("action.status", "in", f.statuses));
  if (f.mine) and.push(eb.or([eb("action.assignee_id", "=", f.mine.userId), eb("action.organisation_id", "=", f.mine.organisationId)]));
  if (f.due) {
    const d = f.due;
    and.push(eb("action.due_date", "is not", null));
    if (d.dueBefore) and.push(eb("action.due_date", "<", d.dueBefore));
    if (d.dueFrom) and.push(eb("action.due_date", ">=", d.dueFrom));
    if (d.dueTo) and.push(eb("action.due_date", "<=", d.dueTo));
    if (d.excludeOngoing) and.push(eb("action.ongoing", "=", 0));
    if (d.excludeStatuses.length) and.push(eb("action.status", "not in", d.excludeStatuses));
  }
  if (f.changedSince) and.push(eb("action.updated_at", ">=", f.changedSince));
  if (f.text) {
    const like = `%${f.text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    and.push(
      eb.or([
        eb(eb.fn("lower", ["action.title"]), "like", sql<string>`${like} escape '\\'`),
        eb(eb.fn("lower", ["action.ref"]), "like", sql<string>`${like} escape '\\'`),
      ]),
    );
  }
  return eb.and(and);
}

function registerBase(db: Executor, planId: string, f: RegisterFilter) {
  return db
    .selectFrom("action")
    .innerJoin("organisation as o", "o.id", "action.organisation_id")
    .where((eb) => applyFilter(eb, planId, f));
}

export async function countRegister(db: Executor, planId: string, f: RegisterFilter): Promise<number> {
  const r = await registerBase(db, planId, f)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** One page of the register, already joined with the lead organisation and the assignee's name. */
export function pageRegister(
  db: Executor,
  planId: string,
  f: RegisterFilter,
  sort: RegisterSort,
  dir: "asc" | "desc",
  limit: number,
  offset: number,
) {
  const column = {
    ref: "action.ref_sort",
    title: "action.title",
    due: "action.due_date",
    status: "action.status",
    progress: "action.progress",
    updated: "action.updated_at",
    organisation: "o.name",
  } as const;
  return registerBase(db, planId, f)
    .leftJoin("app_user as u", "u.id", "action.assignee_id")
    .select([
      "action.id",
      "action.ref",
      "action.title",
      "action.sector",
      "action.organisation_id",
      "o.name as organisation_name",
      "action.assignee_id",
      "u.name as assignee_name",
      "action.start_date",
      "action.due_date",
      "action.ongoing",
      "action.status",
      "action.progress",
      "action.updated_at",
      "action.version",
      "action.objective",
      "action.budget_amount",
      "action.budget_currency",
      "action.budget_source",
      "action.no_cost",
      "action.scope",
      "action.risks",
    ])
    .orderBy(column[sort], dir)
    .orderBy("action.ref_sort", "asc")
    .orderBy("action.ref", "asc")
    .limit(limit)
    .offset(offset)
    .execute();
}
export type RegisterRow = Awaited<ReturnType<typeof pageRegister>>[number];

/** Every action of a plan with its links, for matching an imported file by reference. */
export async function listActionsForImport(db: Executor, planId: string) {
  const actions = await db.selectFrom("action").selectAll().where("plan_id", "=", planId).execute();
  const ids = actions.map((a) => a.id);
  const [capabilities, partners] = await Promise.all([listActionCapabilities(db, ids), listActionPartners(db, ids)]);
  return actions.map((a) => ({ ...a, capabilityIds: capabilities.get(a.id) ?? [], partnerIds: partners.get(a.id) ?? [] }));
}

/** Reference and title of some actions of a plan, by reference. */
export function listActionTitles(db: Executor, planId: string, actionIds: readonly string[]) {
  if (actionIds.length === 0) return Promise.resolve([]);
  return db.selectFrom("action").select(["id", "ref", "title"]).where("plan_id", "=", planId).where("id", "in", actionIds).execute();
}

/** What an import of this member wrote (the "after" of its audit row), or undefined. */
export function findImportAudit(db: Executor, planId: string, importId: string, actorId: string) {
  return db
    .selectFrom("audit_log")
    .select(["after_json", "at"])
    .where("plan_id", "=", planId)
    .where("entity", "=", "action_import")
    .where("entity_id", "=", importId)
    .where("actor_id", "=", actorId)
    .executeTakeFirst();
}
