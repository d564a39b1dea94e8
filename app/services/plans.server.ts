import { z } from "zod";
import { COUNTRY_CODES, COUNTRY_NAME_MAX, OTHER_COUNTRY } from "~/domain/countries";
import { DEFAULT_FRAMEWORK, FRAMEWORK_VERSIONS, getFramework } from "~/domain/framework";
import { invitationExpiry } from "~/domain/invitations";
import { SECTORS } from "~/domain/sectors";
import { findUserByEmail } from "../../db/repositories/users";
import { generateSessionToken, sessionIdFromToken } from "./auth.server";
import type { AppServices } from "./context.server";
import { newId, nowIso } from "./ids.server";
import { mutate, ServiceError } from "./mutation.server";

const year = z.coerce.number({ error: "plans:errors.year" }).int({ error: "plans:errors.year" }).min(2000, { error: "plans:errors.year" }).max(2100, { error: "plans:errors.year" });

/** Title, country (code and the name shown), period and description: the settings of a plan. */
export const planSettingsSchema = z
  .object({
    title: z.string({ error: "common:errors.required" }).trim().min(1, { error: "common:errors.required" }).max(200, { error: "common:errors.tooLong" }),
    country: z.enum(COUNTRY_CODES as [string, ...string[]], { error: "plans:errors.country" }),
    // Empty: the standard name of the code. A country without a code (OTHER_COUNTRY) must be named.
    countryName: z.string({ error: "common:errors.invalid" }).trim().max(COUNTRY_NAME_MAX, { error: "common:errors.tooLong" }).default(""),
    startYear: year,
    endYear: year,
    description: z.string().trim().max(4000, { error: "common:errors.tooLong" }).default(""),
  })
  .refine((p) => p.endYear >= p.startYear, { path: ["endYear"], error: "plans:errors.endBeforeStart" })
  .refine((p) => p.country !== OTHER_COUNTRY || p.countryName !== "", { path: ["countryName"], error: "plans:errors.countryNameRequired" });

export const organisationSchema = z.object({
  name: z.string({ error: "common:errors.required" }).trim().min(1, { error: "common:errors.required" }).max(200, { error: "common:errors.tooLong" }),
  sector: z.enum(SECTORS, { error: "plans:errors.sector" }),
  orgType: z.string({ error: "plans:errors.orgType" }).min(1, { error: "plans:errors.orgType" }).max(60),
});

export const createPlanSchema = planSettingsSchema.and(
  z.object({
    frameworkVersion: z.enum(FRAMEWORK_VERSIONS as [string, ...string[]]).default(DEFAULT_FRAMEWORK),
    coordinatorEmail: z.email({ error: "common:errors.invalidEmail" }),
    organisationName: z.string({ error: "common:errors.required" }).trim().min(1, { error: "common:errors.required" }).max(200, { error: "common:errors.tooLong" }),
    organisationType: z.string({ error: "plans:errors.orgType" }).min(1, { error: "plans:errors.orgType" }).max(60),
  }),
);

/** A parsed new plan; the country's own name may be left out where the code has a standard name. */
export type NewPlanInput = Omit<z.infer<typeof createPlanSchema>, "countryName"> & { countryName?: string };

/**
 * A site administrator creates a plan and names its first coordinator, an existing user,
 * who joins through a new organisation of the chosen type (its sector follows the type).
 */
export async function createPlan(services: AppServices, actorId: string | null, input: NewPlanInput): Promise<string> {
  return (await createPlanWithCoordinator(services, actorId, input)).planId;
}

/**
 * Like `createPlan`; with `inviteIfNoAccount`, a coordinator email that has no account yet gets
 * a coordinator invitation into the new organisation instead of a refusal. Its token is returned
 * once (only its hash is stored) for the administrator to pass on.
 */
export async function createPlanWithCoordinator(
  services: AppServices,
  actorId: string | null,
  input: NewPlanInput,
  options: { inviteIfNoAccount?: boolean } = {},
): Promise<{ planId: string; invitationToken: string | null }> {
  const countryName = input.countryName ?? "";
  if (input.country === OTHER_COUNTRY && countryName === "") throw new ServiceError("countryName", "plans:errors.countryNameRequired");
  const framework = getFramework(input.frameworkVersion);
  const orgType = framework.organisationTypes.find((t) => t.id === input.organisationType);
  if (!orgType) throw new ServiceError("organisationType", "plans:errors.orgType");
  const coordinator = await findUserByEmail(services.db, input.coordinatorEmail);
  const invite = !coordinator && options.inviteIfNoAccount === true && actorId !== null;
  if (!invite && (!coordinator || coordinator.disabled_at)) throw new ServiceError("coordinatorEmail", "plans:errors.coordinatorUnknown");
  if (coordinator?.disabled_at) throw new ServiceError("coordinatorEmail", "plans:errors.coordinatorUnknown");
  const planId = newId();
  const organisationId = newId();
  const at = nowIso();
  const invitationToken = invite ? generateSessionToken() : null;
  await mutate(services, async (m) => {
    const plan = {
      id: planId,
      title: input.title,
      country: input.country,
      country_name: countryName,
      start_year: input.startYear,
      end_year: input.endYear,
      description: input.description,
      framework_version: input.frameworkVersion,
      coordinators_see_sector_notes: 1,
      archived_at: null,
      created_at: at,
      created_by: actorId,
    };
    await m.trx.insertInto("plan").values(plan).execute();
    const org = { id: organisationId, plan_id: planId, name: input.organisationName, sector: orgType.sector, org_type: orgType.id, created_at: at };
    await m.trx.insertInto("organisation").values(org).execute();
    await m.audit({ planId, actorId, verb: "plan.create", entity: "plan", entityId: planId, after: plan, at });
    await m.audit({ planId, actorId, verb: "organisation.create", entity: "organisation", entityId: organisationId, after: org, at });
    if (coordinator) {
      const membership = { plan_id: planId, user_id: coordinator.id, organisation_id: organisationId, role: "coordinator", created_at: at, updated_at: at };
      await m.trx.insertInto("membership").values(membership).execute();
      await m.audit({ planId, actorId, verb: "membership.create", entity: "membership", entityId: coordinator.id, after: membership, at });
      m.emit("membership-changed", { planId, userId: coordinator.id });
    } else if (invitationToken && actorId) {
      const invitation = {
        id: newId(),
        plan_id: planId,
        label: input.coordinatorEmail,
        organisation_id: organisationId,
        role: "coordinator",
        created_by: actorId,
        created_at: at,
        expires_at: invitationExpiry(new Date(at)).toISOString(),
        accepted_at: null,
        accepted_by: null,
        revoked_at: null,
      };
      await m.trx.insertInto("invitation").values({ ...invitation, token_hash: sessionIdFromToken(invitationToken) }).execute();
      await m.audit({ planId, actorId, verb: "invitation.create", entity: "invitation", entityId: invitation.id, after: invitation, at });
    }
  });
  return { planId, invitationToken };
}
