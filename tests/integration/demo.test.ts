import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isOverdue, todayUtc } from "~/domain/actions";
import { getFramework } from "~/domain/framework";
import { can } from "~/domain/policy";
import { rollUp } from "~/domain/progress";
import { isRole, isSector } from "~/domain/sectors";
import type { AppServices } from "~/services/context.server";
import { proposeFor } from "~/services/meetings.server";
import { loadPlanAccess } from "~/services/plan-access.server";
import { loadPlanStructure } from "~/services/plan-structure.server";
import type { DB } from "../../db/connect";
import { readConfig } from "../../server/config";
import { createServices } from "../../server/services";
import { attachSyncServer } from "../../server/sync";
import { loadDemo, type DemoResult } from "../../scripts/demo";
import { demoActions, demoMembers, demoOrganisations } from "../../scripts/demo/content";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";

// The demo loader runs through the app's own services on an empty database; the plan it makes
// must then satisfy the product's invariants, or a newcomer's first look would be a lie.
let database: TestDatabase;
let db: DB;
let services: AppServices;
let result: DemoResult;

beforeAll(async () => {
  database = await createTestDatabase();
  db = await database.connect();
  services = createServices(readConfig({ NODE_ENV: "production" }), db, database.kind);
  const sync = attachSyncServer(services);
  result = await loadDemo(services);
  await sync.close();
}, 120_000);
afterAll(async () => {
  await db.destroy();
  await database.drop();
});

