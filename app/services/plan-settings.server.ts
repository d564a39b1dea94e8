import { z } from "zod";
import type { AppServices } from "./context.server";
import { nowIso } from "./ids.server";
import { mutate, ServiceError } from "./mutation.server";
import { requirePermission, type PlanAccess } from "./plan-access.server";
import { planSettingsSchema } from "./plans.server";

/** Settings form: the plan's settings plus who may read sector-confidential notes. */
export const settingsFormSchema = planSettingsSchema.and(
  z.object({
    // A checkbox: present ("on") when ticked, absent otherwise.
    coordinatorsSeeSectorNotes: z.literal("on").optional(),
  }),
);

export async function updatePlanSettings(services: AppServices, access: PlanAccess, input: z.infer<typeof settingsFormSchema>): Promise<void> {
  requirePermission(access, "plan.edit-settings");
  const { plan } = access;
  const after = {
    title: input.title,
    country: input.country,
    country_name: input.countryName,
    start_year: input.startYear,
    end_year: input.endYear,
    description: input.description,
    coordinators_see_sector_notes: input.coordinatorsSeeSectorNotes === "on" ? 1 : 0,
  };
  const before = {
    title: plan.title,
    country: plan.country,
    country_name: plan.country_name,
    start_year: plan.start_year,
    end_year: plan.end_year,
    description: plan.description,
    coordinators_see_sector_notes: plan.coordinators_see_sector_notes,
  };
  const changed = (Object.keys(after) as Array<keyof typeof after>).filter((k) => after[k] !== before[k]);
  if (changed.length === 0) return;
  await mutate(services, async (m) => {
    await m.trx.updateTable("plan").set(after).where("id", "=", plan.id).execute();
    await m.audit({
      planId: plan.id,
      actorId: access.actor.userId,
      verb: "plan.edit-settings",
      entity: "plan",
      entityId: plan.id,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k]])),
    });
    m.emit("plan-changed", { planId: plan.id, entity: "plan", entityId: plan.id, actorId: access.actor.userId });
  });
}

/** Archives (read-only for everyone, still readable and exportable) or restores a plan. */
export async function setPlanArchived(services: AppServices, access: PlanAccess, archived: boolean): Promise<void> {
  requirePermission(access, "plan.archive");
  const { plan } = access;
  if ((plan.archived_at !== null) === archived) throw new ServiceError("_form", archived ? "settings:errors.alreadyArchived" : "settings:errors.notArchived", 409);
  await mutate(services, async (m) => {
    const at = nowIso();
    await m.trx.updateTable("plan").set({ archived_at: archived ? at : null }).where("id", "=", plan.id).execute();
    await m.audit({
      planId: plan.id,
      actorId: access.actor.userId,
      verb: archived ? "plan.archive" : "plan.unarchive",
      entity: "plan",
      entityId: plan.id,
      before: { archived_at: plan.archived_at },
      after: { archived_at: archived ? at : null },
      at,
    });
    m.emit("plan-changed", { planId: plan.id, entity: "plan", entityId: plan.id, actorId: access.actor.userId });
  });
}
