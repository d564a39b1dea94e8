import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { GapLabel, LevelChip } from "~/components/mnr/maturity";
import { SectorBadge } from "~/components/sector-badge";
import { requirePermission, requirePlanMember } from "~/services/plan-access.server";
import { loadPlanStructure } from "~/services/plan-structure.server";
import mnrStyles from "~/styles/mnr.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: mnrStyles }];
export const meta: MetaFunction = () => [{ title: "Gap analysis · Taskforce" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  requirePermission(access, "capability.view");
  const structure = await loadPlanStructure(context.services.db, access.plan, access.framework);
  const caps = structure.capabilities;
  return {
    planId: access.plan.id,
    levelNames: access.framework.maturityLevels.map((l) => l.name),
    domains: structure.domains.map((d) => ({ id: d.id, number: d.number, name: d.name, capabilities: caps.filter((c) => c.domainId === d.id) })),
    summary: {
      total: caps.length,
      assessed: caps.filter((c) => !c.attention.notAssessed).length,
      withGap: caps.filter((c) => c.gap.state === "gap").length,
      noActions: caps.filter((c) => c.attention.noActions).length,
      noLead: caps.filter((c) => c.attention.noLead).length,
    },
  };
}

export default function GapAnalysis() {
  const { t } = useTranslation("mnr");
  const { planId, levelNames, domains, summary } = useLoaderData<typeof loader>();
  return (
    <section className="stack mnr-gap" aria-labelledby="gap-title">
      <div className="mnr-domain-head">
        <h1 id="gap-title">{t("gapPage.title")}</h1>
        <button type="button" className="button no-print" onClick={() => window.print()}>
          {t("gapPage.print")}
        </button>
      </div>
      <p className="muted">{t("gapPage.intro")}</p>
      <p role="status">{t("gapPage.summary", summary)}</p>

      <table className="table heatmap" aria-labelledby="gap-title">
        <thead>
          <tr>
            <th scope="col">{t("overview.capability")}</th>
            <th scope="col">{t("level.baseline")}</th>
            <th scope="col">{t("level.current")}</th>
            <th scope="col">{t("level.target")}</th>
            <th scope="col">{t("gap.title")}</th>
            <th scope="col">{t("actions.title")}</th>
            <th scope="col">{t("sectors.lead")}</th>
            <th scope="col">{t("gapPage.flags")}</th>
          </tr>
        </thead>
        <tbody>
          {domains.map((d) => (
            <Fragment key={d.id}>
              <tr className="domain-row">
                <th scope="colgroup" colSpan={8} className="domain-cell">
                  {d.number}. {d.name}
                </th>
              </tr>
              {d.capabilities.map((c) => (
                <tr key={c.id} data-capability={c.id}>
                  <th scope="row">
                    <span className="mnr-cap-number">{c.number}.</span> <Link to={`/plans/${planId}/capabilities/${c.id}`}>{c.name}</Link>
                  </th>
                  <td>
                    <LevelChip level={c.levels.baseline} names={levelNames} compact />
                  </td>
                  <td>
                    <LevelChip level={c.levels.current} names={levelNames} compact />
                  </td>
                  <td>
                    <LevelChip level={c.levels.target} names={levelNames} compact />
                  </td>
                  <td>
                    <GapLabel gap={c.gap} />
                  </td>
                  <td>{c.rollup.total}</td>
                  <td>
                    {c.leadSectors.map((s) => (
                      <SectorBadge key={s} sector={s} />
                    ))}
                  </td>
                  <td>
                    {c.attention.noActions ? <span className="attention-flag warn">{t("attention.noActions")}</span> : null}
                    {c.attention.noLead ? <span className="attention-flag">{t("attention.noLead")}</span> : null}
                  </td>
                </tr>
              ))}
            </Fragment>
          ))}
        </tbody>
      </table>

      <h2 id="legend-title">{t("gapPage.legend")}</h2>
      <ul className="heat-legend" aria-labelledby="legend-title">
        {levelNames.map((_, i) => (
          <li key={i}>
            <LevelChip level={i} names={levelNames} />
          </li>
        ))}
        <li>
          <LevelChip level={null} names={levelNames} />
        </li>
      </ul>
      <ul className="heat-legend">
        {[0, 1, 2, 3, 4].map((n) => (
          <li key={n}>
            <GapLabel gap={{ state: n === 0 ? "met" : "gap", size: n, basis: "current", change: null }} />
          </li>
        ))}
        <li>
          <GapLabel gap={{ state: "not-assessed", size: null, basis: null, change: null }} />
        </li>
      </ul>
    </section>
  );
}
