import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PrintToolbar } from "~/components/export/print-toolbar";
import { PlanDocumentView } from "~/components/export/plan-document-view";
import { audienceFrom, documentText, livingDocument } from "~/services/export.server";
import { requirePlanMember } from "~/services/plan-access.server";
import exportStyles from "~/styles/export.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: exportStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.doc.plan.title} ${data.doc.plan.startYear}–${data.doc.plan.endYear}` : "Taskforce" }];

/** The living plan as a print-ready page; the browser's "Save as PDF" makes the PDF. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  const doc = await livingDocument(context.services, access, audienceFrom(new URL(request.url)), await documentText(request));
  return { doc, back: `/plans/${access.plan.id}/export?edition=${doc.audience}` };
}

export default function PrintView() {
  const { doc, back } = useLoaderData<typeof loader>();
  return (
    <>
      <PrintToolbar back={back} doc={doc} />
      <PlanDocumentView doc={doc} />
    </>
  );
}
