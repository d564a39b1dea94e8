import { isActionStatus, nextRef, type ActionStatus } from "~/domain/actions";
import { findCapability } from "~/domain/framework";
import { can } from "~/domain/policy";
import { isSector, SECTORS } from "~/domain/sectors";
import { looseKey, parseDay, parseNumber, parseYes, splitList } from "~/domain/spreadsheet-cells";
import { listRefs } from "../../db/repositories/actions";
import { listMembers, listOrganisations } from "../../db/repositories/plans";
import { canBeAssignee, insertActionIn, type ActionActor, type NewActionInput } from "./actions.server";
import type { AppServices } from "./context.server";
import { newId, nowIso } from "./ids.server";
import type { CsvEncoding } from "~/domain/spreadsheet-cells";
import { IMPORT_LIMITS, type SheetContent } from "./spreadsheet-reader.server";
import { mutate, ServiceError } from "./mutation.server";

export { IMPORT_LIMITS, type Cell, type SheetContent } from "./spreadsheet-reader.server";

/** The fields a column can be matched to, with header names people use for them. */
export const IMPORT_FIELDS = [
  { key: "ref", names: ["ref", "reference", "no", "number", "#", "id", "action no", "action number"] },
  { key: "title", names: ["action", "title", "activity", "measure", "activity measure", "action title"], required: true },
  { key: "capabilities", names: ["capability", "capabilities", "mnr capability", "mnr capabilities", "mnr"], required: true },
  { key: "objective", names: ["objective", "theme", "key result area", "kra", "outcome"] },
  { key: "organisation", names: ["lead organisation", "lead organization", "lead agency", "lead", "organisation", "organization", "responsible"], required: true },
  { key: "sector", names: ["sector", "owning sector"] },
  { key: "assignee", names: ["assignee", "assignee email", "assigned to", "owner email", "focal point email"] },
  { key: "partners", names: ["partners", "partner organisations", "partner organizations", "partner agencies", "supporting agencies"] },
  { key: "startDate", names: ["start", "start date", "from", "begins"] },
  { key: "dueDate", names: ["due", "due date", "end", "end date", "deadline", "timeframe", "until"] },
  { key: "ongoing", names: ["ongoing"] },
  { key: "status", names: ["status", "state"] },
  { key: "progress", names: ["progress", "progress %", "% complete", "percent complete", "completion"] },
  { key: "budgetAmount", names: ["budget", "budget amount", "cost", "amount", "estimated cost"] },
  { key: "budgetCurrency", names: ["currency", "budget currency"] },
  { key: "budgetSource", names: ["funding source", "source of funding", "funding", "budget source"] },
  { key: "noCost", names: ["no cost"] },
  { key: "scope", names: ["scope", "region", "target group", "geographic scope"] },
  { key: "risks", names: ["risks", "risk", "assumptions"] },
  { key: "indicator", names: ["indicator", "indicators", "kpi"] },
  { key: "baseline", names: ["baseline"] },
  { key: "target", names: ["target"] },
  { key: "unit", names: ["unit", "indicator unit"] },
  { key: "dataSource", names: ["data source", "source of data", "means of verification", "verification"] },
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number]["key"];
export type Mapping = Partial<Record<ImportField, number>>;

// ---------------------------------------------------------------------------------------------
// Reading files

/**
 * Reads the first sheet of an XLSX file or a CSV file into header + rows, in a worker thread with
 * bounded work (decision 045). Throws ServiceError.
 */
export async function readSpreadsheet(services: AppServices, file: File, encoding: CsvEncoding | "auto" = "auto"): Promise<SheetContent> {
  if (file.size === 0) throw new ServiceError("file", "actions:errors.file");
  if (file.size > IMPORT_LIMITS.bytes) throw new ServiceError("file", "actions:errors.fileTooLarge", 413);
  const result = await services.spreadsheets.read(await file.arrayBuffer(), file.name, file.type, encoding);
  if (!result.ok) throw new ServiceError("file", result.messageKey, result.status);
  return result.content;
}

