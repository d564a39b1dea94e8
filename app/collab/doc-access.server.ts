import { sectorColour, type PresenceUser } from "~/collab/presence";
import type { DB } from "../../db/connect";
import { resolveDocAccess } from "../../server/sync/access";
import { docName, type DocRef } from "../../server/sync/doc-names";
import { SECTORS } from "~/domain/sectors";
import type { PlanAccess } from "~/services/plan-access.server";

/** What a page needs to mount a collaborative document, or null when the member may not see it. */
export interface CollabDoc {
  docName: string;
  readOnly: boolean;
  user: PresenceUser;
}

/** Asks the same resolver as the sync server, so the page and the socket never disagree. */
export async function loadCollabDoc(db: DB, access: PlanAccess, ref: DocRef): Promise<CollabDoc | null> {
  const resolved = await resolveDocAccess(db, access.actor.userId, ref);
  if (resolved.access === "none") return null;
  return {
    docName: docName(ref),
    readOnly: resolved.access !== "write",
    user: { id: access.actor.userId, name: access.auth.user.name, sector: access.actor.sector, color: sectorColour(access.actor.sector) },
  };
}

/** The narrative and every sector's confidential notes the member may open, for the capability page. */
export async function loadCapabilityDocs(db: DB, access: PlanAccess, capabilityId: string) {
  const planId = access.plan.id;
  const [narrative, ...notes] = await Promise.all([
    loadCollabDoc(db, access, { kind: "capability", planId, capabilityId }),
    ...SECTORS.map((sector) => loadCollabDoc(db, access, { kind: "sector-notes", planId, capabilityId, sector })),
  ]);
  return {
    narrative,
    sectorNotes: SECTORS.flatMap((sector, i) => (notes[i] ? [{ sector, doc: notes[i]! }] : [])),
  };
}
