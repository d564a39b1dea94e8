/**
 * Session lifetime rules in the Lucia design: a session lives 30 days from its last use
 * and is extended (sliding) once it is within 15 days of expiry, so an active user is never
 * logged out while the database is written at most once a fortnight per session for expiry.
 */
export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
export const SESSION_RENEW_WITHIN_MS = 15 * 24 * 60 * 60 * 1000;
/** `last_seen_at` is shown on the account page; writing it more often than this is waste. */
export const LAST_SEEN_GRANULARITY_MS = 60 * 1000;

export function sessionExpiry(now: Date): Date {
  return new Date(now.getTime() + SESSION_LIFETIME_MS);
}

export function isSessionExpired(expiresAt: Date, now: Date): boolean {
  return now.getTime() >= expiresAt.getTime();
}

export function shouldRenewSession(expiresAt: Date, now: Date): boolean {
  return !isSessionExpired(expiresAt, now) && expiresAt.getTime() - now.getTime() < SESSION_RENEW_WITHIN_MS;
}

export function shouldTouchLastSeen(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() >= LAST_SEEN_GRANULARITY_MS;
}

/** A session is ended by a password change made after it started. */
export function isSessionOlderThanPasswordChange(sessionCreatedAt: Date, passwordChangedAt: Date): boolean {
  return sessionCreatedAt.getTime() < passwordChangedAt.getTime();
}
