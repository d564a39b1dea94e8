import type { Generated, Insertable, Selectable, Updateable } from "kysely";

/**
 * The whole database, one interface per table. Timestamps are ISO-8601 UTC strings and
 * booleans are 0/1 integers so that one set of queries runs on SQLite and PostgreSQL alike.
 */
export interface Database {
  app_user: AppUserTable;
  user_session: UserSessionTable;
  plan: PlanTable;
  organisation: OrganisationTable;
  membership: MembershipTable;
  invitation: InvitationTable;
  audit_log: AuditLogTable;
  action: ActionTable;
  action_capability: ActionCapabilityTable;
  action_partner: ActionPartnerTable;
  action_indicator: ActionIndicatorTable;
  action_update: ActionUpdateTable;
  action_import: ActionImportTable;
  plan_capability: PlanCapabilityTable;
  doc_update: DocUpdateTable;
  doc_snapshot: DocSnapshotTable;
  doc_version: DocVersionTable;
  doc_client: DocClientTable;
  maturity_change: MaturityChangeTable;
  meeting: MeetingTable;
  meeting_attendee: MeetingAttendeeTable;
  agenda_item: AgendaItemTable;
  meeting_decision: MeetingDecisionTable;
  meeting_decision_link: MeetingDecisionLinkTable;
  meeting_new_action: MeetingNewActionTable;
  edition: EditionTable;
  export_exclusion: ExportExclusionTable;
}

export interface AppUserTable {
  id: string;
  /** Stored lower-cased and trimmed; unique. */
  email: string;
  name: string;
  password_hash: string;
  is_site_admin: number;
  disabled_at: string | null;
  created_at: string;
  password_changed_at: string;
}
export type AppUser = Selectable<AppUserTable>;
export type NewAppUser = Insertable<AppUserTable>;
export type AppUserUpdate = Updateable<AppUserTable>;

export interface UserSessionTable {
  /** SHA-256 of the session token, hex. The token itself is never stored. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  user_agent: string | null;
  ip: string | null;
}
export type UserSession = Selectable<UserSessionTable>;

export interface PlanTable {
  id: string;
  title: string;
  /** ISO 3166-1 alpha-2, or ZZ for a country or territory without a code (fictional, for training). */
  country: string;
  /** The name shown for the country; empty (the default): the standard name of `country` (app/domain/countries.ts). */
  country_name: Generated<string>;
  start_year: number;
  end_year: number;
  description: string;
  framework_version: string;
  coordinators_see_sector_notes: number;
  archived_at: string | null;
  created_at: string;
  created_by: string | null;
}
export type Plan = Selectable<PlanTable>;

export interface OrganisationTable {
  id: string;
  plan_id: string;
  name: string;
  /** Access sector (app/domain/sectors.ts). */
  sector: string;
  /** Organisation type id from the framework data (e.g. "hotline"). */
  org_type: string;
  created_at: string;
}
export type Organisation = Selectable<OrganisationTable>;

export interface MembershipTable {
  plan_id: string;
  user_id: string;
  organisation_id: string;
  role: string;
  created_at: string;
  updated_at: string;
}
export type Membership = Selectable<MembershipTable>;

export interface InvitationTable {
  id: string;
  plan_id: string;
  token_hash: string;
  /** Who it is meant for, as the inviter wrote it (a name or an email); not used to sign in. */
  label: string;
  organisation_id: string;
  role: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  accepted_by: string | null;
  revoked_at: string | null;
}
export type Invitation = Selectable<InvitationTable>;

export interface AuditLogTable {
  id: string;
  plan_id: string | null;
  actor_id: string | null;
  at: string;
  verb: string;
  entity: string;
  entity_id: string | null;
  before_json: string | null;
  after_json: string | null;
}
export type AuditLogEntry = Selectable<AuditLogTable>;

export interface ActionTable {
  id: string;
  plan_id: string;
  /** Unique in the plan, e.g. "2.3". */
  ref: string;
  /** refSortKey(ref) (app/domain/actions.ts): sorts references part by part, numbers as numbers. */
  ref_sort: string;
  title: string;
  objective: string;
  /** Owning access sector; always the lead organisation's sector. */
  sector: string;
  /** Lead organisation. */
  organisation_id: string;
  assignee_id: string | null;
  /** Calendar dates "YYYY-MM-DD". */
  start_date: string | null;
  due_date: string | null;
  ongoing: number;
  status: string;
  progress: number;
  /** Weight in the progress roll-up (docs/progress.md). */
  weight: number;
  budget_amount: number | null;
  budget_currency: string | null;
  budget_source: string | null;
  no_cost: number;
  scope: string;
  risks: string;
  /** Optimistic-concurrency version, +1 on every change. */
  version: number;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  updated_by: string | null;
}
export type Action = Selectable<ActionTable>;

export interface ActionCapabilityTable {
  action_id: string;
  plan_id: string;
  capability_id: string;
}
export interface ActionPartnerTable {
  action_id: string;
  organisation_id: string;
}
export interface ActionIndicatorTable {
  id: string;
  action_id: string;
  position: number;
  name: string;
  unit: string;
  baseline: number | null;
  target: number | null;
  current_value: number | null;
  data_source: string;
}
export type ActionIndicator = Selectable<ActionIndicatorTable>;

