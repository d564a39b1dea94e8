import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field } from "~/components/field";
import { SelectField } from "~/components/select-field";
import { useFormat } from "~/i18n/format";
import { AUDIT_PAGE_SIZE, auditFilter, readAuditQuery } from "~/services/audit.server";
import { requirePermission, requirePlanMember } from "~/services/plan-access.server";
import styles from "~/styles/members.css?url";
import { auditActors, auditEntities, countAudit, listAudit } from "../../db/repositories/members";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: "Audit log · Taskforce" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  requirePermission(access, "audit.view");
  const { db } = context.services;
  const query = readAuditQuery(new URL(request.url));
  const filter = auditFilter(access.plan.id, query);
  const [total, rows, actors, entities] = await Promise.all([
    countAudit(db, filter),
    listAudit(db, filter, { limit: AUDIT_PAGE_SIZE, offset: (query.page - 1) * AUDIT_PAGE_SIZE }),
    auditActors(db, access.plan.id),
    auditEntities(db, access.plan.id),
  ]);
  return {
    planId: access.plan.id,
    query,
    total,
    pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
    rows: rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor_name ?? null,
      verb: r.verb,
      entity: r.entity,
      entityId: r.entity_id,
      before: r.before_json,
      after: r.after_json,
    })),
    actors,
    entities,
  };
}

/** A stored before/after value as "key: value" lines, the way people read a change. */
function pretty(json: string | null): string {
  if (!json) return "";
  try {
    const value: unknown = JSON.parse(json);
    if (!value || typeof value !== "object" || Array.isArray(value)) return JSON.stringify(value);
    return Object.entries(value)
      .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`)
      .join("\n");
  } catch {
    return json;
  }
}

export default function Audit() {
  const { t } = useTranslation("audit");
  const { planId, query, total, pages, rows, actors, entities } = useLoaderData<typeof loader>();
  const format = useFormat();
  const { search } = useLocation();
  const pageLink = (page: number) => {
    const p = new URLSearchParams(search);
    p.set("page", String(page));
    return `?${p}`;
  };
  const csvParams = new URLSearchParams(search);
  csvParams.delete("page");
  return (
    <div className="stack">
      <h1>{t("title")}</h1>
      <p className="muted">{t("intro")}</p>
      <Form method="get" className="filters" aria-label={t("filters.label")}>
        <SelectField label={t("filters.member")} name="member" defaultValue={query.member ?? ""}>
          <option value="">{t("filters.anyone")}</option>
          {actors.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name} ({a.email})
            </option>
          ))}
        </SelectField>
        <SelectField label={t("filters.entity")} name="entity" defaultValue={query.entity ?? ""}>
          <option value="">{t("filters.anything")}</option>
          {entities.map((e) => (
            <option key={e} value={e}>
              {e}
            </option>
          ))}
        </SelectField>
        <Field label={t("filters.from")} name="from" type="date" defaultValue={query.from ?? ""} />
        <Field label={t("filters.to")} name="to" type="date" defaultValue={query.to ?? ""} />
        <button type="submit" className="button">
          {t("filters.apply")}
        </button>
        <Link to={`/plans/${planId}/audit`}>{t("filters.clear")}</Link>
      </Form>
      <p>
        {t("count", { count: total })} ·{" "}
        <a href={`/plans/${planId}/audit.csv${csvParams.size ? `?${csvParams}` : ""}`} download>
          {t("download")}
        </a>
      </p>
      {rows.length === 0 ? (
        <p className="muted">{t("empty")}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("columns.at")}</th>
              <th scope="col">{t("columns.actor")}</th>
              <th scope="col">{t("columns.what")}</th>
              <th scope="col">{t("columns.before")}</th>
              <th scope="col">{t("columns.after")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  <time dateTime={r.at}>{format.dateTime(r.at)}</time>
                </th>
                <td>{r.actor ?? <span className="muted">{t("system")}</span>}</td>
                <td>
                  <code>{r.verb}</code>
                  <br />
                  <span className="muted">
                    {r.entity} {r.entityId}
                  </span>
                </td>
                <td>
                  <pre className="audit-detail">{pretty(r.before)}</pre>
                </td>
                <td>
                  <pre className="audit-detail">{pretty(r.after)}</pre>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 ? (
        <nav className="pager" aria-label={t("pager.label")}>
          {query.page > 1 ? <Link to={pageLink(query.page - 1)}>{t("pager.previous")}</Link> : null}
          <span>{t("pager.page", { page: query.page, pages })}</span>
          {query.page < pages ? <Link to={pageLink(query.page + 1)}>{t("pager.next")}</Link> : null}
        </nav>
      ) : null}
    </div>
  );
}
