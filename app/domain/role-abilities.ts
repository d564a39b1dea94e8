import { POLICY, type Rule } from "./policy";
import type { Role } from "./sectors";

/**
 * "What you can do here" on the plan overview, read off the policy table: for each verb below,
 * the rule the member's role has decides the sentence (catalogue key `mnr:role.can.<verb>.<rule>`),
 * so the page says "every capability" exactly when the policy allows every capability.
 */
export const ABILITY_VERBS = [
  "plan.view",
  "capability.edit-narrative",
  "capability.assess-maturity",
  "capability.set-leads",
  "action.create",
  "action.report-progress",
  "members.invite",
] as const satisfies ReadonlyArray<keyof typeof POLICY>;
export type AbilityVerb = (typeof ABILITY_VERBS)[number];

export interface Ability {
  verb: AbilityVerb;
  rule: Exclude<Rule, "none">;
}

/** What a role may do in a plan, in the policy's own terms; on a read-only (archived) plan, no writes. */
export function roleAbilities(role: Role, plan: { readOnly: boolean }): Ability[] {
  const out: Ability[] = [];
  for (const verb of ABILITY_VERBS) {
    const entry = POLICY[verb];
    const rule: Rule = entry[role];
    if (rule === "none" || (plan.readOnly && entry.writes)) continue;
    out.push({ verb, rule });
  }
  return out;
}

/** The catalogue key (namespace mnr) of an ability's sentence. */
export function abilityKey(a: Ability): string {
  return `role.can.${a.verb}.${a.rule}`;
}
