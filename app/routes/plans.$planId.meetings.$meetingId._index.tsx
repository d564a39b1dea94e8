import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { collabLinks, CollaborativeEditor } from "~/collab/collaborative-editor";
import { ActionSignals, ProgressBar, StatusBadge } from "~/components/action-status";
import { FormError } from "~/components/field";
import { MeetingHeader, ReasonList, type IntentResult } from "~/components/meetings/meeting-parts";
import { ACTION_STATUSES } from "~/domain/actions";
import { useFormat } from "~/i18n/format";
import { loadActionFormOptions } from "~/services/action-form-options.server";
import { handleMeetingIntent } from "~/services/meeting-intents.server";
import { loadMeetingView, type MeetingView } from "~/services/meeting-view.server";
import { requirePermission, requirePlanMember } from "~/services/plan-access.server";
import styles from "~/styles/meetings.css?url";
import actionStyles from "~/styles/actions.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: actionStyles },
  ...collabLinks(),
  { rel: "stylesheet", href: styles },
];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.meeting.title} · Taskforce` : "Taskforce" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  requirePermission(access, "meeting.view");
  const view = await loadMeetingView(context.services, access, params.meetingId ?? "");
  const options = view.can.createAction ? await loadActionFormOptions(context.services.db, access, "action.create") : null;
  return { ...view, leadOrganisations: options?.leadOrganisations.map((o) => ({ id: o.id, name: o.name })) ?? [] };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  const meetingId = params.meetingId ?? "";
  return handleMeetingIntent(context, access, meetingId, await request.formData(), `/plans/${access.plan.id}/meetings/${meetingId}`);
}

type Data = MeetingView & { leadOrganisations: Array<{ id: string; name: string }> };
type ErrorsFor = (intent: string, target?: string) => Record<string, string | undefined>;

/**
 * The running meeting (decision 057): the agenda is a list of disclosures, only the item being
 * discussed open (the first without an outcome), so the page stays short; beside it on wide
 * screens, the minutes, decisions, attendance and new actions stay in view (a sticky column);
 * on narrow screens a jump list at the top reaches each of them.
 */
export default function MeetingPage() {
  const { t } = useTranslation("meetings");
  const data = useLoaderData<typeof loader>() as Data;
  const result = useActionData<typeof action>() as IntentResult;
  const [params] = useSearchParams();
  const errorsFor: ErrorsFor = (intent, target = "") => (result && result.intent === intent && result.target === target ? result.errors : {});
  const live = data.meeting.status === "in-progress";
  const current = live ? data.items.find((i) => i.outcome === null) : undefined;
  useEffect(() => {
    // A link to one item (the start page's "on the agenda", a redirect after a post) opens it.
    const open = () => {
      const target = window.location.hash.startsWith("#item-") ? document.getElementById(window.location.hash.slice(1)) : null;
      const details = target?.querySelector("details");
      if (details && !details.open) details.open = true;
    };
    open();
    window.addEventListener("hashchange", open);
    return () => window.removeEventListener("hashchange", open);
  }, []);
  return (
    <div className="stack meetings-page">
      <MeetingHeader data={data} current="meeting" />
      {/* Refusals that concern the whole meeting (closed, not open, not allowed) show here, once. */}
      <FormError error={result?.errors._form ?? result?.errors.itemId} />
      {data.meeting.status === "closed" ? (
        <p className="notice" role="status">
          {t("meeting.closedNotice")} <Link to={`/plans/${data.planId}/meetings/${data.meeting.id}/summary`}>{t("header.summary")}</Link>
        </p>
      ) : !live ? (
        <p className="notice">{t("meeting.notStarted")}</p>
      ) : null}
      <nav aria-label={t("meeting.jump")} className="meeting-jump no-print">
        <ul>
          {current ? (
            <li>
              <a href={`#item-${current.id}`}>{t("meeting.jumpCurrent")}</a>
            </li>
          ) : null}
          <li>
            <a href="#minutes">{t("minutes.title")}</a>
          </li>
          <li>
            <a href="#decisions">{t("decisions.title")}</a>
          </li>
          <li>
            <a href="#attendance">{t("attendance.title")}</a>
          </li>
          <li>
            <a href="#new-actions">{t("newActions.title")}</a>
          </li>
        </ul>
      </nav>
      <div className="meeting-columns">
        <section aria-labelledby="walkthrough" className="meeting-agenda">
          <div className="agenda-heading">
            <h2 id="walkthrough">{t("agenda.title")}</h2>
            <p className="muted">{t("meeting.progressOf", { done: data.items.filter((i) => i.outcome !== null).length, count: data.items.length })}</p>
          </div>
          {data.items.length === 0 ? <p className="muted">{t("agenda.empty")}</p> : null}
          <ol className="agenda-list agenda-run">
            {data.items.map((item) => (
              <MeetingItem key={item.id} item={item} data={data} live={live} current={item.id === current?.id} errorsFor={errorsFor} />
            ))}
          </ol>
        </section>
        {/* On wide screens this column scrolls on its own (sticky): focusable, so the keyboard can scroll it too. */}
        <div className="meeting-side stack" role="region" aria-label={t("meeting.sideLabel")} tabIndex={0}>
          <section aria-labelledby="minutes" className="card meeting-minutes">
            <h2 id="minutes">{t("minutes.title")}</h2>
            <p className="muted">{data.meeting.status === "closed" ? t("minutes.frozen") : data.can.editMinutes ? t("minutes.editorComing") : t("minutes.readOnly")}</p>
            {/* The sync server decides again on connect: read-only to those who may not edit, and to everyone once closed. */}
            <CollaborativeEditor docName={data.meeting.minutesDoc} label={t("minutes.title")} readOnly={!data.can.editMinutes || data.meeting.status === "closed"} />
          </section>
          <Decisions data={data} live={live} errorsFor={errorsFor} />
          <Attendance data={data} errors={errorsFor("attendance")} saved={params.get("saved") === "attendance"} />
          <NewActions data={data} live={live} errorsFor={errorsFor} />
        </div>
      </div>
    </div>
  );
}

