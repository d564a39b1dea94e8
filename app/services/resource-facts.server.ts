import { findCapability, getFramework } from "~/domain/framework";
import type { ResourceFacts } from "~/domain/policy";
import { isSector, type Sector } from "~/domain/sectors";
import { compiledQuery } from "../../db/compiled-query";
import type { DB } from "../../db/connect";
import type { Plan } from "../../db/schema";

/**
 * The facts the policy needs about a plan's resources, read from the database in one place
 * so HTTP routes and the sync server decide from the same data. `null` = no such resource.
 */

function parseSectors(json: string | null | undefined): Sector[] {
  try {
    const v: unknown = JSON.parse(json ?? "[]");
    return Array.isArray(v) ? v.filter(isSector) : [];
  } catch {
    return [];
  }
}

// Read on every capability page and every live connection to a narrative: compiled once.
const capabilitySectors = compiledQuery<{ planId: string; capabilityId: string }>()((db, slot) =>
  db
    .selectFrom("plan_capability")
    .select(["lead_sectors", "partner_sectors"])
    .where("plan_id", "=", slot("planId"))
    .where("capability_id", "=", slot("capabilityId")),
);

export async function capabilityFacts(db: DB, plan: Plan, capabilityId: string): Promise<ResourceFacts | null> {
  const capability = findCapability(getFramework(plan.framework_version), capabilityId);
  if (!capability) return null;
  const [row] = await capabilitySectors(db, { planId: plan.id, capabilityId });
  return {
    leadSectors: row ? parseSectors(row.lead_sectors) : capability.defaultLeadSectors,
    partnerSectors: row ? parseSectors(row.partner_sectors) : [],
  };
}

export async function actionFacts(db: DB, planId: string, actionId: string): Promise<ResourceFacts | null> {
  const row = await db
    .selectFrom("action")
    .select(["sector", "organisation_id", "assignee_id"])
    .where("plan_id", "=", planId)
    .where("id", "=", actionId)
    .executeTakeFirst();
  if (!row || !isSector(row.sector)) return null;
  return { sector: row.sector, organisationId: row.organisation_id, assigneeId: row.assignee_id };
}

/**
 * A meeting's facts: its sector (sector meetings; null for task-force and working-group
 * meetings, which only coordinators run), its attendees (who may write the minutes), and
 * read-only once closed (the minutes are frozen, nothing else changes).
 */
export async function meetingFacts(db: DB, plan: Plan, meetingId: string): Promise<ResourceFacts | null> {
  const row = await db.selectFrom("meeting").select(["sector", "status"]).where("plan_id", "=", plan.id).where("id", "=", meetingId).executeTakeFirst();
  if (!row) return null;
  const attendees = await db.selectFrom("meeting_attendee").select("user_id").where("meeting_id", "=", meetingId).execute();
  return {
    sector: row.sector !== null && isSector(row.sector) ? row.sector : null,
    attendeeIds: attendees.map((a) => a.user_id),
    // Only ever set to true: merging `false` over the plan's facts would lift an archived plan's read-only.
    ...(row.status === "closed" ? { readOnly: true } : {}),
  };
}
