import ExcelJS from "exceljs";
import Papa from "papaparse";
import { neutraliseCell } from "~/domain/spreadsheet-cells";
import type { DB } from "../../db/connect";
import { listActionPartners } from "../../db/repositories/actions";
import { listMembers } from "../../db/repositories/plans";
import type { loadRegisterAll } from "./action-register.server";
import type { PlanAccess } from "./plan-access.server";

/** Column headers of an export; the importer recognises every one of them. */
export const ACTION_EXPORT_COLUMNS = [
  "Ref",
  "Action",
  "Capability",
  "Objective",
  "Lead organisation",
  "Sector",
  "Assignee",
  // The importer matches assignees by e-mail: with it, an export can be edited and imported back.
  "Assignee email",
  "Partners",
  "Start",
  "Due",
  "Ongoing",
  "Status",
  "Progress",
  "Budget",
  "Currency",
  "Funding source",
  "No cost",
  "Scope",
  "Risks",
  "Overdue",
  "Last change",
] as const;

type ExportCell = string | number | null;

export async function actionExportRows(db: DB, access: PlanAccess, view: Awaited<ReturnType<typeof loadRegisterAll>>): Promise<ExportCell[][]> {
  const partners = await listActionPartners(
    db,
    view.map((v) => v.row.id),
  );
  const orgs = await db.selectFrom("organisation").select(["id", "name"]).where("plan_id", "=", access.plan.id).execute();
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const email = new Map((await listMembers(db, access.plan.id)).map((m) => [m.user_id, m.email]));
  return view.map(({ row, item }) => [
    row.ref,
    row.title,
    item.capabilityNumbers.join("; "),
    row.objective,
    row.organisation_name,
    row.sector,
    row.assignee_name ?? "",
    row.assignee_id ? (email.get(row.assignee_id) ?? "") : "",
    (partners.get(row.id) ?? []).map((p) => orgName.get(p) ?? "").join("; "),
    row.start_date ?? "",
    row.due_date ?? "",
    row.ongoing ? "yes" : "",
    row.status,
    row.progress,
    row.budget_amount === null ? null : Number(row.budget_amount),
    row.budget_currency ?? "",
    row.budget_source ?? "",
    row.no_cost ? "yes" : "",
    row.scope,
    row.risks,
    item.overdue ? "yes" : "",
    row.updated_at,
  ]);
}

/** Text cells are neutralised (= + - @ tab CR at the start get a leading quote); numbers stay numbers. */
function safe(cell: ExportCell): string | number {
  if (cell === null) return "";
  return typeof cell === "number" ? cell : neutraliseCell(cell);
}

export function toCsv(columns: readonly string[], rows: ExportCell[][]): string {
  // A BOM so that Excel opens UTF-8 names correctly.
  return "\ufeff" + Papa.unparse({ fields: [...columns], data: rows.map((r) => r.map(safe)) }, { newline: "\r\n" });
}

export async function toXlsx(columns: readonly string[], rows: ExportCell[][]): Promise<ArrayBuffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Taskforce";
  const sheet = workbook.addWorksheet("Actions");
  sheet.addRow([...columns]).font = { bold: true };
  for (const r of rows) sheet.addRow(r.map(safe));
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  sheet.columns.forEach((c, i) => {
    c.width = i === 1 ? 48 : 16;
  });
  // A copy, so the body is exactly the file (a Node Buffer may be a view into a larger pool).
  return new Uint8Array(await workbook.xlsx.writeBuffer()).buffer as ArrayBuffer;
}
