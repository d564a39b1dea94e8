import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditFilter, csvLine, readAuditQuery } from "~/services/audit.server";
import { requirePermission, requirePlanMember } from "~/services/plan-access.server";
import { countAudit, listAudit } from "../../db/repositories/members";

const BATCH = 1000;

/** The plan's audit log (with the page's filters) as CSV, streamed in batches. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  requirePermission(access, "audit.view");
  const { db } = context.services;
  const filter = auditFilter(access.plan.id, readAuditQuery(new URL(request.url)));
  const total = await countAudit(db, filter);
  const encoder = new TextEncoder();
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      // A byte-order mark so spreadsheet programs read the file as UTF-8.
      controller.enqueue(encoder.encode("\uFEFF" + csvLine(["at", "actor_id", "actor_name", "actor_email", "verb", "entity", "entity_id", "before", "after"])));
    },
    async pull(controller) {
      // Stop at the count taken at the start, so rows appended meanwhile cannot shift pages.
      if (offset >= total) return controller.close();
      const rows = await listAudit(db, filter, { limit: Math.min(BATCH, total - offset), offset });
      offset += BATCH;
      if (rows.length === 0) return controller.close();
      controller.enqueue(encoder.encode(rows.map((r) => csvLine([r.at, r.actor_id, r.actor_name, r.actor_email, r.verb, r.entity, r.entity_id, r.before_json, r.after_json])).join("")));
    },
  });
  const date = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-${access.plan.id}-${date}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
