import { z } from "zod";
import { getFramework } from "~/domain/framework";
import { invitationExpiry, invitationState } from "~/domain/invitations";
import { checkPassword } from "~/domain/password-rules";
import { isWriteVerb, type ResourceFacts, type Verb } from "~/domain/policy";
import { ROLES, SECTORS, isSector, type Role, type Sector } from "~/domain/sectors";
import { isPostgres } from "../../db/connect";
import { UNIQUE, violates } from "../../db/unique";
import { findInvitation, findInvitationByTokenHash, organisationUses } from "../../db/repositories/members";
import { findMembership, findOrganisation } from "../../db/repositories/plans";
import { findUserByEmail, insertUser, normaliseEmail } from "../../db/repositories/users";
import type { Plan } from "../../db/schema";
import { generateSessionToken, sessionIdFromToken } from "./auth.server";
import type { AppServices } from "./context.server";
import { newId, nowIso } from "./ids.server";
import { mutate, ServiceError, type Mutation } from "./mutation.server";
import { hashPassword } from "./passwords.server";
import { requirePermission, type PlanAccess } from "./plan-access.server";

/**
 * Who is changing a plan's membership:
 * - `member`: a signed-in member, checked against the policy (403 when refused);
 * - `operator`: the admin command line, trusted like a site administrator (no policy, but an
 *   archived plan stays read-only for it too).
 */
export type Acting = { kind: "member"; access: PlanAccess } | { kind: "operator"; plan: Plan; userId: string | null };

export const asMember = (access: PlanAccess): Acting => ({ kind: "member", access });

function planOf(a: Acting): Plan {
  return a.kind === "member" ? a.access.plan : a.plan;
}
function actorIdOf(a: Acting): string | null {
  return a.kind === "member" ? a.access.actor.userId : a.userId;
}
function authorise(a: Acting, verb: Verb, facts: ResourceFacts = {}): void {
  if (a.kind === "member") return requirePermission(a.access, verb, facts);
  if (isWriteVerb(verb) && a.plan.archived_at) throw new ServiceError("_form", "members:errors.archived", 409);
}

const text = (max: number) => z.string({ error: "common:errors.required" }).trim().min(1, { error: "common:errors.required" }).max(max, { error: "common:errors.tooLong" });
const id = (key: string) => z.string({ error: key }).trim().min(1, { error: key }).max(64, { error: key });
const role = z.enum(ROLES, { error: "members:errors.role" });

// ---------------------------------------------------------------- organisations

export const organisationInputSchema = z.object({
  name: text(200),
  orgType: id("members:errors.orgType"),
  // Empty = the sector that the organisation type maps to.
  sector: z.union([z.literal(""), z.enum(SECTORS, { error: "members:errors.sector" })], { error: "members:errors.sector" }).optional(),
});

/** The sector an organisation of this type belongs to, or the explicit choice (validated). */
export function resolveOrganisationSector(plan: Plan, orgType: string, sector: string | undefined): { orgType: string; sector: Sector } {
  const type = getFramework(plan.framework_version).organisationTypes.find((t) => t.id === orgType);
  if (!type) throw new ServiceError("orgType", "members:errors.orgType");
  if (sector && !isSector(sector)) throw new ServiceError("sector", "members:errors.sector");
  return { orgType: type.id, sector: sector && isSector(sector) ? sector : type.sector };
}

async function nameTaken(m: Mutation, planId: string, name: string, exceptId?: string): Promise<boolean> {
  let q = m.trx.selectFrom("organisation").select("id").where("plan_id", "=", planId).where("name", "=", name);
  if (exceptId) q = q.where("id", "!=", exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

/**
 * Two people adding the same name at once both pass `nameTaken` (neither sees the other's row
 * before it commits); the unique index then refuses one, which is the same answer as the check's.
 */
async function nameTakenOnViolation<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (violates(error, UNIQUE.organisationName)) throw new ServiceError("name", "members:errors.orgNameTaken", 409);
    throw error;
  }
}

export async function createOrganisation(services: AppServices, acting: Acting, input: z.infer<typeof organisationInputSchema>): Promise<string> {
  const plan = planOf(acting);
  authorise(acting, "organisation.manage");
  const { orgType, sector } = resolveOrganisationSector(plan, input.orgType, input.sector);
  const orgId = newId();
  return mutate(services, async (m) => {
    if (await nameTaken(m, plan.id, input.name)) throw new ServiceError("name", "members:errors.orgNameTaken", 409);
    const org = { id: orgId, plan_id: plan.id, name: input.name, sector, org_type: orgType, created_at: nowIso() };
    await nameTakenOnViolation(m.trx.insertInto("organisation").values(org).execute());
    await m.audit({ planId: plan.id, actorId: actorIdOf(acting), verb: "organisation.create", entity: "organisation", entityId: orgId, after: org });
    m.emit("plan-changed", { planId: plan.id, entity: "organisation", entityId: orgId, actorId: actorIdOf(acting) });
    return orgId;
  });
}

