import { docAccess, type Actor, type DocAccess, type ResourceFacts, type Verb } from "~/domain/policy";
import { isRole, isSector, type Sector } from "~/domain/sectors";
import { planFacts } from "~/services/plan-access.server";
import { actionFacts, capabilityFacts, meetingFacts } from "~/services/resource-facts.server";
import type { DB } from "../../db/connect";
import { findMembership, findPlanById } from "../../db/repositories/plans";
import type { Plan } from "../../db/schema";
import type { DocKind, DocRef } from "./doc-names";

/** What one member may do with one document, and who they are in that plan. */
export interface ResolvedDocAccess {
  access: DocAccess;
  actor: Actor | null;
  /** Set when `actor` is set. */
  member: { sector: Sector; organisationName: string } | null;
}

interface KindRule {
  view: Verb;
  edit: Verb;
  /** Facts about the resource behind the document, or null when it does not exist. */
  facts(db: DB, plan: Plan, ref: DocRef): Promise<ResourceFacts | null>;
}

/**
 * Which verbs govern each kind of document and where its facts come from. A new kind of
 * document is one entry here and one shape in doc-names.ts.
 */
const RULES: Record<DocKind, KindRule> = {
  capability: {
    view: "capability.view",
    edit: "capability.edit-narrative",
    facts: (db, plan, ref) => capabilityFacts(db, plan, (ref as Extract<DocRef, { kind: "capability" }>).capabilityId),
  },
  "sector-notes": {
    view: "sector-notes.view",
    edit: "sector-notes.edit",
    async facts(db, plan, ref) {
      const r = ref as Extract<DocRef, { kind: "sector-notes" }>;
      const capability = await capabilityFacts(db, plan, r.capabilityId);
      return capability ? { ...capability, sector: r.sector } : null;
    },
  },
  action: {
    view: "action.view",
    edit: "action.edit-description",
    facts: (db, plan, ref) => actionFacts(db, plan.id, (ref as Extract<DocRef, { kind: "action" }>).actionId),
  },
  // Minutes: attendees write them; a closed meeting's facts are read-only, so its minutes are frozen.
  meeting: {
    view: "meeting.view",
    edit: "meeting.edit-minutes",
    facts: (db, plan, ref) => meetingFacts(db, plan, (ref as Extract<DocRef, { kind: "meeting" }>).meetingId),
  },
  introduction: { view: "plan.view", edit: "plan.edit-settings", facts: async () => ({}) },
};

/**
 * The policy's answer for one user and one document, read fresh from the database. Used on
 * every upgrade, again whenever membership or plan data changes, and by the history routes.
 */
export async function resolveDocAccess(db: DB, userId: string, ref: DocRef): Promise<ResolvedDocAccess> {
  const none: ResolvedDocAccess = { access: "none", actor: null, member: null };
  const [plan, membership] = await Promise.all([findPlanById(db, ref.planId), findMembership(db, ref.planId, userId)]);
  if (!plan || !membership || !isRole(membership.role) || !isSector(membership.sector)) return none;
  const rule = RULES[ref.kind];
  const facts = await rule.facts(db, plan, ref);
  if (!facts) return none;
  const actor: Actor = { userId, role: membership.role, sector: membership.sector, organisationId: membership.organisation_id };
  return {
    access: docAccess(actor, rule.view, rule.edit, { ...planFacts(plan), ...facts }),
    actor,
    member: { sector: membership.sector, organisationName: membership.organisation_name },
  };
}
