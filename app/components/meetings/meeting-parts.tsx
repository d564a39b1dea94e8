import { Form, Link, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatMeetingSpan } from "~/domain/meeting-time";
import { useFormat } from "~/i18n/format";
import { SectorBadge } from "~/components/sector-badge";

/** What a meeting page's form post answered when refused (app/services/meeting-intents.server.ts). */
export type IntentResult = { ok: false; intent: string; target: string; errors: Record<string, string> } | undefined;

interface HeaderData {
  planId: string;
  meeting: { id: string; title: string; type: string; sector: string | null; capabilities: string[]; startsAt: string; endsAt: string; timeZone: string; place: string; callUrl: string | null; status: string; seriesId?: string };
  can?: { run: boolean };
}

/** When a meeting happens, in its own time zone, and in the reader's when they differ. */
export function MeetingWhen({ startsAt, endsAt, timeZone }: { startsAt: string; endsAt: string; timeZone: string }) {
  const { t } = useTranslation("meetings");
  const f = useFormat();
  const inMeetingZone = `${formatMeetingSpan(startsAt, endsAt, timeZone, f.locale)} (${timeZone})`;
  return (
    <p className="meeting-when">
      <time dateTime={startsAt}>{inMeetingZone}</time>
      {f.timeZone !== timeZone ? <span className="muted"> · {t("header.yourTime", { time: `${formatMeetingSpan(startsAt, endsAt, f.timeZone, f.locale)} (${f.timeZone})` })}</span> : null}
    </p>
  );
}

/** The next status a member who runs the meeting can move it to, as buttons. */
const MOVES: Record<string, Array<{ to: string; label: string; primary?: boolean }>> = {
  draft: [
    { to: "scheduled", label: "header.schedule", primary: true },
    { to: "in-progress", label: "header.open" },
  ],
  scheduled: [
    { to: "in-progress", label: "header.open", primary: true },
    { to: "draft", label: "header.backToDraft" },
  ],
  "in-progress": [{ to: "closed", label: "header.close", primary: true }],
  closed: [],
};

export function MeetingHeader({ data, current }: { data: HeaderData; current: "agenda" | "meeting" | "summary" }) {
  const { t } = useTranslation("meetings");
  const busy = useNavigation().state === "submitting";
  const { meeting, planId } = data;
  const base = `/plans/${planId}/meetings/${meeting.id}`;
  return (
    <header className="meeting-header">
      <p className="no-print">
        <Link to={`/plans/${planId}/meetings`}>{t("header.back")}</Link>
      </p>
      <h1>{meeting.title}</h1>
      <MeetingWhen startsAt={meeting.startsAt} endsAt={meeting.endsAt} timeZone={meeting.timeZone} />
      <p className="meeting-meta">
        <span className={`meeting-status meeting-status-${meeting.status}`}>{t(`statuses.${meeting.status}`)}</span> · {t(`types.${meeting.type}`)}
        {meeting.sector ? (
          <>
            {" · "}
            <SectorBadge sector={meeting.sector} />
          </>
        ) : null}
        {meeting.capabilities.length ? ` · ${meeting.capabilities.join(", ")}` : ""}
        {meeting.place ? ` · ${meeting.place}` : ""}
        {meeting.callUrl ? (
          <>
            {" · "}
            <a href={meeting.callUrl} rel="noopener noreferrer" target="_blank">
              {t("header.joinCall")}
            </a>
          </>
        ) : null}
      </p>
      <nav aria-label={t("header.sections")} className="meeting-tabs no-print">
        <Link to={`${base}/agenda`} aria-current={current === "agenda" ? "page" : undefined}>
          {t("header.agenda")}
        </Link>
        <Link to={base} aria-current={current === "meeting" ? "page" : undefined}>
          {t("header.meeting")}
        </Link>
        <Link to={`${base}/summary`} aria-current={current === "summary" ? "page" : undefined}>
          {t("header.summary")}
        </Link>
      </nav>
      {data.can?.run && MOVES[meeting.status]?.length ? (
        <div className="meeting-status-actions no-print">
          {MOVES[meeting.status]!.map((m) => (
            // A full-page post: a live revalidation (the minutes turning read-only, a plan event)
            // must not be able to cancel the navigation that follows a status change.
            <Form method="post" key={m.to} reloadDocument>
              <input type="hidden" name="intent" value="status" />
              <input type="hidden" name="to" value={m.to} />
              <button type="submit" className={`button${m.primary ? " primary" : ""}`} disabled={busy}>
                {t(m.label)}
              </button>
            </Form>
          ))}
          {meeting.status === "in-progress" ? <p className="muted">{t("header.closeHint")}</p> : null}
        </div>
      ) : null}
    </header>
  );
}

export function ReasonList({ reasons }: { reasons: string[] }) {
  const { t } = useTranslation("meetings");
  if (reasons.length === 0) return null;
  return (
    <ul className="reason-list" aria-label={t("agenda.why")}>
      {reasons.map((r) => (
        <li key={r} className={`reason reason-${r}`}>
          {t(`reasons.${r}`)}
        </li>
      ))}
    </ul>
  );
}
