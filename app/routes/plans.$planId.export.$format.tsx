import type { LoaderFunctionArgs } from "@remix-run/node";
import { audienceFrom, documentText, downloadResponse, isExportFormat, livingDocument, livingFileName } from "~/services/export.server";
import { requirePlanMember } from "~/services/plan-access.server";

/** The living plan as a file: /plans/:planId/export/docx|md?edition=public|internal */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  if (!isExportFormat(params.format)) throw new Response("Not Found", { status: 404 });
  const text = await documentText(request);
  const doc = await livingDocument(context.services, access, audienceFrom(new URL(request.url)), text);
  return downloadResponse(doc, params.format, text, livingFileName(doc));
}
