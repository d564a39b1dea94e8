import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Field } from "~/components/field";
import { useFormat } from "~/i18n/format";
import { AccountError, changePassword } from "~/services/accounts.server";
import { blankSessionCookie, endSession, endSessionsOfUser } from "~/services/auth.server";
import { isSecureOrigin, requireAuth } from "~/services/guards.server";
import { badRequest, parseForm } from "~/utils/forms";
import { describeUserAgent } from "~/utils/user-agent";
import { listSessionsOfUser } from "../../db/repositories/sessions";
import { updateUserName } from "../../db/repositories/users";

export const meta: MetaFunction = () => [{ title: "Account · Taskforce" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = requireAuth(request, context);
  const sessions = await listSessionsOfUser(context.services.db, auth.user.id);
  return {
    name: auth.user.name,
    email: auth.user.email,
    sessions: sessions.map((s) => ({
      id: s.id,
      device: describeUserAgent(s.user_agent),
      createdAt: s.created_at,
      lastSeenAt: s.last_seen_at,
      current: s.id === auth.session.id,
    })),
  };
}

const schema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("name"),
    name: z.string({ error: "auth:nameRequired" }).trim().min(1, { error: "auth:nameRequired" }).max(120, { error: "common:errors.tooLong" }),
  }),
  z.object({
    intent: z.literal("password"),
    currentPassword: z.string({ error: "auth:passwordRequired" }).min(1, { error: "auth:passwordRequired" }).max(1024),
    newPassword: z.string({ error: "auth:passwordRequired" }).min(1, { error: "auth:passwordRequired" }).max(1024, { error: "auth:passwordTooLong" }),
  }),
  z.object({ intent: z.literal("end-session"), sessionId: z.string().regex(/^[0-9a-f]{64}$/) }),
  z.object({ intent: z.literal("end-others") }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = requireAuth(request, context);
  const { db, events } = context.services;
  const parsed = parseForm(schema, await request.formData());
  if (!parsed.ok) return badRequest(parsed.errors);
  const input = parsed.data;
  switch (input.intent) {
    case "name":
      await updateUserName(db, auth.user.id, input.name);
      return data({ ok: true as const, intent: input.intent, message: "auth:account.nameSaved" });
    case "password":
      try {
        await changePassword(context.services, auth.user.id, input);
      } catch (error) {
        if (error instanceof AccountError) return badRequest({ [error.field]: error.messageKey });
        throw error;
      }
      throw redirect("/login", { headers: { "Set-Cookie": blankSessionCookie(isSecureOrigin(context)) } });
    case "end-session": {
      const own = (await listSessionsOfUser(db, auth.user.id)).some((s) => s.id === input.sessionId);
      // Another user's session id is treated as unknown: nothing to end, nothing revealed.
      if (!own) throw new Response("Not Found", { status: 404 });
      await endSession(db, events, auth.user.id, input.sessionId);
      if (input.sessionId === auth.session.id)
        throw redirect("/login", { headers: { "Set-Cookie": blankSessionCookie(isSecureOrigin(context)) } });
      return data({ ok: true as const, intent: input.intent, message: null });
    }
    case "end-others":
      await endSessionsOfUser(db, events, auth.user.id, auth.session.id);
      return data({ ok: true as const, intent: input.intent, message: "auth:account.othersEnded" });
  }
}

export default function Account() {
  const { t } = useTranslation("auth");
  const format = useFormat();
  const { name, email, sessions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string | undefined> = actionData && !actionData.ok ? actionData.errors : {};
  const message = actionData?.ok ? actionData.message : null;
  return (
    <div className="stack">
      <h1>{t("account.title")}</h1>
      {message ? (
        <p className="notice" role="status">
          {t(message)}
        </p>
      ) : null}
      <section className="card" aria-labelledby="profile-title">
        <h2 id="profile-title">{t("account.profile")}</h2>
        <p className="muted">{email}</p>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="name" />
          <Field label={t("account.name")} name="name" defaultValue={name} autoComplete="name" required error={errors.name} />
          <button type="submit" className="button" disabled={busy}>
            {t("account.saveName")}
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="password-title">
        <h2 id="password-title">{t("account.password")}</h2>
        <p className="muted">{t("account.passwordChangedNote")}</p>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="password" />
          <input type="hidden" name="username" autoComplete="username" value={email} />
          <Field label={t("account.currentPassword")} name="currentPassword" type="password" autoComplete="current-password" required error={errors.currentPassword} />
          <Field label={t("account.newPassword")} name="newPassword" type="password" autoComplete="new-password" hint={t("setup.passwordHint")} required error={errors.newPassword} />
          <button type="submit" className="button" disabled={busy}>
            {t("account.changePassword")}
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="sessions-title">
        <h2 id="sessions-title">{t("account.sessions")}</h2>
        <p className="muted">{t("account.sessionsIntro")}</p>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("account.device")}</th>
              <th scope="col">{t("account.signedInAt")}</th>
              <th scope="col">{t("account.lastSeen")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("account.endSession")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td>
                  {s.device ?? t("account.unknownDevice")}
                  {s.current ? <span className="badge">{t("account.thisSession")}</span> : null}
                </td>
                <td>{format.dateTime(s.createdAt)}</td>
                <td>{format.dateTime(s.lastSeenAt)}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="intent" value="end-session" />
                    <input type="hidden" name="sessionId" value={s.id} />
                    <button type="submit" className="button small" aria-label={t("account.endSessionOf", { device: s.device ?? t("account.unknownDevice") })}>
                      {t("account.endSession")}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {sessions.length > 1 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="end-others" />
            <button type="submit" className="button">
              {t("account.endOthers")}
            </button>
          </Form>
        ) : null}
      </section>
    </div>
  );
}
