import type { LoaderFunctionArgs } from "@remix-run/node";
import { actionExportRows, ACTION_EXPORT_COLUMNS, toCsv, toXlsx } from "~/services/action-export.server";
import { loadRegisterAll, parseRegisterQuery } from "~/services/action-register.server";
import { requirePermission, requirePlanMember } from "~/services/plan-access.server";

/**
 * The register's current view (same URL filters and sort, every page) as CSV or XLSX.
 * Cells that a spreadsheet would run as formulas are neutralised.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  requirePermission(access, "action.view");
  const url = new URL(request.url);
  const format = url.searchParams.get("format") === "xlsx" ? "xlsx" : "csv";
  const { db } = context.services;
  const view = await loadRegisterAll(access, db, parseRegisterQuery(url));
  const rows = await actionExportRows(db, access, view);
  const stamp = new Date().toISOString().slice(0, 10);
  const name = `actions-${stamp}.${format}`;
  const headers = {
    "Content-Disposition": `attachment; filename="${name}"`,
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
  };
  if (format === "csv") return new Response(toCsv(ACTION_EXPORT_COLUMNS, rows), { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" } });
  return new Response(await toXlsx(ACTION_EXPORT_COLUMNS, rows), {
    headers: { ...headers, "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  });
}
