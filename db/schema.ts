import type { Generated, Insertable, Selectable, Updateable } from "kysely";

/**
 * The whole database, one interface per table. Timestamps are ISO-8601 UTC strings and
 * booleans are 0/1 integers so that one set of queries runs on SQLite and PostgreSQL alike.
 */
export interface Database {
  app_user: AppUserTable;
  user_session: UserSessionTable;
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

// Re-exported so repositories import column helpers from one place.
export type { Generated };
