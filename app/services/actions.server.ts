import { z } from "zod";
import { ACTION_STATUSES, isCalendarDay, nextRef, refSortKey, type ActionStatus } from "~/domain/actions";
import { findCapability, type Framework } from "~/domain/framework";
import { can, type Actor, type ResourceFacts, type Verb } from "~/domain/policy";
import { isRole, isSector } from "~/domain/sectors";
import { list as formList, optionalId, text } from "~/utils/form-fields";
import type { FieldErrors } from "~/utils/forms";
import type { Kysely, Transaction } from "kysely";
import * as repo from "../../db/repositories/actions";
import { findOrganisation } from "../../db/repositories/plans";
import type { Action, Database, Plan } from "../../db/schema";
import { UNIQUE, violates } from "../../db/unique";
import type { AppServices } from "./context.server";
import { newId, nowIso } from "./ids.server";
import { mutate, ServiceError, type Mutation } from "./mutation.server";

type Executor = Kysely<Database> | Transaction<Database>;

/** Who acts on the plan's actions: the member and the plan (a PlanAccess fits). */
export interface ActionActor {
  plan: Plan;
  actor: Actor;
  framework: Framework;
  planFacts: ResourceFacts;
}

// ---------------------------------------------------------------------------------------------
// Input

const LIMITS = { title: 300, text: 4000, short: 200, indicators: 20, partners: 50, capabilities: 21 };

/** Form values that may be sent once or many times (checkboxes, repeated rows). */
const list = formList({ itemMax: 200 });
const checkbox = z.preprocess((v) => v === "on" || v === "1" || v === "true" || v === true, z.boolean());
const day = z.preprocess(
  (v) => (v === "" || v == null ? null : typeof v === "string" ? v.trim() : v),
  z.string().refine(isCalendarDay, { error: "actions:errors.date" }).nullable(),
);
const optionalNumber = (error: string) =>
  z.preprocess(
    (v) => (v === "" || v == null ? null : typeof v === "string" ? Number(v.trim().replace(/\s/g, "").replace(",", ".")) : v),
    z.number({ error }).refine(Number.isFinite, { error }).nullable(),
  );
const intIn = (min: number, max: number, error: string, fallback: number) =>
  z.preprocess((v) => (v === "" || v == null ? fallback : typeof v === "string" ? Number(v.trim().replace(/%$/, "")) : v), z.number({ error }).int({ error }).min(min, { error }).max(max, { error }));

const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

export interface IndicatorInput {
  id: string | null;
  name: string;
  unit: string;
  baseline: number | null;
  target: number | null;
  currentValue: number | null;
  dataSource: string;
}

/** Everything an action holds that the edit form changes (status and progress change by updates). */
export interface ActionFields {
  ref: string | null;
  title: string;
  objective: string;
  capabilityIds: string[];
  organisationId: string;
  assigneeId: string | null;
  partnerIds: string[];
  startDate: string | null;
  dueDate: string | null;
  ongoing: boolean;
  weight: number;
  noCost: boolean;
  budgetAmount: number | null;
  budgetCurrency: string | null;
  budgetSource: string;
  scope: string;
  risks: string;
  indicators: IndicatorInput[];
}
export interface NewActionInput extends ActionFields {
  status: ActionStatus;
  progress: number;
}

const fieldsShape = {
  ref: z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : v) || null,
    z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.\-/]{0,19}$/, { error: "actions:errors.ref" }).nullable(),
  ),
  title: z.preprocess((v) => v ?? "", z.string().trim().min(1, { error: "common:errors.required" }).max(LIMITS.title, { error: "common:errors.tooLong" })),
  objective: text(LIMITS.text),
  capabilities: list.refine((a) => a.length > 0, { error: "actions:errors.capabilityRequired" }).refine((a) => a.length <= LIMITS.capabilities, { error: "common:errors.invalid" }),
  organisationId: z.preprocess((v) => v ?? "", z.string().min(1, { error: "actions:errors.organisationRequired" }).max(64)),
  assigneeId: optionalId,
  partners: list.refine((a) => a.length <= LIMITS.partners, { error: "common:errors.invalid" }),
  startDate: day,
  dueDate: day,
  ongoing: checkbox,
  weight: intIn(0, 100, "actions:errors.weight", 1),
  noCost: checkbox,
  budgetAmount: optionalNumber("actions:errors.budgetAmount").refine((n) => n === null || (n >= 0 && n <= 1e13), { error: "actions:errors.budgetAmount" }),
  budgetCurrency: z.preprocess(
    (v) => (typeof v === "string" ? v.trim().toUpperCase() : v) || null,
    z.string().refine((c) => CURRENCIES.has(c), { error: "actions:errors.currency" }).nullable(),
  ),
  budgetSource: text(LIMITS.short),
  scope: text(LIMITS.text),
  risks: text(LIMITS.text),
  indicatorId: list,
  indicatorName: list,
  indicatorUnit: list,
  indicatorBaseline: list,
  indicatorTarget: list,
  indicatorCurrent: list,
  indicatorSource: list,
};

