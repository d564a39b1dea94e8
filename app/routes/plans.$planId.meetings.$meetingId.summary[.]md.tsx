import type { LoaderFunctionArgs } from "@remix-run/node";
import { i18nServer } from "~/i18n/i18n.server";
import { loadSummary, summaryMarkdown } from "~/services/meeting-summary.server";
import { loadMeeting } from "~/services/meetings.server";
import { requirePermission, requirePlanMember } from "~/services/plan-access.server";

/** The meeting summary as a Markdown file, in the reader's language; times in the meeting's zone. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  requirePermission(access, "meeting.view");
  const { meeting } = await loadMeeting(context.services, access, params.meetingId ?? "").catch(() => {
    throw new Response("Not Found", { status: 404 });
  });
  const summary = await loadSummary(context.services, access, meeting);
  const locale = await i18nServer.getLocale(request);
  const t = await i18nServer.getFixedT(locale, ["meetings", "actions", "common"]);
  const body = summaryMarkdown(summary, t, locale, access.plan.title);
  const day = meeting.starts_at.slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="meeting-${day}-${meeting.id}.md"`,
      "Cache-Control": "no-store",
    },
  });
}
