import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { LineChart } from "~/components/charts/line-chart";
import { MaturityChart, type MaturitySeries } from "~/components/charts/maturity-chart";
import { StackedBarChart, type BarRow, type Series } from "~/components/charts/stacked-bar-chart";
import { ProgressBar, StatusCounts } from "~/components/mnr/action-summary";
import { LevelChip } from "~/components/mnr/maturity";
import { ACTION_STATUSES, isActionStatus } from "~/domain/actions";
import { monthlyDays, overdueHistory } from "~/domain/overdue-history";
import { SECTORS } from "~/domain/sectors";
import { useFormat } from "~/i18n/format";
import { requirePermission, requirePlanMember } from "~/services/plan-access.server";
import { loadPlanStructure } from "~/services/plan-structure.server";
import mnrStyles from "~/styles/mnr.css?url";
import { listStatusChanges } from "../../db/repositories/capabilities";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: mnrStyles }];
export const meta: MetaFunction = () => [{ title: "Dashboard · Taskforce" }];

const OVERDUE_MONTHS = 12;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  requirePermission(access, "plan.view");
  const { db } = context.services;
  const [structure, changes] = await Promise.all([loadPlanStructure(db, access.plan, access.framework), listStatusChanges(db, access.plan.id)]);
  const overdue = overdueHistory(
    structure.actions.map((a) => ({ id: a.id, createdAt: a.createdAt, status: a.status, dueDate: a.dueDate, ongoing: a.ongoing })),
    changes.map((c) => ({ actionId: c.action_id, at: c.at, from: isActionStatus(c.status_from) ? c.status_from : null, to: isActionStatus(c.status_to) ? c.status_to : null })),
    monthlyDays(structure.today, OVERDUE_MONTHS),
  );
  return {
    levelNames: access.framework.maturityLevels.map((l) => l.name),
    plan: structure.plan,
    domains: structure.domains.map((d) => ({ key: d.id, label: `${d.number}. ${d.name}`, rollup: d.rollup })),
    sectors: SECTORS.map((s) => ({ key: s, rollup: structure.sectors[s] })),
    overdue,
    maturity: structure.capabilities.map((c) => ({ key: c.id, label: `${c.number}. ${c.name}`, values: c.levels })),
  };
}

function DataTable({ caption, children }: { caption: string; children: ReactNode }) {
  const { t } = useTranslation("mnr");
  return (
    <details className="chart-data">
      <summary>
        {t("dashboard.dataTable")}
        <span className="visually-hidden">: {caption}</span>
      </summary>
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        {children}
      </table>
    </details>
  );
}