describe("npm run demo", () => {
  it("loads the promised task force: 12 organisations, 20 members in every role, 80 actions in every status", async () => {
    const orgs = await db.selectFrom("organisation").select(["sector"]).where("plan_id", "=", result.planId).execute();
    expect(orgs).toHaveLength(demoOrganisations.length);
    expect(new Set(orgs.map((o) => o.sector))).toEqual(new Set(["government", "law-enforcement", "industry", "civil-society"]));
    const members = await db.selectFrom("membership").select(["role"]).where("plan_id", "=", result.planId).execute();
    expect(members).toHaveLength(demoMembers.length);
    expect(new Set(members.map((m) => m.role))).toEqual(new Set(["coordinator", "sector-lead", "member", "observer"]));
    const actions = await db.selectFrom("action").select(["status"]).where("plan_id", "=", result.planId).execute();
    expect(actions).toHaveLength(demoActions.length);
    expect(new Set(actions.map((a) => a.status))).toEqual(new Set(["not-started", "on-track", "at-risk", "delayed", "completed", "cancelled"]));
    const assessed = await db.selectFrom("plan_capability").select(["current_level"]).where("plan_id", "=", result.planId).where("current_level", "is not", null).execute();
    expect(assessed).toHaveLength(21);
    const meetings = await db.selectFrom("meeting").select(["status"]).where("plan_id", "=", result.planId).execute();
    expect(meetings.map((m) => m.status).sort()).toEqual(["closed", "closed", "scheduled"]);
    expect(await db.selectFrom("meeting_decision").select("id").where("plan_id", "=", result.planId).execute()).not.toHaveLength(0);
    expect(await db.selectFrom("edition").select("id").where("plan_id", "=", result.planId).execute()).toHaveLength(1);
    const narratives = await db.selectFrom("doc_update").select("doc").where("doc", "like", `plan/${result.planId}/capability/%`).execute();
    expect(narratives.length).toBeGreaterThan(0);
    // One sign-in per role and sector, plus the administrator.
    expect(result.signIns.filter((s) => s.role !== "site administrator")).toHaveLength(13);
  });

  it("keeps the policy's invariants: sectors follow organisations, assignees belong to the lead organisation and may report", async () => {
    const rows = await db
      .selectFrom("action")
      .innerJoin("organisation", "organisation.id", "action.organisation_id")
      .leftJoin("membership", (j) => j.onRef("membership.user_id", "=", "action.assignee_id").onRef("membership.plan_id", "=", "action.plan_id"))
      .select(["action.sector", "organisation.sector as org_sector", "action.organisation_id", "action.assignee_id", "membership.organisation_id as assignee_org", "membership.role as assignee_role"])
      .where("action.plan_id", "=", result.planId)
      .execute();
    for (const r of rows) {
      expect(r.sector).toBe(r.org_sector);
      if (!r.assignee_id) continue;
      expect(r.assignee_org).toBe(r.organisation_id);
      expect(isRole(r.assignee_role) && isSector(r.sector)).toBe(true);
      const actor = { userId: r.assignee_id, role: r.assignee_role as "member", sector: r.sector as "government", organisationId: r.assignee_org! };
      expect(can(actor, "action.report-progress", { sector: r.sector as "government", organisationId: r.organisation_id, assigneeId: r.assignee_id })).toBe(true);
    }
    const coordinators = await db.selectFrom("membership").select("user_id").where("plan_id", "=", result.planId).where("role", "=", "coordinator").execute();
    expect(coordinators.length).toBeGreaterThanOrEqual(1);
  });

  it("rolls progress up consistently: the plan's figure is the roll-up of its actions, and every capability's is within 0–100", async () => {
    const plan = await db.selectFrom("plan").selectAll().where("id", "=", result.planId).executeTakeFirstOrThrow();
    const structure = await loadPlanStructure(db, plan, getFramework(plan.framework_version));
    expect(structure.plan).toEqual(rollUp(structure.actions, structure.today));
    expect(structure.plan.total).toBe(demoActions.length);
    for (const c of structure.capabilities) {
      expect(c.rollup.total).toBeGreaterThan(0);
      if (c.rollup.progress !== null) expect(c.rollup.progress).toBeGreaterThanOrEqual(0);
      if (c.rollup.progress !== null) expect(c.rollup.progress).toBeLessThanOrEqual(100);
    }
    expect(structure.plan.overdue).toBeGreaterThan(0);
  });

  it("proposes an agenda for the next meeting with every overdue action once and nothing twice", async () => {
    const coordinator = await db.selectFrom("app_user").select(["id", "email", "name"]).where("email", "=", demoMembers[0]!.email).executeTakeFirstOrThrow();
    const access = await loadPlanAccess(db, { token: "", user: { ...coordinator, isSiteAdmin: false }, session: { id: "t", expiresAt: new Date(), renewed: false } }, result.planId);
    const next = await db.selectFrom("meeting").selectAll().where("plan_id", "=", result.planId).where("status", "=", "scheduled").executeTakeFirstOrThrow();
    const items = await proposeFor(services, access!, next);
    const actionIds = items.map((i) => i.actionId).filter((id): id is string => !!id);
    expect(new Set(actionIds).size).toBe(actionIds.length);
    const today = todayUtc();
    const overdue = await db.selectFrom("action").select(["id", "status", "due_date", "ongoing"]).where("plan_id", "=", result.planId).execute();
    for (const a of overdue.filter((x) => isOverdue({ status: x.status as "on-track", dueDate: x.due_date, ongoing: x.ongoing === 1 }, today))) expect(actionIds).toContain(a.id);
  });

  it("is consistent with the day it is loaded: nothing has happened after now", async () => {
    const now = new Date().toISOString();
    // Columns of things that happened ("…_at", "at"); meeting times and expiries lie ahead by design.
    const planned = new Set(["starts_at", "ends_at", "expires_at"]);
    const late: string[] = [];
    let checked = 0;
    // On PostgreSQL, only this file's schema (others belong to test files running beside it).
    const schema = database.kind === "postgres" ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]!.s : undefined;
    for (const table of (await db.introspection.getTables()).filter((t) => !schema || t.schema === schema)) {
      for (const column of table.columns.map((c) => c.name).filter((c) => /(^|_)at$/.test(c) && !planned.has(c))) {
        const row = await (db as unknown as Kysely<Record<string, Record<string, string | null>>>)
          .selectFrom(table.name)
          .select((eb) => eb.fn.max(column).as("latest"))
          .executeTakeFirst();
        const latest = row?.latest as string | null | undefined;
        checked += 1;
        if (latest && latest > now) late.push(`${table.name}.${column} = ${latest}`);
      }
    }
    expect(late).toEqual([]);
    expect(checked).toBeGreaterThan(20);
    const plan = await db.selectFrom("plan").select("created_at").where("id", "=", result.planId).executeTakeFirstOrThrow();
    const actions = await db.selectFrom("action").select(["ref", "created_at", "updated_at"]).where("plan_id", "=", result.planId).execute();
    for (const a of actions) {
      expect(a.created_at <= a.updated_at, `${a.ref}: created ${a.created_at}, changed ${a.updated_at}`).toBe(true);
      expect(plan.created_at <= a.created_at, `${a.ref} created before its plan`).toBe(true);
    }
  });

  it("names its fictional country", async () => {
    const plan = await db.selectFrom("plan").select(["country", "country_name"]).where("id", "=", result.planId).executeTakeFirstOrThrow();
    expect(plan).toEqual({ country: "ZZ", country_name: "Arvenia" });
  });

  it("never describes abuse: the content is plan-tracking language", () => {
    const text = JSON.stringify({ demoActions, demoMembers, demoOrganisations }).toLowerCase();
    for (const word of ["victim name", "case number", "child pornography", "suspect"]) expect(text).not.toContain(word);
  });
});
