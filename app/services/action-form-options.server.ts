import type { ActionFormOptions } from "~/components/action-form";
import type { Verb } from "~/domain/policy";
import { isSector } from "~/domain/sectors";
import type { DB } from "../../db/connect";
import { listMembers, listOrganisations } from "../../db/repositories/plans";
import { hasPermission, type PlanAccess } from "./plan-access.server";

/** What the action form offers: lead organisations are only those the policy lets this member use. */
export async function loadActionFormOptions(db: DB, access: PlanAccess, verb: Verb): Promise<ActionFormOptions> {
  const [organisations, members] = await Promise.all([listOrganisations(db, access.plan.id), listMembers(db, access.plan.id)]);
  const orgs = organisations.map((o) => ({ id: o.id, name: o.name, sector: o.sector }));
  return {
    domains: access.framework.domains.map((d) => ({ id: d.id, number: d.number, name: d.name, capabilities: d.capabilities.map((c) => ({ id: c.id, number: c.number, name: c.name })) })),
    leadOrganisations: orgs.filter((o) => isSector(o.sector) && hasPermission(access, verb, { sector: o.sector, organisationId: o.id })),
    organisations: orgs,
    members: members.map((m) => ({ id: m.user_id, name: m.name, organisationId: m.organisation_id })),
    canAssign: hasPermission(access, "action.assign", { sector: access.actor.sector }),
  };
}
