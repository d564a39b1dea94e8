import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { Field, FormError } from "~/components/field";
import { SectorBadge } from "~/components/sector-badge";
import { useFormat } from "~/i18n/format";
import { createSession, sessionCookie } from "~/services/auth.server";
import { isSecureOrigin } from "~/services/guards.server";
import { acceptInvitation, newAccountSchema, viewInvitation } from "~/services/members.server";
import { ServiceError } from "~/services/mutation.server";
import styles from "~/styles/members.css?url";
import { badRequest, parseForm } from "~/utils/forms";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: "Invitation · Taskforce" }, { name: "robots", content: "noindex" }];
// The URL holds a secret: keep it out of shared caches.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

const STATUS = { pending: 200, accepted: 410, expired: 410, revoked: 410, unknown: 404 } as const;

export async function loader({ params, context }: LoaderFunctionArgs) {
  const view = await viewInvitation(context.services, params.token ?? "");
  const auth = context.auth;
  const body = {
    view:
      view.state === "pending"
        ? { state: view.state, planTitle: view.planTitle, organisationName: view.organisationName, sector: view.sector, role: view.role, expiresAt: view.expiresAt, planArchived: view.planArchived }
        : // A spent link reveals nothing about the plan it was for.
          { state: view.state },
    user: auth ? { name: auth.user.name, email: auth.user.email } : null,
  };
  return data(body, { status: STATUS[view.state] });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const form = await request.formData();
  try {
    if (context.auth) {
      const { planId } = await acceptInvitation(context.services, token, { userId: context.auth.user.id });
      throw redirect(`/plans/${planId}`);
    }
    const parsed = parseForm(newAccountSchema, form);
    if (!parsed.ok) return badRequest(parsed.errors);
    const { planId, userId } = await acceptInvitation(context.services, token, { newAccount: parsed.data });
    const session = await createSession(context.services.db, userId, { userAgent: request.headers.get("user-agent"), ip: context.clientIp });
    throw redirect(`/plans/${planId}`, { headers: { "Set-Cookie": sessionCookie(session.token, session.expiresAt, isSecureOrigin(context)) } });
  } catch (error) {
    if (error instanceof ServiceError) return badRequest({ [error.field]: error.messageKey }, error.status);
    throw error;
  }
}

export default function Invite() {
  const { t } = useTranslation("members");
  const { view, user } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
  const busy = useNavigation().state === "submitting";
  const format = useFormat();

  if (view.state !== "pending" || !("planTitle" in view)) {
    return (
      <section className="narrow card" aria-labelledby="invite-title">
        <h1 id="invite-title">{t(`invite.stateTitle.${view.state}`)}</h1>
        <p>{t(`invite.state.${view.state}`)}</p>
        <p>
          <Link to="/">{t("invite.goHome")}</Link>
        </p>
      </section>
    );
  }

  return (
    <section className="narrow card stack" aria-labelledby="invite-title">
      <h1 id="invite-title">{t("invite.pageTitle")}</h1>
      <p>
        <Trans
          t={t}
          i18nKey="invite.summary"
          values={{ plan: view.planTitle, role: t(`common:roles.${view.role}`), organisation: view.organisationName }}
          components={{ strong: <strong /> }}
        />{" "}
        <SectorBadge sector={view.sector} />
      </p>
      <p className="muted">{t("invite.expires", { date: format.dateTime(view.expiresAt) })}</p>
      {view.planArchived ? <p className="notice">{t("invite.archivedNote")}</p> : null}
      <FormError error={errors._form} />
      {view.planArchived ? null : user ? (
        <Form method="post">
          <p>{t("invite.acceptAs", { name: user.name, email: user.email })}</p>
          <button type="submit" className="button primary" disabled={busy}>
            {t("invite.accept")}
          </button>
          <p className="muted">{t("invite.notYou")}</p>
        </Form>
      ) : (
        <>
          <h2>{t("invite.newAccount")}</h2>
          <p>{t("invite.newAccountIntro")}</p>
          <Form method="post" noValidate>
            <Field label={t("fields.name")} name="name" autoComplete="name" required error={errors.name} />
            <Field label={t("fields.email")} name="email" type="email" autoComplete="username" required error={errors.email} />
            <Field label={t("fields.password")} name="password" type="password" autoComplete="new-password" hint={t("invite.passwordHint")} required error={errors.password} />
            <button type="submit" className="button primary" disabled={busy}>
              {t("invite.create")}
            </button>
          </Form>
          <p>
            {t("invite.haveAccount")} <InviteSignInLink />
          </p>
        </>
      )}
    </section>
  );
}

function InviteSignInLink() {
  const { t } = useTranslation("members");
  const { pathname } = useLocation();
  return <Link to={`/login?redirectTo=${encodeURIComponent(pathname)}`}>{t("invite.signIn")}</Link>;
}
