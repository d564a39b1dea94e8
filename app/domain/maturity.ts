/** The three levels a capability's maturity assessment records. */
export const LEVEL_KINDS = ["baseline", "current", "target"] as const;
export type LevelKind = (typeof LEVEL_KINDS)[number];

/** Longest evidence note accepted with an assessment (characters). */
export const EVIDENCE_MAX = 4000;
