import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { CollabDocument } from "~/collab/collab-document";
import { collabLinks } from "~/collab/collaborative-editor";
import { loadCollabDoc } from "~/collab/doc-access.server";
import { ActionForm, type ActionFormOptions, type ActionFormValues } from "~/components/action-form";
import { ActionSignals, ProgressBar, StatusBadge } from "~/components/action-status";
import { Field, FormError } from "~/components/field";
import { SectorBadge } from "~/components/sector-badge";
import { SelectField, TextAreaField } from "~/components/select-field";
import { ACTION_STATUSES, DUE_SOON_DAYS, isAtRisk, isActionStatus, isDueWithin, isOverdue, todayUtc } from "~/domain/actions";
import { useFormat } from "~/i18n/format";
import { loadActionFormOptions } from "~/services/action-form-options.server";
import {
  assignAction,
  assignSchema,
  ConflictError,
  deleteAction,
  editActionSchema,
  progressSchema,
  reportProgress,
  updateAction,
  type FieldChange,
} from "~/services/actions.server";
import { ServiceError } from "~/services/mutation.server";
import { hasPermission, requirePermission, requirePlanMember, type PlanAccess } from "~/services/plan-access.server";
import styles from "~/styles/actions.css?url";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { findAction, listActionCapabilities, listActionPartners, listIndicators, listUpdates } from "../../db/repositories/actions";
import type { Action } from "../../db/schema";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }, ...collabLinks()];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.action.ref} ${data.action.title} · Taskforce` : "Taskforce" }];

function factsOf(a: Action) {
  return { sector: a.sector as never, organisationId: a.organisation_id, assigneeId: a.assignee_id };
}

async function loadAction(access: PlanAccess, db: PlanAccessDb, actionId: string | undefined) {
  const a = actionId ? await findAction(db, access.plan.id, actionId) : undefined;
  if (!a) throw new Response("Not Found", { status: 404 });
  return a;
}
type PlanAccessDb = Parameters<typeof findAction>[0];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  const { db } = context.services;
  const a = await loadAction(access, db, params.actionId);
  const facts = factsOf(a);
  requirePermission(access, "action.view", facts);
  const [caps, partners, indicators, updates, names] = await Promise.all([
    listActionCapabilities(db, [a.id]),
    listActionPartners(db, [a.id]),
    listIndicators(db, a.id),
    listUpdates(db, a.id),
    db
      .selectFrom("organisation")
      .select(["id", "name", "sector"])
      .where("plan_id", "=", access.plan.id)
      .execute(),
  ]);
  const users = await db
    .selectFrom("app_user")
    .select(["id", "name"])
    .where("id", "in", [a.assignee_id, a.created_by, a.updated_by].filter((x): x is string => !!x).concat(["-"]))
    .execute();
  const userName = new Map(users.map((u) => [u.id, u.name]));
  const orgById = new Map(names.map((o) => [o.id, o]));
  const can = {
    edit: hasPermission(access, "action.edit", facts),
    assign: hasPermission(access, "action.assign", facts),
    delete: hasPermission(access, "action.delete", facts),
    report: hasPermission(access, "action.report-progress", facts),
    editDescription: hasPermission(access, "action.edit-description", facts),
  };
  const capabilityIds = caps.get(a.id) ?? [];
  const partnerIds = partners.get(a.id) ?? [];
  const today = todayUtc();
  const timing = { status: isActionStatus(a.status) ? a.status : "not-started", dueDate: a.due_date, ongoing: a.ongoing === 1 } as const;
  const formOptions: ActionFormOptions | null = can.edit || can.assign ? await loadActionFormOptions(db, access, "action.edit") : null;
  const values: ActionFormValues = {
    ref: a.ref,
    title: a.title,
    objective: a.objective,
    capabilities: capabilityIds,
    organisationId: a.organisation_id,
    assigneeId: a.assignee_id ?? "",
    partners: partnerIds,
    startDate: a.start_date ?? "",
    dueDate: a.due_date ?? "",
    ongoing: a.ongoing === 1,
    status: a.status,
    progress: String(a.progress),
    weight: String(a.weight),
    noCost: a.no_cost === 1,
    budgetAmount: a.budget_amount === null ? "" : String(a.budget_amount),
    budgetCurrency: a.budget_currency ?? "",
    budgetSource: a.budget_source ?? "",
    scope: a.scope,
    risks: a.risks,
    indicators: indicators.map((i) => ({
      id: i.id,
      name: i.name,
      unit: i.unit,
      baseline: i.baseline === null ? "" : String(i.baseline),
      target: i.target === null ? "" : String(i.target),
      current: i.current_value === null ? "" : String(i.current_value),
      source: i.data_source,
    })),
  };
  return {
    planId: access.plan.id,
    description: await loadCollabDoc(db, access, { kind: "action", planId: access.plan.id, actionId: a.id }),
    action: {
      id: a.id,
      ref: a.ref,
      title: a.title,
      objective: a.objective,
      sector: a.sector,
      organisationName: orgById.get(a.organisation_id)?.name ?? "",
      assigneeName: a.assignee_id ? (userName.get(a.assignee_id) ?? "") : null,
      partners: partnerIds.map((p) => orgById.get(p)?.name ?? "").sort(),
      capabilities: capabilityIds
        .map((id) => access.framework.capabilities.find((c) => c.id === id))
        .filter((c) => c !== undefined)
        .sort((x, y) => x.number - y.number)
        .map((c) => ({ id: c.id, number: c.number, name: c.name })),
      startDate: a.start_date,
      dueDate: a.due_date,
      ongoing: a.ongoing === 1,
      status: a.status,
      progress: a.progress,
      weight: a.weight,
      noCost: a.no_cost === 1,
      budgetAmount: a.budget_amount === null ? null : Number(a.budget_amount),
      budgetCurrency: a.budget_currency,
      budgetSource: a.budget_source,
      scope: a.scope,
      risks: a.risks,
      version: a.version,
      createdAt: a.created_at,
      createdBy: a.created_by ? (userName.get(a.created_by) ?? null) : null,
      updatedAt: a.updated_at,
      updatedBy: a.updated_by ? (userName.get(a.updated_by) ?? null) : null,
      overdue: isOverdue(timing, today),
      atRisk: isAtRisk(timing),
      dueSoon: isDueWithin(timing, today, DUE_SOON_DAYS),
      organisationId: a.organisation_id,
      assigneeId: a.assignee_id,
    },
    indicators: indicators.map((i) => ({
      id: i.id,
      name: i.name,
      unit: i.unit,
      baseline: i.baseline === null ? null : Number(i.baseline),
      target: i.target === null ? null : Number(i.target),
      current: i.current_value === null ? null : Number(i.current_value),
      source: i.data_source,
    })),
    updates: updates.map((u) => ({
      id: u.id,
      at: u.at,
      author: u.author_name,
      statusFrom: u.status_from,
      statusTo: u.status_to,
      progressFrom: u.progress_from,
      progressTo: u.progress_to,
      indicators: parseIndicatorChanges(u.indicator_values_json),
      comment: u.comment,
      evidenceUrl: u.evidence_url,
      inMeeting: u.meeting_id !== null,
    })),
    can,
    formOptions,
    values,
  };
}

function parseIndicatorChanges(json: string | null): Array<{ name: string; from: number | null; to: number | null }> {
  if (!json) return [];
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.map((x: { name?: string; from?: number | null; to?: number | null }) => ({ name: String(x.name ?? ""), from: x.from ?? null, to: x.to ?? null })) : [];
  } catch {
    return [];
  }
}

/** The user's raw form input, returned with a refusal so nothing they typed is lost. */
function rawValues(form: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((v): v is string => typeof v === "string");
    out[key] = all.length > 1 || ["capabilities", "partners"].includes(key) || key.startsWith("indicator") ? all : (all[0] ?? "");
  }
  return out;
}

function refusal(intent: string, errors: FieldErrors, status: number, yours?: Record<string, string | string[]>, conflict?: { changes: FieldChange[]; changedBy: string | null; changedAt: string; currentVersion: number }) {
  return data({ ok: false as const, intent, errors, yours: yours ?? null, conflict: conflict ?? null }, { status });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  const { db } = context.services;
  const a = await loadAction(access, db, params.actionId);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const yours = rawValues(form);
  try {
    switch (intent) {
      case "edit": {
        requirePermission(access, "action.edit", factsOf(a));
        const parsed = parseForm(editActionSchema, form);
        if (!parsed.ok) return refusal(intent, parsed.errors, 400, yours);
        const version = await updateAction(context.services, access, a.id, parsed.data.fields, parsed.data.version);
        return { ok: true as const, intent, version };
      }
      case "assign": {
        requirePermission(access, "action.assign", factsOf(a));
        const parsed = parseForm(assignSchema, form);
        if (!parsed.ok) return refusal(intent, parsed.errors, 400, yours);
        const version = await assignAction(context.services, access, a.id, parsed.data);
        return { ok: true as const, intent, version };
      }
      case "progress": {
        requirePermission(access, "action.report-progress", factsOf(a));
        const parsed = parseForm(progressSchema, form);
        if (!parsed.ok) return refusal(intent, parsed.errors, 400, yours);
        const { version } = await reportProgress(context.services, access, a.id, parsed.data);
        return { ok: true as const, intent, version };
      }
      case "delete": {
        requirePermission(access, "action.delete", factsOf(a));
        const version = Number(form.get("version")) || undefined;
        await deleteAction(context.services, access, a.id, version);
        throw redirect(`/plans/${access.plan.id}/actions`);
      }
      default:
        return refusal(intent, { _form: "common:errors.invalid" }, 400);
    }
  } catch (error) {
    if (error instanceof ConflictError)
      return refusal(intent, { _form: error.messageKey }, 409, yours, {
        changes: error.changes,
        changedBy: error.changedBy,
        changedAt: error.changedAt,
        currentVersion: error.currentVersion,
      });
    if (error instanceof ServiceError) return refusal(intent, { [error.field]: error.messageKey }, error.status, yours);
    throw error;
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type ActionResult = ReturnType<typeof useActionData<typeof action>>;

function valuesFromRaw(raw: Record<string, string | string[]>, fallback: ActionFormValues): ActionFormValues {
  const one = (k: string) => {
    const v = raw[k];
    return Array.isArray(v) ? (v[0] ?? "") : (v ?? "");
  };
  const many = (k: string) => {
    const v = raw[k];
    return Array.isArray(v) ? v : v ? [v] : [];
  };
  const names = many("indicatorName");
  return {
    ...fallback,
    ref: one("ref"),
    title: one("title"),
    objective: one("objective"),
    capabilities: many("capabilities"),
    organisationId: one("organisationId") || fallback.organisationId,
    assigneeId: one("assigneeId"),
    partners: many("partners"),
    startDate: one("startDate"),
    dueDate: one("dueDate"),
    ongoing: raw.ongoing !== undefined,
    weight: one("weight"),
    noCost: raw.noCost !== undefined,
    budgetAmount: one("budgetAmount"),
    budgetCurrency: one("budgetCurrency"),
    budgetSource: one("budgetSource"),
    scope: one("scope"),
    risks: one("risks"),
    indicators: names.map((name, i) => ({
      id: many("indicatorId")[i] ?? "",
      name,
      unit: many("indicatorUnit")[i] ?? "",
      baseline: many("indicatorBaseline")[i] ?? "",
      target: many("indicatorTarget")[i] ?? "",
      current: "",
      source: many("indicatorSource")[i] ?? "",
    })),
  };
}

/**
 * What an open form starts from: fixed when it opens (so live reloads never change it), taken
 * again from the page when the user has not typed anything, and replaced by the user's own input
 * plus the newest version after a conflict so that saving again re-applies it.
 */
function useFormBase<T>(current: T, version: number) {
  const [base, setBase] = useState({ values: current, version, key: 0 });
  const [dirty, setDirty] = useState(false);
  useEffect(() => {
    if (!dirty && version !== base.version) setBase((b) => ({ values: current, version, key: b.key + 1 }));
  }, [dirty, version, base.version, current]);
  return {
    base,
    dirty,
    stale: version !== base.version,
    markDirty: () => setDirty(true),
    rebase: (values: T, v: number) => {
      setBase((b) => ({ values, version: v, key: b.key + 1 }));
      setDirty(true);
    },
    reset: () => {
      setDirty(false);
      setBase((b) => ({ values: current, version, key: b.key + 1 }));
    },
  };
}

export default function ActionPage() {
  const { t } = useTranslation("actions");
  const f = useFormat();
  const loaded = useLoaderData<typeof loader>();
  const { action: a, planId, can } = loaded;
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();

  return (
    <article className="action-page" aria-labelledby="action-title">
      <p className="no-print">
        <Link to={`/plans/${planId}/actions`}>{t("detail.back")}</Link>
      </p>
      <header className="action-head">
        <p className="action-ref">{a.ref}</p>
        <h1 id="action-title">{a.title}</h1>
        <p className="action-state">
          <StatusBadge status={a.status} /> <ProgressBar value={a.progress} /> <ActionSignals overdue={a.overdue} atRisk={a.atRisk} dueSoon={a.dueSoon} dueSoonDays={DUE_SOON_DAYS} />
        </p>
        <p className="muted">
          {t("detail.lastChange", { when: f.dateTime(a.updatedAt), name: a.updatedBy ?? t("timeline.someone") })}
        </p>
        {params.get("created") ? (
          <p className="notice" role="status">
            {t("form.created", { ref: a.ref })}
          </p>
        ) : null}
      </header>

      <div className="action-columns">
        <div className="action-main">
          <section aria-labelledby="details-title" className="card">
            <h2 id="details-title">{t("detail.overview")}</h2>
            <Details data={loaded} />
          </section>

          <section aria-labelledby="description-title" className="card action-description">
            <h2 id="description-title">{t("detail.description")}</h2>
            {/* collab:action-description */}
            {loaded.description ? <CollabDocument planId={planId} doc={loaded.description} label={t("detail.description")} /> : null}
          </section>

          <section aria-labelledby="indicators-title" className="card">
            <h2 id="indicators-title">{t("fields.indicators")}</h2>
            <Indicators data={loaded} />
          </section>

          {can.edit && loaded.formOptions ? <EditPanel data={loaded} result={result} /> : null}
        </div>

        <div className="action-side">
          {can.report ? <ProgressPanel data={loaded} result={result} /> : null}
          {can.assign && loaded.formOptions ? <AssignPanel data={loaded} result={result} /> : null}
          <Timeline data={loaded} />
          {can.delete ? (
            <Form
              method="post"
              className="no-print"
              onSubmit={(e) => {
                if (!window.confirm(t("form.deleteConfirm"))) e.preventDefault();
              }}
            >
              <input type="hidden" name="intent" value="delete" />
              <input type="hidden" name="version" value={a.version} />
              <button type="submit" className="button danger small">
                {t("form.delete")}
              </button>
            </Form>
          ) : null}
        </div>
      </div>
    </article>
  );
}

function Details({ data }: { data: LoaderData }) {
  const { t } = useTranslation("actions");
  const f = useFormat();
  const a = data.action;
  const budget = a.noCost
    ? t("noCost")
    : a.budgetAmount !== null
      ? `${a.budgetCurrency ? f.number(a.budgetAmount, { style: "currency", currency: a.budgetCurrency, maximumFractionDigits: 0 }) : f.number(a.budgetAmount)}${a.budgetSource ? ` · ${a.budgetSource}` : ""}`
      : (a.budgetSource ?? "");
  return (
    <dl className="details">
      {a.objective ? (
        <>
          <dt>{t("fields.objective")}</dt>
          <dd>{a.objective}</dd>
        </>
      ) : null}
      <dt>{t("fields.capabilities")}</dt>
      <dd>
        <ul className="inline-list">
          {a.capabilities.map((c) => (
            <li key={c.id}>
              <Link to={`/plans/${data.planId}/capabilities/${c.id}`}>
                {c.number}. {c.name}
              </Link>
            </li>
          ))}
        </ul>
      </dd>
      <dt>{t("fields.organisationId")}</dt>
      <dd>
        {a.organisationName} <SectorBadge sector={a.sector} />
      </dd>
      <dt>{t("fields.assigneeId")}</dt>
      <dd data-testid="assignee">{a.assigneeName ?? <span className="muted">{t("unassigned")}</span>}</dd>
      {a.partners.length ? (
        <>
          <dt>{t("fields.partners")}</dt>
          <dd>{a.partners.join(", ")}</dd>
        </>
      ) : null}
      <dt>{t("detail.dates")}</dt>
      <dd>
        {[a.startDate ? t("detail.from", { date: f.date(a.startDate) }) : "", a.ongoing ? t("ongoing") : a.dueDate ? t("detail.until", { date: f.date(a.dueDate) }) : ""].filter(Boolean).join(" ")}
      </dd>
      {budget ? (
        <>
          <dt>{t("fields.budget")}</dt>
          <dd>{budget}</dd>
        </>
      ) : null}
      {a.scope ? (
        <>
          <dt>{t("fields.scope")}</dt>
          <dd>{a.scope}</dd>
        </>
      ) : null}
      {a.risks ? (
        <>
          <dt>{t("fields.risks")}</dt>
          <dd>{a.risks}</dd>
        </>
      ) : null}
      <dt>{t("fields.weight")}</dt>
      <dd>{a.weight}</dd>
    </dl>
  );
}

function Indicators({ data }: { data: LoaderData }) {
  const { t } = useTranslation("actions");
  const f = useFormat();
  const n = (v: number | null) => (v === null ? "–" : f.number(v));
  if (data.indicators.length === 0) return <p className="muted">{t("detail.noIndicators")}</p>;
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">{t("fields.indicatorName")}</th>
          <th scope="col">{t("fields.indicatorBaseline")}</th>
          <th scope="col">{t("fields.indicatorCurrent")}</th>
          <th scope="col">{t("fields.indicatorTarget")}</th>
          <th scope="col">{t("fields.indicatorSource")}</th>
        </tr>
      </thead>
      <tbody>
        {data.indicators.map((i) => (
          <tr key={i.id}>
            <th scope="row">
              {i.name}
              {i.unit ? <span className="muted"> ({i.unit})</span> : null}
            </th>
            <td>{n(i.baseline)}</td>
            <td>{n(i.current)}</td>
            <td>{n(i.target)}</td>
            <td>{i.source}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ConflictPanel({ conflict }: { conflict: NonNullable<Extract<ActionResult, { ok: false }>["conflict"]> }) {
  const { t } = useTranslation("actions");
  const f = useFormat();
  return (
    <div className="conflict" role="alert">
      <h3>{t("conflict.title")}</h3>
      <p>{t("conflict.body", { name: conflict.changedBy ?? t("timeline.someone"), when: f.dateTime(conflict.changedAt) })}</p>
      {conflict.changes.length ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("conflict.field")}</th>
              <th scope="col">{t("conflict.before")}</th>
              <th scope="col">{t("conflict.after")}</th>
            </tr>
          </thead>
          <tbody>
            {conflict.changes.map((c) => (
              <tr key={c.field}>
                <th scope="row">{t(`fields.${c.field}`)}</th>
                <td>{c.field === "status" && c.before ? t(`statuses.${c.before}`) : c.before || "–"}</td>
                <td>{c.field === "status" && c.after ? t(`statuses.${c.after}`) : c.after || "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t("conflict.unknown")}</p>
      )}
    </div>
  );
}

function EditPanel({ data, result }: { data: LoaderData; result: ActionResult }) {
  const { t } = useTranslation("actions");
  const [open, setOpen] = useState(false);
  const busy = useNavigation().state === "submitting";
  const snapshot = useFormBase(data.values, data.action.version);
  const mine = result && result.intent === "edit" ? result : null;
  useEffect(() => {
    if (!mine) return;
    if (mine.ok) {
      setOpen(false);
      snapshot.reset();
    } else if (mine.conflict && mine.yours) {
      setOpen(true);
      snapshot.rebase(valuesFromRaw(mine.yours, data.values), mine.conflict.currentVersion);
    }
    // Only a new result from the server should do this.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mine]);
  const failure = mine && !mine.ok ? mine : null;
  return (
    <section aria-labelledby="edit-title" className="card no-print">
      <h2 id="edit-title">{t("form.edit")}</h2>
      {mine?.ok ? (
        <p className="notice" role="status">
          {t("form.saved")}
        </p>
      ) : null}
      {failure?.conflict ? <ConflictPanel conflict={failure.conflict} /> : null}
      {open ? (
        <div onInput={snapshot.markDirty}>
          {snapshot.stale && !failure?.conflict ? <p className="notice">{t("live.changedWhileEditing")}</p> : null}
          <ActionForm
            key={snapshot.base.key}
            mode="edit"
            intent="edit"
            values={snapshot.base.values}
            version={snapshot.base.version}
            options={data.formOptions!}
            errors={failure && !failure.conflict ? failure.errors : {}}
            busy={busy}
            onCancel={() => {
              setOpen(false);
              snapshot.reset();
            }}
          />
        </div>
      ) : (
        <button type="button" className="button" onClick={() => setOpen(true)}>
          {t("form.edit")}
        </button>
      )}
    </section>
  );
}

function ProgressPanel({ data, result }: { data: LoaderData; result: ActionResult }) {
  const { t } = useTranslation("actions");
  const busy = useNavigation().state === "submitting";
  const a = data.action;
  const current = { status: a.status, progress: String(a.progress), comment: "", evidenceUrl: "", indicatorValues: data.indicators.map((i) => (i.current === null ? "" : String(i.current))) };
  const snapshot = useFormBase(current, a.version);
  const mine = result && result.intent === "progress" ? result : null;
  useEffect(() => {
    if (!mine) return;
    if (mine.ok) snapshot.reset();
    else if (mine.conflict && mine.yours) {
      const y = mine.yours;
      const one = (k: string) => (Array.isArray(y[k]) ? ((y[k] as string[])[0] ?? "") : ((y[k] as string | undefined) ?? ""));
      const values = Array.isArray(y.indicatorValue) ? y.indicatorValue : y.indicatorValue ? [y.indicatorValue] : [];
      snapshot.rebase({ status: one("status"), progress: one("progress"), comment: one("comment"), evidenceUrl: one("evidenceUrl"), indicatorValues: values }, mine.conflict.currentVersion);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mine]);
  const failure = mine && !mine.ok ? mine : null;
  const errors: Record<string, string | undefined> = failure && !failure.conflict ? failure.errors : {};
  const v = snapshot.base.values;
  return (
    <section aria-labelledby="progress-title" className="card no-print">
      <h2 id="progress-title">{t("progress.title")}</h2>
      {mine?.ok ? (
        <p className="notice" role="status">
          {t("progress.recorded")}
        </p>
      ) : null}
      {failure?.conflict ? <ConflictPanel conflict={failure.conflict} /> : null}
      {snapshot.stale && !failure?.conflict ? <p className="notice">{t("live.changedWhileEditing")}</p> : null}
      <Form method="post" noValidate key={snapshot.base.key} onInput={snapshot.markDirty} aria-label={t("progress.title")}>
        <input type="hidden" name="intent" value="progress" />
        <input type="hidden" name="version" value={snapshot.base.version} />
        <FormError error={errors._form} />
        <SelectField label={t("fields.status")} name="status" defaultValue={v.status} error={errors.status}>
          {ACTION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`statuses.${s}`)}
            </option>
          ))}
        </SelectField>
        <Field label={t("fields.progress")} name="progress" type="number" min={0} max={100} inputMode="numeric" defaultValue={v.progress} error={errors.progress} />
        {data.indicators.map((i, n) => (
          <div key={i.id}>
            <input type="hidden" name="indicatorId" value={i.id} />
            <Field
              label={t("progress.indicatorValue", { name: i.unit ? `${i.name} (${i.unit})` : i.name })}
              name="indicatorValue"
              inputMode="decimal"
              defaultValue={v.indicatorValues[n] ?? ""}
              error={errors[`indicatorValue.${n}`]}
            />
          </div>
        ))}
        <TextAreaField label={t("fields.comment")} name="comment" rows={3} defaultValue={v.comment} hint={t("hints.comment")} error={errors.comment} maxLength={4000} />
        <Field label={t("fields.evidenceUrl")} name="evidenceUrl" type="url" defaultValue={v.evidenceUrl} hint={t("hints.evidenceUrl")} error={errors.evidenceUrl} />
        <button type="submit" className="button primary" disabled={busy}>
          {t("progress.submit")}
        </button>
      </Form>
    </section>
  );
}

function AssignPanel({ data, result }: { data: LoaderData; result: ActionResult }) {
  const { t } = useTranslation("actions");
  const busy = useNavigation().state === "submitting";
  const a = data.action;
  const options = data.formOptions!;
  const [organisationId, setOrganisationId] = useState(a.organisationId);
  const mine = result && result.intent === "assign" ? result : null;
  const failure = mine && !mine.ok ? mine : null;
  const errors: Record<string, string | undefined> = failure && !failure.conflict ? failure.errors : {};
  const snapshot = useFormBase({ organisationId: a.organisationId, assigneeId: a.assigneeId ?? "" }, a.version);
  useEffect(() => {
    if (!snapshot.dirty) setOrganisationId(snapshot.base.values.organisationId);
  }, [snapshot.dirty, snapshot.base.values.organisationId]);
  useEffect(() => {
    if (mine?.ok) snapshot.reset();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mine]);
  return (
    <section aria-labelledby="assign-title" className="card no-print">
      <h2 id="assign-title">{t("form.assignTitle")}</h2>
      {failure?.conflict ? <ConflictPanel conflict={failure.conflict} /> : null}
      <Form method="post" noValidate key={snapshot.base.key} onInput={snapshot.markDirty} onChange={snapshot.markDirty}>
        <input type="hidden" name="intent" value="assign" />
        <input type="hidden" name="version" value={failure?.conflict ? failure.conflict.currentVersion : snapshot.base.version} />
        <FormError error={errors._form} />
        <SelectField label={t("fields.organisationId")} name="organisationId" value={organisationId} onChange={(e) => setOrganisationId(e.target.value)} error={errors.organisationId}>
          {options.leadOrganisations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("fields.assigneeId")} name="assigneeId" defaultValue={snapshot.base.values.assigneeId} hint={t("hints.assignee")} error={errors.assigneeId} key={organisationId}>
          <option value="">{t("form.noneAssignee")}</option>
          {options.members
            .filter((m) => m.organisationId === organisationId)
            .map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
        </SelectField>
        <button type="submit" className="button" disabled={busy}>
          {t("form.assign")}
        </button>
      </Form>
    </section>
  );
}

function Timeline({ data }: { data: LoaderData }) {
  const { t } = useTranslation("actions");
  const f = useFormat();
  const a = data.action;
  return (
    <section aria-labelledby="timeline-title" className="card">
      <h2 id="timeline-title">{t("timeline.title")}</h2>
      <ol className="timeline" data-testid="timeline">
        {data.updates.map((u) => (
          <li key={u.id}>
            <p className="timeline-meta">
              <strong>{u.author ?? t("timeline.someone")}</strong> · <time dateTime={u.at}>{f.dateTime(u.at)}</time>
              {u.inMeeting ? <span className="badge">{t("timeline.inMeeting")}</span> : null}
            </p>
            <ul className="timeline-changes">
              {u.statusFrom !== u.statusTo && u.statusTo ? (
                <li>{t("timeline.status", { from: t(`statuses.${u.statusFrom ?? "not-started"}`), to: t(`statuses.${u.statusTo}`) })}</li>
              ) : null}
              {u.progressFrom !== u.progressTo && u.progressTo !== null ? <li>{t("timeline.progress", { from: u.progressFrom ?? 0, to: u.progressTo })}</li> : null}
              {u.indicators.map((i) => (
                <li key={i.name}>{t("timeline.indicator", { name: i.name, from: i.from ?? "–", to: i.to ?? "–" })}</li>
              ))}
            </ul>
            {u.comment ? <p className="timeline-comment">{u.comment}</p> : null}
            {u.evidenceUrl ? (
              <p>
                <a href={u.evidenceUrl} rel="noopener noreferrer nofollow" target="_blank">
                  {t("timeline.evidence")}
                </a>
              </p>
            ) : null}
          </li>
        ))}
        <li>
          <p className="timeline-meta">
            {t("timeline.created", { name: a.createdBy ?? t("timeline.someone") })} · <time dateTime={a.createdAt}>{f.dateTime(a.createdAt)}</time>
          </p>
        </li>
      </ol>
    </section>
  );
}
