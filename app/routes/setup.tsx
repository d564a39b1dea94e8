import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Field } from "~/components/field";
import { AccountError, AccountErrors, completeSetup, setupProblems } from "~/services/accounts.server";
import { createSession, sessionCookie } from "~/services/auth.server";
import { isSecureOrigin } from "~/services/guards.server";
import { badRequest, parseForm } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Set up · Taskforce" }];

const schema = z.object({
  code: z.string({ error: "common:errors.required" }).trim().min(1, { error: "common:errors.required" }).max(40, { error: "common:errors.tooLong" }),
  name: z.string({ error: "auth:nameRequired" }).trim().min(1, { error: "auth:nameRequired" }).max(120, { error: "common:errors.tooLong" }),
  email: z.email({ error: "common:errors.invalidEmail" }).max(320, { error: "common:errors.tooLong" }),
  password: z.string({ error: "auth:passwordRequired" }).min(1, { error: "auth:passwordRequired" }).max(1024, { error: "common:errors.tooLong" }),
});

function notFoundUnlessOpen(open: boolean) {
  // Once the first user exists, /setup does not exist either.
  if (!open) throw new Response("Not Found", { status: 404 });
}

export async function loader({ context }: LoaderFunctionArgs) {
  notFoundUnlessOpen(context.services.setup.isOpen);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  notFoundUnlessOpen(context.services.setup.isOpen);
  const form = await request.formData();
  const parsed = parseForm(schema, form);
  if (!parsed.ok) {
    // Every problem in one round: the code and the password rules too, not only the schema's.
    const text = (name: string) => (typeof form.get(name) === "string" ? (form.get(name) as string) : undefined);
    return badRequest({ ...setupProblems(context.services, { code: text("code"), email: text("email"), name: text("name"), password: text("password") }), ...parsed.errors });
  }
  try {
    const userId = await completeSetup(context.services, parsed.data);
    const session = await createSession(context.services.db, userId, { userAgent: request.headers.get("user-agent"), ip: context.clientIp });
    throw redirect("/", { headers: { "Set-Cookie": sessionCookie(session.token, session.expiresAt, isSecureOrigin(context)) } });
  } catch (error) {
    if (error instanceof AccountErrors) return badRequest(error.errors);
    if (error instanceof AccountError) return badRequest({ [error.field]: error.messageKey });
    throw error;
  }
}

export default function Setup() {
  const { t } = useTranslation("auth");
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
  return (
    <section className="narrow card" aria-labelledby="setup-title">
      <h1 id="setup-title">{t("setup.title")}</h1>
      <p>{t("setup.intro")}</p>
      <Form method="post" noValidate>
        <Field label={t("setup.code")} name="code" hint={t("setup.codeHint")} autoComplete="off" spellCheck={false} required error={errors.code} />
        <Field label={t("setup.name")} name="name" autoComplete="name" required error={errors.name} />
        <Field label={t("setup.email")} name="email" type="email" autoComplete="username" required error={errors.email} />
        <Field label={t("setup.password")} name="password" type="password" autoComplete="new-password" hint={t("setup.passwordHint")} required error={errors.password} />
        <button type="submit" className="button primary" disabled={busy}>
          {t("setup.submit")}
        </button>
      </Form>
    </section>
  );
}