type RawFields = z.infer<z.ZodObject<typeof fieldsShape>>;

function refineFields(v: RawFields, ctx: z.RefinementCtx) {
  if (v.startDate && v.dueDate && v.dueDate < v.startDate) ctx.addIssue({ code: "custom", path: ["dueDate"], message: "actions:errors.endBeforeStart" });
  if (!v.ongoing && !v.dueDate) ctx.addIssue({ code: "custom", path: ["dueDate"], message: "actions:errors.dueOrOngoing" });
  if (!v.noCost && v.budgetAmount !== null && !v.budgetCurrency) ctx.addIssue({ code: "custom", path: ["budgetCurrency"], message: "actions:errors.currency" });
  const rows = Math.max(v.indicatorName.length, v.indicatorUnit.length, v.indicatorBaseline.length, v.indicatorTarget.length, v.indicatorSource.length);
  if (rows > LIMITS.indicators) ctx.addIssue({ code: "custom", path: ["indicators"], message: "actions:errors.tooManyIndicators" });
  for (let i = 0; i < rows; i++) {
    const any = [v.indicatorName[i], v.indicatorUnit[i], v.indicatorBaseline[i], v.indicatorTarget[i], v.indicatorCurrent[i], v.indicatorSource[i]].some((s) => s?.trim());
    if (!any) continue;
    if (!v.indicatorName[i]?.trim()) ctx.addIssue({ code: "custom", path: [`indicators.${i}.name`], message: "actions:errors.indicatorName" });
    for (const [key, values] of [
      ["baseline", v.indicatorBaseline],
      ["target", v.indicatorTarget],
      ["current", v.indicatorCurrent],
    ] as const) {
      const s = values[i]?.trim();
      if (s && !Number.isFinite(toNumber(s))) ctx.addIssue({ code: "custom", path: [`indicators.${i}.${key}`], message: "actions:errors.indicatorNumber" });
    }
  }
}

function toNumber(s: string | undefined): number | null {
  const t = s?.trim().replace(/\s/g, "").replace(",", ".");
  return t ? Number(t) : null;
}

function toFields(v: RawFields): ActionFields {
  const indicators: IndicatorInput[] = [];
  const rows = Math.max(v.indicatorName.length, v.indicatorSource.length);
  for (let i = 0; i < rows; i++) {
    const name = v.indicatorName[i]?.trim() ?? "";
    if (!name) continue;
    indicators.push({
      id: v.indicatorId[i]?.trim() || null,
      name: name.slice(0, LIMITS.short),
      unit: (v.indicatorUnit[i] ?? "").trim().slice(0, 60),
      baseline: toNumber(v.indicatorBaseline[i]),
      target: toNumber(v.indicatorTarget[i]),
      currentValue: toNumber(v.indicatorCurrent[i]),
      dataSource: (v.indicatorSource[i] ?? "").trim().slice(0, LIMITS.short),
    });
  }
  return {
    ref: v.ref,
    title: v.title,
    objective: v.objective,
    capabilityIds: [...new Set(v.capabilities)],
    organisationId: v.organisationId,
    assigneeId: v.assigneeId,
    partnerIds: [...new Set(v.partners)].filter((p) => p !== v.organisationId),
    startDate: v.startDate,
    dueDate: v.dueDate,
    ongoing: v.ongoing,
    weight: v.weight,
    noCost: v.noCost,
    budgetAmount: v.noCost ? null : v.budgetAmount,
    budgetCurrency: v.noCost || v.budgetAmount === null ? null : v.budgetCurrency,
    budgetSource: v.noCost ? "" : v.budgetSource,
    scope: v.scope,
    risks: v.risks,
    indicators,
  };
}

/** The edit form: every field but status and progress, plus the version the editor started from. */
export const editActionSchema = z
  .object({ ...fieldsShape, version: z.coerce.number({ error: "common:errors.invalid" }).int().min(1) })
  .superRefine(refineFields)
  .transform((v) => ({ fields: toFields(v), version: v.version }));

