/** The four access sectors of a plan: who sees and edits what is decided per sector. */
export const SECTORS = ["government", "law-enforcement", "industry", "civil-society"] as const;
export type Sector = (typeof SECTORS)[number];

export function isSector(value: unknown): value is Sector {
  return typeof value === "string" && (SECTORS as readonly string[]).includes(value);
}

/** Roles a member holds in one plan. */
export const ROLES = ["coordinator", "sector-lead", "member", "observer"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
