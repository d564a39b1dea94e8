import type { Role, Sector } from "./sectors";

/**
 * The one policy of Taskforce. Pure: it decides from facts the caller gathered, with no I/O.
 * Routes ask it through `requirePermission`, the sync server on every upgrade and on
 * membership changes, and the UI only to hide what the server would refuse anyway.
 */

/** Who is acting, as a member of one plan. */
export interface Actor {
  userId: string;
  role: Role;
  sector: Sector;
  organisationId: string;
}

/** Facts about the thing acted on. Each verb reads only the facts its rule needs. */
export interface ResourceFacts {
  /** Archived plan, closed meeting, frozen edition: write verbs are refused. */
  readOnly?: boolean;
  /** Owning sector: of an action, sector notes, organisation, sector meeting, invitation target. */
  sector?: Sector | null;
  /** Capability lead and partner sectors. */
  leadSectors?: readonly Sector[];
  partnerSectors?: readonly Sector[];
  /** Action: lead organisation and assignee. */
  organisationId?: string | null;
  assigneeId?: string | null;
  /** Meeting attendees (user ids). */
  attendeeIds?: readonly string[];
  /** Membership verbs: the role being given or changed. */
  targetRole?: Role;
  /** Plan setting: coordinators may read every sector's confidential notes (default true). */
  coordinatorsSeeSectorNotes?: boolean;
}

/**
 * How a role relates to a resource for a verb to be allowed:
 * - `all` / `none`: always / never
 * - `own-sector`: the resource's sector is the actor's
 * - `lead-sector`: the actor's sector leads the capability
 * - `contributing-sector`: the actor's sector leads or partners on the capability
 * - `assigned`: the action is assigned to the actor or led by the actor's organisation
 * - `attendee`: the actor attends the meeting
 * - `own-sector-junior`: own sector, and the role concerned is member or observer
 * - `own-sector-or-coordinator-access`: own sector, or the plan lets coordinators read all notes
 */
export type Rule =
  | "all"
  | "none"
  | "own-sector"
  | "lead-sector"
  | "contributing-sector"
  | "assigned"
  | "attendee"
  | "own-sector-junior"
  | "own-sector-or-coordinator-access";

type Row = Readonly<Record<Role, Rule>> & { readonly writes: boolean };
const row = (coordinator: Rule, lead: Rule, member: Rule, observer: Rule, writes = true): Row => ({
  coordinator,
  "sector-lead": lead,
  member,
  observer,
  writes,
});
const READ = false;

/**
 * THE TABLE. Columns: coordinator, sector-lead, member, observer. `docs/permissions.md`
 * is generated from it (`npm run docs:permissions`).
 */
export const POLICY = {
  // The plan
  "plan.view": row("all", "all", "all", "all", READ),
  "plan.edit-settings": row("all", "none", "none", "none"),
  // Archiving is allowed on an archived plan too: it is how a coordinator restores it.
  "plan.archive": row("all", "none", "none", "none", READ),
  "organisation.manage": row("all", "none", "none", "none"),
  "members.view": row("all", "all", "all", "all", READ),
  "members.invite": row("all", "own-sector-junior", "none", "none"),
  "members.manage": row("all", "own-sector-junior", "none", "none"),
  "audit.view": row("all", "none", "none", "none", READ),
  // Capabilities of the framework
  "capability.view": row("all", "all", "all", "all", READ),
  "capability.edit-narrative": row("all", "contributing-sector", "contributing-sector", "none"),
  "capability.assess-maturity": row("all", "lead-sector", "none", "none"),
  "capability.set-leads": row("all", "none", "none", "none"),
  "sector-notes.view": row("own-sector-or-coordinator-access", "own-sector", "own-sector", "own-sector", READ),
  "sector-notes.edit": row("own-sector", "own-sector", "own-sector", "none"),
  // Actions
  "action.view": row("all", "all", "all", "all", READ),
  "action.create": row("all", "own-sector", "none", "none"),
  "action.edit": row("all", "own-sector", "none", "none"),
  "action.assign": row("all", "own-sector", "none", "none"),
  "action.delete": row("all", "own-sector", "none", "none"),
  "action.report-progress": row("all", "own-sector", "assigned", "none"),
  "action.edit-description": row("all", "own-sector", "assigned", "none"),
  // Meetings
  "meeting.view": row("all", "all", "all", "all", READ),
  "meeting.create": row("all", "own-sector", "none", "none"),
  "meeting.edit-agenda": row("all", "own-sector", "none", "none"),
  "meeting.run": row("all", "own-sector", "none", "none"),
  "meeting.record-decision": row("all", "own-sector", "none", "none"),
  "meeting.edit-minutes": row("all", "all", "attendee", "none"),
  // The plan as a document
  "export.plan": row("all", "all", "all", "all", READ),
  "edition.view": row("all", "all", "all", "all", READ),
  "edition.freeze": row("all", "none", "none", "none"),
} as const satisfies Record<string, Row>;

export type Verb = keyof typeof POLICY;
export const VERBS = Object.keys(POLICY) as Verb[];

function holds(rule: Rule, actor: Actor, r: ResourceFacts): boolean {
  switch (rule) {
    case "all":
      return true;
    case "none":
      return false;
    case "own-sector":
      return r.sector === actor.sector;
    case "lead-sector":
      return (r.leadSectors ?? []).includes(actor.sector);
    case "contributing-sector":
      return (r.leadSectors ?? []).includes(actor.sector) || (r.partnerSectors ?? []).includes(actor.sector);
    case "assigned":
      return (r.assigneeId != null && r.assigneeId === actor.userId) || (r.organisationId != null && r.organisationId === actor.organisationId);
    case "attendee":
      return (r.attendeeIds ?? []).includes(actor.userId);
    case "own-sector-junior":
      return r.sector === actor.sector && (r.targetRole === "member" || r.targetRole === "observer");
    case "own-sector-or-coordinator-access":
      return r.sector === actor.sector || r.coordinatorsSeeSectorNotes !== false;
  }
}

/** May `actor` do `verb` to a resource with these facts? */
export function can(actor: Actor, verb: Verb, resource: ResourceFacts = {}): boolean {
  const entry: Row = POLICY[verb];
  if (entry.writes && resource.readOnly) return false;
  return holds(entry[actor.role], actor, resource);
}

export function isWriteVerb(verb: Verb): boolean {
  return POLICY[verb].writes;
}

/** The collaborative documents of a plan and how each maps to verbs (see server/sync/doc-names.ts). */
export type DocAccess = "none" | "read" | "write";

export function docAccess(actor: Actor | null, view: Verb, edit: Verb, resource: ResourceFacts): DocAccess {
  if (!actor || !can(actor, view, resource)) return "none";
  return can(actor, edit, resource) ? "write" : "read";
}
