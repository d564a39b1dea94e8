import type { DB } from "../../db/connect";
import { refSortKey, type ActionStatus } from "~/domain/actions";
import { createUser } from "~/services/accounts.server";
import { newId } from "~/services/ids.server";
import type { Role, Sector } from "~/domain/sectors";

/**
 * Test fixture data for the MNR views: a plan with one organisation per sector, a member of
 * each role, and actions inserted with plain Kysely (the actions feature owns their creation).
 * Content is neutral planning text; it never describes abuse.
 */
export const PASSWORD = "a long enough test passphrase";

export interface Person {
  id: string;
  email: string;
  role: Role;
  sector: Sector;
}

export interface SeededPlan {
  planId: string;
  orgs: Record<Sector, string>;
  people: Record<"coordinator" | "policeLead" | "industryLead" | "member" | "observer" | "outsider", Person>;
}

let counter = 0;

export async function seedPlan(db: DB, title = "National action plan 2027–2030"): Promise<SeededPlan> {
  const tag = `${Date.now().toString(36)}${++counter}`;
  const at = new Date().toISOString();
  const planId = newId();
  await db
    .insertInto("plan")
    .values({ id: planId, title, country: "LU", start_year: 2027, end_year: 2030, description: "", framework_version: "mnr-2016", coordinators_see_sector_notes: 1, archived_at: null, created_at: at, created_by: null })
    .execute();
  const orgs = {} as Record<Sector, string>;
  const orgTypes: Record<Sector, string> = { government: "government", "law-enforcement": "law-enforcement", industry: "industry", "civil-society": "civil-society" };
  for (const sector of Object.keys(orgTypes) as Sector[]) {
    orgs[sector] = newId();
    await db.insertInto("organisation").values({ id: orgs[sector], plan_id: planId, name: `${sector} organisation`, sector, org_type: orgTypes[sector], created_at: at }).execute();
  }
  const make = async (key: string, name: string, role: Role, sector: Sector, member = true): Promise<Person> => {
    const email = `${key}-${tag}@example.org`;
    const id = await createUser(db, { email, name, password: PASSWORD });
    if (member) await db.insertInto("membership").values({ plan_id: planId, user_id: id, organisation_id: orgs[sector], role, created_at: at, updated_at: at }).execute();
    return { id, email, role, sector };
  };
  const people = {
    coordinator: await make("coord", "Carla Coordinator", "coordinator", "government"),
    policeLead: await make("police", "Pat Police Lead", "sector-lead", "law-enforcement"),
    industryLead: await make("industry", "Ines Industry Lead", "sector-lead", "industry"),
    member: await make("member", "Mo Member", "member", "law-enforcement"),
    observer: await make("observer", "Olu Observer", "observer", "civil-society"),
    outsider: await make("outsider", "Otto Outsider", "observer", "civil-society", false),
  };
  return { planId, orgs, people };
}

export interface FixtureAction {
  ref: string;
  title: string;
  sector: Sector;
  status: ActionStatus;
  progress?: number;
  weight?: number;
  dueDate?: string | null;
  ongoing?: boolean;
  capabilities: string[];
  createdAt?: string;
  /** Status history as action_update rows: [at, from, to]. */
  history?: Array<[string, ActionStatus | null, ActionStatus]>;
}

export async function insertActions(db: DB, plan: SeededPlan, actions: FixtureAction[], authorId: string | null = null): Promise<string[]> {
  const ids: string[] = [];
  for (const a of actions) {
    const id = newId();
    ids.push(id);
    const created = a.createdAt ?? "2026-01-10T09:00:00.000Z";
    await db
      .insertInto("action")
      .values({
        id,
        plan_id: plan.planId,
        ref: a.ref,
        ref_sort: refSortKey(a.ref),
        title: a.title,
        objective: "",
        sector: a.sector,
        organisation_id: plan.orgs[a.sector],
        assignee_id: null,
        start_date: null,
        due_date: a.dueDate ?? null,
        ongoing: a.ongoing ? 1 : 0,
        status: a.status,
        progress: a.progress ?? 0,
        weight: a.weight ?? 1,
        budget_amount: null,
        budget_currency: null,
        budget_source: null,
        no_cost: 0,
        scope: "",
        risks: "",
        version: 1,
        created_at: created,
        created_by: authorId,
        updated_at: a.history?.at(-1)?.[0] ?? created,
        updated_by: authorId,
      })
      .execute();
    for (const c of a.capabilities) await db.insertInto("action_capability").values({ action_id: id, plan_id: plan.planId, capability_id: c }).execute();
    for (const [at, from, to] of a.history ?? []) {
      await db
        .insertInto("action_update")
        .values({ id: newId(), action_id: id, plan_id: plan.planId, author_id: authorId, at, status_from: from, status_to: to, progress_from: null, progress_to: null, indicator_values_json: null, comment: "", evidence_url: null, meeting_id: null })
        .execute();
    }
  }
  return ids;
}

/** Days relative to today, "YYYY-MM-DD". */
export function daysFromToday(days: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
