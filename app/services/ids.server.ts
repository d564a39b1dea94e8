import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";

/** Random, URL-safe ids for rows (120 bits). One helper so every table's ids look alike. */
export function newId(): string {
  const bytes = new Uint8Array(15);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function nowIso(now: Date = new Date()): string {
  return now.toISOString();
}
