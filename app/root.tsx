import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AppHeader } from "./components/app-header";
import { TimeZoneSync } from "./components/time-zone-sync";
import { i18nServer } from "./i18n/i18n.server";
import styles from "./styles/app.css?url";
import { readTimeZone } from "./utils/time-zone";
import { useNonce } from "./utils/nonce";
import { listPlansOfUser } from "../db/repositories/plans";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Taskforce" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const locale = await i18nServer.getLocale(request);
  const t = await i18nServer.getFixedT(locale, "common");
  const auth = context.auth;
  const plans = auth ? await listPlansOfUser(context.services.db, auth.user.id) : [];
  return data({
    plans: plans.map((p) => ({ id: p.id, title: p.title, archived: p.archived_at !== null })),
    locale,
    dir: t("meta.dir") === "rtl" ? ("rtl" as const) : ("ltr" as const),
    timeZone: readTimeZone(request.headers.get("cookie")),
    user: auth ? { id: auth.user.id, name: auth.user.name, email: auth.user.email, isSiteAdmin: auth.user.isSiteAdmin } : null,
  });
}

export type RootLoaderData = Awaited<ReturnType<typeof loader>>["data"];

export function Layout({ children }: { children: React.ReactNode }) {
  const root = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  const { i18n } = useTranslation();
  return (
    <html lang={root?.locale ?? i18n.language ?? "en"} dir={root?.dir ?? "ltr"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return (
    <>
      <Chrome>
        <Outlet />
      </Chrome>
      <TimeZoneSync />
    </>
  );
}

function Chrome({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t("nav.skipToContent")}
      </a>
      <AppHeader />
      <main id="main" tabIndex={-1} className="page">
        {children}
      </main>
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const key = status === 404 ? "notFound" : status === 403 ? "forbidden" : status === 429 ? "tooMany" : status === 400 ? "badRequest" : "serverError";
  return (
    <Chrome>
      <section className="error-page" aria-labelledby="error-title">
        <p className="error-code">{status}</p>
        <h1 id="error-title">{t(`errors.${key}.title`)}</h1>
        <p>{t(`errors.${key}.body`)}</p>
        <p>
          <a href="/">{t("errors.backHome")}</a>
        </p>
      </section>
    </Chrome>
  );
}
