import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LiveRevalidate } from "~/components/live-revalidate";
import { PLAN_SECTIONS, PlanNav } from "~/components/plan-nav";
import { SectorBadge } from "~/components/sector-badge";
import { planCountryName } from "~/domain/countries";
import { VERBS } from "~/domain/policy";
import { i18nServer } from "~/i18n/i18n.server";
import { hasPermission, requirePlanMember } from "~/services/plan-access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.plan.title} · Taskforce` : "Taskforce" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  const locale = await i18nServer.getLocale(request);
  const { plan, actor } = access;
  return {
    plan: {
      id: plan.id,
      title: plan.title,
      country: planCountryName(plan, locale),
      period: `${plan.start_year}–${plan.end_year}`,
      archived: plan.archived_at !== null,
      frameworkVersion: plan.framework_version,
    },
    me: { userId: actor.userId, role: actor.role, sector: actor.sector, organisationId: actor.organisationId, organisationName: access.organisationName },
    // Verbs the member holds plan-wide; the UI hides what they lack (the server checks again).
    allowed: VERBS.filter((v) => hasPermission(access, v, { sector: actor.sector })),
    navVerbs: [...new Set(PLAN_SECTIONS.map((s) => s.verb))].filter((v) => hasPermission(access, v, { sector: actor.sector })),
  };
}

export type PlanLayoutData = Awaited<ReturnType<typeof loader>>;

export default function PlanLayout() {
  const { t } = useTranslation("plans");
  const { plan, me, navVerbs } = useLoaderData<typeof loader>();
  return (
    <div className="plan-layout">
      <div className="plan-heading">
        <p className="plan-kicker">
          {[plan.country, plan.period].filter(Boolean).join(" · ")}
        </p>
        <p className="plan-title">{plan.title}</p>
        <p className="plan-me">
          {t(`common:roles.${me.role}`)} · {me.organisationName} <SectorBadge sector={me.sector} />
        </p>
        {plan.archived ? (
          <p className="notice" role="status">
            {t("archivedNotice")}
          </p>
        ) : null}
      </div>
      <PlanNav planId={plan.id} allowed={navVerbs} />
      <div className="plan-content">
        <Outlet />
      </div>
      <LiveRevalidate planId={plan.id} />
    </div>
  );
}
