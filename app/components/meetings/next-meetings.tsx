import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";
import { MeetingWhen } from "./meeting-parts";

interface NextMeeting {
  id: string;
  planId: string;
  planTitle: string;
  title: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  status: string;
  onAgenda: Array<{ id: string; ref: string; title: string; itemId: string }>;
  overdue: Array<{ id: string; ref: string; title: string; dueDate: string | null }>;
}

/** The start page's "your next meetings": one per plan, with what the member should report. */
export function NextMeetings({ meetings }: { meetings: NextMeeting[] }) {
  const { t } = useTranslation("meetings");
  const f = useFormat();
  return (
    <section aria-labelledby="next-meetings" className="home-meetings">
      <h2 id="next-meetings">{t("home.title")}</h2>
      {meetings.length === 0 ? <p className="muted">{t("home.none")}</p> : null}
      {meetings.map((m) => (
        <article key={m.id} className="card" aria-labelledby={`next-${m.id}`}>
          <h3 id={`next-${m.id}`}>
            <Link to={`/plans/${m.planId}/meetings/${m.id}`}>{m.title}</Link> <span className="muted">· {m.planTitle}</span>
          </h3>
          <MeetingWhen startsAt={m.startsAt} endsAt={m.endsAt} timeZone={m.timeZone} />
          <h4>{t("home.report")}</h4>
          {m.onAgenda.length === 0 && m.overdue.length === 0 ? <p className="muted">{t("home.nothingToReport")}</p> : null}
          <ul>
            {m.onAgenda.map((a) => (
              <li key={a.id}>
                <span className="badge">{t("home.onAgenda")}</span>{" "}
                <Link to={`/plans/${m.planId}/meetings/${m.id}#item-${a.itemId}`}>
                  {a.ref} {a.title}
                </Link>
              </li>
            ))}
            {m.overdue.map((a) => (
              <li key={a.id}>
                <span className="badge">{t("home.overdue")}</span>{" "}
                <Link to={`/plans/${m.planId}/actions/${a.id}`}>
                  {a.ref} {a.title}
                </Link>
                {a.dueDate ? <span className="muted"> · {f.date(a.dueDate)}</span> : null}
              </li>
            ))}
          </ul>
        </article>
      ))}
    </section>
  );
}
