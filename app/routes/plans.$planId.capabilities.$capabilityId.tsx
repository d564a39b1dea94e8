import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { findCapability } from "~/domain/framework";
import { hasPermission, requirePlanMember } from "~/services/plan-access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.capability.number}. ${data.capability.name} · Taskforce` : "Taskforce" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  const capability = findCapability(access.framework, params.capabilityId ?? "");
  if (!capability) throw new Response("Not Found", { status: 404 });
  return {
    planId: access.plan.id,
    capability: { id: capability.id, number: capability.number, name: capability.name, summary: capability.summary },
    mySector: access.actor.sector,
    canSeeSectorNotes: hasPermission(access, "sector-notes.view", { sector: access.actor.sector }),
  };
}

export default function CapabilityPage() {
  const { t } = useTranslation("mnr");
  const { capability, canSeeSectorNotes } = useLoaderData<typeof loader>();
  return (
    <article className="stack" aria-labelledby="capability-title">
      <h1 id="capability-title">
        {capability.number}. {capability.name}
      </h1>
      <p>{capability.summary}</p>
      <section aria-labelledby="narrative-title">
        <h2 id="narrative-title">{t("capability.narrative")}</h2>
        {/* collab:narrative */}
      </section>
      {canSeeSectorNotes ? (
        <section aria-labelledby="sector-notes-title">
          <h2 id="sector-notes-title">{t("capability.sectorNotes")}</h2>
          {/* collab:sector-notes */}
        </section>
      ) : null}
    </article>
  );
}