/** The new-action form: the fields plus the starting status and progress. */
export const newActionSchema = z
  .object({
    ...fieldsShape,
    status: z.preprocess((v) => v || "not-started", z.enum(ACTION_STATUSES, { error: "actions:errors.status" })),
    progress: intIn(0, 100, "actions:errors.progress", 0),
  })
  .superRefine(refineFields)
  .transform((v): NewActionInput => ({ ...toFields(v), status: v.status, progress: v.progress }));

export const assignSchema = z.object({
  organisationId: z.preprocess((v) => v ?? "", z.string().min(1, { error: "actions:errors.organisationRequired" }).max(64)),
  assigneeId: optionalId,
  version: z.coerce.number({ error: "common:errors.invalid" }).int().min(1),
});

const evidenceUrl = z.preprocess(
  (v) => (typeof v === "string" ? v.trim() : v) || null,
  z
    .string()
    .max(2000, { error: "common:errors.tooLong" })
    .refine(
      (s) => {
        try {
          const u = new URL(s);
          return (u.protocol === "https:" || u.protocol === "http:") && u.hostname.length > 0;
        } catch {
          return false;
        }
      },
      { error: "actions:errors.evidenceUrl" },
    )
    .nullable(),
);

export const progressSchema = z
  .object({
    status: z.enum(ACTION_STATUSES, { error: "actions:errors.status" }),
    progress: intIn(0, 100, "actions:errors.progress", 0),
    comment: text(LIMITS.text),
    evidenceUrl,
    indicatorId: list,
    indicatorValue: list,
    version: z.preprocess((v) => (v === "" || v == null ? undefined : v), z.coerce.number().int().min(1).optional()),
  })
  .superRefine((v, ctx) => {
    v.indicatorValue.forEach((s, i) => {
      if (s.trim() && !Number.isFinite(toNumber(s))) ctx.addIssue({ code: "custom", path: [`indicatorValue.${i}`], message: "actions:errors.indicatorNumber" });
    });
  })
  .transform((v) => ({
    status: v.status,
    progress: v.progress,
    comment: v.comment,
    evidenceUrl: v.evidenceUrl,
    version: v.version,
    indicatorValues: v.indicatorId.map((id, i) => ({ id, value: toNumber(v.indicatorValue[i]) })),
  }));
export type ProgressInput = z.infer<typeof progressSchema> & { meetingId?: string | null };

// ---------------------------------------------------------------------------------------------
// Errors

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

/**
 * Saving over a newer version: what changed since the version the user started from, field by
 * field, so the form can show it and keep the user's input to re-apply. Never an overwrite.
 */
export class ConflictError extends ServiceError {
  constructor(
    readonly currentVersion: number,
    readonly changes: FieldChange[],
    readonly changedBy: string | null,
    readonly changedAt: string,
  ) {
    super("_form", "actions:errors.conflict", 409);
  }
}

const forbidden = () => new ServiceError("_form", "actions:errors.forbidden", 403);

function allowed(who: ActionActor, verb: Verb, facts: ResourceFacts): boolean {
  return can(who.actor, verb, { ...who.planFacts, ...facts });
}

function factsOf(a: Pick<Action, "sector" | "organisation_id" | "assignee_id">): ResourceFacts {
  return { sector: isSector(a.sector) ? a.sector : null, organisationId: a.organisation_id, assigneeId: a.assignee_id };
}

// ---------------------------------------------------------------------------------------------
// Checks against the plan (shared by forms and the importer)

/**
 * The checks that need the database: capabilities of the plan's framework, the lead
 * organisation and partners of this plan, the assignee a member of the lead organisation.
 * Returns field errors (empty = valid) and the lead organisation's sector.
 */
export async function checkAgainstPlan(db: Executor, who: ActionActor, f: ActionFields): Promise<{ errors: FieldErrors; sector: string | null }> {
  const errors: FieldErrors = {};
  for (const id of f.capabilityIds) if (!findCapability(who.framework, id)) errors.capabilities = "actions:errors.capabilityUnknown";
  const org = await findOrganisation(db, who.plan.id, f.organisationId);
  if (!org) errors.organisationId = "actions:errors.organisationUnknown";
  if (f.partnerIds.length) {
    const found = await db.selectFrom("organisation").select("id").where("plan_id", "=", who.plan.id).where("id", "in", f.partnerIds).execute();
    if (found.length !== f.partnerIds.length) errors.partners = "actions:errors.partnerUnknown";
  }
  const assigneeError = org && f.assigneeId ? await assigneeProblem(db, who.plan.id, f.assigneeId, org) : null;
  if (assigneeError) errors.assigneeId = assigneeError;
  return { errors, sector: org?.sector ?? null };
}