export async function renameOrganisation(services: AppServices, acting: Acting, organisationId: string, name: string): Promise<void> {
  const plan = planOf(acting);
  authorise(acting, "organisation.manage");
  await mutate(services, async (m) => {
    const before = await findOrganisation(m.trx, plan.id, organisationId);
    if (!before) throw new ServiceError("organisationId", "members:errors.organisation");
    if (before.name === name) return;
    if (await nameTaken(m, plan.id, name, organisationId)) throw new ServiceError("name", "members:errors.orgNameTaken", 409);
    await nameTakenOnViolation(m.trx.updateTable("organisation").set({ name }).where("id", "=", organisationId).execute());
    await m.audit({ planId: plan.id, actorId: actorIdOf(acting), verb: "organisation.rename", entity: "organisation", entityId: organisationId, before: { name: before.name }, after: { name } });
    m.emit("plan-changed", { planId: plan.id, entity: "organisation", entityId: organisationId, actorId: actorIdOf(acting) });
  });
}

/**
 * Deletes an organisation nobody uses: no member, no action, no pending invitation. Spent
 * invitations (accepted, expired, revoked) into it go with it; the audit log keeps their story.
 */
export async function deleteOrganisation(services: AppServices, acting: Acting, organisationId: string): Promise<void> {
  const plan = planOf(acting);
  authorise(acting, "organisation.manage");
  await mutate(services, async (m) => {
    const before = await findOrganisation(m.trx, plan.id, organisationId);
    if (!before) throw new ServiceError("organisationId", "members:errors.organisation");
    const uses = await organisationUses(m.trx, organisationId);
    if (uses.members > 0 || uses.actions > 0 || uses.pendingInvitations > 0) throw new ServiceError("organisationId", "members:errors.orgInUse", 409);
    await m.trx.deleteFrom("invitation").where("organisation_id", "=", organisationId).execute();
    await m.trx.deleteFrom("organisation").where("id", "=", organisationId).execute();
    await m.audit({ planId: plan.id, actorId: actorIdOf(acting), verb: "organisation.delete", entity: "organisation", entityId: organisationId, before });
    m.emit("plan-changed", { planId: plan.id, entity: "organisation", entityId: organisationId, actorId: actorIdOf(acting) });
  });
}

// ---------------------------------------------------------------- invitations

export const invitationInputSchema = z.object({
  label: z.string().trim().max(200, { error: "common:errors.tooLong" }).default(""),
  organisationId: id("members:errors.organisation"),
  role,
});

/** The path of an invitation link; the token exists only in it, never in the database. */
export const invitationPath = (token: string) => `/invite/${token}`;

/**
 * Creates a single-use link valid for seven days. Returns the raw token once: only its
 * SHA-256 is stored, so a leaked table opens no plan.
 */
export async function createInvitation(services: AppServices, acting: Acting, input: z.infer<typeof invitationInputSchema>): Promise<{ id: string; token: string }> {
  const plan = planOf(acting);
  const org = await findOrganisation(services.db, plan.id, input.organisationId);
  if (!org || !isSector(org.sector)) throw new ServiceError("organisationId", "members:errors.organisation");
  authorise(acting, "members.invite", { sector: org.sector, targetRole: input.role });
  const token = generateSessionToken();
  const invitationId = newId();
  const now = new Date();
  await mutate(services, async (m) => {
    const row = {
      id: invitationId,
      plan_id: plan.id,
      token_hash: sessionIdFromToken(token),
      label: input.label,
      organisation_id: org.id,
      role: input.role,
      created_by: actorIdOf(acting) ?? (await anyCoordinator(m, plan.id)),
      created_at: nowIso(now),
      expires_at: invitationExpiry(now).toISOString(),
      accepted_at: null,
      accepted_by: null,
      revoked_at: null,
    };
    await m.trx.insertInto("invitation").values(row).execute();
    const { token_hash: _hash, ...logged } = row;
    await m.audit({ planId: plan.id, actorId: actorIdOf(acting), verb: "invitation.create", entity: "invitation", entityId: invitationId, after: logged, at: row.created_at });
    m.emit("plan-changed", { planId: plan.id, entity: "invitation", entityId: invitationId, actorId: actorIdOf(acting) });
  });
  return { id: invitationId, token };
}

