import { NavLink } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Verb } from "~/domain/policy";

/**
 * The sections of a plan. Each feature adds its entry here; `verb` hides entries the member
 * cannot use (the routes refuse them anyway).
 */
export const PLAN_SECTIONS: ReadonlyArray<{ path: string; label: string; verb: Verb; end?: boolean }> = [
  { path: "", label: "nav.overview", verb: "plan.view", end: true },
  { path: "actions", label: "actions:title", verb: "action.view" },
  { path: "dashboard", label: "mnr:nav.dashboard", verb: "plan.view" },
  { path: "gap", label: "mnr:nav.gap", verb: "capability.view" },
  { path: "meetings", label: "meetings:nav", verb: "meeting.view" },
  { path: "members", label: "nav.members", verb: "members.view" },
  { path: "organisations", label: "nav.organisations", verb: "members.view" },
  // plan.archive, not edit-settings: an archived plan's settings page holds the restore button.
  { path: "settings", label: "nav.settings", verb: "plan.archive" },
  { path: "audit", label: "nav.audit", verb: "audit.view" },
  { path: "export", label: "export:nav", verb: "export.plan" },
];

export function PlanNav({ planId, allowed }: { planId: string; allowed: readonly Verb[] }) {
  const { t } = useTranslation("plans");
  return (
    <nav aria-label={t("nav.label")} className="plan-nav no-print">
      <ul>
        {PLAN_SECTIONS.filter((s) => allowed.includes(s.verb)).map((s) => (
          <li key={s.path}>
            <NavLink to={`/plans/${planId}${s.path ? `/${s.path}` : ""}`} end={s.end} prefetch="intent">
              {t(s.label)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
