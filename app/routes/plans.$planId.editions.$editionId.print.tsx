import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PlanDocumentView } from "~/components/export/plan-document-view";
import { PrintToolbar } from "~/components/export/print-toolbar";
import { requireEdition } from "~/services/export.server";
import { requirePlanMember } from "~/services/plan-access.server";
import exportStyles from "~/styles/export.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: exportStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.doc.plan.title} · ${data.info.name}` : "Taskforce" }];

/** A frozen edition as a print-ready page. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  const { edition, doc, info } = await requireEdition(context.services, access, params.editionId);
  return { doc, info, back: `/plans/${access.plan.id}/editions/${edition.id}` };
}

export default function EditionPrintView() {
  const { t } = useTranslation("export");
  const { doc, info, back } = useLoaderData<typeof loader>();
  return (
    <>
      <PrintToolbar back={back} backLabel={t("backToEdition", { name: info.name })} doc={doc} label={info.name} />
      <PlanDocumentView doc={doc} edition={info} />
    </>
  );
}