export interface ActionUpdateTable {
  id: string;
  action_id: string;
  plan_id: string;
  author_id: string | null;
  at: string;
  status_from: string | null;
  status_to: string | null;
  progress_from: number | null;
  progress_to: number | null;
  /** JSON: [{ indicatorId, from, to }] */
  indicator_values_json: string | null;
  comment: string;
  evidence_url: string | null;
  /** Set when the update was recorded during a meeting. */
  meeting_id: string | null;
}
export type ActionUpdate = Selectable<ActionUpdateTable>;

/** A parsed upload kept between import preview and confirmation (one member, expires). */
export interface ActionImportTable {
  id: string;
  plan_id: string;
  user_id: string;
  file_name: string;
  content_json: string;
  row_count: number;
  created_at: string;
  expires_at: string;
  completed_at: string | null;
}

export interface PlanCapabilityTable {
  plan_id: string;
  capability_id: string;
  /** JSON array of access sectors. */
  lead_sectors: string;
  partner_sectors: string;
  /** Maturity 0–4; null = not assessed (never 0). */
  baseline_level: number | null;
  current_level: number | null;
  target_level: number | null;
  evidence: string;
  assessed_at: string | null;
  assessed_by: string | null;
  updated_at: string;
  updated_by: string | null;
}
export type PlanCapability = Selectable<PlanCapabilityTable>;

/** One changed maturity level of a capability (append-only history). */
export interface MaturityChangeTable {
  id: string;
  plan_id: string;
  capability_id: string;
  /** "baseline" | "current" | "target" */
  kind: string;
  /** null = not assessed. */
  from_level: number | null;
  to_level: number | null;
  evidence: string;
  changed_at: string;
  changed_by: string | null;
}
export type MaturityChange = Selectable<MaturityChangeTable>;

// Collaborative documents (server/sync/, db/repositories/docs.ts). `bytes` is a Yjs update.
export interface DocUpdateTable {
  doc: string;
  seq: number;
  bytes: Uint8Array;
  author_id: string | null;
  at: string;
}
export interface DocSnapshotTable {
  doc: string;
  seq: number;
  bytes: Uint8Array;
  at: string;
}
export interface DocVersionTable {
  id: string;
  doc: string;
  seq: number;
  name: string | null;
  auto: number;
  bytes: Uint8Array;
  authors_json: string;
  created_at: string;
  created_by: string | null;
}
export type DocVersion = Selectable<DocVersionTable>;
export interface DocClientTable {
  doc: string;
  client_id: number;
  user_id: string;
}

// Meetings (db/migrations/2026-11-28T0700-meetings.ts, app/services/meetings.server.ts).
export interface MeetingTable {
  id: string;
  plan_id: string;
  series_id: string;
  title: string;
  /** "task-force" | "sector" | "working-group" */
  type: string;
  sector: string | null;
  /** JSON array of capability ids (working groups). */
  capability_ids: string;
  /** UTC instants; `time_zone` is the IANA zone the meeting was planned in. */
  starts_at: string;
  ends_at: string;
  time_zone: string;
  place: string;
  call_url: string | null;
  /** "draft" | "scheduled" | "in-progress" | "closed" */
  status: string;
  opened_at: string | null;
  closed_at: string | null;
  closed_by: string | null;
  minutes_version_id: string | null;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  updated_by: string | null;
}
export type Meeting = Selectable<MeetingTable>;
export interface MeetingAttendeeTable {
  meeting_id: string;
  user_id: string;
  /** "unknown" | "present" | "apologies" */
  attendance: string;
}
export interface AgendaItemTable {
  id: string;
  meeting_id: string;
  plan_id: string;
  position: number;
  /** "action" | "capability" | "maturity-change" | "free" | "carried-over" */
  kind: string;
  action_id: string | null;
  capability_id: string | null;
  title: string;
  /** JSON array of proposal reasons. */
  reasons: string;
  presenter_id: string | null;
  time_box_minutes: number | null;
  carried_over_from: string | null;
  /** null | "discussed" | "carried-over" */
  outcome: string | null;
  created_at: string;
}
export type AgendaItem = Selectable<AgendaItemTable>;
export interface MeetingDecisionTable {
  id: string;
  meeting_id: string;
  plan_id: string;
  agenda_item_id: string | null;
  text: string;
  created_at: string;
  created_by: string | null;
}
export interface MeetingDecisionLinkTable {
  decision_id: string;
  plan_id: string;
  /** "action" | "capability" */
  target_kind: string;
  target_id: string;
}
export interface MeetingNewActionTable {
  meeting_id: string;
  action_id: string;
  agenda_item_id: string | null;
}

/** A frozen edition of the plan document: written once, never updated (docs/decisions/061). */
export interface EditionTable {
  id: string;
  plan_id: string;
  name: string;
  /** "YYYY-MM-DD" */
  edition_date: string;
  note: string;
  /** "public" | "internal" */
  audience: string;
  data_json: string;
  created_at: string;
  created_by: string | null;
}
export type Edition = Selectable<EditionTable>;
/** A capability or action the coordinator keeps out of public editions. */
export interface ExportExclusionTable {
  plan_id: string;
  /** "capability" | "action" */
  kind: string;
  target_id: string;
  created_at: string;
  created_by: string | null;
}

// Re-exported so repositories import column helpers from one place.
export type { Generated };
