import type { AppLoadContext } from "@remix-run/node";
import { getFramework, type Framework } from "~/domain/framework";
import { can, type Actor, type ResourceFacts, type Verb } from "~/domain/policy";
import { isRole, isSector } from "~/domain/sectors";
import type { DB } from "../../db/connect";
import type { Plan } from "../../db/schema";
import { findMembership, findPlanById } from "../../db/repositories/plans";
import type { Auth } from "./auth.server";
import { requireAuth } from "./guards.server";

export interface PlanAccess {
  auth: Auth;
  plan: Plan;
  actor: Actor;
  framework: Framework;
  organisationName: string;
  /** Facts every resource of this plan shares (archived → read-only, notes visibility). */
  planFacts: ResourceFacts;
}

const notFound = () => new Response("Not Found", { status: 404 });

/**
 * The member's view of a plan, read fresh on every request so that a role change or
 * removal takes effect on the very next one. A non-member gets 404: they learn nothing,
 * not even that the plan exists.
 */
export async function requirePlanMember(request: Request, context: AppLoadContext, planId: string | undefined): Promise<PlanAccess> {
  const auth = requireAuth(request, context);
  if (!planId || planId.length > 64) throw notFound();
  const access = await loadPlanAccess(context.services.db, auth, planId);
  if (!access) throw notFound();
  return access;
}

/** The same view without a request (command line, demo loader): null when not a member. */
export async function loadPlanAccess(db: DB, auth: Auth, planId: string): Promise<PlanAccess | null> {
  const [plan, membership] = await Promise.all([findPlanById(db, planId), findMembership(db, planId, auth.user.id)]);
  if (!plan || !membership || !isRole(membership.role) || !isSector(membership.sector)) return null;
  return {
    auth,
    plan,
    actor: { userId: auth.user.id, role: membership.role, sector: membership.sector, organisationId: membership.organisation_id },
    framework: getFramework(plan.framework_version),
    organisationName: membership.organisation_name,
    planFacts: planFacts(plan),
  };
}

export function planFacts(plan: Plan): ResourceFacts {
  return { readOnly: plan.archived_at !== null, coordinatorsSeeSectorNotes: plan.coordinators_see_sector_notes === 1 };
}

/** Does the member have `verb` on a resource? (plan-wide facts are merged in). */
export function hasPermission(access: PlanAccess, verb: Verb, facts: ResourceFacts = {}): boolean {
  return can(access.actor, verb, { ...access.planFacts, ...facts });
}

/** 403 for a member who lacks the right. */
export function requirePermission(access: PlanAccess, verb: Verb, facts: ResourceFacts = {}): void {
  if (!hasPermission(access, verb, facts)) throw new Response("Forbidden", { status: 403 });
}