// invitation.created_by is NOT NULL; a command-line invitation is filed under a coordinator.
async function anyCoordinator(m: Mutation, planId: string): Promise<string> {
  const row = await m.trx.selectFrom("membership").select("user_id").where("plan_id", "=", planId).where("role", "=", "coordinator").orderBy("created_at").executeTakeFirst();
  if (!row) throw new ServiceError("_form", "members:errors.noCoordinator", 409);
  return row.user_id;
}

export async function revokeInvitation(services: AppServices, acting: Acting, invitationId: string): Promise<void> {
  const plan = planOf(acting);
  const inv = await findInvitation(services.db, plan.id, invitationId);
  if (!inv) throw new ServiceError("invitationId", "members:errors.invitation", 404);
  const org = await findOrganisation(services.db, plan.id, inv.organisation_id);
  authorise(acting, "members.invite", { sector: isSector(org?.sector) ? org.sector : null, targetRole: inv.role as Role });
  await mutate(services, async (m) => {
    const at = nowIso();
    const done = await m.trx
      .updateTable("invitation")
      .set({ revoked_at: at })
      .where("id", "=", invitationId)
      .where("accepted_at", "is", null)
      .where("revoked_at", "is", null)
      .where("expires_at", ">", at)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw new ServiceError("invitationId", "members:errors.notPending", 409);
    await m.audit({ planId: plan.id, actorId: actorIdOf(acting), verb: "invitation.revoke", entity: "invitation", entityId: invitationId, before: { state: "pending" }, after: { state: "revoked" }, at });
    m.emit("plan-changed", { planId: plan.id, entity: "invitation", entityId: invitationId, actorId: actorIdOf(acting) });
  });
}

export type InvitationView =
  | { state: "unknown" }
  | {
      state: "pending" | "accepted" | "expired" | "revoked";
      id: string;
      planId: string;
      planTitle: string;
      organisationName: string;
      sector: string;
      role: string;
      expiresAt: string;
      planArchived: boolean;
    };

/** What an invitation link leads to, for its page. Malformed and unknown tokens look alike. */
export async function viewInvitation(services: AppServices, token: string, now = new Date()): Promise<InvitationView> {
  if (!/^[a-z2-7]{32}$/.test(token)) return { state: "unknown" };
  const inv = await findInvitationByTokenHash(services.db, sessionIdFromToken(token));
  if (!inv) return { state: "unknown" };
  return {
    state: invitationState(inv, now),
    id: inv.id,
    planId: inv.plan_id,
    planTitle: inv.plan_title,
    organisationName: inv.organisation_name,
    sector: inv.sector,
    role: inv.role,
    expiresAt: inv.expires_at,
    planArchived: inv.plan_archived_at !== null,
  };
}

export const newAccountSchema = z.object({
  name: z.string({ error: "auth:nameRequired" }).trim().min(1, { error: "auth:nameRequired" }).max(120, { error: "common:errors.tooLong" }),
  email: z.email({ error: "common:errors.invalidEmail" }).max(320, { error: "common:errors.tooLong" }),
  password: z.string({ error: "auth:passwordRequired" }).min(1, { error: "auth:passwordRequired" }).max(1024, { error: "common:errors.tooLong" }),
});

/**
 * Accepts an invitation, as the signed-in user (`userId`) or as a new person whose account
 * it creates. Everything happens in one transaction: the link is consumed by a conditional
 * update, so two racing acceptances cannot both succeed, and a refusal writes nothing.
 */