/**
 * Whether a plan member may be an action's assignee: they belong to the lead organisation and
 * the policy lets them report progress on it (an observer could never report, so is refused).
 */
export function canBeAssignee(member: { userId: string; role: string; organisationId: string }, org: { id: string; sector: string }): boolean {
  if (member.organisationId !== org.id || !isSector(org.sector) || !isRole(member.role)) return false;
  const actor: Actor = { userId: member.userId, role: member.role, sector: org.sector, organisationId: org.id };
  return can(actor, "action.report-progress", { sector: org.sector, organisationId: org.id, assigneeId: member.userId });
}

/** The message key for an assignee who may not take this action, or null. */
async function assigneeProblem(db: Executor, planId: string, userId: string, org: { id: string; sector: string }): Promise<string | null> {
  const m = await repo.findMembershipOf(db, planId, userId);
  if (!m || m.organisation_id !== org.id) return "actions:errors.assigneeOutsideOrganisation";
  return canBeAssignee({ userId, role: m.role, organisationId: m.organisation_id }, org) ? null : "actions:errors.assigneeCannotReport";
}

function firstError(errors: FieldErrors): ServiceError | null {
  const [field, key] = Object.entries(errors)[0] ?? [];
  return field && key ? new ServiceError(field, key) : null;
}

// ---------------------------------------------------------------------------------------------
// Snapshots (audit log "after", and the base for "what changed since")

export interface ActionSnapshot {
  version: number;
  ref: string;
  title: string;
  objective: string;
  sector: string;
  organisationId: string;
  assigneeId: string | null;
  capabilityIds: string[];
  partnerIds: string[];
  startDate: string | null;
  dueDate: string | null;
  ongoing: boolean;
  status: string;
  progress: number;
  weight: number;
  noCost: boolean;
  budgetAmount: number | null;
  budgetCurrency: string | null;
  budgetSource: string | null;
  scope: string;
  risks: string;
  indicators: Array<Omit<IndicatorInput, "id"> & { id: string }>;
}

export async function snapshotAction(db: Executor, planId: string, actionId: string): Promise<ActionSnapshot | null> {
  const a = await repo.findAction(db, planId, actionId);
  if (!a) return null;
  const [caps, partners, indicators] = await Promise.all([repo.listActionCapabilities(db, [a.id]), repo.listActionPartners(db, [a.id]), repo.listIndicators(db, a.id)]);
  return {
    version: a.version,
    ref: a.ref,
    title: a.title,
    objective: a.objective,
    sector: a.sector,
    organisationId: a.organisation_id,
    assigneeId: a.assignee_id,
    capabilityIds: (caps.get(a.id) ?? []).sort(),
    partnerIds: (partners.get(a.id) ?? []).sort(),
    startDate: a.start_date,
    dueDate: a.due_date,
    ongoing: a.ongoing === 1,
    status: a.status,
    progress: a.progress,
    weight: a.weight,
    noCost: a.no_cost === 1,
    budgetAmount: a.budget_amount === null ? null : Number(a.budget_amount),
    budgetCurrency: a.budget_currency,
    budgetSource: a.budget_source,
    scope: a.scope,
    risks: a.risks,
    indicators: indicators.map(indicatorFieldsOf),
  };
}

/** An indicator row as the action form and its snapshots hold it (numbers, not text). */
export function indicatorFieldsOf(i: Awaited<ReturnType<typeof repo.listIndicators>>[number]) {
  return {
    id: i.id,
    name: i.name,
    unit: i.unit,
    baseline: i.baseline === null ? null : Number(i.baseline),
    target: i.target === null ? null : Number(i.target),
    currentValue: i.current_value === null ? null : Number(i.current_value),
    dataSource: i.data_source,
  };
}

/** Fields compared for a conflict, in the order the form shows them. */
const COMPARED: ReadonlyArray<keyof ActionSnapshot> = [
  "ref",
  "title",
  "objective",
  "capabilityIds",
  "organisationId",
  "assigneeId",
  "partnerIds",
  "startDate",
  "dueDate",
  "ongoing",
  "status",
  "progress",
  "weight",
  "noCost",
  "budgetAmount",
  "budgetCurrency",
  "budgetSource",
  "scope",
  "risks",
  "indicators",
];