// ---------------------------------------------------------------------------------------------
// Keeping the upload between preview and confirmation

export async function storeImport(services: AppServices, who: ActionActor, fileName: string, content: SheetContent): Promise<string> {
  const id = newId();
  const now = new Date();
  // Expired uploads of this member go first: nobody else can use them anyway.
  await services.db.deleteFrom("action_import").where("user_id", "=", who.actor.userId).where("expires_at", "<", nowIso(now)).execute();
  await services.db
    .insertInto("action_import")
    .values({
      id,
      plan_id: who.plan.id,
      user_id: who.actor.userId,
      file_name: fileName.slice(0, 200),
      content_json: JSON.stringify(content),
      row_count: content.rows.length,
      created_at: nowIso(now),
      expires_at: nowIso(new Date(now.getTime() + IMPORT_LIMITS.keepMinutes * 60_000)),
      completed_at: null,
    })
    .execute();
  return id;
}

/** The member's own pending upload, or null when it is someone else's, expired or already used. */
export async function loadImport(services: AppServices, who: ActionActor, id: string): Promise<{ fileName: string; content: SheetContent } | null> {
  if (!/^[a-z0-9]{10,64}$/.test(id)) return null;
  const row = await services.db
    .selectFrom("action_import")
    .select(["file_name", "content_json", "expires_at", "completed_at"])
    .where("id", "=", id)
    .where("plan_id", "=", who.plan.id)
    .where("user_id", "=", who.actor.userId)
    .executeTakeFirst();
  if (!row || row.completed_at || row.expires_at < nowIso()) return null;
  return { fileName: row.file_name, content: JSON.parse(row.content_json) as SheetContent };
}

// ---------------------------------------------------------------------------------------------
// Mapping and validation

export function guessMapping(headers: string[]): Mapping {
  const mapping: Mapping = {};
  const used = new Set<number>();
  // looseKey drops case and punctuation: "Progress %" matches "progress", "Lead Agency:" "lead agency".
  for (const field of IMPORT_FIELDS) {
    const names = new Set((field.names as readonly string[]).map(looseKey).filter(Boolean));
    const index = headers.findIndex((h, i) => !used.has(i) && names.has(looseKey(h)));
    if (index >= 0) {
      mapping[field.key] = index;
      used.add(index);
    }
  }
  return mapping;
}

/** Reads `map.<field>=<column>` pairs (from the URL or the confirmation form). */
export function readMapping(params: URLSearchParams | FormData, columns: number): Mapping | null {
  let any = false;
  const mapping: Mapping = {};
  for (const field of IMPORT_FIELDS) {
    const raw = params.get(`map.${field.key}`);
    if (raw === null) continue;
    any = true;
    const n = Number(raw);
    if (raw !== "" && Number.isInteger(n) && n >= 0 && n < columns) mapping[field.key] = n;
  }
  return any ? mapping : null;
}

export interface RowProblem {
  row: number;
  field: ImportField | "row";
  key: string;
  value?: string;
}
export interface CheckedRow {
  /** Row number as the spreadsheet shows it (header = 1). */
  row: number;
  input: (NewActionInput & { sector: string }) | null;
  problems: RowProblem[];
}

const STATUS_WORDS: Record<string, ActionStatus> = {
  "not started": "not-started",
  planned: "not-started",
  "to do": "not-started",
  "on track": "on-track",
  "in progress": "on-track",
  ongoing: "on-track",
  "at risk": "at-risk",
  delayed: "delayed",
  late: "delayed",
  behind: "delayed",
  "off track": "delayed",
  completed: "completed",
  complete: "completed",
  done: "completed",
  cancelled: "cancelled",
  canceled: "cancelled",
  dropped: "cancelled",
};

