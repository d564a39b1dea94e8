import { z } from "zod";
import { neutraliseCell } from "~/domain/spreadsheet-cells";
import type { AuditFilter } from "../../db/repositories/members";

export const AUDIT_PAGE_SIZE = 50;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)));
const auditQuerySchema = z.object({
  member: z.string().max(64).optional().catch(undefined),
  entity: z.string().max(60).optional().catch(undefined),
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export interface AuditQuery {
  member?: string;
  entity?: string;
  /** Calendar days, inclusive, in UTC. */
  from?: string;
  to?: string;
  page: number;
}

/**
 * Reads the filters from the URL. A bad value is dropped rather than refused: filters are
 * links people share and bookmark, and an empty filter shows more, never less, of the log.
 */
export function readAuditQuery(url: URL): AuditQuery {
  const raw = Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ""));
  return auditQuerySchema.parse(raw);
}

export function auditFilter(planId: string, q: AuditQuery): AuditFilter {
  const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString();
  return {
    planId,
    actorId: q.member,
    entity: q.entity,
    from: q.from ? new Date(`${q.from}T00:00:00Z`).toISOString() : undefined,
    to: q.to ? nextDay(q.to) : undefined,
  };
}

/**
 * One CSV cell. Quotes as RFC 4180 asks, and defuses spreadsheet formulas: a cell starting
 * with = + - @ tab or CR gets a leading apostrophe, so a value typed into the app (an
 * organisation name, a title) can never run as a formula when a coordinator opens the file.
 */
export function csvCell(value: unknown): string {
  const s = neutraliseCell(value === null || value === undefined ? "" : String(value));
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: unknown[]): string {
  return values.map(csvCell).join(",") + "\r\n";
}
