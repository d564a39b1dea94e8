import { describe, expect, it } from "vitest";
import {
  isSessionExpired,
  isSessionOlderThanPasswordChange,
  SESSION_LIFETIME_MS,
  sessionExpiry,
  shouldRenewSession,
  shouldTouchLastSeen,
} from "~/domain/session-rules";
import { generateSessionToken, readSessionToken, sessionCookie, sessionIdFromToken } from "~/services/auth.server";

const day = 24 * 60 * 60 * 1000;
const now = new Date("2027-01-10T12:00:00Z");

describe("session lifetime", () => {
  it("lasts 30 days", () => {
    expect(sessionExpiry(now).getTime() - now.getTime()).toBe(SESSION_LIFETIME_MS);
    expect(SESSION_LIFETIME_MS).toBe(30 * day);
  });
  it("is expired at and after its expiry", () => {
    const exp = new Date(now.getTime() + 1000);
    expect(isSessionExpired(exp, now)).toBe(false);
    expect(isSessionExpired(exp, new Date(exp.getTime()))).toBe(true);
  });
  it("renews only in its last 15 days", () => {
    expect(shouldRenewSession(new Date(now.getTime() + 20 * day), now)).toBe(false);
    expect(shouldRenewSession(new Date(now.getTime() + 14 * day), now)).toBe(true);
    expect(shouldRenewSession(new Date(now.getTime() - 1), now)).toBe(false);
  });
  it("touches last-seen at most once a minute", () => {
    expect(shouldTouchLastSeen(new Date(now.getTime() - 30_000), now)).toBe(false);
    expect(shouldTouchLastSeen(new Date(now.getTime() - 61_000), now)).toBe(true);
  });
  it("ends sessions created before a password change", () => {
    expect(isSessionOlderThanPasswordChange(new Date(now.getTime() - 1), now)).toBe(true);
    expect(isSessionOlderThanPasswordChange(now, now)).toBe(false);
  });
});

describe("session tokens", () => {
  it("are 32 base32 characters and differ every time", () => {
    const a = generateSessionToken();
    const b = generateSessionToken();
    expect(a).toMatch(/^[a-z2-7]{32}$/);
    expect(a).not.toBe(b);
  });
  it("are stored only as their SHA-256", () => {
    const token = generateSessionToken();
    const id = sessionIdFromToken(token);
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(id).not.toContain(token);
    expect(sessionIdFromToken(token)).toBe(id);
  });
  it("travel in an HttpOnly, SameSite=Lax cookie, Secure only on https", () => {
    const exp = sessionExpiry(now);
    expect(sessionCookie("t", exp, false)).toMatch(/HttpOnly; SameSite=Lax; Path=\/; Expires=/);
    expect(sessionCookie("t", exp, false)).not.toContain("Secure");
    expect(sessionCookie("t", exp, true)).toContain("Secure");
  });
  it("are read from a cookie header among others", () => {
    expect(readSessionToken("a=1; tf_session=abc; b=2")).toBe("abc");
    expect(readSessionToken("a=1")).toBeNull();
    expect(readSessionToken(undefined)).toBeNull();
  });
});
