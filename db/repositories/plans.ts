import type { Kysely, Transaction } from "kysely";
import { compiledQuery } from "../compiled-query";
import type { Database } from "../schema";

type Executor = Kysely<Database> | Transaction<Database>;

// Plan and membership are read on every plan page and every live connection: compiled once.
const planById = compiledQuery<{ id: string }>()((db, slot) => db.selectFrom("plan").selectAll().where("id", "=", slot("id")));

export async function findPlanById(db: Executor, id: string) {
  return (await planById(db, { id }))[0];
}

const membership = compiledQuery<{ planId: string; userId: string }>()((db, slot) =>
  db
    .selectFrom("membership")
    .innerJoin("organisation", "organisation.id", "membership.organisation_id")
    .select(["membership.plan_id", "membership.user_id", "membership.role", "membership.organisation_id", "organisation.sector", "organisation.name as organisation_name"])
    .where("membership.plan_id", "=", slot("planId"))
    .where("membership.user_id", "=", slot("userId")),
);

/** A user's membership of a plan with their organisation's sector, or undefined. */
export async function findMembership(db: Executor, planId: string, userId: string) {
  return (await membership(db, { planId, userId }))[0];
}

export function listPlansOfUser(db: Executor, userId: string) {
  return db
    .selectFrom("membership")
    .innerJoin("plan", "plan.id", "membership.plan_id")
    .innerJoin("organisation", "organisation.id", "membership.organisation_id")
    .select([
      "plan.id",
      "plan.title",
      "plan.country",
      "plan.country_name",
      "plan.start_year",
      "plan.end_year",
      "plan.archived_at",
      "membership.role",
      "organisation.name as organisation_name",
      "organisation.sector",
    ])
    .where("membership.user_id", "=", userId)
    .orderBy("plan.archived_at", "asc")
    .orderBy("plan.title")
    .execute();
}

export function listAllPlans(db: Executor) {
  return db.selectFrom("plan").selectAll().orderBy("created_at", "desc").execute();
}

export function listOrganisations(db: Executor, planId: string) {
  return db.selectFrom("organisation").selectAll().where("plan_id", "=", planId).orderBy("sector").orderBy("name").execute();
}

export function findOrganisation(db: Executor, planId: string, organisationId: string) {
  return db.selectFrom("organisation").selectAll().where("plan_id", "=", planId).where("id", "=", organisationId).executeTakeFirst();
}

export function listMembers(db: Executor, planId: string) {
  return db
    .selectFrom("membership")
    .innerJoin("app_user", "app_user.id", "membership.user_id")
    .innerJoin("organisation", "organisation.id", "membership.organisation_id")
    .select([
      "app_user.id as user_id",
      "app_user.name",
      "app_user.email",
      "membership.role",
      "membership.organisation_id",
      "organisation.name as organisation_name",
      "organisation.sector",
      "membership.created_at",
    ])
    .where("membership.plan_id", "=", planId)
    .orderBy("organisation.sector")
    .orderBy("app_user.name")
    .execute();
}

export async function countCoordinators(db: Executor, planId: string): Promise<number> {
  const r = await db
    .selectFrom("membership")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("plan_id", "=", planId)
    .where("role", "=", "coordinator")
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