/** Checks every row against the plan; nothing is written. */
export async function checkRows(services: AppServices, who: ActionActor, content: SheetContent, mapping: Mapping): Promise<{ rows: CheckedRow[]; mappingProblems: string[] }> {
  const mappingProblems: string[] = [];
  if (mapping.title === undefined) mappingProblems.push("actions:errors.mappingTitle");
  if (mapping.organisation === undefined) mappingProblems.push("actions:errors.mappingOrganisation");
  if (mapping.capabilities === undefined) mappingProblems.push("actions:errors.mappingCapability");
  if (mappingProblems.length) return { rows: [], mappingProblems };

  const db = services.db;
  const [organisations, members, refs] = await Promise.all([listOrganisations(db, who.plan.id), listMembers(db, who.plan.id), listRefs(db, who.plan.id)]);
  const orgByName = new Map(organisations.map((o) => [looseKey(o.name), o]));
  const memberByEmail = new Map(members.map((m) => [m.email.toLowerCase(), m]));
  const capabilityByKey = new Map<string, string>();
  for (const c of who.framework.capabilities) {
    capabilityByKey.set(String(c.number), c.id);
    capabilityByKey.set(looseKey(c.name), c.id);
    capabilityByKey.set(looseKey(c.id), c.id);
  }
  const sectorByKey = new Map<string, string>();
  for (const s of SECTORS) {
    sectorByKey.set(looseKey(s), s);
  }
  const usedRefs = new Set(refs);

  const rows: CheckedRow[] = content.rows.map((cells, i) => {
    const rowNumber = i + 2;
    const problems: RowProblem[] = [];
    const problem = (field: ImportField, key: string, value?: string) => problems.push({ row: rowNumber, field, key, value: value?.slice(0, 60) });
    const get = (field: ImportField): string => {
      const index = mapping[field];
      if (index === undefined) return "";
      const cell = cells[index] ?? "";
      if (typeof cell !== "string") {
        problem(field, "actions:errors.formula", cell.formula);
        return "";
      }
      return cell;
    };

    const title = get("title");
    // A formula cell has its own message already.
    if (!title && !problems.some((p) => p.field === "title")) problem("title", "common:errors.required");
    else if (title.length > 300) problem("title", "common:errors.tooLong");

    const capabilityIds: string[] = [];
    const capText = get("capabilities");
    const resolve = (part: string) => {
      const key = /^\d+(\.\d+)?$/.test(part) ? String(Math.trunc(Number(part))) : looseKey(part.replace(/^\d+\.?\s+/, ""));
      const id = capabilityByKey.get(key) ?? capabilityByKey.get(looseKey(part));
      return id && findCapability(who.framework, id) ? id : null;
    };
    // Names can hold commas ("Research, Analysis and Monitoring"): try each part whole first.
    for (const part of capText.split(/[;|\n]/).map((p) => p.trim()).filter(Boolean)) {
      const whole = resolve(part);
      if (whole) {
        capabilityIds.push(whole);
        continue;
      }
      for (const piece of splitList(part)) {
        const id = resolve(piece);
        if (id) capabilityIds.push(id);
        else problem("capabilities", "actions:errors.capabilityUnknown", piece);
      }
    }
    if (capabilityIds.length === 0 && !problems.some((p) => p.field === "capabilities")) problem("capabilities", "actions:errors.capabilityRequired");

    const orgText = get("organisation");
    const org = orgText ? orgByName.get(looseKey(orgText)) : undefined;
    if (!orgText) problem("organisation", "actions:errors.organisationRequired");
    else if (!org) problem("organisation", "actions:errors.organisationUnknown", orgText);

    const sectorText = get("sector");
    if (sectorText) {
      const sector = sectorByKey.get(looseKey(sectorText));
      if (!sector) problem("sector", "actions:errors.sectorUnknown", sectorText);
      else if (org && org.sector !== sector) problem("sector", "actions:errors.sectorMismatch", sectorText);
    }
    if (org && isSector(org.sector) && !can(who.actor, "action.create", { ...who.planFacts, sector: org.sector, organisationId: org.id })) problem("organisation", "actions:errors.outsideSector", orgText);

    let assigneeId: string | null = null;
    const assigneeText = get("assignee").toLowerCase();
    if (assigneeText) {
      const m = memberByEmail.get(assigneeText);
      if (!m) problem("assignee", "actions:errors.assigneeUnknown", assigneeText);
      else if (org && m.organisation_id !== org.id) problem("assignee", "actions:errors.assigneeOutsideOrganisation", assigneeText);
      else if (org && !canBeAssignee({ userId: m.user_id, role: m.role, organisationId: m.organisation_id }, org)) problem("assignee", "actions:errors.assigneeCannotReport", assigneeText);
      else if (org && isSector(org.sector) && !can(who.actor, "action.assign", { ...who.planFacts, sector: org.sector, organisationId: org.id })) problem("assignee", "actions:errors.forbidden");
      else assigneeId = m.user_id;
    }

    const partnerIds: string[] = [];
    for (const name of splitList(get("partners"))) {
      const p = orgByName.get(looseKey(name));
      if (!p) problem("partners", "actions:errors.partnerUnknown", name);
      else if (!org || p.id !== org.id) partnerIds.push(p.id);
    }

    const startText = get("startDate");
    const startDate = startText ? parseDay(startText) : null;
    if (startText && !startDate) problem("startDate", "actions:errors.date", startText);
    const dueText = get("dueDate");
    const dueIsOngoing = /^(ongoing|continuous|yearly|annual|annually)$/i.test(dueText.trim());
    const ongoing = dueIsOngoing || parseYes(get("ongoing"));
    const dueDate = dueText && !dueIsOngoing ? parseDay(dueText) : null;
    if (dueText && !dueIsOngoing && !dueDate) problem("dueDate", "actions:errors.date", dueText);
    if (startDate && dueDate && dueDate < startDate) problem("dueDate", "actions:errors.endBeforeStart", dueText);
    if (!dueText && !ongoing) problem("dueDate", "actions:errors.dueOrOngoing");

    const statusText = get("status");
    let status: ActionStatus = "not-started";
    if (statusText) {
      const s = isActionStatus(statusText.trim()) ? (statusText.trim() as ActionStatus) : STATUS_WORDS[looseKey(statusText)];
      if (s) status = s;
      else problem("status", "actions:errors.status", statusText);
    }

    const progressText = get("progress");
    let progress = status === "completed" ? 100 : 0;
    if (progressText) {
      let n = parseNumber(progressText);
      // A sheet formatted as percent stores 0.45 for 45 %.
      if (n !== null && n > 0 && n < 1 && !progressText.includes("%")) n = Math.round(n * 100);
      if (n === null || !Number.isInteger(n) || n < 0 || n > 100) problem("progress", "actions:errors.progress", progressText);
      else progress = n;
    }

    const budgetText = get("budgetAmount");
    let noCost = parseYes(get("noCost")) || /^(no cost|none|nil|0 cost|-)$/i.test(budgetText.trim());
    let budgetAmount: number | null = null;
    if (budgetText && !noCost) {
      const n = parseNumber(budgetText.replace(/[A-Za-z$€£¥]/g, ""));
      if (n === null || Number.isNaN(n) || n < 0) problem("budgetAmount", "actions:errors.budgetAmount", budgetText);
      else budgetAmount = n;
    }
    const currencyText = get("budgetCurrency").trim().toUpperCase();
    let budgetCurrency: string | null = null;
    if (currencyText) {
      if (!/^[A-Z]{3}$/.test(currencyText) || !Intl.supportedValuesOf("currency").includes(currencyText)) problem("budgetCurrency", "actions:errors.currency", currencyText);
      else budgetCurrency = currencyText;
    } else if (budgetAmount !== null) problem("budgetCurrency", "actions:errors.currency");
    if (noCost) {
      budgetAmount = null;
      budgetCurrency = null;
    }
    noCost = noCost || false;

    let ref: string | null = get("ref").trim() || null;
    if (ref) {
      if (!/^[A-Za-z0-9][A-Za-z0-9.\-/]{0,19}$/.test(ref)) problem("ref", "actions:errors.ref", ref);
      else if (usedRefs.has(ref)) problem("ref", "actions:errors.refTaken", ref);
      else usedRefs.add(ref);
    }

    const indicatorName = get("indicator");
    const baselineText = get("baseline");
    const targetText = get("target");
    const baseline = parseNumber(baselineText);
    const target = parseNumber(targetText);
    if (Number.isNaN(baseline)) problem("baseline", "actions:errors.indicatorNumber", baselineText);
    if (Number.isNaN(target)) problem("target", "actions:errors.indicatorNumber", targetText);

    const objective = get("objective");
    const scope = get("scope");
    const risks = get("risks");
    const budgetSource = get("budgetSource");
    const unit = get("unit");
    const dataSource = get("dataSource");

    if (problems.length || !org) return { row: rowNumber, input: null, problems };
    if (!ref) ref = null;
    return {
      row: rowNumber,
      problems,
      input: {
        ref,
        title,
        objective: objective.slice(0, 4000),
        capabilityIds: [...new Set(capabilityIds)],
        organisationId: org.id,
        sector: org.sector,
        assigneeId,
        partnerIds: [...new Set(partnerIds)],
        startDate,
        dueDate,
        ongoing,
        weight: 1,
        noCost,
        budgetAmount,
        budgetCurrency,
        budgetSource: noCost ? "" : budgetSource.slice(0, 200),
        scope: scope.slice(0, 4000),
        risks: risks.slice(0, 4000),
        status,
        progress,
        indicators: indicatorName
          ? [{ id: null, name: indicatorName.slice(0, 200), unit: unit.slice(0, 60), baseline: baseline ?? null, target: target ?? null, currentValue: null, dataSource: dataSource.slice(0, 200) }]
          : [],
      },
    };
  });
  return { rows, mappingProblems };
}

