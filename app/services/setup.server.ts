import { encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { timingSafeEqual } from "node:crypto";

/**
 * The one-time code that guards /setup while the instance has no user. It lives only in
 * the memory of the process that printed it, so only someone who can read the server's
 * console can claim the instance. A restart prints a new one.
 */
export class SetupGate {
  private code: string | null = null;

  open(): string {
    const bytes = new Uint8Array(10);
    crypto.getRandomValues(bytes);
    const raw = encodeBase32UpperCaseNoPadding(bytes);
    this.code = `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}-${raw.slice(12, 16)}`;
    return this.code;
  }

  close(): void {
    this.code = null;
  }

  /** Puts back a code that was consumed by a setup attempt that failed validation. */
  reopenWith(code: string): void {
    this.code = code.trim().toUpperCase();
  }

  get isOpen(): boolean {
    return this.code !== null;
  }

  matches(candidate: string): boolean {
    if (!this.code) return false;
    const a = Buffer.from(this.code);
    const b = Buffer.from(candidate.trim().toUpperCase());
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
