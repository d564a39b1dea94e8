import { redirect, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { NextMeetings } from "~/components/meetings/next-meetings";
import { SectorBadge } from "~/components/sector-badge";
import { planCountryName } from "~/domain/countries";
import { i18nServer } from "~/i18n/i18n.server";
import { requireAuth } from "~/services/guards.server";
import { loadNextMeetings } from "~/services/meeting-home.server";
import meetingStyles from "~/styles/meetings.css?url";
import { listPlansOfUser } from "../../db/repositories/plans";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: meetingStyles }];
export const meta: MetaFunction = () => [{ title: "My plans · Taskforce" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!context.auth && context.services.setup.isOpen) throw redirect("/setup");
  const auth = requireAuth(request, context);
  const locale = await i18nServer.getLocale(request);
  const [plans, meetings] = await Promise.all([listPlansOfUser(context.services.db, auth.user.id), loadNextMeetings(context.services.db, auth.user.id)]);
  return {
    name: auth.user.name,
    isSiteAdmin: auth.user.isSiteAdmin,
    meetings,
    plans: plans.map((p) => ({
      id: p.id,
      title: p.title,
      country: planCountryName(p, locale),
      period: `${p.start_year}–${p.end_year}`,
      role: p.role,
      organisation: p.organisation_name,
      sector: p.sector,
      archived: p.archived_at !== null,
    })),
  };
}

export default function Home() {
  const { t } = useTranslation("plans");
  const { name, plans, isSiteAdmin, meetings } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t("home.greeting", { name })}</h1>
      {plans.length > 0 ? <NextMeetings meetings={meetings} /> : null}
      <section aria-labelledby="my-plans">
        <h2 id="my-plans">{t("home.myPlans")}</h2>
        {plans.length === 0 ? (
          <div className="empty-state card">
            <p>{t("home.noPlans")}</p>
            {isSiteAdmin ? (
              <Link className="button primary" to="/admin">
                {t("home.createFirstPlan")}
              </Link>
            ) : (
              <p className="muted">{t("home.askForInvite")}</p>
            )}
          </div>
        ) : (
          <ul className="plan-list">
            {plans.map((p) => (
              <li key={p.id} className="card">
                <h3>
                  <Link to={`/plans/${p.id}`}>{p.title}</Link>
                  {p.archived ? <span className="badge">{t("archived")}</span> : null}
                </h3>
                <p className="muted">
                  {[p.country, p.period].filter(Boolean).join(" · ")}
                </p>
                <p>
                  {t(`common:roles.${p.role}`)} · {p.organisation} <SectorBadge sector={p.sector} />
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
