import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ActionSignals, ProgressBar, StatusBadge } from "~/components/action-status";
import { SectorBadge } from "~/components/sector-badge";
import { ACTION_STATUSES, DUE_SOON_DAYS, REGISTER_PAGE_SIZES, REGISTER_SORTS } from "~/domain/actions";
import { SECTORS } from "~/domain/sectors";
import { useFormat } from "~/i18n/format";
import { loadRegisterPage, parseRegisterQuery } from "~/services/action-register.server";
import { hasPermission, requirePermission, requirePlanMember } from "~/services/plan-access.server";
import styles from "~/styles/actions.css?url";
import { listMembers, listOrganisations } from "../../db/repositories/plans";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: "Actions · Taskforce" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  requirePermission(access, "action.view");
  const { db } = context.services;
  const q = parseRegisterQuery(new URL(request.url));
  const [register, organisations, members] = await Promise.all([loadRegisterPage(access, db, q), listOrganisations(db, access.plan.id), listMembers(db, access.plan.id)]);
  return {
    planId: access.plan.id,
    query: { ...q, status: q.status ?? [] },
    total: register.total,
    page: register.page,
    pages: register.pages,
    items: register.items,
    dueSoonDays: DUE_SOON_DAYS,
    domains: access.framework.domains.map((d) => ({ id: d.id, number: d.number, name: d.name, capabilities: d.capabilities.map((c) => ({ id: c.id, number: c.number, name: c.name })) })),
    organisations: organisations.map((o) => ({ id: o.id, name: o.name, sector: o.sector })),
    members: members.map((m) => ({ id: m.user_id, name: m.name, organisationName: m.organisation_name })),
    // Coordinators may create in any sector, sector leads in their own: asking with the member's sector covers both.
    canCreate: hasPermission(access, "action.create", { sector: access.actor.sector }),
  };
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

