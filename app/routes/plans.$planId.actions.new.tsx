import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ActionForm, EMPTY_ACTION } from "~/components/action-form";
import { loadActionFormOptions } from "~/services/action-form-options.server";
import { createAction, newActionSchema } from "~/services/actions.server";
import { ServiceError } from "~/services/mutation.server";
import { hasPermission, requirePlanMember } from "~/services/plan-access.server";
import styles from "~/styles/actions.css?url";
import { badRequest, parseForm } from "~/utils/forms";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: "New action · Taskforce" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  if (!hasPermission(access, "action.create", { sector: access.actor.sector })) throw new Response("Forbidden", { status: 403 });
  const options = await loadActionFormOptions(context.services.db, access, "action.create");
  const url = new URL(request.url);
  // A capability page can link here with ?capability=… to pre-select it.
  const capability = url.searchParams.get("capability");
  return {
    planId: access.plan.id,
    options,
    values: {
      ...EMPTY_ACTION,
      capabilities: capability && access.framework.capabilities.some((c) => c.id === capability) ? [capability] : [],
      organisationId: options.leadOrganisations.some((o) => o.id === access.actor.organisationId) ? access.actor.organisationId : "",
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  if (!hasPermission(access, "action.create", { sector: access.actor.sector })) throw new Response("Forbidden", { status: 403 });
  const form = await request.formData();
  const parsed = parseForm(newActionSchema, form);
  if (!parsed.ok) return badRequest(parsed.errors);
  try {
    const created = await createAction(context.services, access, parsed.data);
    throw redirect(`/plans/${access.plan.id}/actions/${created.id}?created=1`);
  } catch (error) {
    if (error instanceof ServiceError) return badRequest({ [error.field]: error.messageKey }, error.status);
    throw error;
  }
}

export default function NewAction() {
  const { t } = useTranslation("actions");
  const { planId, options, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  return (
    <section aria-labelledby="new-action-title" className="action-page">
      <p className="no-print">
        <Link to={`/plans/${planId}/actions`}>{t("detail.back")}</Link>
      </p>
      <h1 id="new-action-title">{t("form.createTitle")}</h1>
      <ActionForm mode="create" values={values} options={options} errors={errors} busy={busy} />
    </section>
  );
}