export default function Dashboard() {
  const { t } = useTranslation("mnr");
  const f = useFormat();
  // Axis labels: short month and year; the data table gives the exact dates.
  const monthLabel = (day: string) => new Intl.DateTimeFormat(f.locale, { month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));
  const { levelNames, plan, domains, sectors, overdue, maturity } = useLoaderData<typeof loader>();
  const statusSeries: Series[] = ACTION_STATUSES.map((s) => ({ key: s, label: t(`status.${s}`), color: `var(--status-${s})` }));
  const sectorRows: BarRow[] = sectors.map((s) => ({ key: s.key, label: t(`common:sectors.${s.key}`), values: s.rollup.byStatus }));
  const domainRows: BarRow[] = domains.map((d) => ({ key: d.key, label: d.label, values: d.rollup.byStatus }));
  const maturitySeries: MaturitySeries[] = [
    { key: "baseline", label: t("level.baseline"), color: "#9aa5b1" },
    { key: "current", label: t("level.current"), color: "#1f4e79" },
    { key: "target", label: t("level.target"), color: "#c75000" },
  ];

  const statusTable = (caption: string, head: string, rows: Array<{ key: string; label: string; rollup: (typeof domains)[number]["rollup"] }>) => (
    <DataTable caption={caption}>
      <thead>
        <tr>
          <th scope="col">{head}</th>
          {ACTION_STATUSES.map((s) => (
            <th key={s} scope="col">
              {t(`status.${s}`)}
            </th>
          ))}
          <th scope="col">{t("dashboard.total")}</th>
          <th scope="col">{t("progress.title")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label}</th>
            {ACTION_STATUSES.map((s) => (
              <td key={s}>{r.rollup.byStatus[s]}</td>
            ))}
            <td>{r.rollup.total}</td>
            <td>{r.rollup.progress === null ? "—" : f.percent(Math.round(r.rollup.progress) / 100)}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );

  return (
    <div className="stack mnr-dashboard">
      <h1>{t("dashboard.title")}</h1>
      <p className="muted">{t("dashboard.intro")}</p>
      <div className="mnr-summary card">
        <p>
          <strong>{t("overview.planProgress")}:</strong> <ProgressBar rollup={plan} label={t("overview.planProgress")} />
        </p>
        <StatusCounts rollup={plan} />
      </div>
      {plan.total === 0 ? <p className="notice">{t("dashboard.noActions")}</p> : null}

      <div className="dashboard-grid">
        <figure className="chart-figure card">
          <figcaption>{t("dashboard.byDomain")}</figcaption>
          <StackedBarChart title={t("dashboard.byDomain")} rows={domainRows} series={statusSeries} emptyText="0" />
          {statusTable(t("dashboard.byDomain"), t("dashboard.domain"), domains.map((d) => ({ key: d.key, label: d.label, rollup: d.rollup })))}
        </figure>

        <figure className="chart-figure card">
          <figcaption>{t("dashboard.bySector")}</figcaption>
          <StackedBarChart title={t("dashboard.bySector")} rows={sectorRows} series={statusSeries} emptyText="0" />
          {statusTable(t("dashboard.bySector"), t("dashboard.sector"), sectors.map((s) => ({ key: s.key, label: t(`common:sectors.${s.key}`), rollup: s.rollup })))}
        </figure>

        <figure className="chart-figure card">
          <figcaption>{t("dashboard.overdue")}</figcaption>
          <LineChart title={t("dashboard.overdue")} points={overdue.map((p, i) => ({ label: i === overdue.length - 1 ? t("dashboard.today") : monthLabel(p.day), value: p.overdue }))} />
          <p className="muted">{t("dashboard.overdueNote")}</p>
          <DataTable caption={t("dashboard.overdue")}>
            <thead>
              <tr>
                <th scope="col">{t("dashboard.day")}</th>
                <th scope="col">{t("dashboard.count")}</th>
              </tr>
            </thead>
            <tbody>
              {overdue.map((p) => (
                <tr key={p.day}>
                  <th scope="row">{f.date(p.day)}</th>
                  <td>{p.overdue}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        </figure>

        <figure className="chart-figure card">
          <figcaption>{t("dashboard.maturity")}</figcaption>
          <MaturityChart title={t("dashboard.maturity")} rows={maturity} series={maturitySeries} notAssessed={t("level.notAssessedShort")} />
          <ul className="chart-legend">
            {maturitySeries.map((s) => (
              <li key={s.key}>
                <span className="swatch" style={{ background: s.color }} aria-hidden="true" />
                {s.label}
              </li>
            ))}
            <li>
              <span className="swatch swatch-none" aria-hidden="true" />
              {t("level.notAssessed")}
            </li>
          </ul>
          <DataTable caption={t("dashboard.maturity")}>
            <thead>
              <tr>
                <th scope="col">{t("dashboard.capability")}</th>
                <th scope="col">{t("level.baseline")}</th>
                <th scope="col">{t("level.current")}</th>
                <th scope="col">{t("level.target")}</th>
              </tr>
            </thead>
            <tbody>
              {maturity.map((m) => (
                <tr key={m.key}>
                  <th scope="row">{m.label}</th>
                  {(["baseline", "current", "target"] as const).map((k) => (
                    <td key={k}>
                      <LevelChip level={m.values[k]} names={levelNames} compact />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </DataTable>
        </figure>
      </div>
    </div>
  );
}
