import { z } from "zod";
import { findCapability, MATURITY_MAX, MATURITY_MIN } from "~/domain/framework";
import { asLevel } from "~/domain/gap";
import { EVIDENCE_MAX, LEVEL_KINDS, type LevelKind } from "~/domain/maturity";
import { SECTORS, type Sector } from "~/domain/sectors";
import { findPlanCapability, insertMaturityChanges, savePlanCapability } from "../../db/repositories/capabilities";
import type { MaturityChangeTable, PlanCapabilityTable } from "../../db/schema";
import type { AppServices } from "./context.server";
import { newId, nowIso } from "./ids.server";
import { mutate, type Mutation } from "./mutation.server";
import { requirePermission, type PlanAccess } from "./plan-access.server";
import { capabilityFacts } from "./resource-facts.server";


/** "" = not assessed (null); otherwise a whole level on the scale. */
const levelField = (belowZeroKey: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return null;
      const n = Number(v);
      if (!Number.isInteger(n)) {
        ctx.addIssue({ code: "custom", message: "mnr:errors.level" });
        return z.NEVER;
      }
      if (n < MATURITY_MIN) {
        ctx.addIssue({ code: "custom", message: belowZeroKey });
        return z.NEVER;
      }
      if (n > MATURITY_MAX) {
        ctx.addIssue({ code: "custom", message: "mnr:errors.level" });
        return z.NEVER;
      }
      return n;
    });

export const assessmentSchema = z.object({
  baseline: levelField("mnr:errors.level"),
  current: levelField("mnr:errors.level"),
  target: levelField("mnr:errors.targetBelowZero"),
  evidence: z.string().trim().max(EVIDENCE_MAX, { error: "mnr:errors.evidenceTooLong" }).default(""),
});
export type AssessmentInput = z.infer<typeof assessmentSchema>;

const sectorList = z
  .union([z.enum(SECTORS, { error: "mnr:errors.sector" }), z.array(z.enum(SECTORS, { error: "mnr:errors.sector" }))])
  .optional()
  .transform((v): Sector[] => (v === undefined ? [] : Array.isArray(v) ? [...new Set(v)] : [v]));

export const leadsSchema = z.object({ lead: sectorList, partner: sectorList });
export type LeadsInput = z.infer<typeof leadsSchema>;

/** The capability's present row (or its framework defaults), read inside the change's transaction. */
async function loadForChange(trx: Mutation["trx"], access: PlanAccess, capabilityId: string) {
  const capability = findCapability(access.framework, capabilityId);
  if (!capability) throw new Response("Not Found", { status: 404 });
  const existing = await findPlanCapability(trx, access.plan.id, capabilityId);
  const at = nowIso();
  const row: PlanCapabilityTable = existing ?? {
    plan_id: access.plan.id,
    capability_id: capabilityId,
    lead_sectors: JSON.stringify(capability.defaultLeadSectors),
    partner_sectors: "[]",
    baseline_level: null,
    current_level: null,
    target_level: null,
    evidence: "",
    assessed_at: null,
    assessed_by: null,
    updated_at: at,
    updated_by: null,
  };
  return { existing, row, at };
}

/**
 * Records a maturity assessment: baseline, current level, target and the evidence note.
 * Each level that changes gets a history row (from → to, who, when, evidence); the whole
 * change is audited. Returns the levels that changed, or null when nothing was written.
 */
export async function assessMaturity(services: AppServices, access: PlanAccess, capabilityId: string, input: AssessmentInput): Promise<LevelKind[] | null> {
  const facts = await capabilityFacts(services.db, access.plan, capabilityId);
  if (!facts) throw new Response("Not Found", { status: 404 });
  requirePermission(access, "capability.assess-maturity", facts);
  const actorId = access.actor.userId;
  return mutate(services, async (m) => {
    const { existing, row, at } = await loadForChange(m.trx, access, capabilityId);
    const before = { baseline: asLevel(row.baseline_level), current: asLevel(row.current_level), target: asLevel(row.target_level), evidence: row.evidence };
    const after = { baseline: input.baseline, current: input.current, target: input.target, evidence: input.evidence };
    const changed = LEVEL_KINDS.filter((k) => before[k] !== after[k]);
    if (changed.length === 0 && before.evidence === after.evidence) return null;
    const next: PlanCapabilityTable = {
      ...row,
      baseline_level: after.baseline,
      current_level: after.current,
      target_level: after.target,
      evidence: after.evidence,
      assessed_at: at,
      assessed_by: actorId,
      updated_at: at,
      updated_by: actorId,
    };
    const history: MaturityChangeTable[] = changed.map((kind) => ({
      id: newId(),
      plan_id: access.plan.id,
      capability_id: capabilityId,
      kind,
      from_level: before[kind],
      to_level: after[kind],
      evidence: after.evidence,
      changed_at: at,
      changed_by: actorId,
    }));
    await savePlanCapability(m.trx, next, !!existing);
    await insertMaturityChanges(m.trx, history);
    await m.audit({ planId: access.plan.id, actorId, verb: "capability.assess-maturity", entity: "capability", entityId: capabilityId, before, after, at });
    m.emit("plan-changed", { planId: access.plan.id, entity: "capability", entityId: capabilityId, actorId });
    return changed;
  });
}

/** Sets a capability's lead and partner sectors (a lead sector is never also a partner). */
export async function setCapabilityLeads(services: AppServices, access: PlanAccess, capabilityId: string, input: LeadsInput): Promise<boolean> {
  const facts = await capabilityFacts(services.db, access.plan, capabilityId);
  if (!facts) throw new Response("Not Found", { status: 404 });
  requirePermission(access, "capability.set-leads", facts);
  // Keep the four sectors in their canonical order so stored JSON compares cleanly.
  const lead = SECTORS.filter((s) => input.lead.includes(s));
  const partner = SECTORS.filter((s) => input.partner.includes(s) && !lead.includes(s));
  const actorId = access.actor.userId;
  return mutate(services, async (m) => {
    const { existing, row, at } = await loadForChange(m.trx, access, capabilityId);
    const before = { lead: parseSectorJson(row.lead_sectors), partner: parseSectorJson(row.partner_sectors) };
    if (existing && JSON.stringify(before) === JSON.stringify({ lead, partner })) return false;
    const next: PlanCapabilityTable = { ...row, lead_sectors: JSON.stringify(lead), partner_sectors: JSON.stringify(partner), updated_at: at, updated_by: actorId };
    await savePlanCapability(m.trx, next, !!existing);
    await m.audit({ planId: access.plan.id, actorId, verb: "capability.set-leads", entity: "capability", entityId: capabilityId, before, after: { lead, partner }, at });
    m.emit("plan-changed", { planId: access.plan.id, entity: "capability", entityId: capabilityId, actorId });
    return true;
  });
}

function parseSectorJson(json: string): Sector[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? SECTORS.filter((s) => v.includes(s)) : [];
  } catch {
    return [];
  }
}
