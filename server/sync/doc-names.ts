import { isSector, type Sector } from "~/domain/sectors";

/**
 * The names of the collaborative documents, one per permission boundary. This module is the
 * only place that builds or parses them (the sync server, loaders and the editor all use it).
 * Pure: no I/O, safe in the browser bundle.
 *
 *   plan/<planId>/capability/<capabilityId>                narrative
 *   plan/<planId>/capability/<capabilityId>/sector/<s>     sector-confidential notes
 *   plan/<planId>/action/<actionId>                        action description
 *   plan/<planId>/meeting/<meetingId>                      minutes
 *   plan/<planId>/introduction                             the plan's introduction (export)
 */
export type DocRef =
  | { kind: "capability"; planId: string; capabilityId: string }
  | { kind: "sector-notes"; planId: string; capabilityId: string; sector: Sector }
  | { kind: "action"; planId: string; actionId: string }
  | { kind: "meeting"; planId: string; meetingId: string }
  | { kind: "introduction"; planId: string };

export type DocKind = DocRef["kind"];

/** The Yjs XmlFragment the editors bind to (Tiptap's Collaboration default). */
export const DOC_FIELD = "default";

// Ids are our base32 row ids or the framework's kebab-case capability ids; nothing else.
const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const MAX_NAME_LENGTH = 300;

export function docName(ref: DocRef): string {
  for (const id of idsOf(ref)) if (!ID.test(id)) throw new Error(`invalid id in document name: ${JSON.stringify(id)}`);
  switch (ref.kind) {
    case "capability":
      return `plan/${ref.planId}/capability/${ref.capabilityId}`;
    case "sector-notes":
      if (!isSector(ref.sector)) throw new Error(`invalid sector: ${JSON.stringify(ref.sector)}`);
      return `plan/${ref.planId}/capability/${ref.capabilityId}/sector/${ref.sector}`;
    case "action":
      return `plan/${ref.planId}/action/${ref.actionId}`;
    case "meeting":
      return `plan/${ref.planId}/meeting/${ref.meetingId}`;
    case "introduction":
      return `plan/${ref.planId}/introduction`;
  }
}

function idsOf(ref: DocRef): string[] {
  switch (ref.kind) {
    case "capability":
    case "sector-notes":
      return [ref.planId, ref.capabilityId];
    case "action":
      return [ref.planId, ref.actionId];
    case "meeting":
      return [ref.planId, ref.meetingId];
    case "introduction":
      return [ref.planId];
  }
}

/** A document name → its parts, or null for anything malformed or unknown. */
export function parseDocName(name: string): DocRef | null {
  if (typeof name !== "string" || name.length === 0 || name.length > MAX_NAME_LENGTH) return null;
  const parts = name.split("/");
  if (parts[0] !== "plan" || parts.some((p) => !ID.test(p))) return null;
  const planId = parts[1]!;
  if (parts.length === 3 && parts[2] === "introduction") return { kind: "introduction", planId };
  if (parts.length === 4) {
    const [, , kind, id] = parts as [string, string, string, string];
    if (kind === "capability") return { kind: "capability", planId, capabilityId: id };
    if (kind === "action") return { kind: "action", planId, actionId: id };
    if (kind === "meeting") return { kind: "meeting", planId, meetingId: id };
    return null;
  }
  if (parts.length === 6 && parts[2] === "capability" && parts[4] === "sector") {
    const sector = parts[5];
    if (!isSector(sector)) return null;
    return { kind: "sector-notes", planId, capabilityId: parts[3]!, sector };
  }
  return null;
}

/** The plan a document belongs to, or null when the name is not a document name. */
export function planOfDoc(name: string): string | null {
  return parseDocName(name)?.planId ?? null;
}
