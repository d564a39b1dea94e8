import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { FormError } from "~/components/field";
import { MeetingHeader, ReasonList, type IntentResult } from "~/components/meetings/meeting-parts";
import { handleMeetingIntent } from "~/services/meeting-intents.server";
import { loadMeetingView, type MeetingView } from "~/services/meeting-view.server";
import { proposalKey } from "~/domain/agenda";
import { waitingProposals } from "~/services/meetings.server";
import { requirePermission, requirePlanMember } from "~/services/plan-access.server";
import styles from "~/styles/meetings.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Agenda: ${data.meeting.title} · Taskforce` : "Taskforce" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  requirePermission(access, "meeting.view");
  const view = await loadMeetingView(context.services, access, params.meetingId ?? "");
  // What the plan proposes beyond what fits: only those who may add it are shown it.
  const waiting = view.can.editAgenda && view.meeting.status !== "closed" ? await waitingProposals(context.services, access, view.meeting.id) : [];
  return { ...view, waiting: waiting.map((w) => ({ key: proposalKey(w), kind: w.kind, title: w.title, reasons: w.reasons as string[], timeBox: w.timeBoxMinutes })) };
}
type Data = MeetingView & { waiting: Array<{ key: string; kind: string; title: string; reasons: string[]; timeBox: number }> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  const meetingId = params.meetingId ?? "";
  return handleMeetingIntent(context, access, meetingId, await request.formData(), `/plans/${access.plan.id}/meetings/${meetingId}/agenda`);
}

export default function Agenda() {
  const { t } = useTranslation("meetings");
  const data = useLoaderData<typeof loader>() as Data;
  const result = useActionData<typeof action>() as IntentResult;
  const [params] = useSearchParams();
  const editable = data.can.editAgenda && data.meeting.status !== "closed";
  const errorsFor = (intent: string, target = ""): Record<string, string | undefined> => (result && result.intent === intent && result.target === target ? result.errors : {});
  const moved = params.get("moved");
  useEffect(() => {
    // After a move the page reloads; put focus back on the button that was pressed.
    // At the top or bottom that button is disabled: focus the other one instead.
    if (!moved) return;
    const [id, direction] = [moved.slice(0, moved.lastIndexOf("-")), moved.slice(moved.lastIndexOf("-") + 1)];
    const same = document.getElementById(`move-${id}-${direction}`) as HTMLButtonElement | null;
    const other = document.getElementById(`move-${id}-${direction === "up" ? "down" : "up"}`) as HTMLButtonElement | null;
    (same && !same.disabled ? same : other && !other.disabled ? other : document.getElementById(`item-${id}`))?.focus();
  }, [moved]);
  const proposed = params.get("proposed");
  return (
    <div className="stack meetings-page">
      <MeetingHeader data={data} current="agenda" />
      {params.get("created") ? (
        <p className="notice" role="status">
          {t("agenda.created", { count: data.items.length })}
        </p>
      ) : null}
      {proposed !== null ? (
        <p className="notice" role="status">
          {t("agenda.proposedAdded", { count: Number(proposed) || 0 })}
        </p>
      ) : null}
      <FormError error={result?.errors._form ?? result?.errors.itemId} />
      <section aria-labelledby="agenda" className="agenda-editor">
        <div className="agenda-heading">
          <h2 id="agenda">{t("agenda.title")}</h2>
          <p className="muted">
            {t("agenda.total", { count: data.items.length, minutes: data.totalMinutes })} · {t("agenda.slot", { count: data.slotMinutes })}
          </p>
          {editable ? (
            <Form method="post">
              <input type="hidden" name="intent" value="propose" />
              <button type="submit" className="button small">
                {t("agenda.refresh")}
              </button>
            </Form>
          ) : null}
        </div>
        {data.totalMinutes > data.slotMinutes ? (
          <p className="notice notice-warning" role="status" id="agenda-over">
            {t("agenda.over", { count: data.totalMinutes - data.slotMinutes, total: data.totalMinutes, slot: data.slotMinutes })}
          </p>
        ) : null}
        {data.items.length === 0 ? <p className="muted">{t("agenda.empty")}</p> : null}
        <ol className="agenda-list">
          {data.items.map((item, index) => (
            <AgendaRow key={item.id} item={item} index={index} count={data.items.length} data={data} editable={editable} errors={errorsFor(result?.intent ?? "", item.id)} />
          ))}
        </ol>
      </section>
      {editable && data.waiting.length > 0 ? <Waiting data={data} errorsFor={errorsFor} /> : null}
      {editable ? <AddItems data={data} errorsFor={errorsFor} /> : null}
    </div>
  );
}

