import type { Kysely, Transaction } from "kysely";
import type { AppUser, Database, NewAppUser } from "../schema";

type Executor = Kysely<Database> | Transaction<Database>;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function countUsers(db: Executor): Promise<number> {
  const row = await db.selectFrom("app_user").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findUserById(db: Executor, id: string): Promise<AppUser | undefined> {
  return db.selectFrom("app_user").selectAll().where("id", "=", id).executeTakeFirst();
}

export function findUserByEmail(db: Executor, email: string): Promise<AppUser | undefined> {
  return db.selectFrom("app_user").selectAll().where("email", "=", normaliseEmail(email)).executeTakeFirst();
}

export async function insertUser(db: Executor, user: NewAppUser): Promise<void> {
  await db.insertInto("app_user").values({ ...user, email: normaliseEmail(user.email) }).execute();
}

export function listUsers(db: Executor): Promise<AppUser[]> {
  return db.selectFrom("app_user").selectAll().orderBy("created_at").execute();
}

export async function updateUserName(db: Executor, id: string, name: string): Promise<void> {
  await db.updateTable("app_user").set({ name }).where("id", "=", id).execute();
}

export async function updateUserPassword(db: Executor, id: string, passwordHash: string, at: string): Promise<void> {
  await db.updateTable("app_user").set({ password_hash: passwordHash, password_changed_at: at }).where("id", "=", id).execute();
}

export async function setUserDisabled(db: Executor, id: string, disabledAt: string | null): Promise<void> {
  await db.updateTable("app_user").set({ disabled_at: disabledAt }).where("id", "=", id).execute();
}