export async function describeChanges(db: Executor, who: ActionActor, before: ActionSnapshot | null, after: ActionSnapshot): Promise<FieldChange[]> {
  const orgIds = new Set<string>();
  const userIds = new Set<string>();
  for (const s of [before, after]) {
    if (!s) continue;
    orgIds.add(s.organisationId);
    s.partnerIds.forEach((p) => orgIds.add(p));
    if (s.assigneeId) userIds.add(s.assigneeId);
  }
  const [orgs, users] = await Promise.all([
    orgIds.size ? db.selectFrom("organisation").select(["id", "name"]).where("id", "in", [...orgIds]).execute() : [],
    userIds.size ? db.selectFrom("app_user").select(["id", "name"]).where("id", "in", [...userIds]).execute() : [],
  ]);
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const userName = new Map(users.map((u) => [u.id, u.name]));
  const show = (field: keyof ActionSnapshot, s: ActionSnapshot): string => {
    const v = s[field];
    switch (field) {
      case "organisationId":
        return orgName.get(s.organisationId) ?? "";
      case "assigneeId":
        return s.assigneeId ? (userName.get(s.assigneeId) ?? "") : "";
      case "partnerIds":
        return s.partnerIds.map((p) => orgName.get(p) ?? "").join(", ");
      case "capabilityIds":
        return s.capabilityIds.map((c) => String(findCapability(who.framework, c)?.number ?? c)).join(", ");
      case "indicators":
        return s.indicators.map((i) => `${i.name}: ${i.baseline ?? "–"} → ${i.currentValue ?? "–"} / ${i.target ?? "–"} ${i.unit}`.trim()).join("; ");
      case "ongoing":
      case "noCost":
        return v ? "✓" : "✗";
      default:
        return v === null || v === undefined ? "" : String(v);
    }
  };
  const changes: FieldChange[] = [];
  for (const field of COMPARED) {
    const a = before ? show(field, before) : "";
    const b = show(field, after);
    if (!before || a !== b) changes.push({ field, before: a, after: b });
  }
  return changes;
}

/** The snapshot the user's form was based on, from the audit log; null when it is not there. */
async function snapshotAtVersion(db: Executor, planId: string, actionId: string, version: number): Promise<ActionSnapshot | null> {
  const rows = await repo.listActionAuditSnapshots(db, planId, actionId);
  for (const r of rows) {
    if (!r.after_json) continue;
    try {
      const s = JSON.parse(r.after_json) as ActionSnapshot;
      if (s && s.version === version) return s;
    } catch {
      // Not a snapshot (an older audit shape); keep looking.
    }
  }
  return null;
}

async function refuseIfStale(m: Mutation, who: ActionActor, current: Action, version: number | undefined): Promise<void> {
  if (version === undefined || version === current.version) return;
  const [base, now] = await Promise.all([snapshotAtVersion(m.trx, who.plan.id, current.id, version), snapshotAction(m.trx, who.plan.id, current.id)]);
  const changes = base ? await describeChanges(m.trx, who, base, now!) : [];
  const by = current.updated_by ? await m.trx.selectFrom("app_user").select("name").where("id", "=", current.updated_by).executeTakeFirst() : undefined;
  throw new ConflictError(current.version, changes, by?.name ?? null, current.updated_at);
}

// ---------------------------------------------------------------------------------------------
// Writes

async function writeIndicators(m: Mutation, actionId: string, indicators: IndicatorInput[], keepCurrent: boolean): Promise<void> {
  const existing = await repo.listIndicators(m.trx, actionId);
  const byId = new Map(existing.map((i) => [i.id, i]));
  const kept = new Set<string>();
  for (const [position, i] of indicators.entries()) {
    const old = i.id ? byId.get(i.id) : undefined;
    if (old) {
      kept.add(old.id);
      await m.trx
        .updateTable("action_indicator")
        .set({ position, name: i.name, unit: i.unit, baseline: i.baseline, target: i.target, data_source: i.dataSource, ...(keepCurrent ? {} : { current_value: i.currentValue }) })
        .where("id", "=", old.id)
        .execute();
    } else {
      await m.trx
        .insertInto("action_indicator")
        .values({ id: newId(), action_id: actionId, position, name: i.name, unit: i.unit, baseline: i.baseline, target: i.target, current_value: i.currentValue, data_source: i.dataSource })
        .execute();
    }
  }
  const gone = existing.filter((i) => !kept.has(i.id)).map((i) => i.id);
  if (gone.length) await m.trx.deleteFrom("action_indicator").where("id", "in", gone).execute();
}

