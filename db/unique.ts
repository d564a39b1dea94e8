/**
 * Unique indexes whose violation answers a user ("this name is taken"), not a bug. PostgreSQL
 * reports the index by name; SQLite by its columns, so both are kept here beside each other.
 */
export interface UniqueIndex {
  name: string;
  table: string;
  columns: readonly string[];
}

export const UNIQUE = {
  actionRef: { name: "action_plan_ref_uq", table: "action", columns: ["plan_id", "ref"] },
  organisationName: { name: "organisation_plan_name_uq", table: "organisation", columns: ["plan_id", "name"] },
} as const satisfies Record<string, UniqueIndex>;

/** True when `error` is the database refusing a row that `index` already holds. */
export function violates(error: unknown, index: UniqueIndex): boolean {
  if (typeof error !== "object" || error === null) return false;
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown };
  if (e.code === "23505") return e.constraint === index.name;
  if (e.code === "SQLITE_CONSTRAINT_UNIQUE") return e.message === `UNIQUE constraint failed: ${index.columns.map((c) => `${index.table}.${c}`).join(", ")}`;
  return false;
}
