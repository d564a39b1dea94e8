import { POLICY, VERBS, type Rule, type Verb } from "../app/domain/policy";
import { ROLES, type Role } from "../app/domain/sectors";

/**
 * Renders docs/permissions.md from the policy table, so the page cannot drift from what the
 * server enforces. Pure: `scripts/generate-permissions-doc.ts` writes the file and a unit test
 * checks the checked-in copy against this output.
 */

const ROLE_TITLES: Record<Role, string> = {
  coordinator: "Coordinator",
  "sector-lead": "Sector lead",
  member: "Member",
  observer: "Observer",
};

/** What each rule means, in the words of the table cells and the legend. */
const RULES: Record<Rule, { cell: string; meaning: string }> = {
  all: { cell: "✅ yes", meaning: "Always allowed." },
  none: { cell: "—", meaning: "Never allowed." },
  "own-sector": { cell: "own sector", meaning: "Only when the thing belongs to the member's own access sector (an action's owning sector, a sector's notes, a sector meeting)." },
  "lead-sector": { cell: "lead sector", meaning: "Only for capabilities that the member's sector leads in this plan." },
  "contributing-sector": { cell: "lead or partner sector", meaning: "Only for capabilities that the member's sector leads or partners on." },
  assigned: { cell: "assigned", meaning: "Only for actions assigned to the member personally or led by the member's organisation." },
  attendee: { cell: "attendee", meaning: "Only for meetings the member attends." },
  "own-sector-junior": { cell: "own sector, member/observer", meaning: "Only into or within organisations of the member's own sector, and only for the member and observer roles." },
  "own-sector-or-coordinator-access": {
    cell: "own sector, or all if the plan allows",
    meaning: "The own sector's notes; every sector's notes while the plan setting \"coordinators may read every sector's confidential notes\" is on (the default).",
  },
};

/**
 * One line per verb: what it lets a member do. Every verb of the table must have one; a verb
 * added to the table without a line here makes the docs test fail (not the type check, so
 * that a verb can land before its documentation without breaking everyone's build).
 */
const VERB_TITLES: Partial<Record<Verb, string>> = {
  "plan.view": "Open the plan and read its overview",
  "plan.edit-settings": "Edit the plan's title, country, period, description and notes visibility",
  "plan.archive": "Archive the plan, or restore an archived plan",
  "organisation.manage": "Add, rename and delete organisations",
  "members.view": "See the members and organisations of the plan",
  "members.invite": "Create and revoke invitation links",
  "members.manage": "Change a member's role or organisation, remove a member",
  "audit.view": "Browse the audit log and download it as CSV",
  "capability.view": "Read the capabilities, their narratives and maturity",
  "capability.edit-narrative": "Edit a capability's narrative",
  "capability.assess-maturity": "Record a capability's maturity (baseline, current, target) and evidence",
  "capability.set-leads": "Choose which sectors lead and partner on a capability",
  "sector-notes.view": "Read a sector's confidential notes on a capability",
  "sector-notes.edit": "Edit a sector's confidential notes",
  "action.view": "Read the actions of the plan",
  "action.create": "Create an action",
  "action.edit": "Edit an action's fields (title, dates, budget, indicators, links)",
  "action.assign": "Assign an action to an organisation or person",
  "action.delete": "Delete an action",
  "action.report-progress": "Report progress on an action (status, progress, indicator values, notes)",
  "action.edit-description": "Edit an action's description text",
  "meeting.view": "Read meetings, agendas, minutes and decisions",
  "meeting.create": "Schedule a meeting",
  "meeting.edit-agenda": "Edit a meeting's agenda",
  "meeting.run": "Run a meeting (open, move through the agenda, close)",
  "meeting.record-decision": "Record a decision in a meeting",
  "meeting.edit-minutes": "Edit a meeting's minutes",
  "export.plan": "Export the plan (documents and spreadsheets)",
  "edition.view": "Read frozen editions of the plan",
  "edition.freeze": "Freeze an edition of the plan",
};

export function renderPermissionsDoc(): string {
  const groups = new Map<string, Verb[]>();
  for (const verb of VERBS) {
    const group = verb.split(".")[0]!;
    groups.set(group, [...(groups.get(group) ?? []), verb]);
  }
  const lines: string[] = [
    "# Who may do what",
    "",
    "<!-- Generated from app/domain/policy.ts by `npm run docs:permissions`. Do not edit by hand: a test fails when this file is out of date. -->",
    "",
    "Taskforce decides every permission from one table (`POLICY` in `app/domain/policy.ts`). This page is that table.",
    "",
    "- **Roles** are held per plan: a person can be coordinator of one plan and observer of another.",
    "- **Sectors**: every member belongs to one organisation, and so to one of the four access sectors (government, law enforcement, industry, civil society).",
    "- **Strangers**: someone who is not a member of a plan gets *Page not found* for everything of that plan; they learn nothing, not even that it exists.",
    "- **Archived plans** are read-only for everyone. Verbs marked ✏️ change data and are refused on an archived plan; the others still work.",
    "",
  ];
  for (const [group, verbs] of groups) {
    lines.push(`## ${group}`, "", `| Verb | What it allows | ${ROLES.map((r) => ROLE_TITLES[r]).join(" | ")} |`, `|---|---|${ROLES.map(() => "---").join("|")}|`);
    for (const verb of verbs) {
      const row = POLICY[verb];
      const cells = ROLES.map((r) => RULES[row[r] as Rule].cell);
      const title = VERB_TITLES[verb];
      if (!title) throw new Error(`scripts/permissions-doc.ts: add a line for the verb "${verb}" to VERB_TITLES, then run npm run docs:permissions`);
      lines.push(`| \`${verb}\`${row.writes ? " ✏️" : ""} | ${title} | ${cells.join(" | ")} |`);
    }
    lines.push("");
  }
  lines.push("## What the cells mean", "", "| Cell | Meaning |", "|---|---|");
  for (const rule of Object.keys(RULES) as Rule[]) lines.push(`| ${RULES[rule].cell} | ${RULES[rule].meaning} |`);
  lines.push("");
  return lines.join("\n");
}