export default function ActionRegister() {
  const { t } = useTranslation("actions");
  const data = useLoaderData<typeof loader>();
  const { query, total, page, pages, items, planId } = data;
  const [params] = useSearchParams();
  const submit = useSubmit();
  const navigation = useNavigation();
  const formRef = useRef<HTMLFormElement>(null);
  const submitted = useRef<string | null>(null);
  const typingTimer = useRef<ReturnType<typeof setTimeout>>();
  // The filter form remounts (showing the URL's view) when the URL changes from elsewhere:
  // a sort header, a page link, back/forward. Not after its own submission, so typing keeps focus.
  const [formKey, setFormKey] = useState(() => params.toString());
  useEffect(() => {
    const s = params.toString();
    if (s !== submitted.current) setFormKey(s);
  }, [params]);
  const loading = navigation.state === "loading" && navigation.location?.pathname === `/plans/${planId}/actions`;
  const base = `/plans/${planId}/actions`;

  const withParams = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    const s = next.toString();
    return s ? `${base}?${s}` : base;
  };
  // Filters apply as they change, without a full page load; the button is there without JavaScript.
  const onChange = (e: React.FormEvent<HTMLFormElement>) => {
    const form = formRef.current;
    if (!form) return;
    const send = () => {
      const next = new URLSearchParams();
      for (const [k, v] of new FormData(form)) if (typeof v === "string" && v !== "") next.append(k, v);
      submitted.current = next.toString();
      submit(next, { method: "get", action: base, replace: true, preventScrollReset: true });
    };
    clearTimeout(typingTimer.current);
    const target = e.target as HTMLInputElement;
    // Typed fields wait for a pause; choices apply at once.
    if (target.type === "search" || target.type === "number") typingTimer.current = setTimeout(send, 400);
    else send();
  };
  const exportQuery = (() => {
    const p = new URLSearchParams(params);
    p.delete("page");
    p.delete("size");
    return p.toString();
  })();
  const from = total === 0 ? 0 : (page - 1) * query.size + 1;
  const to = Math.min(total, page * query.size);

  return (
    <section aria-labelledby="actions-title" className="actions-register">
      <div className="actions-header">
        <h1 id="actions-title">{query.mine ? t("myActions") : t("title")}</h1>
        <div className="actions-toolbar no-print">
          {data.canCreate ? (
            <>
              <Link className="button primary" to={`${base}/new`}>
                {t("newAction")}
              </Link>
              <Link className="button" to={`${base}/import`}>
                {t("importButton")}
              </Link>
            </>
          ) : null}
          <a className="button" href={`${base}/export?format=csv${exportQuery ? `&${exportQuery}` : ""}`} download>
            {t("exportCsv")}
          </a>
          <a className="button" href={`${base}/export?format=xlsx${exportQuery ? `&${exportQuery}` : ""}`} download>
            {t("exportXlsx")}
          </a>
        </div>
      </div>
      <nav aria-label={t("title")} className="actions-views no-print">
        <Link to={withParams({ mine: null, page: null })} aria-current={query.mine ? undefined : "page"}>
          {t("allActions")}
        </Link>
        <Link to={withParams({ mine: "1", page: null })} aria-current={query.mine ? "page" : undefined}>
          {t("myActions")}
        </Link>
      </nav>

      <Filters key={formKey} data={data} formRef={formRef} onChange={onChange} />

      <p className="actions-count" role="status" aria-live="polite">
        {loading ? t("loading") : total === 0 ? "" : t("showing", { from, to, total })}
      </p>
      {items.length === 0 ? (
        <p className="empty-state muted">{params.toString() ? t("none") : t("noneYet")}</p>
      ) : (
        <RegisterTable data={data} withParams={withParams} />
      )}
      {pages > 1 ? (
        <nav aria-label={t("pagination")} className="actions-pagination no-print">
          {page > 1 ? (
            <Link to={withParams({ page: String(page - 1) })} rel="prev">
              {t("previous")}
            </Link>
          ) : null}
          <span>{t("pageOf", { page, pages })}</span>
          {page < pages ? (
            <Link to={withParams({ page: String(page + 1) })} rel="next">
              {t("next")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}

function Filters({ data, formRef, onChange }: { data: Data; formRef: React.RefObject<HTMLFormElement>; onChange: (e: React.FormEvent<HTMLFormElement>) => void }) {
  const { t } = useTranslation("actions");
  const { query } = data;
  return (
    <Form method="get" action={`/plans/${data.planId}/actions`} ref={formRef} className="actions-filters no-print" onChange={onChange} aria-label={t("filters.title")}>
      {query.mine ? <input type="hidden" name="mine" value="1" /> : null}
      <div className="filter">
        <label htmlFor="f-q">{t("filters.text")}</label>
        <input id="f-q" type="search" name="q" defaultValue={query.q ?? ""} maxLength={100} />
      </div>
      <div className="filter">
        <label htmlFor="f-domain">{t("filters.domain")}</label>
        <select id="f-domain" name="domain" defaultValue={query.domain ?? ""}>
          <option value="">{t("filters.any")}</option>
          {data.domains.map((d) => (
            <option key={d.id} value={d.id}>
              {d.number}. {d.name}
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor="f-capability">{t("filters.capability")}</label>
        <select id="f-capability" name="capability" defaultValue={query.capability ?? ""}>
          <option value="">{t("filters.any")}</option>
          {data.domains.map((d) => (
            <optgroup key={d.id} label={d.name}>
              {d.capabilities.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.number}. {c.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor="f-sector">{t("filters.sector")}</label>
        <select id="f-sector" name="sector" defaultValue={query.sector ?? ""}>
          <option value="">{t("filters.any")}</option>
          {SECTORS.map((s) => (
            <option key={s} value={s}>
              {t(`common:sectors.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor="f-org">{t("filters.organisation")}</label>
        <select id="f-org" name="org" defaultValue={query.org ?? ""}>
          <option value="">{t("filters.any")}</option>
          {data.organisations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor="f-assignee">{t("filters.assignee")}</label>
        <select id="f-assignee" name="assignee" defaultValue={query.assignee ?? ""}>
          <option value="">{t("filters.any")}</option>
          {data.members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name} ({m.organisationName})
            </option>
          ))}
        </select>
      </div>
      <fieldset className="filter filter-statuses">
        <legend>{t("filters.status")}</legend>
        {ACTION_STATUSES.map((s) => (
          <label key={s} className="check">
            <input type="checkbox" name="status" value={s} defaultChecked={query.status.includes(s)} />
            {t(`statuses.${s}`)}
          </label>
        ))}
      </fieldset>
      <fieldset className="filter">
        <legend>{t("filters.signal")}</legend>
        <label className="check">
          <input type="checkbox" name="overdue" value="1" defaultChecked={query.overdue === "1"} />
          {t("filters.overdue")}
        </label>
        <label htmlFor="f-due">{t("filters.dueWithin")}</label>
        <input id="f-due" type="number" name="due" min={0} max={3650} inputMode="numeric" defaultValue={query.due ?? ""} className="narrow-input" />
      </fieldset>
      <div className="filter">
        <label htmlFor="f-since">{t("filters.changedSince")}</label>
        <input id="f-since" type="date" name="since" defaultValue={query.since ?? ""} />
      </div>
      <div className="filter">
        <label htmlFor="f-sort">{t("filters.sort")}</label>
        <select id="f-sort" name="sort" defaultValue={query.sort}>
          {REGISTER_SORTS.map((s) => (
            <option key={s} value={s}>
              {t(`sort.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor="f-dir">{t("filters.direction")}</label>
        <select id="f-dir" name="dir" defaultValue={query.dir}>
          <option value="asc">{t("filters.asc")}</option>
          <option value="desc">{t("filters.desc")}</option>
        </select>
      </div>
      <div className="filter">
        <label htmlFor="f-size">{t("filters.perPage")}</label>
        <select id="f-size" name="size" defaultValue={String(query.size)}>
          {REGISTER_PAGE_SIZES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </div>
      <div className="filter-buttons">
        <button type="submit" className="button small">
          {t("filters.apply")}
        </button>
        <Link className="button small" to={`/plans/${data.planId}/actions${query.mine ? "?mine=1" : ""}`}>
          {t("filters.clear")}
        </Link>
      </div>
    </Form>
  );
}

function RegisterTable({ data, withParams }: { data: Data; withParams: (c: Record<string, string | null>) => string }) {
  const { t } = useTranslation("actions");
  const f = useFormat();
  const { query } = data;
  const sortable = (key: (typeof REGISTER_SORTS)[number], label: string, className?: string) => {
    const active = query.sort === key;
    const nextDir = active && query.dir === "asc" ? "desc" : "asc";
    return (
      <th scope="col" className={className} aria-sort={active ? (query.dir === "asc" ? "ascending" : "descending") : undefined}>
        <Link to={withParams({ sort: key, dir: nextDir, page: null })} preventScrollReset>
          {label}
          {active ? <span aria-hidden="true">{query.dir === "asc" ? " ▲" : " ▼"}</span> : null}
        </Link>
      </th>
    );
  };
  return (
    <div className="table-scroll">
      <table className="table actions-table">
        <caption className="visually-hidden">{query.mine ? t("myActions") : t("title")}</caption>
        <thead>
          <tr>
            {sortable("ref", t("fields.ref"))}
            {sortable("title", t("fields.title"))}
            <th scope="col" className="register-capabilities">
              {t("fields.capabilities")}
            </th>
            {sortable("organisation", t("fields.organisationId"))}
            <th scope="col">{t("fields.assigneeId")}</th>
            {sortable("due", t("fields.dueDate"))}
            {sortable("status", t("fields.status"))}
            {sortable("progress", t("fields.progress"))}
            {sortable("updated", t("fields.updatedAt"), "register-updated")}
          </tr>
        </thead>
        <tbody>
          {data.items.map((a) => (
            <tr key={a.id} data-action-id={a.id}>
              <td className="nowrap">{a.ref}</td>
              <th scope="row" className="action-title-cell">
                <Link to={`/plans/${data.planId}/actions/${a.id}`}>{a.title}</Link>
              </th>
              <td className="register-capabilities">{a.capabilityNumbers.join(", ")}</td>
              <td>
                {a.organisationName}
                <br />
                <SectorBadge sector={a.sector} />
              </td>
              <td>{a.assigneeName ?? <span className="muted">{t("unassigned")}</span>}</td>
              <td className="nowrap register-due">
                {a.ongoing ? t("ongoing") : f.date(a.dueDate)}
                <ActionSignals overdue={a.overdue} dueSoon={a.dueSoon} dueSoonDays={data.dueSoonDays} />
              </td>
              <td>
                <StatusBadge status={a.status} />
              </td>
              <td>
                <ProgressBar value={a.progress} />
              </td>
              <td className="nowrap register-updated">{f.date(a.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
