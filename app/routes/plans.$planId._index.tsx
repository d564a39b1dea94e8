import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePlanMember } from "~/services/plan-access.server";

// Plan home. The MNR overview (domains and capabilities) replaces this body.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  return { description: access.plan.description };
}

export default function PlanHome() {
  const { t } = useTranslation("plans");
  const { description } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="plan-home-title">
      <h1 id="plan-home-title">{t("nav.overview")}</h1>
      {description ? <p>{description}</p> : null}
    </section>
  );
}
