import { Form, Link, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { RootLoaderData } from "~/root";

export function AppHeader() {
  const root = useRouteLoaderData<RootLoaderData>("root");
  const { t } = useTranslation();
  const user = root?.user;
  return (
    <header className="app-header">
      <Link to="/" className="brand">
        <span aria-hidden="true" className="brand-mark" />
        {t("appName")}
      </Link>
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
