import { describe, expect, it } from "vitest";
import en from "~/locales/en/mnr.json";
import { POLICY, type Rule } from "~/domain/policy";
import { ABILITY_VERBS, abilityKey, roleAbilities } from "~/domain/role-abilities";
import { ROLES } from "~/domain/sectors";

/** The English sentence of a catalogue key of the mnr namespace, or undefined. */
function sentence(key: string): string | undefined {
  let node: unknown = en;
  for (const part of key.split(".")) node = node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined;
  return typeof node === "string" ? node : undefined;
}

describe("what you can do here (the plan overview), read off the policy table", () => {
  it("lists, for each role, exactly the verbs and rules of the policy table", () => {
    for (const role of ROLES) {
      const expected = ABILITY_VERBS.filter((v) => POLICY[v][role] !== "none").map((v) => ({ verb: v, rule: POLICY[v][role] }));
      expect(roleAbilities(role, { readOnly: false })).toEqual(expected);
      // An archived plan: reading only.
      expect(roleAbilities(role, { readOnly: true }).map((a) => a.verb)).toEqual(["plan.view"]);
    }
  });

  it("has a sentence for every rule the table gives any role, so a change of policy cannot go unsaid", () => {
    for (const verb of ABILITY_VERBS) {
      const rules = new Set<Rule>(ROLES.map((r) => POLICY[verb][r]).filter((r) => r !== "none"));
      for (const rule of rules) expect(sentence(abilityKey({ verb, rule: rule as Exclude<Rule, "none"> })), `${verb} / ${rule}`).toBeTruthy();
    }
  });

  it("tells a coordinator what the policy lets them do: every narrative, not only their sector's", () => {
    const coordinator = roleAbilities("coordinator", { readOnly: false }).map((a) => sentence(abilityKey(a)));
    expect(coordinator).toContain("Co-edit the narrative of every capability.");
    expect(coordinator.join(" ")).not.toMatch(/your sector/);
    const lead = roleAbilities("sector-lead", { readOnly: false }).map((a) => sentence(abilityKey(a)));
    expect(lead).toContain("Co-edit the narrative of capabilities your sector leads or partners on.");
    expect(lead).toContain("Invite members and observers into your sector's organisations.");
    expect(roleAbilities("observer", { readOnly: false }).map((a) => a.verb)).toEqual(["plan.view"]);
  });
});