async function writeLinks(m: Mutation, planId: string, actionId: string, f: ActionFields): Promise<void> {
  await m.trx.deleteFrom("action_capability").where("action_id", "=", actionId).execute();
  await m.trx.deleteFrom("action_partner").where("action_id", "=", actionId).execute();
  if (f.capabilityIds.length) await m.trx.insertInto("action_capability").values(f.capabilityIds.map((c) => ({ action_id: actionId, plan_id: planId, capability_id: c }))).execute();
  if (f.partnerIds.length) await m.trx.insertInto("action_partner").values(f.partnerIds.map((o) => ({ action_id: actionId, organisation_id: o }))).execute();
}

/**
 * The unique index answers a writer that did not take the reference lock (another process on the
 * same SQLite file, an older server during a rolling update) with the form's error, not a 500.
 */
async function refTakenOnViolation<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (violates(error, UNIQUE.actionRef)) throw new ServiceError("ref", "actions:errors.refTaken");
    throw error;
  }
}

/** The suggested reference for a new action whose first capability is `capabilityId`. */
export async function suggestRef(db: Executor, who: ActionActor, capabilityId: string | undefined): Promise<string> {
  const capability = capabilityId ? findCapability(who.framework, capabilityId) : undefined;
  return nextRef(capability?.number ?? 0, await repo.listRefs(db, who.plan.id));
}

/**
 * Inserts one validated action inside a mutation. Shared by the form and the importer (which
 * inserts many rows in one transaction). `refs` is the set of references already used, read with
 * `lockActionRefs` in this transaction, so no other writer can take the reference chosen here.
 */
export async function insertActionIn(
  m: Mutation,
  who: ActionActor,
  input: NewActionInput,
  sector: string,
  refs: Set<string>,
  at = nowIso(),
  options: { announce?: boolean } = {},
): Promise<{ id: string; ref: string }> {
  const firstCapability = findCapability(who.framework, input.capabilityIds[0] ?? "");
  const ref = input.ref ?? nextRef(firstCapability?.number ?? 0, refs);
  if (refs.has(ref)) throw new ServiceError("ref", "actions:errors.refTaken", 409);
  refs.add(ref);
  const id = newId();
  await refTakenOnViolation(
    m.trx
      .insertInto("action")
      .values({
        id,
        plan_id: who.plan.id,
        ref,
        ref_sort: refSortKey(ref),
        title: input.title,
        objective: input.objective,
        sector,
        organisation_id: input.organisationId,
        assignee_id: input.assigneeId,
        start_date: input.startDate,
        due_date: input.dueDate,
        ongoing: input.ongoing ? 1 : 0,
        status: input.status,
        progress: input.progress,
        weight: input.weight,
        budget_amount: input.budgetAmount,
        budget_currency: input.budgetCurrency,
        budget_source: input.budgetSource || null,
        no_cost: input.noCost ? 1 : 0,
        scope: input.scope,
        risks: input.risks,
        version: 1,
        created_at: at,
        created_by: who.actor.userId,
        updated_at: at,
        updated_by: who.actor.userId,
      })
      .execute(),
  );
  await writeLinks(m, who.plan.id, id, input);
  await writeIndicators(m, id, input.indicators, false);
  const after = await snapshotAction(m.trx, who.plan.id, id);
  await m.audit({ planId: who.plan.id, actorId: who.actor.userId, verb: "action.create", entity: "action", entityId: id, after, at });
  // The importer announces once for the whole file.
  if (options.announce !== false) m.emit("plan-changed", { planId: who.plan.id, entity: "action", entityId: id, actorId: who.actor.userId });
  return { id, ref };
}

export async function createAction(services: AppServices, who: ActionActor, input: NewActionInput): Promise<{ id: string; ref: string }> {
  return mutate(services, async (m) => {
    const { errors, sector } = await checkAgainstPlan(m.trx, who, input);
    const problem = firstError(errors);
    if (problem) throw problem;
    if (!sector || !isSector(sector)) throw new ServiceError("organisationId", "actions:errors.organisationUnknown");
    if (!allowed(who, "action.create", { sector, organisationId: input.organisationId })) throw forbidden();
    if (input.assigneeId && !allowed(who, "action.assign", { sector, organisationId: input.organisationId })) throw forbidden();
    const refs = await repo.lockActionRefs(m.trx, who.plan.id);
    if (input.ref && refs.has(input.ref)) throw new ServiceError("ref", "actions:errors.refTaken");
    return insertActionIn(m, who, input, sector, refs);
  });
}

async function loadForWrite(m: Mutation, who: ActionActor, actionId: string): Promise<Action> {
  const current = await repo.findAction(m.trx, who.plan.id, actionId);
  if (!current) throw new ServiceError("_form", "actions:errors.notFound", 404);
  return current;
}

