import type { Kysely, Transaction } from "kysely";
import type { Database } from "../schema";

type Executor = Kysely<Database> | Transaction<Database>;

export interface AuditRecord {
  planId: string | null;
  actorId: string | null;
  verb: string;
  entity: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
  at?: string;
}

/** Appends one audit row. Call it inside the transaction of the change it records. */
export async function appendAudit(db: Executor, id: string, record: AuditRecord): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      id,
      plan_id: record.planId,
      actor_id: record.actorId,
      at: record.at ?? new Date().toISOString(),
      verb: record.verb,
      entity: record.entity,
      entity_id: record.entityId,
      before_json: record.before === undefined ? null : JSON.stringify(record.before),
      after_json: record.after === undefined ? null : JSON.stringify(record.after),
    })
    .execute();
}
