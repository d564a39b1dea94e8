import { z } from "zod";
import { ACTION_STATUSES, DUE_SOON_DAYS, REGISTER_PAGE_SIZES, REGISTER_SORTS, dueWithinCriteria, isAtRisk, isCalendarDay, isDueWithin, isOverdue, isActionStatus, overdueCriteria, todayUtc } from "~/domain/actions";
import { SECTORS } from "~/domain/sectors";
import { countRegister, listActionCapabilities, pageRegister, type RegisterFilter, type RegisterRow } from "../../db/repositories/actions";
import type { PlanAccess } from "./plan-access.server";

/**
 * The register's view as URL search parameters, so that a link shows the same view:
 * ?mine=1&capability=…&domain=…&sector=…&org=…&assignee=…&status=…&overdue=1&due=14&since=YYYY-MM-DD&q=…&sort=due&dir=asc&page=2
 * Unknown or malformed values are ignored rather than refused: a stale bookmark still opens.
 */
const PAGE_SIZES = REGISTER_PAGE_SIZES;

const optional = <T extends z.ZodType>(s: T) => s.optional().catch(undefined);

const querySchema = z.object({
  mine: optional(z.literal("1")),
  q: optional(z.string().trim().min(1).max(100)),
  capability: optional(z.string().max(64)),
  domain: optional(z.string().max(64)),
  sector: optional(z.enum(SECTORS)),
  org: optional(z.string().max(64)),
  assignee: optional(z.string().max(64)),
  status: optional(z.array(z.enum(ACTION_STATUSES)).max(ACTION_STATUSES.length)),
  overdue: optional(z.literal("1")),
  due: optional(z.coerce.number().int().min(0).max(3650)),
  since: optional(z.string().refine(isCalendarDay)),
  sort: z.enum(REGISTER_SORTS).catch("ref"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  size: z.coerce.number().pipe(z.union(PAGE_SIZES.map((n) => z.literal(n)) as [z.ZodLiteral<25>, z.ZodLiteral<50>, z.ZodLiteral<100>])).catch(50),
});
export type RegisterQuery = z.infer<typeof querySchema>;

export function parseRegisterQuery(url: URL): RegisterQuery {
  const raw: Record<string, unknown> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key).filter((v) => v !== "");
    if (values.length === 0) continue;
    raw[key] = key === "status" ? values.filter(isActionStatus) : values[0];
  }
  return querySchema.parse(raw);
}

export function registerFilter(access: PlanAccess, q: RegisterQuery, today = todayUtc()): RegisterFilter {
  const capabilityIds = q.capability
    ? [q.capability]
    : q.domain
      ? (access.framework.domains.find((d) => d.id === q.domain)?.capabilities.map((c) => c.id) ?? ["-"])
      : undefined;
  return {
    capabilityIds,
    sector: q.sector,
    organisationId: q.org,
    assigneeId: q.assignee,
    statuses: q.status,
    mine: q.mine ? { userId: access.actor.userId, organisationId: access.actor.organisationId } : undefined,
    // "Overdue" wins over "due within": both at once would always be empty.
    due: q.overdue ? overdueCriteria(today) : q.due !== undefined ? dueWithinCriteria(today, q.due) : undefined,
    changedSince: q.since,
    text: q.q,
  };
}

export interface RegisterItem {
  id: string;
  ref: string;
  title: string;
  sector: string;
  organisationId: string;
  organisationName: string;
  assigneeId: string | null;
  assigneeName: string | null;
  startDate: string | null;
  dueDate: string | null;
  ongoing: boolean;
  status: string;
  progress: number;
  updatedAt: string;
  capabilityNumbers: number[];
  overdue: boolean;
  atRisk: boolean;
  dueSoon: boolean;
}


export function toItem(access: PlanAccess, row: RegisterRow, capabilityIds: string[], today: string): RegisterItem {
  const timing = { status: isActionStatus(row.status) ? row.status : "not-started", dueDate: row.due_date, ongoing: row.ongoing === 1 } as const;
  const numbers = capabilityIds.map((id) => access.framework.capabilities.find((c) => c.id === id)?.number ?? 0).sort((a, b) => a - b);
  return {
    id: row.id,
    ref: row.ref,
    title: row.title,
    sector: row.sector,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    assigneeId: row.assignee_id,
    assigneeName: row.assignee_name,
    startDate: row.start_date,
    dueDate: row.due_date,
    ongoing: row.ongoing === 1,
    status: row.status,
    progress: row.progress,
    updatedAt: row.updated_at,
    capabilityNumbers: numbers,
    overdue: isOverdue(timing, today),
    atRisk: isAtRisk(timing),
    dueSoon: isDueWithin(timing, today, DUE_SOON_DAYS),
  };
}

/** One page of the register: a count and a page, both in SQL. */
export async function loadRegisterPage(access: PlanAccess, db: Parameters<typeof countRegister>[0], q: RegisterQuery) {
  const today = todayUtc();
  const filter = registerFilter(access, q, today);
  const total = await countRegister(db, access.plan.id, filter);
  const pages = Math.max(1, Math.ceil(total / q.size));
  const page = Math.min(q.page, pages);
  const rows = await pageRegister(db, access.plan.id, filter, q.sort, q.dir, q.size, (page - 1) * q.size);
  const caps = await listActionCapabilities(
    db,
    rows.map((r) => r.id),
  );
  return { total, page, pages, items: rows.map((r) => toItem(access, r, caps.get(r.id) ?? [], today)), rows, caps };
}

/** Every row of the view (for export), capped. */
export async function loadRegisterAll(access: PlanAccess, db: Parameters<typeof countRegister>[0], q: RegisterQuery, cap = 10_000) {
  const today = todayUtc();
  const filter = registerFilter(access, q, today);
  const rows = await pageRegister(db, access.plan.id, filter, q.sort, q.dir, cap, 0);
  const caps = await listActionCapabilities(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ row: r, item: toItem(access, r, caps.get(r.id) ?? [], today) }));
}
