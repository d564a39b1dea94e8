/**
 * Why a capability needs attention on the overview: no lead sector, no actions, overdue
 * actions (the overdue rule of app/domain/actions.ts), or no maturity assessment (neither
 * current nor baseline; a target alone is not an assessment).
 */
export const ATTENTION_KINDS = ["noLead", "noActions", "overdue", "notAssessed"] as const;
export type AttentionKind = (typeof ATTENTION_KINDS)[number];
export type Attention = Record<AttentionKind, boolean>;

export function capabilityNeedsAttention(a: Attention): boolean {
  return ATTENTION_KINDS.some((k) => a[k]);
}
