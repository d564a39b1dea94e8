import { createUser } from "~/services/accounts.server";
import { newId, nowIso } from "~/services/ids.server";
import type { TestServer } from "./test-server";
import { TestClient } from "./http-client";

/**
 * A small task force for action tests: four organisations (one per sector, plus a second
 * law-enforcement unit) and a member of each role. Plain inserts: the membership UI is
 * another feature; these tests are about actions.
 */
export const PASSWORD = "a long enough test password";

export interface ActionPlanFixture {
  planId: string;
  orgs: { ministry: string; police: string; cyberUnit: string; hotline: string; company: string };
  users: Record<"coordinator" | "leadLE" | "memberLE" | "memberCyber" | "leadCS" | "memberCS" | "observer", { id: string; email: string; name: string }>;
  login(who: keyof ActionPlanFixture["users"]): Promise<TestClient>;
}

export async function createActionPlan(server: TestServer, tag = Math.random().toString(36).slice(2, 8)): Promise<ActionPlanFixture> {
  const db = server.services.db;
  // Accounts exist, as after first-run setup: the setup page is closed.
  server.services.setup.close();
  const at = nowIso();
  const planId = newId();
  await db
    .insertInto("plan")
    .values({
      id: planId,
      title: `National action plan ${tag}`,
      country: "LU",
      start_year: 2026,
      end_year: 2029,
      description: "",
      framework_version: "mnr-2016",
      coordinators_see_sector_notes: 1,
      archived_at: null,
      created_at: at,
      created_by: null,
    })
    .execute();
  const org = async (name: string, sector: string, orgType: string) => {
    const id = newId();
    await db.insertInto("organisation").values({ id, plan_id: planId, name, sector, org_type: orgType, created_at: at }).execute();
    return id;
  };
  const orgs = {
    ministry: await org("Ministry of Justice", "government", "government"),
    police: await org("National Police CSEA Unit", "law-enforcement", "law-enforcement"),
    cyberUnit: await org("Cybercrime Directorate", "law-enforcement", "law-enforcement"),
    hotline: await org("SafeNet Hotline", "civil-society", "hotline"),
    company: await org("Connect Telecom", "industry", "industry"),
  };
  const people = {
    coordinator: { name: "Carla Coordinator", org: orgs.ministry, role: "coordinator" },
    leadLE: { name: "Leo Lead", org: orgs.police, role: "sector-lead" },
    memberLE: { name: "Mia Member", org: orgs.police, role: "member" },
    memberCyber: { name: "Cyril Cyber", org: orgs.cyberUnit, role: "member" },
    leadCS: { name: "Lena Civil", org: orgs.hotline, role: "sector-lead" },
    memberCS: { name: "Hugo Hotline", org: orgs.hotline, role: "member" },
    observer: { name: "Olga Observer", org: orgs.company, role: "observer" },
  } as const;
  const users = {} as ActionPlanFixture["users"];
  for (const [key, p] of Object.entries(people) as Array<[keyof typeof people, (typeof people)[keyof typeof people]]>) {
    const email = `${key.toLowerCase()}-${tag}@example.org`;
    const id = await createUser(db, { email, name: p.name, password: PASSWORD });
    await db.insertInto("membership").values({ plan_id: planId, user_id: id, organisation_id: p.org, role: p.role, created_at: at, updated_at: at }).execute();
    users[key] = { id, email, name: p.name };
  }
  return {
    planId,
    orgs,
    users,
    async login(who) {
      const client = new TestClient(server.origin);
      await client.login(users[who].email, PASSWORD);
      return client;
    },
  };
}

/** Minimal valid new-action form fields. */
export function actionFields(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    title: "Train prosecutors on digital evidence",
    objective: "Specialist prosecutors in every district",
    capabilities: ["judiciary-prosecutors"],
    organisationId: "",
    dueDate: "2027-06-30",
    startDate: "2026-01-15",
    status: "not-started",
    progress: "0",
    ...overrides,
  };
}
