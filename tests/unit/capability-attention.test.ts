import { describe, expect, it } from "vitest";
import { capabilityNeedsAttention } from "~/domain/capability-attention";

describe("capability needs attention", () => {
  const none = { noLead: false, noActions: false, overdue: false, notAssessed: false };
  it("is calm when every signal is clear", () => {
    expect(capabilityNeedsAttention(none)).toBe(false);
  });
  it("needs attention for any one reason", () => {
    for (const k of Object.keys(none) as Array<keyof typeof none>) expect(capabilityNeedsAttention({ ...none, [k]: true })).toBe(true);
  });
});
