import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CountryFields } from "~/components/country-fields";
import { Field, FormError } from "~/components/field";
import { TextAreaField } from "~/components/select-field";
import { countryOptions } from "~/domain/countries";
import { i18nServer } from "~/i18n/i18n.server";
import { ServiceError } from "~/services/mutation.server";
import { hasPermission, requirePermission, requirePlanMember } from "~/services/plan-access.server";
import { setPlanArchived, settingsFormSchema, updatePlanSettings } from "~/services/plan-settings.server";
import styles from "~/styles/members.css?url";
import { parseForm } from "~/utils/forms";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: "Plan settings · Taskforce" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  // Reading the settings page needs the right to archive (allowed on an archived plan), so a
  // coordinator can still reach the restore button when editing is refused.
  requirePermission(access, "plan.archive");
  const locale = await i18nServer.getLocale(request);
  const { plan } = access;
  return {
    plan: {
      title: plan.title,
      country: plan.country,
      countryName: plan.country_name,
      startYear: plan.start_year,
      endYear: plan.end_year,
      description: plan.description,
      coordinatorsSeeSectorNotes: plan.coordinators_see_sector_notes === 1,
      archived: plan.archived_at !== null,
      frameworkVersion: access.framework.label,
    },
    countries: countryOptions(locale),
    canEdit: hasPermission(access, "plan.edit-settings"),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  const form = await request.formData();
  const intent = form.get("intent");
  const back = `/plans/${access.plan.id}/settings`;
  try {
    if (intent === "archive" || intent === "unarchive") {
      await setPlanArchived(context.services, access, intent === "archive");
    } else if (intent === "save") {
      const parsed = parseForm(settingsFormSchema, form);
      if (!parsed.ok) return data({ ok: false as const, intent, errors: parsed.errors }, { status: 400 });
      await updatePlanSettings(context.services, access, parsed.data);
    } else {
      return data({ ok: false as const, intent: null, errors: { _form: "common:errors.invalid" } }, { status: 400 });
    }
  } catch (error) {
    if (error instanceof ServiceError) return data({ ok: false as const, intent, errors: { [error.field]: error.messageKey } }, { status: error.status });
    throw error;
  }
  throw redirect(`${back}?saved=1`);
}

export default function Settings() {
  const { t } = useTranslation("settings");
  const { plan, countries, canEdit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = actionData?.intent === "save" ? actionData.errors : {};
  const archiveErrors: Record<string, string | undefined> = actionData && actionData.intent !== "save" ? actionData.errors : {};
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  return (
    <div className="stack">
      <h1>{t("title")}</h1>
      {params.get("saved") && !actionData ? (
        <p className="notice" role="status">
          {t("saved")}
        </p>
      ) : null}
      <section className="card" aria-labelledby="settings-form">
        <h2 id="settings-form">{t("general")}</h2>
        {plan.archived ? <p className="notice">{t("archivedNoEdit")}</p> : null}
        <Form method="post" className="form-grid" noValidate>
          <input type="hidden" name="intent" value="save" />
          <fieldset disabled={!canEdit} className="stack">
            <Field label={t("fields.title")} name="title" defaultValue={plan.title} required error={errors.title} />
            <CountryFields countries={countries} country={plan.country} countryName={plan.countryName} errors={errors} />
            <Field label={t("fields.startYear")} name="startYear" type="number" inputMode="numeric" defaultValue={plan.startYear} required error={errors.startYear} />
            <Field label={t("fields.endYear")} name="endYear" type="number" inputMode="numeric" defaultValue={plan.endYear} required error={errors.endYear} />
            <TextAreaField label={t("fields.description")} name="description" rows={4} defaultValue={plan.description} error={errors.description} />
            <div className="field">
              <label>
                <input type="checkbox" name="coordinatorsSeeSectorNotes" defaultChecked={plan.coordinatorsSeeSectorNotes} /> {t("fields.coordinatorsSeeSectorNotes")}
              </label>
              <p className="field-hint">{t("fields.coordinatorsSeeSectorNotesHint")}</p>
            </div>
            <p className="muted">{t("framework", { version: plan.frameworkVersion })}</p>
            <button type="submit" className="button primary" disabled={busy}>
              {t("save")}
            </button>
          </fieldset>
        </Form>
      </section>
      <section className="card danger-zone" aria-labelledby="archive">
        <h2 id="archive">{plan.archived ? t("unarchive.heading") : t("archive.heading")}</h2>
        <p>{plan.archived ? t("unarchive.body") : t("archive.body")}</p>
        <FormError error={archiveErrors._form} />
        <Form method="post">
          <input type="hidden" name="intent" value={plan.archived ? "unarchive" : "archive"} />
          <button type="submit" className={plan.archived ? "button" : "button danger"} disabled={busy}>
            {plan.archived ? t("unarchive.button") : t("archive.button")}
          </button>
        </Form>
      </section>
    </div>
  );
}
