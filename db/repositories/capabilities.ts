import type { Kysely, Transaction } from "kysely";
import type { Database, MaturityChangeTable, PlanCapabilityTable } from "../schema";

type Executor = Kysely<Database> | Transaction<Database>;

/** A plan's capability settings; capabilities without a row use the framework defaults. */
export function listPlanCapabilities(db: Executor, planId: string) {
  return db.selectFrom("plan_capability").selectAll().where("plan_id", "=", planId).execute();
}

export function findPlanCapability(db: Executor, planId: string, capabilityId: string) {
  return db.selectFrom("plan_capability").selectAll().where("plan_id", "=", planId).where("capability_id", "=", capabilityId).executeTakeFirst();
}

/** Writes the whole row: insert when the capability still had its defaults, else update. */
export async function savePlanCapability(trx: Executor, row: PlanCapabilityTable, exists: boolean): Promise<void> {
  if (!exists) {
    await trx.insertInto("plan_capability").values(row).execute();
    return;
  }
  const { plan_id, capability_id, ...rest } = row;
  await trx.updateTable("plan_capability").set(rest).where("plan_id", "=", plan_id).where("capability_id", "=", capability_id).execute();
}

export async function insertMaturityChanges(trx: Executor, rows: MaturityChangeTable[]): Promise<void> {
  if (rows.length) await trx.insertInto("maturity_change").values(rows).execute();
}

/** A capability's maturity history, newest first, with the author's name. */
export function listMaturityChanges(db: Executor, planId: string, capabilityId: string) {
  return db
    .selectFrom("maturity_change")
    .leftJoin("app_user", "app_user.id", "maturity_change.changed_by")
    .selectAll("maturity_change")
    .select("app_user.name as changed_by_name")
    .where("maturity_change.plan_id", "=", planId)
    .where("maturity_change.capability_id", "=", capabilityId)
    .orderBy("maturity_change.changed_at", "desc")
    .orderBy("maturity_change.kind")
    .execute();
}

/** The facts the progress roll-up needs about every action of a plan (one query). */
export function listActionsForRollup(db: Executor, planId: string) {
  return db
    .selectFrom("action")
    .select(["id", "ref", "title", "sector", "status", "progress", "weight", "due_date", "ongoing", "created_at", "updated_at", "updated_by"])
    .where("plan_id", "=", planId)
    .execute();
}

/** Every action ↔ capability link of a plan (one query). */
export function listPlanActionLinks(db: Executor, planId: string) {
  return db.selectFrom("action_capability").select(["action_id", "capability_id"]).where("plan_id", "=", planId).execute();
}

/** Every status change of a plan's actions (for the overdue-over-time chart). */
export function listStatusChanges(db: Executor, planId: string) {
  return db
    .selectFrom("action_update")
    .select(["action_id", "at", "status_from", "status_to"])
    .where("plan_id", "=", planId)
    .where((eb) => eb.or([eb("status_from", "is not", null), eb("status_to", "is not", null)]))
    .execute();
}

export async function userNames(db: Executor, ids: Iterable<string | null>): Promise<Map<string, string>> {
  const list = [...new Set([...ids].filter((id): id is string => !!id))];
  if (list.length === 0) return new Map();
  const rows = await db.selectFrom("app_user").select(["id", "name"]).where("id", "in", list).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