export async function acceptInvitation(
  services: AppServices,
  token: string,
  who: { userId: string } | { newAccount: z.infer<typeof newAccountSchema> },
): Promise<{ planId: string; userId: string }> {
  const view = await viewInvitation(services, token);
  if (view.state !== "pending") throw new ServiceError("_form", `members:invite.state.${view.state}`, 410);
  // An archived plan is read-only for everyone, its membership included; the link stays pending.
  if (view.planArchived) throw new ServiceError("_form", "members:invite.archived", 409);
  let newUser: { id: string; email: string; name: string; password_hash: string } | null = null;
  if ("newAccount" in who) {
    const input = who.newAccount;
    const problem = checkPassword(input.password, { email: input.email, name: input.name });
    if (problem) throw new ServiceError("password", `auth:${problem}`);
    if (await findUserByEmail(services.db, input.email)) throw new ServiceError("email", "members:invite.emailHasAccount", 409);
    // Hash before the transaction: the slow part must not hold the database's write lock.
    newUser = { id: newId(), email: normaliseEmail(input.email), name: input.name.trim(), password_hash: await hashPassword(input.password) };
  }
  return mutate(services, async (m) => {
    const at = nowIso();
    const userId = newUser ? newUser.id : (who as { userId: string }).userId;
    if (newUser) {
      // The email check above ran outside the transaction; the unique index settles a race.
      await insertUser(m.trx, { ...newUser, is_site_admin: 0, disabled_at: null, created_at: at, password_changed_at: at });
      await m.audit({ planId: view.planId, actorId: userId, verb: "user.create", entity: "user", entityId: userId, after: { id: userId, email: newUser.email, name: newUser.name, via: "invitation" }, at });
    } else if (await findMembership(m.trx, view.planId, userId)) {
      throw new ServiceError("_form", "members:invite.alreadyMember", 409);
    }
    const consumed = await m.trx
      .updateTable("invitation")
      .set({ accepted_at: at, accepted_by: userId })
      .where("id", "=", view.id)
      .where("accepted_at", "is", null)
      .where("revoked_at", "is", null)
      .where("expires_at", ">", at)
      .executeTakeFirst();
    if (Number(consumed.numUpdatedRows) !== 1) throw new ServiceError("_form", "members:invite.state.accepted", 410);
    const inv = await m.trx.selectFrom("invitation").select(["organisation_id", "role"]).where("id", "=", view.id).executeTakeFirstOrThrow();
    const membership = { plan_id: view.planId, user_id: userId, organisation_id: inv.organisation_id, role: inv.role, created_at: at, updated_at: at };
    await m.trx.insertInto("membership").values(membership).execute();
    await m.audit({ planId: view.planId, actorId: userId, verb: "invitation.accept", entity: "invitation", entityId: view.id, before: { state: "pending" }, after: { state: "accepted", acceptedBy: userId }, at });
    await m.audit({ planId: view.planId, actorId: userId, verb: "membership.create", entity: "membership", entityId: userId, after: membership, at });
    m.emit("membership-changed", { planId: view.planId, userId });
    m.emit("plan-changed", { planId: view.planId, entity: "membership", entityId: userId, actorId: userId });
    return { planId: view.planId, userId };
  });
}

// ---------------------------------------------------------------- members

export const changeMemberSchema = z.object({
  userId: id("members:errors.member"),
  role,
  organisationId: id("members:errors.organisation"),
});

/** Locks a plan's coordinator rows (PostgreSQL) so two demotions cannot both see "one left". */
async function coordinatorCount(m: Mutation, planId: string): Promise<number> {
  let q = m.trx.selectFrom("membership").select("user_id").where("plan_id", "=", planId).where("role", "=", "coordinator");
  if (isPostgres(m.trx)) q = q.forUpdate();
  return (await q.execute()).length;
}

async function currentMembership(services: AppServices, planId: string, userId: string) {
  const current = await findMembership(services.db, planId, userId);
  if (!current) throw new ServiceError("userId", "members:errors.member", 404);
  return current;
}

/** Changes a member's role and organisation (the sector follows the organisation). */
export async function changeMember(services: AppServices, acting: Acting, input: z.infer<typeof changeMemberSchema>): Promise<void> {
  const plan = planOf(acting);
  const current = await currentMembership(services, plan.id, input.userId);
  const org = await findOrganisation(services.db, plan.id, input.organisationId);
  if (!org || !isSector(org.sector)) throw new ServiceError("organisationId", "members:errors.organisation");
  // Both the membership as it is and as it would be must be within the actor's reach.
  authorise(acting, "members.manage", { sector: isSector(current.sector) ? current.sector : null, targetRole: current.role as Role });
  authorise(acting, "members.manage", { sector: org.sector, targetRole: input.role });
  if (current.role === input.role && current.organisation_id === input.organisationId) return;
  await mutate(services, async (m) => {
    if (current.role === "coordinator" && input.role !== "coordinator" && (await coordinatorCount(m, plan.id)) <= 1)
      throw new ServiceError("role", "members:errors.lastCoordinator", 409);
    const at = nowIso();
    await m.trx
      .updateTable("membership")
      .set({ role: input.role, organisation_id: input.organisationId, updated_at: at })
      .where("plan_id", "=", plan.id)
      .where("user_id", "=", input.userId)
      .execute();
    await m.audit({
      planId: plan.id,
      actorId: actorIdOf(acting),
      verb: "membership.change",
      entity: "membership",
      entityId: input.userId,
      before: { role: current.role, organisationId: current.organisation_id },
      after: { role: input.role, organisationId: input.organisationId },
      at,
    });
    m.emit("membership-changed", { planId: plan.id, userId: input.userId });
    m.emit("plan-changed", { planId: plan.id, entity: "membership", entityId: input.userId, actorId: actorIdOf(acting) });
  });
}

