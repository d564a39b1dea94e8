import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import {
  isSessionExpired,
  isSessionOlderThanPasswordChange,
  sessionExpiry,
  shouldRenewSession,
  shouldTouchLastSeen,
} from "~/domain/session-rules";
import type { DB } from "../../db/connect";
import * as sessions from "../../db/repositories/sessions";
import type { AppEvents } from "./events.server";
import { nowIso } from "./ids.server";

export const SESSION_COOKIE = "tf_session";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  isSiteAdmin: boolean;
}
export interface CurrentSession {
  id: string;
  expiresAt: Date;
  /** True when this request extended the session, so the cookie must be sent again. */
  renewed: boolean;
}
export interface Auth {
  user: SessionUser;
  session: CurrentSession;
  /** The raw token from the cookie, kept only to re-send the cookie on renewal. */
  token: string;
}

/** 160 random bits, base32: the value that goes in the cookie and nowhere else. */
export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** The database key of a session: SHA-256 of the token, so a leaked table opens no session. */
export function sessionIdFromToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(
  db: DB,
  userId: string,
  meta: { userAgent?: string | null; ip?: string | null },
  now = new Date(),
): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
  const token = generateSessionToken();
  const sessionId = sessionIdFromToken(token);
  const expiresAt = sessionExpiry(now);
  await sessions.insertSession(db, {
    id: sessionId,
    user_id: userId,
    created_at: nowIso(now),
    expires_at: expiresAt.toISOString(),
    last_seen_at: nowIso(now),
    user_agent: meta.userAgent?.slice(0, 300) ?? null,
    ip: meta.ip ?? null,
  });
  return { token, sessionId, expiresAt };
}

/** Token → user, or null. Deletes sessions that expired or predate a password change; slides expiry. */
export async function validateSessionToken(db: DB, token: string, now = new Date()): Promise<Auth | null> {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  const id = sessionIdFromToken(token);
  const row = await sessions.findSessionWithUser(db, id);
  if (!row) return null;
  let expiresAt = new Date(row.expires_at);
  if (
    isSessionExpired(expiresAt, now) ||
    row.disabled_at !== null ||
    isSessionOlderThanPasswordChange(new Date(row.session_created_at), new Date(row.password_changed_at))
  ) {
    await sessions.deleteSession(db, id);
    return null;
  }
  const updates: { expires_at?: string; last_seen_at?: string } = {};
  let renewed = false;
  if (shouldRenewSession(expiresAt, now)) {
    expiresAt = sessionExpiry(now);
    updates.expires_at = expiresAt.toISOString();
    renewed = true;
  }
  if (shouldTouchLastSeen(new Date(row.last_seen_at), now)) updates.last_seen_at = nowIso(now);
  if (Object.keys(updates).length > 0) await sessions.updateSessionTimes(db, id, updates);
  return {
    token,
    user: { id: row.user_id, email: row.email, name: row.name, isSiteAdmin: row.is_site_admin === 1 },
    session: { id, expiresAt, renewed },
  };
}

export async function endSession(db: DB, events: AppEvents, userId: string, sessionId: string): Promise<void> {
  await sessions.deleteSession(db, sessionId);
  events.emit("sessions-ended", { userId, sessionIds: [sessionId] });
}

export async function endSessionsOfUser(db: DB, events: AppEvents, userId: string, exceptSessionId?: string) {
  const ended = await sessions.deleteSessionsOfUser(db, userId, exceptSessionId);
  events.emit("sessions-ended", { userId, sessionIds: exceptSessionId ? ended : "all" });
  return ended;
}

export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  const parts = [`${SESSION_COOKIE}=${token}`, "HttpOnly", "SameSite=Lax", "Path=/", `Expires=${expiresAt.toUTCString()}`];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

export function blankSessionCookie(secure: boolean): string {
  const parts = [`${SESSION_COOKIE}=`, "HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=0"];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

/** Reads the session token from a Cookie header (HTTP request or WebSocket upgrade alike). */
export function readSessionToken(cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE) return rest.join("=") || null;
  }
  return null;
}