/** `announce: false` when the caller announces once for many writes (the importer). */
interface WriteOptions {
  announce?: boolean;
}

async function finishWrite(m: Mutation, who: ActionActor, actionId: string, verb: string, before: ActionSnapshot | null, at: string, options: WriteOptions = {}): Promise<number> {
  const after = await snapshotAction(m.trx, who.plan.id, actionId);
  await m.audit({ planId: who.plan.id, actorId: who.actor.userId, verb, entity: "action", entityId: actionId, before, after, at });
  if (options.announce !== false) m.emit("plan-changed", { planId: who.plan.id, entity: "action", entityId: actionId, actorId: who.actor.userId });
  return after!.version;
}

/**
 * Saves the edit form. The policy is asked with the facts of the action as it is AND as it
 * would be, so a sector lead can neither edit another sector's action nor move theirs away.
 */
export async function updateAction(services: AppServices, who: ActionActor, actionId: string, f: ActionFields, version: number): Promise<number> {
  return mutate(services, (m) => updateActionIn(m, who, actionId, f, version));
}

/** The edit inside a caller's transaction (the importer updates many actions in one); same rules. */
export async function updateActionIn(m: Mutation, who: ActionActor, actionId: string, f: ActionFields, version: number | undefined, options: WriteOptions = {}): Promise<number> {
  const current = await loadForWrite(m, who, actionId);
  if (!allowed(who, "action.edit", factsOf(current))) throw forbidden();
  const { errors, sector } = await checkAgainstPlan(m.trx, who, f);
  const problem = firstError(errors);
  if (problem) throw problem;
  if (!sector || !isSector(sector)) throw new ServiceError("organisationId", "actions:errors.organisationUnknown");
  const next = { sector, organisation_id: f.organisationId, assignee_id: f.assigneeId };
  if (!allowed(who, "action.edit", factsOf(next))) throw forbidden();
  if ((current.assignee_id !== f.assigneeId || current.organisation_id !== f.organisationId) && !(allowed(who, "action.assign", factsOf(current)) && allowed(who, "action.assign", factsOf(next))))
    throw forbidden();
  await refuseIfStale(m, who, current, version);
  const ref = f.ref ?? current.ref;
  if (ref !== current.ref && (await repo.lockActionRefs(m.trx, who.plan.id)).has(ref)) throw new ServiceError("ref", "actions:errors.refTaken");
  const before = await snapshotAction(m.trx, who.plan.id, actionId);
  const at = nowIso();
  const res = await refTakenOnViolation(
    m.trx
    .updateTable("action")
    .set({
      ref,
      ref_sort: refSortKey(ref),
      title: f.title,
      objective: f.objective,
      sector,
      organisation_id: f.organisationId,
      assignee_id: f.assigneeId,
      start_date: f.startDate,
      due_date: f.dueDate,
      ongoing: f.ongoing ? 1 : 0,
      weight: f.weight,
      budget_amount: f.budgetAmount,
      budget_currency: f.budgetCurrency,
      budget_source: f.budgetSource || null,
      no_cost: f.noCost ? 1 : 0,
      scope: f.scope,
      risks: f.risks,
      version: current.version + 1,
      updated_at: at,
      updated_by: who.actor.userId,
    })
    .where("id", "=", actionId)
    .where("version", "=", current.version)
    .executeTakeFirst(),
  );
  // Another transaction got in between our read and write (PostgreSQL read committed).
  if (Number(res.numUpdatedRows) !== 1) throw new ConflictError(current.version + 1, [], null, at);
  await writeLinks(m, who.plan.id, actionId, f);
  await writeIndicators(m, actionId, f.indicators, true);
  return finishWrite(m, who, actionId, "action.edit", before, at, options);
}

