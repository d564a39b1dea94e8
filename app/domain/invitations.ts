/** The life of an invitation link, decided from its stored dates alone. */
export const INVITATION_STATES = ["pending", "accepted", "expired", "revoked"] as const;
export type InvitationState = (typeof INVITATION_STATES)[number];

/** Seven days: long enough to pass a link on by hand, short enough that a stray link dies. */
export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

export function invitationState(
  inv: { accepted_at: string | null; revoked_at: string | null; expires_at: string },
  now: Date = new Date(),
): InvitationState {
  // Accepted and revoked are final and win over expiry, so the list tells what happened.
  if (inv.accepted_at) return "accepted";
  if (inv.revoked_at) return "revoked";
  if (new Date(inv.expires_at).getTime() <= now.getTime()) return "expired";
  return "pending";
}

export function invitationExpiry(now: Date = new Date()): Date {
  return new Date(now.getTime() + INVITATION_LIFETIME_MS);
}