/**
 * Imports the valid rows in ONE transaction (all or nothing at the database level). With
 * `strict`, any row with a problem means nothing is imported.
 */
export async function commitImport(services: AppServices, who: ActionActor, batchId: string, mapping: Mapping, strict: boolean): Promise<{ imported: number; skipped: number }> {
  const batch = await loadImport(services, who, batchId);
  if (!batch) throw new ServiceError("_form", "actions:import.expired", 410);
  const { rows, mappingProblems } = await checkRows(services, who, batch.content, mapping);
  if (mappingProblems.length) throw new ServiceError("_form", mappingProblems[0]!);
  const bad = rows.filter((r) => r.problems.length > 0).length;
  if (strict && bad > 0) throw new ServiceError("_form", "actions:errors.strictRefused", 422);
  const valid = rows.filter((r) => r.input !== null);
  if (valid.length === 0) throw new ServiceError("_form", "actions:errors.nothingValid", 422);
  const at = nowIso();
  await mutate(services, async (m) => {
    const refs = new Set(await listRefs(m.trx, who.plan.id));
    // Rows without a reference are numbered after the file's own references are reserved.
    for (const r of valid) if (r.input!.ref) refs.add(r.input!.ref);
    for (const r of valid) {
      const { sector, ...input } = r.input!;
      // The file's own references stay reserved until their row is inserted.
      if (input.ref) refs.delete(input.ref);
      else input.ref = nextRef(findCapability(who.framework, input.capabilityIds[0] ?? "")?.number ?? 0, refs);
      await insertActionIn(m, who, input, sector, refs, at, { announce: false });
    }
    const done = await m.trx.updateTable("action_import").set({ completed_at: at }).where("id", "=", batchId).where("completed_at", "is", null).executeTakeFirst();
    // A second confirmation of the same upload (double click, two tabs) imports nothing.
    if (Number(done.numUpdatedRows) !== 1) throw new ServiceError("_form", "actions:import.expired", 410);
    await m.audit({ planId: who.plan.id, actorId: who.actor.userId, verb: "action.import", entity: "action_import", entityId: batchId, after: { file: batch.fileName, imported: valid.length, skipped: rows.length - valid.length }, at });
    m.emit("plan-changed", { planId: who.plan.id, entity: "action", entityId: null, actorId: who.actor.userId });
  });
  return { imported: valid.length, skipped: rows.length - valid.length };
}