function MeetingItem({ item, data, live, current, errorsFor }: { item: MeetingView["items"][number]; data: Data; live: boolean; current: boolean; errorsFor: ErrorsFor }) {
  const { t } = useTranslation("meetings");
  const f = useFormat();
  const busy = useNavigation().state === "submitting";
  const a = item.action;
  const progressErrors = errorsFor("progress", item.id);
  // An item whose form was refused stays open, so its error is seen.
  const open = current || Object.keys(progressErrors).length > 0;
  return (
    <li id={`item-${item.id}`} className={`agenda-item agenda-kind-${item.kind}${item.outcome ? ` agenda-outcome-${item.outcome}` : ""}${current ? " agenda-current" : ""}`} tabIndex={-1}>
      {/* A native disclosure: Enter or Space opens it, screen readers hear "collapsed/expanded". Only the
          item under discussion starts open; done items fold away when the next one becomes current. */}
      <details open={open}>
        <summary>
          <h3 className="agenda-item-title">
            <span className="agenda-kind">{t(`kinds.${item.kind}`)}</span> {item.title}
          </h3>
          <span className="agenda-item-glance">
            {current ? <span className="badge badge-current">{t("meeting.now")}</span> : null}
            {a ? <StatusBadge status={a.status} /> : null}
            {item.outcome ? <span className="muted">{t(`outcomes.${item.outcome}`)}</span> : item.timeBox ? <span className="muted">{t("agenda.minutes", { count: item.timeBox })}</span> : null}
          </span>
        </summary>
      <ReasonList reasons={item.reasons} />
      <p className="muted">
        {item.presenterName ? t("agenda.presenter", { name: item.presenterName }) : t("agenda.noPresenter")}
        {item.timeBox ? ` · ${t("agenda.minutes", { count: item.timeBox })}` : ""}
        {item.outcome ? ` · ${t(`outcomes.${item.outcome}`)}` : ""}
      </p>
      {a ? (
        <div className="agenda-action">
          <p className="agenda-action-state">
            <StatusBadge status={a.status} /> <ProgressBar value={a.progress} /> <ActionSignals overdue={a.overdue} atRisk={a.atRisk} />{" "}
            {a.dueDate ? <span className="muted">{t("meeting.due", { date: f.date(a.dueDate) })}</span> : a.ongoing ? <span className="muted">{t("meeting.ongoing")}</span> : null}{" "}
            <Link to={`/plans/${data.planId}/actions/${a.id}`}>{t("meeting.openAction", { ref: a.ref })}</Link>
          </p>
          {a.timeline.length ? (
            <details className="agenda-timeline">
              <summary>{t("meeting.timeline", { count: a.timeline.length })}</summary>
              <ol>
                {a.timeline.map((u) => (
                  <li key={u.id}>
                    <time dateTime={u.at}>{f.dateTime(u.at)}</time> · {u.byName ?? ""} ·{" "}
                    {u.statusFrom !== u.statusTo && u.statusTo ? `${t(`actions:statuses.${u.statusFrom}`)} → ${t(`actions:statuses.${u.statusTo}`)}` : u.statusTo ? t(`actions:statuses.${u.statusTo}`) : ""}
                    {u.progressTo !== null ? ` · ${u.progressFrom ?? 0} % → ${u.progressTo} %` : ""}
                    {u.comment ? ` · ${u.comment}` : ""}
                    {u.inThisMeeting ? <span className="badge">{t("meeting.inThisMeeting")}</span> : null}
                  </li>
                ))}
              </ol>
            </details>
          ) : null}
          {live && a.canReport ? (
            /* Keyed on the action's version: after anyone's update the form starts from the new state. */
            <Form key={a.version} method="post" className="agenda-progress" aria-label={t("meeting.reportFor", { ref: a.ref })}>
              <input type="hidden" name="intent" value="progress" />
              <input type="hidden" name="itemId" value={item.id} />
              <input type="hidden" name="version" value={a.version} />
              <div className="field">
                <label htmlFor={`status-${item.id}`}>{t("meeting.status")}</label>
                <select id={`status-${item.id}`} name="status" defaultValue={a.status}>
                  {ACTION_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {t(`actions:statuses.${s}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`progress-${item.id}`}>{t("meeting.progress")}</label>
                <input id={`progress-${item.id}`} name="progress" type="number" min={0} max={100} defaultValue={a.progress} aria-invalid={progressErrors.progress ? true : undefined} />
                {progressErrors.progress ? <p className="field-error">{t(progressErrors.progress)}</p> : null}
              </div>
              <div className="field agenda-progress-comment">
                <label htmlFor={`comment-${item.id}`}>{t("meeting.comment")}</label>
                <input id={`comment-${item.id}`} name="comment" maxLength={4000} />
              </div>
              <button type="submit" className="button primary" disabled={busy}>
                {t("meeting.record")}
              </button>
              <FormError error={progressErrors.status ?? progressErrors.comment} />
            </Form>
          ) : null}
        </div>
      ) : null}
      {live && data.can.run ? (
        <Form method="post" className="agenda-carry">
          <input type="hidden" name="itemId" value={item.id} />
          {item.outcome === "carried-over" ? (
            <button type="submit" name="intent" value="keep" className="button small" disabled={busy}>
              {t("meeting.undoCarry")}
            </button>
          ) : (
            <button type="submit" name="intent" value="carry-over" className="button small" disabled={busy}>
              {t("meeting.carryOver")}
            </button>
          )}
        </Form>
      ) : null}
      </details>
    </li>
  );
}

/**
 * Attendance of the invitees, all in one form and one submit; a member who came without being
 * invited is added from the list below the table.
 */
function Attendance({ data, errors, saved }: { data: Data; errors: Record<string, string | undefined>; saved: boolean }) {
  const { t } = useTranslation("meetings");
  const busy = useNavigation().state === "submitting";
  const editable = data.can.run && data.meeting.status !== "closed";
  const invited = new Set(data.attendees.map((a) => a.userId));
  const others = data.members.filter((m) => !invited.has(m.id));
  const present = data.attendees.filter((a) => a.attendance === "present").length;
  const table = (
    <table className="table attendance-table">
      <caption className="visually-hidden">{t("attendance.title")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("attendance.name")}</th>
          <th scope="col">{t("attendance.state")}</th>
        </tr>
      </thead>
      <tbody>
        {data.attendees.map((a) => (
          <tr key={a.userId}>
            <th scope="row">{a.name}</th>
            <td>
              {editable ? (
                <>
                  <input type="hidden" name="userId" value={a.userId} />
                  <select name="attendance" defaultValue={a.attendance} aria-label={t("attendance.for", { name: a.name })}>
                    {["unknown", "present", "apologies"].map((s) => (
                      <option key={s} value={s}>
                        {t(`attendance.${s}`)}
                      </option>
                    ))}
                  </select>
                </>
              ) : (
                t(`attendance.${a.attendance}`)
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <section aria-labelledby="attendance" className="card stack">
      <h2 id="attendance">{t("attendance.title")}</h2>
      <p className="muted">{data.attendees.length === 0 ? t("attendance.none") : t("attendance.count", { count: data.attendees.length, present })}</p>
      {saved ? (
        <p className="notice" role="status">
          {t("attendance.saved")}
        </p>
      ) : null}
      {editable ? (
        // Keyed on what is stored: after a save (anyone's) the selects start from the new state.
        <Form key={data.attendees.map((a) => `${a.userId}:${a.attendance}`).join()} method="post" className="stack attendance-form">
          <input type="hidden" name="intent" value="attendance" />
          {data.attendees.length > 0 ? table : null}
          {others.length > 0 ? (
            <div className="field">
              <label htmlFor="attendance-add">{t("attendance.add")}</label>
              <select id="attendance-add" name="addUserId" defaultValue="" aria-describedby={errors.addUserId ? "attendance-add-error" : undefined} aria-invalid={errors.addUserId ? true : undefined}>
                <option value="">{t("attendance.addNobody")}</option>
                {others.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </select>
              {errors.addUserId ? (
                <p className="field-error" id="attendance-add-error">
                  {t(errors.addUserId)}
                </p>
              ) : null}
            </div>
          ) : null}
          <FormError error={errors.attendance ?? errors.userId} />
          <button type="submit" className="button primary" disabled={busy}>
            {t("attendance.saveAll")}
          </button>
        </Form>
      ) : data.attendees.length > 0 ? (
        table
      ) : null}
    </section>
  );
}

function Decisions({ data, live, errorsFor }: { data: Data; live: boolean; errorsFor: ErrorsFor }) {
  const { t } = useTranslation("meetings");
  const errors = errorsFor("decision");
  const busy = useNavigation().state === "submitting";
  return (
    <section aria-labelledby="decisions" className="card stack">
      <h2 id="decisions">{t("decisions.title")}</h2>
      {data.decisions.length === 0 ? <p className="muted">{t("decisions.none")}</p> : null}
      <ol className="decision-list">
        {data.decisions.map((d) => (
          <li key={d.id}>
            <p>{d.text}</p>
            {d.links.length ? <p className="muted">{t("decisions.about", { list: d.links.map((l) => l.label).join("; ") })}</p> : null}
          </li>
        ))}
      </ol>
      {live && data.can.recordDecision ? (
        <Form key={data.decisions.length} method="post" className="stack">
          <input type="hidden" name="intent" value="decision" />
          <div className="field">
            <label htmlFor="decision-text">{t("decisions.text")}</label>
            <textarea id="decision-text" name="text" rows={3} maxLength={4000} required aria-invalid={errors.text ? true : undefined} />
            {errors.text ? <p className="field-error">{t(errors.text)}</p> : null}
          </div>
          <div className="field">
            <label htmlFor="decision-actions">{t("decisions.actions")}</label>
            <select id="decision-actions" name="actionIds" multiple size={4} aria-invalid={errors.actionIds ? true : undefined}>
              {data.actions.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.ref} {a.title}
                </option>
              ))}
            </select>
            {errors.actionIds ? <p className="field-error">{t(errors.actionIds)}</p> : null}
          </div>
          <div className="field">
            <label htmlFor="decision-capabilities">{t("decisions.capabilities")}</label>
            <select id="decision-capabilities" name="capabilityIds" multiple size={4}>
              {data.capabilities.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.number}. {c.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button primary" disabled={busy}>
            {t("decisions.record")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

function NewActions({ data, live, errorsFor }: { data: Data; live: boolean; errorsFor: ErrorsFor }) {
  const { t } = useTranslation("meetings");
  const errors = errorsFor("new-action");
  return (
    <section aria-labelledby="new-actions" className="card stack">
      <h2 id="new-actions">{t("newActions.title")}</h2>
      {data.newActions.length === 0 ? <p className="muted">{t("newActions.none")}</p> : null}
      <ul>
        {data.newActions.map((a) => (
          <li key={a.id}>
            <Link to={`/plans/${data.planId}/actions/${a.id}`}>
              {a.ref} {a.title}
            </Link>
          </li>
        ))}
      </ul>
      {live && data.can.createAction && data.leadOrganisations.length > 0 ? (
        <Form key={data.newActions.length} method="post" className="stack">
          <input type="hidden" name="intent" value="new-action" />
          <div className="field">
            <label htmlFor="na-title">{t("newActions.titleField")}</label>
            <input id="na-title" name="title" required maxLength={300} aria-invalid={errors.title ? true : undefined} />
            {errors.title ? <p className="field-error">{t(errors.title)}</p> : null}
          </div>
          <div className="field">
            <label htmlFor="na-capability">{t("newActions.capability")}</label>
            <select id="na-capability" name="capabilities" defaultValue="">
              <option value="">{t("newActions.choose")}</option>
              {data.capabilities.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.number}. {c.name}
                </option>
              ))}
            </select>
            {errors.capabilities ? <p className="field-error">{t(errors.capabilities)}</p> : null}
          </div>
          <div className="field">
            <label htmlFor="na-org">{t("newActions.organisation")}</label>
            <select id="na-org" name="organisationId" defaultValue={data.leadOrganisations[0]?.id}>
              {data.leadOrganisations.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
            {errors.organisationId ? <p className="field-error">{t(errors.organisationId)}</p> : null}
          </div>
          <div className="field">
            <label htmlFor="na-due">{t("newActions.due")}</label>
            <input id="na-due" name="dueDate" type="date" required />
            {errors.dueDate ? <p className="field-error">{t(errors.dueDate)}</p> : null}
          </div>
          <button type="submit" className="button">
            {t("newActions.create")}
          </button>
          <p className="muted">
            <Link to={`/plans/${data.planId}/actions/new`}>{t("newActions.fullForm")}</Link>
          </p>
        </Form>
      ) : null}
    </section>
  );
}
