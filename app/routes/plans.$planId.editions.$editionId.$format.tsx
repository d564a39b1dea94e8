import type { LoaderFunctionArgs } from "@remix-run/node";
import { documentText, downloadResponse, editionFileName, isExportFormat, requireEdition } from "~/services/export.server";
import { requirePlanMember } from "~/services/plan-access.server";

/** A frozen edition as a file: /plans/:planId/editions/:editionId/docx|md */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  const { edition, doc, info } = await requireEdition(context.services, access, params.editionId);
  if (!isExportFormat(params.format)) throw new Response("Not Found", { status: 404 });
  return downloadResponse(doc, params.format, await documentText(request), editionFileName(doc, edition), info);
}