export async function removeMember(services: AppServices, acting: Acting, userId: string): Promise<void> {
  const plan = planOf(acting);
  const current = await currentMembership(services, plan.id, userId);
  authorise(acting, "members.manage", { sector: isSector(current.sector) ? current.sector : null, targetRole: current.role as Role });
  await mutate(services, async (m) => {
    if (current.role === "coordinator" && (await coordinatorCount(m, plan.id)) <= 1) throw new ServiceError("userId", "members:errors.lastCoordinator", 409);
    await m.trx.deleteFrom("membership").where("plan_id", "=", plan.id).where("user_id", "=", userId).execute();
    await m.audit({
      planId: plan.id,
      actorId: actorIdOf(acting),
      verb: "membership.remove",
      entity: "membership",
      entityId: userId,
      before: { role: current.role, organisationId: current.organisation_id },
    });
    m.emit("membership-changed", { planId: plan.id, userId });
    m.emit("plan-changed", { planId: plan.id, entity: "membership", entityId: userId, actorId: actorIdOf(acting) });
  });
}

/** Adds an existing account directly (admin command line). */
export async function addMember(services: AppServices, acting: Acting, input: { userId: string; organisationId: string; role: Role }): Promise<void> {
  const plan = planOf(acting);
  const org = await findOrganisation(services.db, plan.id, input.organisationId);
  if (!org || !isSector(org.sector)) throw new ServiceError("organisationId", "members:errors.organisation");
  authorise(acting, "members.manage", { sector: org.sector, targetRole: input.role });
  await mutate(services, async (m) => {
    if (await findMembership(m.trx, plan.id, input.userId)) throw new ServiceError("email", "members:errors.alreadyMember", 409);
    const at = nowIso();
    const membership = { plan_id: plan.id, user_id: input.userId, organisation_id: org.id, role: input.role, created_at: at, updated_at: at };
    await m.trx.insertInto("membership").values(membership).execute();
    await m.audit({ planId: plan.id, actorId: actorIdOf(acting), verb: "membership.create", entity: "membership", entityId: input.userId, after: membership, at });
    m.emit("membership-changed", { planId: plan.id, userId: input.userId });
    m.emit("plan-changed", { planId: plan.id, entity: "membership", entityId: input.userId, actorId: actorIdOf(acting) });
  });
}

/**
 * A plan created for a coordinator without an account has no coordinator until the link is
 * used. When that link is lost or expired, the site administrator issues a new one: pending
 * coordinator links of the plan are revoked and a fresh one goes to the same organisation.
 */
export async function reissueCoordinatorInvitation(services: AppServices, adminId: string, planId: string): Promise<{ token: string; label: string }> {
  const last = await services.db
    .selectFrom("invitation")
    .select(["organisation_id", "label"])
    .where("plan_id", "=", planId)
    .where("role", "=", "coordinator")
    .orderBy("created_at", "desc")
    .executeTakeFirst();
  if (!last) throw new ServiceError("planId", "members:errors.noCoordinatorInvitation", 409);
  const token = generateSessionToken();
  const invitationId = newId();
  const now = new Date();
  await mutate(services, async (m) => {
    if (await m.trx.selectFrom("membership").select("user_id").where("plan_id", "=", planId).where("role", "=", "coordinator").executeTakeFirst())
      throw new ServiceError("planId", "members:errors.hasCoordinator", 409);
    const at = nowIso(now);
    const revoked = await m.trx
      .updateTable("invitation")
      .set({ revoked_at: at })
      .where("plan_id", "=", planId)
      .where("role", "=", "coordinator")
      .where("accepted_at", "is", null)
      .where("revoked_at", "is", null)
      .returning("id")
      .execute();
    for (const r of revoked) await m.audit({ planId, actorId: adminId, verb: "invitation.revoke", entity: "invitation", entityId: r.id, after: { state: "revoked" }, at });
    const row = {
      id: invitationId,
      plan_id: planId,
      label: last.label,
      organisation_id: last.organisation_id,
      role: "coordinator",
      created_by: adminId,
      created_at: at,
      expires_at: invitationExpiry(now).toISOString(),
      accepted_at: null,
      accepted_by: null,
      revoked_at: null,
    };
    await m.trx.insertInto("invitation").values({ ...row, token_hash: sessionIdFromToken(token) }).execute();
    await m.audit({ planId, actorId: adminId, verb: "invitation.create", entity: "invitation", entityId: invitationId, after: row, at });
  });
  return { token, label: last.label };
}