/**
 * What the plan proposes and did not fit (or was removed), most pressing first, one button each.
 * Adding may run the agenda over the meeting's time: the warning above then says by how much.
 */
function Waiting({ data, errorsFor }: { data: Data; errorsFor: (intent: string, target?: string) => Record<string, string | undefined> }) {
  const { t } = useTranslation("meetings");
  const busy = useNavigation().state === "submitting";
  return (
    <section aria-labelledby="waiting" className="card stack agenda-waiting">
      <h2 id="waiting">{t("agenda.waitingTitle", { count: data.waiting.length })}</h2>
      <p className="muted">{t("agenda.waitingHint")}</p>
      <ol className="waiting-list">
        {data.waiting.map((w) => {
          const error = errorsFor("add-waiting", w.key).key;
          return (
            <li key={w.key} className="waiting-item">
              <div>
                <p className="waiting-title">
                  <span className="agenda-kind">{t(`kinds.${w.kind}`)}</span> {w.title} <span className="muted">· {t("agenda.minutes", { count: w.timeBox })}</span>
                </p>
                <ReasonList reasons={w.reasons} />
                {error ? <p className="field-error">{t(error)}</p> : null}
              </div>
              <Form method="post">
                <input type="hidden" name="intent" value="add-waiting" />
                <input type="hidden" name="key" value={w.key} />
                <button type="submit" className="button small" disabled={busy} aria-label={t("agenda.addWaiting", { title: w.title })}>
                  {t("agenda.add")}
                </button>
              </Form>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function AgendaRow({ item, index, count, data, editable, errors }: { item: MeetingView["items"][number]; index: number; count: number; data: MeetingView; editable: boolean; errors: Record<string, string | undefined> }) {
  const { t } = useTranslation("meetings");
  const busy = useNavigation().state === "submitting";
  return (
    <li id={`item-${item.id}`} className={`agenda-item agenda-kind-${item.kind}`} tabIndex={-1}>
      <div className="agenda-item-main">
        <p className="agenda-item-title">
          <span className="agenda-kind">{t(`kinds.${item.kind}`)}</span> {item.title}
        </p>
        <ReasonList reasons={item.reasons} />
        {!editable ? (
          <p className="muted">
            {item.presenterName ? t("agenda.presenter", { name: item.presenterName }) : t("agenda.noPresenter")}
            {item.timeBox ? ` · ${t("agenda.minutes", { count: item.timeBox })}` : ""}
          </p>
        ) : null}
      </div>
      {editable ? (
        <div className="agenda-item-controls">
          <Form method="post" className="agenda-item-details">
            <input type="hidden" name="intent" value="item" />
            <input type="hidden" name="itemId" value={item.id} />
            <label>
              <span>{t("fields.presenter")}</span>
              <select name="presenterId" defaultValue={item.presenterId ?? ""} aria-invalid={errors.presenterId ? true : undefined}>
                <option value="">{t("agenda.noPresenter")}</option>
                {data.members.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>{t("fields.timeBox")}</span>
              <input type="number" name="timeBox" min={1} max={240} defaultValue={item.timeBox ?? ""} inputMode="numeric" aria-invalid={errors.timeBox ? true : undefined} />
            </label>
            <button type="submit" className="button small" disabled={busy}>
              {t("agenda.saveItem")}
              <span className="visually-hidden"> {item.title}</span>
            </button>
            {errors.timeBox || errors.presenterId ? <p className="field-error">{t(errors.timeBox ?? errors.presenterId ?? "")}</p> : null}
          </Form>
          <Form method="post" className="agenda-item-move">
            <input type="hidden" name="itemId" value={item.id} />
            <input type="hidden" name="intent" value="move" />
            <button type="submit" name="direction" value="up" id={`move-${item.id}-up`} className="button small" disabled={index === 0 || busy} aria-label={t("agenda.moveUp", { title: item.title })}>
              ↑ {t("agenda.up")}
            </button>
            <button type="submit" name="direction" value="down" id={`move-${item.id}-down`} className="button small" disabled={index === count - 1 || busy} aria-label={t("agenda.moveDown", { title: item.title })}>
              ↓ {t("agenda.down")}
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="remove" />
            <input type="hidden" name="itemId" value={item.id} />
            <button type="submit" className="button small danger" disabled={busy} aria-label={t("agenda.removeItem", { title: item.title })}>
              {t("agenda.remove")}
            </button>
          </Form>
        </div>
      ) : null}
    </li>
  );
}

function AddItems({ data, errorsFor }: { data: MeetingView; errorsFor: (intent: string, target?: string) => Record<string, string | undefined> }) {
  const { t } = useTranslation("meetings");
  const free = errorsFor("free");
  const act = errorsFor("add-action");
  const onAgenda = new Set(data.items.map((i) => i.actionId).filter(Boolean));
  return (
    <section aria-labelledby="add-items" className="card stack">
      <h2 id="add-items">{t("agenda.addTitle")}</h2>
      <Form method="post" className="meeting-form-row">
        <input type="hidden" name="intent" value="free" />
        <div className="field">
          <label htmlFor="free-title">{t("agenda.freeTitle")}</label>
          <input id="free-title" name="title" maxLength={300} required aria-invalid={free.title ? true : undefined} aria-describedby={free.title ? "free-title-error" : undefined} />
          {free.title ? (
            <p className="field-error" id="free-title-error">
              {t(free.title)}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="free-presenter">{t("fields.presenter")}</label>
          <select id="free-presenter" name="presenterId" defaultValue="">
            <option value="">{t("agenda.noPresenter")}</option>
            {data.members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="free-timebox">{t("fields.timeBox")}</label>
          <input id="free-timebox" type="number" name="timeBox" min={1} max={240} defaultValue={10} />
          {free.timeBox ? <p className="field-error">{t(free.timeBox)}</p> : null}
        </div>
        <button type="submit" className="button">
          {t("agenda.addFree")}
        </button>
      </Form>
      <Form method="post" className="meeting-form-row">
        <input type="hidden" name="intent" value="add-action" />
        <div className="field">
          <label htmlFor="add-action">{t("agenda.actionToAdd")}</label>
          <select id="add-action" name="actionId" defaultValue="" aria-invalid={act.actionId ? true : undefined} aria-describedby={act.actionId ? "add-action-error" : undefined}>
            <option value="">{t("agenda.chooseAction")}</option>
            {data.actions
              .filter((a) => !onAgenda.has(a.id))
              .map((a) => (
                <option key={a.id} value={a.id}>
                  {a.ref} {a.title}
                </option>
              ))}
          </select>
          {act.actionId ? (
            <p className="field-error" id="add-action-error">
              {t(act.actionId)}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button">
          {t("agenda.addAction")}
        </button>
      </Form>
      <p>
        <Link to={`/plans/${data.planId}/meetings/${data.meeting.id}`}>{t("agenda.toMeeting")}</Link>
      </p>
    </section>
  );
}
