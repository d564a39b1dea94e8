import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { CopyLink } from "~/components/copy-link";
import { CountryFields } from "~/components/country-fields";
import { Field, FormError } from "~/components/field";
import { SelectField, TextAreaField } from "~/components/select-field";
import { countryOptions, planCountryName } from "~/domain/countries";
import { DEFAULT_FRAMEWORK, getFramework } from "~/domain/framework";
import { i18nServer } from "~/i18n/i18n.server";
import { requireSiteAdmin } from "~/services/guards.server";
import { ServiceError } from "~/services/mutation.server";
import { invitationPath, reissueCoordinatorInvitation } from "~/services/members.server";
import { createPlanSchema, createPlanWithCoordinator } from "~/services/plans.server";
import { badRequest, formString, parseForm } from "~/utils/forms";
import { listAllPlans } from "../../db/repositories/plans";

export const meta: MetaFunction = () => [{ title: "Administration · Taskforce" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireSiteAdmin(request, context);
  const locale = await i18nServer.getLocale(request);
  const plans = await listAllPlans(context.services.db);
  const withCoordinator = new Set(
    (await context.services.db.selectFrom("membership").select("plan_id").distinct().where("role", "=", "coordinator").execute()).map((r) => r.plan_id),
  );
  const framework = getFramework(DEFAULT_FRAMEWORK);
  return {
    plans: plans.map((p) => ({ id: p.id, title: p.title, country: planCountryName(p, locale), period: `${p.start_year}–${p.end_year}`, archived: p.archived_at !== null, awaitingCoordinator: !withCoordinator.has(p.id) })),
    countries: countryOptions(locale),
    organisationTypes: framework.organisationTypes.map((t) => ({ id: t.id, name: t.name, sector: t.sector })),
    thisYear: new Date().getUTCFullYear(),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = requireSiteAdmin(request, context);
  const form = await request.formData();
  if (form.get("intent") === "reissue") {
    try {
      const planId = formString(form, "planId");
      const { token, label } = await reissueCoordinatorInvitation(context.services, auth.user.id, planId);
      return data({ ok: true as const, planId, inviteLink: context.services.config.appOrigin + invitationPath(token), email: label });
    } catch (error) {
      if (error instanceof ServiceError) return badRequest({ _form: error.messageKey }, error.status);
      throw error;
    }
  }
  const parsed = parseForm(createPlanSchema, form);
  if (!parsed.ok) return badRequest(parsed.errors);
  try {
    const { planId, invitationToken } = await createPlanWithCoordinator(context.services, auth.user.id, parsed.data, {
      inviteIfNoAccount: form.get("inviteIfNoAccount") === "on",
    });
    // The link is shown once, on this response: only its hash is stored.
    if (invitationToken) return data({ ok: true as const, planId, inviteLink: context.services.config.appOrigin + invitationPath(invitationToken), email: parsed.data.coordinatorEmail });
    throw redirect(`/admin?created=${planId}`);
  } catch (error) {
    if (error instanceof ServiceError) return badRequest({ [error.field]: error.messageKey }, error.status);
    throw error;
  }
}

export default function Admin() {
  const { t } = useTranslation("plans");
  const { plans, countries, organisationTypes, thisYear } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string | undefined> = actionData && !actionData.ok ? actionData.errors : {};
  const invited = actionData?.ok ? actionData : null;
  const [params] = useSearchParams();
  const createdId = params.get("created");
  const created = createdId && !actionData ? plans.find((p) => p.id === createdId) : undefined;
  // Each plan created mounts a new, empty form, so a second click cannot create a duplicate; a
  // refusal keeps the form (and what was typed) as it is.
  const [formKey, setFormKey] = useState(0);
  const createdPlanId = invited?.planId ?? createdId;
  useEffect(() => {
    if (createdPlanId) setFormKey((k) => k + 1);
  }, [createdPlanId]);
  return (
    <div className="stack">
      <h1>{t("admin.title")}</h1>
      <section className="card" aria-labelledby="all-plans">
        <h2 id="all-plans">{t("admin.allPlans")}</h2>
        {plans.length === 0 ? (
          <p className="muted">{t("admin.noPlans")}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("fields.title")}</th>
                <th scope="col">{t("fields.country")}</th>
                <th scope="col">{t("fields.period")}</th>
              </tr>
            </thead>
            <tbody>
              {plans.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/plans/${p.id}`}>{p.title}</Link>
                    {p.archived ? <span className="badge">{t("archived")}</span> : null}
                    {p.awaitingCoordinator ? (
                      <Form method="post" className="inline-form">
                        <span className="badge">{t("admin.awaitingCoordinator")}</span>
                        <input type="hidden" name="intent" value="reissue" />
                        <input type="hidden" name="planId" value={p.id} />
                        <button type="submit" className="button small" aria-label={t("admin.reissueFor", { title: p.title })}>
                          {t("admin.reissue")}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                  <td>{p.country}</td>
                  <td>{p.period}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <FormError error={errors._form} />
      {created ? (
        <p className="notice" role="status">
          {t("admin.created", { title: created.title })} <Link to={`/plans/${created.id}`}>{t("admin.openPlan", { title: created.title })}</Link>
        </p>
      ) : null}
      {invited ? (
        <section className="card" aria-labelledby="coordinator-invite" role="status">
          <h2 id="coordinator-invite">{t("admin.invitedTitle")}</h2>
          <p>{t("admin.invitedBody", { email: invited.email })}</p>
          <CopyLink label={t("admin.invitedLink")} value={invited.inviteLink} />
        </section>
      ) : null}
      <section className="card" aria-labelledby="new-plan">
        <h2 id="new-plan">{t("admin.newPlan")}</h2>
        <Form key={formKey} method="post" noValidate className="form-grid">
          <Field label={t("fields.title")} name="title" required error={errors.title} />
          <CountryFields countries={countries} country="" countryName="" errors={errors} />
          <Field label={t("fields.startYear")} name="startYear" type="number" inputMode="numeric" defaultValue={thisYear} required error={errors.startYear} />
          <Field label={t("fields.endYear")} name="endYear" type="number" inputMode="numeric" defaultValue={thisYear + 3} required error={errors.endYear} />
          <TextAreaField label={t("fields.description")} name="description" rows={3} error={errors.description} />
          <input type="hidden" name="frameworkVersion" value={DEFAULT_FRAMEWORK} />
          <p className="muted">{t("admin.frameworkNote")}</p>
          <Field label={t("admin.coordinatorEmail")} name="coordinatorEmail" type="email" hint={t("admin.coordinatorHint")} required error={errors.coordinatorEmail} />
          <div className="field">
            <label>
              <input type="checkbox" name="inviteIfNoAccount" defaultChecked /> {t("admin.inviteIfNoAccount")}
            </label>
          </div>
          <Field label={t("admin.organisationName")} name="organisationName" required error={errors.organisationName} />
          <SelectField label={t("fields.orgType")} name="organisationType" required error={errors.organisationType} defaultValue="government">
            {organisationTypes.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name} ({t(`common:sectors.${o.sector}`)})
              </option>
            ))}
          </SelectField>
          <button type="submit" className="button primary" disabled={busy}>
            {t("admin.create")}
          </button>
        </Form>
      </section>
    </div>
  );
}
