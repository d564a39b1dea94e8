import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Blocks } from "~/components/export/plan-document-view";
import { MeetingHeader } from "~/components/meetings/meeting-parts";
import { useFormat } from "~/i18n/format";
import { loadSummary } from "~/services/meeting-summary.server";
import { loadMeeting } from "~/services/meetings.server";
import { requirePermission, requirePlanMember } from "~/services/plan-access.server";
import styles from "~/styles/meetings.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Summary: ${data.meeting.title} · Taskforce` : "Taskforce" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  requirePermission(access, "meeting.view");
  const { meeting } = await loadMeeting(context.services, access, params.meetingId ?? "").catch(() => {
    throw new Response("Not Found", { status: 404 });
  });
  return { planId: access.plan.id, planTitle: access.plan.title, ...(await loadSummary(context.services, access, meeting)) };
}

export default function Summary() {
  const { t } = useTranslation("meetings");
  const f = useFormat();
  const s = useLoaderData<typeof loader>();
  const statusText = (from: string | null, to: string | null) =>
    from && to && from !== to ? `${t(`actions:statuses.${from}`)} → ${t(`actions:statuses.${to}`)}` : to ? t(`actions:statuses.${to}`) : "";
  const progressText = (from: number | null, to: number | null) => (from !== null && to !== null && from !== to ? `${from} % → ${to} %` : to !== null ? `${to} %` : "");
  const none = <p className="muted">{t("summary.none")}</p>;
  const base = `/plans/${s.planId}/meetings/${s.meeting.id}`;
  return (
    <div className="stack meetings-page meeting-summary">
      <MeetingHeader data={{ planId: s.planId, meeting: s.meeting }} current="summary" />
      <p className="print-only">{s.planTitle}</p>
      {s.meeting.status !== "closed" ? (
        <p className="notice" role="status">
          {t("summary.draftNotice")}
        </p>
      ) : null}
      <div className="summary-tools no-print">
        <button type="button" className="button" onClick={() => window.print()}>
          {t("summary.print")}
        </button>
        <a className="button" href={`${base}/summary.md`} download>
          {t("summary.markdown")}
        </a>
      </div>

      <section aria-labelledby="s-attendance">
        <h2 id="s-attendance">{t("summary.attendance")}</h2>
        {s.attendees.length === 0 ? (
          none
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("attendance.name")}</th>
                <th scope="col">{t("attendance.state")}</th>
              </tr>
            </thead>
            <tbody>
              {s.attendees.map((a) => (
                <tr key={a.userId}>
                  <th scope="row">{a.name}</th>
                  <td>{t(`attendance.${a.attendance}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="s-minutes" className="summary-minutes">
        <h2 id="s-minutes">{t("summary.minutes")}</h2>
        <p className="muted no-print">{s.minutesFrozen ? t("summary.minutesFrozen") : t("summary.minutesNotFrozen")}</p>
        {/* The same blocks as the Markdown; the editor's H2 and H3 become h3 and h4, below this h2. */}
        {s.minutes.length === 0 ? none : <Blocks blocks={s.minutes} shift={1} />}
      </section>

      <section aria-labelledby="s-decisions">
        <h2 id="s-decisions">{t("summary.decisions")}</h2>
        {s.decisions.length === 0 ? (
          none
        ) : (
          <ol className="decision-list">
            {s.decisions.map((d) => (
              <li key={d.id}>
                <p>{d.text}</p>
                {d.links.length ? <p className="muted">{t("decisions.about", { list: d.links.map((l) => l.label).join("; ") })}</p> : null}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="s-updates">
        <h2 id="s-updates">{t("summary.updates")}</h2>
        {s.updates.length === 0 ? (
          none
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("summary.action")}</th>
                <th scope="col">{t("summary.status")}</th>
                <th scope="col">{t("summary.progress")}</th>
                <th scope="col">{t("summary.comment")}</th>
                <th scope="col">{t("summary.by")}</th>
              </tr>
            </thead>
            <tbody>
              {s.updates.map((u) => (
                <tr key={u.id}>
                  <th scope="row">
                    <Link to={`/plans/${s.planId}/actions/${u.actionId}`}>
                      {u.ref} {u.title}
                    </Link>
                  </th>
                  <td>{statusText(u.statusFrom, u.statusTo)}</td>
                  <td>{progressText(u.progressFrom, u.progressTo)}</td>
                  <td>{u.comment}</td>
                  <td>{u.byName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="s-new">
        <h2 id="s-new">{t("summary.newActions")}</h2>
        {s.newActions.length === 0 ? (
          none
        ) : (
          <ul>
            {s.newActions.map((a) => (
              <li key={a.id}>
                <Link to={`/plans/${s.planId}/actions/${a.id}`}>
                  {a.ref} {a.title}
                </Link>
                {a.dueDate ? <span className="muted"> · {t("summary.due", { date: f.date(a.dueDate) })}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="s-carried">
        <h2 id="s-carried">{t("summary.carriedOver")}</h2>
        {s.carriedOver.length === 0 ? (
          none
        ) : (
          <ul>
            {s.carriedOver.map((c) => (
              <li key={c.id}>{c.title}</li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="s-since">
        <h2 id="s-since">{t("summary.sinceLast")}</h2>
        <p className="muted">
          {s.previous ? t("summary.sincePrevious", { title: s.previous.title, date: f.dateTime(s.since) }) : t("summary.sinceWhen", { date: f.dateTime(s.since) })}
        </p>
        {s.sinceLast.created.length + s.sinceLast.updates.length + s.sinceLast.maturity.length === 0 ? (
          none
        ) : (
          <ul className="since-list">
            {s.sinceLast.created.map((a) => (
              <li key={`c-${a.id}`}>
                {t("summary.created")}: {a.ref} {a.title} <span className="muted">({f.dateTime(a.at)})</span>
              </li>
            ))}
            {s.sinceLast.updates.map((u) => (
              <li key={`u-${u.id}`}>
                {u.ref} {u.title}: {[statusText(u.statusFrom, u.statusTo), progressText(u.progressFrom, u.progressTo)].filter(Boolean).join(", ")}{" "}
                <span className="muted">
                  ({f.dateTime(u.at)}
                  {u.byName ? `, ${u.byName}` : ""}
                  {u.inThisMeeting ? `, ${t("meeting.inThisMeeting")}` : ""})
                </span>
              </li>
            ))}
            {s.sinceLast.maturity.map((x) => (
              <li key={`m-${x.id}`}>
                {x.capability}: {t(`summary.maturity.${x.kind}`)} {x.from ?? "–"} → {x.to ?? "–"} <span className="muted">({f.dateTime(x.at)})</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
