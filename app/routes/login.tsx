import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Field, FormError } from "~/components/field";
import { login } from "~/services/accounts.server";
import { sessionCookie } from "~/services/auth.server";
import { isSecureOrigin, safeRedirectPath } from "~/services/guards.server";
import { badRequest, parseForm } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Sign in · Taskforce" }];

const schema = z.object({
  email: z.string({ error: "common:errors.required" }).trim().min(1, { error: "common:errors.required" }).max(320, { error: "common:errors.tooLong" }),
  password: z.string({ error: "auth:passwordRequired" }).min(1, { error: "auth:passwordRequired" }).max(1024, { error: "common:errors.tooLong" }),
  redirectTo: z.string().optional(),
});

// Pass Retry-After from a throttled sign-in through to the document response.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retry = actionHeaders.get("Retry-After");
  return retry ? { "Retry-After": retry } : new Headers();
};

export async function loader({ context }: LoaderFunctionArgs) {
  if (context.auth) throw redirect("/");
  if (context.services.setup.isOpen) throw redirect("/setup");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseForm(schema, await request.formData());
  if (!parsed.ok) return badRequest(parsed.errors);
  const result = await login(context.services, {
    email: parsed.data.email,
    password: parsed.data.password,
    ip: context.clientIp,
    userAgent: request.headers.get("user-agent"),
  });
  if (!result.ok && result.reason === "throttled") {
    return data(
      { ok: false as const, errors: { _form: "auth:login.throttled" }, retryAfter: result.retryAfter },
      { status: 429, headers: { "Retry-After": String(result.retryAfter) } },
    );
  }
  if (!result.ok) return badRequest({ _form: "auth:login.invalid" }, 401);
  throw redirect(safeRedirectPath(parsed.data.redirectTo), {
    headers: { "Set-Cookie": sessionCookie(result.token, result.expiresAt, isSecureOrigin(context)) },
  });
}

export default function Login() {
  const { t } = useTranslation("auth");
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
  const retryAfter = actionData && "retryAfter" in actionData ? actionData.retryAfter : undefined;
  return (
    <section className="narrow card" aria-labelledby="login-title">
      <h1 id="login-title">{t("login.title")}</h1>
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        {errors._form ? (
          <p className="form-error" role="alert">
            {t(errors._form, { minutes: Math.ceil((retryAfter ?? 60) / 60) })}
          </p>
        ) : null}
        <Field label={t("login.email")} name="email" type="email" autoComplete="username" required error={errors.email} autoFocus />
        <Field label={t("login.password")} name="password" type="password" autoComplete="current-password" required error={errors.password} />
        <button type="submit" className="button primary" disabled={busy}>
          {t("login.submit")}
        </button>
      </Form>
      <p className="muted">{t("login.noAccount")}</p>
      <FormError />
    </section>
  );
}
