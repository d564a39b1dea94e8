import { Form, Link, useMatches, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { RootLoaderData } from "~/root";

export function AppHeader() {
  const root = useRouteLoaderData<RootLoaderData>("root");
  const { t } = useTranslation();
  const user = root?.user;
  const currentPlanId = useMatches().find((m) => m.id === "routes/plans.$planId")?.params.planId;
  const current = root?.plans.find((p) => p.id === currentPlanId);
  return (
    <header className="app-header">
      <Link to="/" className="brand">
        <span aria-hidden="true" className="brand-mark" />
        {t("appName")}
      </Link>
      {user && root.plans.length > 0 ? (
        <details className="plan-switcher">
          <summary>{current ? current.title : t("nav.choosePlan")}</summary>
          <nav aria-label={t("nav.plans")}>
            <ul>
              {root.plans.map((p) => (
                <li key={p.id}>
                  <Link to={`/plans/${p.id}`} aria-current={p.id === currentPlanId ? "page" : undefined}>
                    {p.title}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        </details>
      ) : null}
      {user ? (
        <nav aria-label={t("nav.user")} className="user-nav">
          {user.isSiteAdmin ? <Link to="/admin">{t("nav.admin")}</Link> : null}
          <Link to="/account">{user.name}</Link>
          <Form method="post" action="/logout">
            <button type="submit" className="button-link">
              {t("nav.signOut")}
            </button>
          </Form>
        </nav>
      ) : null}
    </header>
  );
}
