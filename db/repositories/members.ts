import type { Kysely, Transaction } from "kysely";
import type { Database } from "../schema";

type Executor = Kysely<Database> | Transaction<Database>;

/** Invitations of a plan with their organisation, newest first. */
export function listInvitations(db: Executor, planId: string) {
  return db
    .selectFrom("invitation")
    .innerJoin("organisation", "organisation.id", "invitation.organisation_id")
    .leftJoin("app_user as creator", "creator.id", "invitation.created_by")
    .leftJoin("app_user as acceptor", "acceptor.id", "invitation.accepted_by")
    .select([
      "invitation.id",
      "invitation.label",
      "invitation.role",
      "invitation.organisation_id",
      "invitation.created_at",
      "invitation.expires_at",
      "invitation.accepted_at",
      "invitation.revoked_at",
      "organisation.name as organisation_name",
      "organisation.sector",
      "creator.name as created_by_name",
      "acceptor.name as accepted_by_name",
    ])
    .where("invitation.plan_id", "=", planId)
    .orderBy("invitation.created_at", "desc")
    .execute();
}

export function findInvitation(db: Executor, planId: string, id: string) {
  return db.selectFrom("invitation").selectAll().where("plan_id", "=", planId).where("id", "=", id).executeTakeFirst();
}

/** The invitation behind a link (by token hash) with what its page shows. */
export function findInvitationByTokenHash(db: Executor, tokenHash: string) {
  return db
    .selectFrom("invitation")
    .innerJoin("plan", "plan.id", "invitation.plan_id")
    .innerJoin("organisation", "organisation.id", "invitation.organisation_id")
    .select([
      "invitation.id",
      "invitation.plan_id",
      "invitation.label",
      "invitation.role",
      "invitation.organisation_id",
      "invitation.expires_at",
      "invitation.accepted_at",
      "invitation.revoked_at",
      "plan.title as plan_title",
      "plan.archived_at as plan_archived_at",
      "organisation.name as organisation_name",
      "organisation.sector",
    ])
    .where("invitation.token_hash", "=", tokenHash)
    .executeTakeFirst();
}

/** How many rows point at an organisation; any use keeps it from being deleted. */
export async function organisationUses(db: Executor, organisationId: string) {
  const count = async (table: "membership" | "action" | "action_partner") => {
    const r = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("organisation_id", "=", organisationId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  };
  const pending = await db
    .selectFrom("invitation")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("organisation_id", "=", organisationId)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", new Date().toISOString())
    .executeTakeFirstOrThrow();
  return { members: await count("membership"), actions: (await count("action")) + (await count("action_partner")), pendingInvitations: Number(pending.n) };
}

export interface AuditFilter {
  planId: string;
  actorId?: string;
  entity?: string;
  /** Inclusive ISO bounds. */
  from?: string;
  to?: string;
}

function auditQuery(db: Executor, f: AuditFilter) {
  let q = db.selectFrom("audit_log").leftJoin("app_user", "app_user.id", "audit_log.actor_id").where("audit_log.plan_id", "=", f.planId);
  if (f.actorId) q = q.where("audit_log.actor_id", "=", f.actorId);
  if (f.entity) q = q.where("audit_log.entity", "=", f.entity);
  if (f.from) q = q.where("audit_log.at", ">=", f.from);
  if (f.to) q = q.where("audit_log.at", "<", f.to);
  return q;
}

export function listAudit(db: Executor, f: AuditFilter, page: { limit: number; offset: number }) {
  return auditQuery(db, f)
    .select([
      "audit_log.id",
      "audit_log.at",
      "audit_log.actor_id",
      "app_user.name as actor_name",
      "app_user.email as actor_email",
      "audit_log.verb",
      "audit_log.entity",
      "audit_log.entity_id",
      "audit_log.before_json",
      "audit_log.after_json",
    ])
    .orderBy("audit_log.at", "desc")
    .orderBy("audit_log.id", "desc")
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countAudit(db: Executor, f: AuditFilter): Promise<number> {
  const r = await auditQuery(db, f)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Entity names that occur in a plan's audit log, for the filter. */
export async function auditEntities(db: Executor, planId: string): Promise<string[]> {
  const rows = await db.selectFrom("audit_log").select("entity").distinct().where("plan_id", "=", planId).orderBy("entity").execute();
  return rows.map((r) => r.entity);
}

/** Everyone who ever acted in the plan's log (members who left included), for the filter. */
export function auditActors(db: Executor, planId: string) {
  return db
    .selectFrom("audit_log")
    .innerJoin("app_user", "app_user.id", "audit_log.actor_id")
    .select(["app_user.id", "app_user.name", "app_user.email"])
    .distinct()
    .where("audit_log.plan_id", "=", planId)
    .orderBy("app_user.name")
    .execute();
}
