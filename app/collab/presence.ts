import { isSector, type Sector } from "~/domain/sectors";

/**
 * Presence colours by access sector: the same hues as the --sector-* tokens in app.css, so a
 * cursor's colour says which sector is typing. The sync server stamps them into awareness.
 */
export const SECTOR_COLOURS: Record<Sector, string> = {
  government: "#1f4e79",
  "law-enforcement": "#5b2a86",
  industry: "#0b6e69",
  "civil-society": "#9c4221",
};

export function sectorColour(sector: string): string {
  return isSector(sector) ? SECTOR_COLOURS[sector] : "#555555";
}

/** The user fields the server puts in every awareness state. */
export interface PresenceUser {
  id: string;
  name: string;
  sector: string;
  color: string;
}

export function presenceUserOf(state: unknown): PresenceUser | null {
  if (!state || typeof state !== "object") return null;
  const user = (state as { user?: unknown }).user;
  if (!user || typeof user !== "object") return null;
  const u = user as Record<string, unknown>;
  if (typeof u.id !== "string" || typeof u.name !== "string" || typeof u.color !== "string") return null;
  return { id: u.id, name: u.name, sector: typeof u.sector === "string" ? u.sector : "", color: u.color };
}
