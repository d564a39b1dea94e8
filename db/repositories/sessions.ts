import type { Kysely, Transaction } from "kysely";
import { compiledQuery } from "../compiled-query";
import type { Database, UserSession } from "../schema";

type Executor = Kysely<Database> | Transaction<Database>;

export async function insertSession(db: Executor, session: UserSession): Promise<void> {
  await db.insertInto("user_session").values(session).execute();
}

// On every request and every live connection: compiled once (db/compiled-query.ts).
const sessionWithUser = compiledQuery<{ id: string }>()((db, slot) =>
  db
    .selectFrom("user_session")
    .innerJoin("app_user", "app_user.id", "user_session.user_id")
    .select([
      "user_session.id as session_id",
      "user_session.created_at as session_created_at",
      "user_session.expires_at",
      "user_session.last_seen_at",
      "app_user.id as user_id",
      "app_user.email",
      "app_user.name",
      "app_user.is_site_admin",
      "app_user.disabled_at",
      "app_user.password_changed_at",
    ])
    .where("user_session.id", "=", slot("id")),
);

export async function findSessionWithUser(db: Executor, id: string) {
  return (await sessionWithUser(db, { id }))[0];
}

export function listSessionsOfUser(db: Executor, userId: string): Promise<UserSession[]> {
  return db.selectFrom("user_session").selectAll().where("user_id", "=", userId).orderBy("last_seen_at", "desc").execute();
}

export async function updateSessionTimes(db: Executor, id: string, fields: { expires_at?: string; last_seen_at?: string }) {
  await db.updateTable("user_session").set(fields).where("id", "=", id).execute();
}

export async function deleteSession(db: Executor, id: string): Promise<void> {
  await db.deleteFrom("user_session").where("id", "=", id).execute();
}

/** Deletes the user's sessions (all, or all but one) and returns the ids that ended. */
export async function deleteSessionsOfUser(db: Executor, userId: string, exceptId?: string): Promise<string[]> {
  let q = db.deleteFrom("user_session").where("user_id", "=", userId);
  if (exceptId) q = q.where("id", "!=", exceptId);
  const rows = await q.returning("id").execute();
  return rows.map((r) => r.id);
}

export async function deleteExpiredSessions(db: Executor, now: string): Promise<void> {
  await db.deleteFrom("user_session").where("expires_at", "<=", now).execute();
}