/** Changes the lead organisation and/or the assignee (sector follows the organisation). */
export async function assignAction(services: AppServices, who: ActionActor, actionId: string, input: z.infer<typeof assignSchema>): Promise<number> {
  return mutate(services, async (m) => {
    const current = await loadForWrite(m, who, actionId);
    if (!allowed(who, "action.assign", factsOf(current))) throw forbidden();
    const org = await findOrganisation(m.trx, who.plan.id, input.organisationId);
    if (!org || !isSector(org.sector)) throw new ServiceError("organisationId", "actions:errors.organisationUnknown");
    const assigneeError = input.assigneeId ? await assigneeProblem(m.trx, who.plan.id, input.assigneeId, org) : null;
    if (assigneeError) throw new ServiceError("assigneeId", assigneeError);
    if (!allowed(who, "action.assign", { sector: org.sector, organisationId: org.id, assigneeId: input.assigneeId })) throw forbidden();
    await refuseIfStale(m, who, current, input.version);
    const before = await snapshotAction(m.trx, who.plan.id, actionId);
    const at = nowIso();
    const res = await m.trx
      .updateTable("action")
      .set({ sector: org.sector, organisation_id: org.id, assignee_id: input.assigneeId, version: current.version + 1, updated_at: at, updated_by: who.actor.userId })
      .where("id", "=", actionId)
      .where("version", "=", current.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new ConflictError(current.version + 1, [], null, at);
    // A partner cannot also be the lead.
    await m.trx.deleteFrom("action_partner").where("action_id", "=", actionId).where("organisation_id", "=", org.id).execute();
    return finishWrite(m, who, actionId, "action.assign", before, at);
  });
}

export async function deleteAction(services: AppServices, who: ActionActor, actionId: string, version?: number): Promise<void> {
  await mutate(services, async (m) => {
    const current = await loadForWrite(m, who, actionId);
    if (!allowed(who, "action.delete", factsOf(current))) throw forbidden();
    await refuseIfStale(m, who, current, version);
    const before = await snapshotAction(m.trx, who.plan.id, actionId);
    await m.trx.deleteFrom("action").where("id", "=", actionId).execute();
    await m.audit({ planId: who.plan.id, actorId: who.actor.userId, verb: "action.delete", entity: "action", entityId: actionId, before });
    m.emit("plan-changed", { planId: who.plan.id, entity: "action", entityId: actionId, actorId: who.actor.userId });
  });
}

/**
 * A progress update is a record (who, when, from → to, comment, evidence) AND the action's new
 * current state, written together. Meetings pass `meetingId` to link the update to the meeting.
 */
export async function reportProgress(services: AppServices, who: ActionActor, actionId: string, input: ProgressInput): Promise<{ updateId: string; version: number }> {
  return mutate(services, (m) => reportProgressIn(m, who, actionId, input));
}

/** A progress update inside a caller's transaction; same rules. */
export async function reportProgressIn(m: Mutation, who: ActionActor, actionId: string, input: ProgressInput, options: WriteOptions = {}): Promise<{ updateId: string; version: number }> {
  const current = await loadForWrite(m, who, actionId);
  if (!allowed(who, "action.report-progress", factsOf(current))) throw forbidden();
  await refuseIfStale(m, who, current, input.version);
  const indicators = await repo.listIndicators(m.trx, actionId);
  const byId = new Map(indicators.map((i) => [i.id, i]));
  const indicatorChanges: Array<{ indicatorId: string; name: string; from: number | null; to: number | null }> = [];
  for (const v of input.indicatorValues) {
    const ind = byId.get(v.id);
    if (!ind) throw new ServiceError("indicatorValue", "actions:errors.indicatorUnknown");
    const from = ind.current_value === null ? null : Number(ind.current_value);
    if (from !== v.value) indicatorChanges.push({ indicatorId: ind.id, name: ind.name, from, to: v.value });
  }
  const statusChanged = current.status !== input.status;
  const progressChanged = current.progress !== input.progress;
  if (!statusChanged && !progressChanged && indicatorChanges.length === 0 && !input.comment && !input.evidenceUrl) throw new ServiceError("_form", "actions:errors.emptyUpdate");
  const before = await snapshotAction(m.trx, who.plan.id, actionId);
  const at = nowIso();
  const updateId = newId();
  await m.trx
    .insertInto("action_update")
    .values({
      id: updateId,
      action_id: actionId,
      plan_id: who.plan.id,
      author_id: who.actor.userId,
      at,
      status_from: current.status,
      status_to: input.status,
      progress_from: current.progress,
      progress_to: input.progress,
      indicator_values_json: indicatorChanges.length ? JSON.stringify(indicatorChanges) : null,
      comment: input.comment,
      evidence_url: input.evidenceUrl,
      meeting_id: input.meetingId ?? null,
    })
    .execute();
  const res = await m.trx
    .updateTable("action")
    .set({ status: input.status, progress: input.progress, version: current.version + 1, updated_at: at, updated_by: who.actor.userId })
    .where("id", "=", actionId)
    .where("version", "=", current.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new ConflictError(current.version + 1, [], null, at);
  for (const c of indicatorChanges) await m.trx.updateTable("action_indicator").set({ current_value: c.to }).where("id", "=", c.indicatorId).execute();
  const version = await finishWrite(m, who, actionId, "action.report-progress", before, at, options);
  return { updateId, version };
}

