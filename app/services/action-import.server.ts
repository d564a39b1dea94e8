import { isActionStatus, nextRef, type ActionStatus } from "~/domain/actions";
import { findCapability } from "~/domain/framework";
import { can } from "~/domain/policy";
import { isSector, SECTORS } from "~/domain/sectors";
import { inferDateOrder, looseKey, parseDay, parseNumber, parseYes, splitList, type DateOrder } from "~/domain/spreadsheet-cells";
import { hasControlCharacter } from "~/utils/plain-text";
import { findImportAudit, listActionsForImport, listActionTitles, listIndicators, lockActionRefs } from "../../db/repositories/actions";
import { listMembers, listOrganisations } from "../../db/repositories/plans";
import { canBeAssignee, indicatorFieldsOf, insertActionIn, reportProgressIn, updateActionIn, type ActionActor, type ActionFields, type NewActionInput } from "./actions.server";
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
  // The e-mail first: exports write the assignee's name and e-mail in two columns.
  { key: "assignee", names: ["assignee email", "owner email", "focal point email", "assignee", "assigned to"] },
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
  // Written by exports: an action changed in Taskforce since then is not overwritten with older values.
  { key: "lastChange", names: ["last change", "last changed", "last modified"] },
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
  // A field's names are in order of preference: "Assignee email" wins over "Assignee".
  for (const field of IMPORT_FIELDS) {
    let index = -1;
    for (const name of (field.names as readonly string[]).map(looseKey).filter(Boolean)) {
      index = headers.findIndex((h, i) => !used.has(i) && looseKey(h) === name);
      if (index >= 0) break;
    }
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

/** One field of an existing action that a row changes, as text for the preview. */
export interface FieldChange {
  field: ImportField;
  from: string;
  to: string;
  /** How the preview shows the values: dates and statuses are formatted for the reader. */
  kind: "text" | "date" | "status";
}

/** A row whose reference is an action of the plan: it updates that action. */
export interface RowUpdate {
  actionId: string;
  ref: string;
  /** The version the preview was checked against; a later change by someone else is a conflict. */
  version: number;
  fields: Omit<ActionFields, "indicators">;
  status: ActionStatus;
  progress: number;
  changes: FieldChange[];
}

export interface CheckedRow {
  /** Row number as the spreadsheet shows it (header = 1). */
  row: number;
  input: (NewActionInput & { sector: string }) | null;
  update: RowUpdate | null;
  problems: RowProblem[];
}

export interface CheckResult {
  rows: CheckedRow[];
  mappingProblems: string[];
  /** The order numeric dates are read in, and whether the file left it open (the person must choose). */
  dateOrder: DateOrder;
  dateOrderAsked: boolean;
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

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join("\n") === [...b].sort().join("\n");

/**
 * Checks every row against the plan; nothing is written. A row whose reference is an action of
 * the plan updates it (only the mapped columns; the others keep their values), any other row
 * creates an action. Each row is checked against the policy for what it would do.
 */
export async function checkRows(services: AppServices, who: ActionActor, content: SheetContent, mapping: Mapping, chosenOrder?: DateOrder): Promise<CheckResult> {
  const mappingProblems: string[] = [];
  if (mapping.title === undefined) mappingProblems.push("actions:errors.mappingTitle");
  if (mapping.organisation === undefined) mappingProblems.push("actions:errors.mappingOrganisation");
  if (mapping.capabilities === undefined) mappingProblems.push("actions:errors.mappingCapability");

  // Numeric dates: the file decides when it can, the person when it cannot (03/04/2027).
  const dateCells = content.rows.flatMap((cells) => [mapping.startDate, mapping.dueDate].map((i) => (i === undefined ? "" : cells[i]))).filter((c): c is string => typeof c === "string");
  const inferred = inferDateOrder(dateCells);
  const dateOrderAsked = inferred === "ambiguous";
  const dateOrder: DateOrder = chosenOrder ?? (inferred === "mdy" ? "mdy" : "dmy");
  if (dateOrderAsked && !chosenOrder) mappingProblems.push("actions:errors.dateOrderNeeded");
  if (mappingProblems.length) return { rows: [], mappingProblems, dateOrder, dateOrderAsked };

  const db = services.db;
  const [organisations, members, actions] = await Promise.all([listOrganisations(db, who.plan.id), listMembers(db, who.plan.id), listActionsForImport(db, who.plan.id)]);
  const orgByName = new Map(organisations.map((o) => [looseKey(o.name), o]));
  const orgById = new Map(organisations.map((o) => [o.id, o]));
  const memberByEmail = new Map(members.map((m) => [m.email.toLowerCase(), m]));
  const memberById = new Map(members.map((m) => [m.user_id, m]));
  const actionByRef = new Map(actions.map((a) => [a.ref, a]));
  const capabilityByKey = new Map<string, string>();
  for (const c of who.framework.capabilities) {
    capabilityByKey.set(String(c.number), c.id);
    capabilityByKey.set(looseKey(c.name), c.id);
    capabilityByKey.set(looseKey(c.id), c.id);
  }
  const capabilityNumber = (id: string) => String(findCapability(who.framework, id)?.number ?? id);
  const sectorByKey = new Map<string, string>();
  for (const s of SECTORS) {
    sectorByKey.set(looseKey(s), s);
  }
  const usedRefs = new Set(actions.map((a) => a.ref));
  const seenRefs = new Set<string>();
  const mapped = (field: ImportField) => mapping[field] !== undefined;

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
      if (hasControlCharacter(cell)) {
        problem(field, "common:errors.controlCharacter");
        return "";
      }
      return cell;
    };

    let ref: string | null = get("ref").trim() || null;
    const existing = ref ? actionByRef.get(ref) : undefined;
    if (ref) {
      if (!/^[A-Za-z0-9][A-Za-z0-9.\-/]{0,19}$/.test(ref)) problem("ref", "actions:errors.ref", ref);
      else if (seenRefs.has(ref) || (!existing && usedRefs.has(ref))) problem("ref", "actions:errors.refTaken", ref);
      seenRefs.add(ref);
      usedRefs.add(ref);
    }

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

    // By e-mail, or by the name of a member of the lead organisation (exports write both columns).
    let assigneeId: string | null = null;
    const assigneeText = get("assignee").trim();
    if (assigneeText) {
      const byName = org ? members.filter((m) => m.organisation_id === org.id && looseKey(m.name) === looseKey(assigneeText)) : [];
      const m = memberByEmail.get(assigneeText.toLowerCase()) ?? (byName.length === 1 ? byName[0] : undefined);
      if (!m) problem("assignee", "actions:errors.assigneeUnknown", assigneeText);
      else if (org && m.organisation_id !== org.id) problem("assignee", "actions:errors.assigneeOutsideOrganisation", assigneeText);
      else if (org && !canBeAssignee({ userId: m.user_id, role: m.role, organisationId: m.organisation_id }, org)) problem("assignee", "actions:errors.assigneeCannotReport", assigneeText);
      else assigneeId = m.user_id;
    }

    // Organisation names can hold commas too: whole parts between semicolons first.
    const partnerIds: string[] = [];
    for (const part of get("partners").split(/[;|\n]/).map((p) => p.trim()).filter(Boolean)) {
      const whole = orgByName.get(looseKey(part));
      for (const name of whole ? [part] : splitList(part)) {
        const p = orgByName.get(looseKey(name));
        if (!p) problem("partners", "actions:errors.partnerUnknown", name);
        else if (!org || p.id !== org.id) partnerIds.push(p.id);
      }
    }

    const startText = get("startDate");
    const startDate = startText ? parseDay(startText, dateOrder) : null;
    if (startText && !startDate) problem("startDate", "actions:errors.date", startText);
    const dueText = get("dueDate");
    const dueIsOngoing = /^(ongoing|continuous|yearly|annual|annually)$/i.test(dueText.trim());
    const ongoingText = get("ongoing");
    const dueDate = dueText && !dueIsOngoing ? parseDay(dueText, dateOrder) : null;
    if (dueText && !dueIsOngoing && !dueDate) problem("dueDate", "actions:errors.date", dueText);

    const statusText = get("status");
    let status: ActionStatus | null = null;
    if (statusText) {
      const s = isActionStatus(statusText.trim()) ? (statusText.trim() as ActionStatus) : STATUS_WORDS[looseKey(statusText)];
      if (s) status = s;
      else problem("status", "actions:errors.status", statusText);
    }

    const progressText = get("progress");
    let progress: number | null = null;
    if (progressText) {
      let n = parseNumber(progressText);
      // A sheet formatted as percent stores 0.45 for 45 %.
      if (n !== null && n > 0 && n < 1 && !progressText.includes("%")) n = Math.round(n * 100);
      if (n === null || !Number.isInteger(n) || n < 0 || n > 100) problem("progress", "actions:errors.progress", progressText);
      else progress = n;
    }

    const budgetText = get("budgetAmount");
    const noCostText = get("noCost");
    let noCost = parseYes(noCostText) || /^(no cost|none|nil|0 cost|-)$/i.test(budgetText.trim());
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

    const indicatorName = get("indicator");
    const baselineText = get("baseline");
    const targetText = get("target");
    const baseline = parseNumber(baselineText);
    const target = parseNumber(targetText);
    if (Number.isNaN(baseline)) problem("baseline", "actions:errors.indicatorNumber", baselineText);
    if (Number.isNaN(target)) problem("target", "actions:errors.indicatorNumber", targetText);

    const objective = get("objective").slice(0, 4000);
    const scope = get("scope").slice(0, 4000);
    const risks = get("risks").slice(0, 4000);
    const budgetSource = get("budgetSource").slice(0, 200);
    const unit = get("unit");
    const dataSource = get("dataSource");
    const lastChange = get("lastChange").trim();

    if (existing) {
      // An update: what the row does not map keeps its value; what it maps replaces it.
      const cur = existing;
      const next = {
        ref: cur.ref,
        title,
        objective: mapped("objective") ? objective : cur.objective,
        capabilityIds: [...new Set(capabilityIds)],
        organisationId: org?.id ?? cur.organisation_id,
        assigneeId: mapped("assignee") ? assigneeId : cur.assignee_id,
        partnerIds: mapped("partners") ? [...new Set(partnerIds)] : cur.partnerIds,
        startDate: mapped("startDate") ? startDate : cur.start_date,
        dueDate: mapped("dueDate") ? dueDate : cur.due_date,
        ongoing: mapped("ongoing") || dueIsOngoing ? dueIsOngoing || parseYes(ongoingText) : cur.ongoing === 1,
        weight: cur.weight,
        noCost: mapped("noCost") || mapped("budgetAmount") ? noCost : cur.no_cost === 1,
        budgetAmount: mapped("budgetAmount") || noCost ? budgetAmount : cur.budget_amount === null ? null : Number(cur.budget_amount),
        budgetCurrency: mapped("budgetCurrency") || noCost ? budgetCurrency : cur.budget_currency,
        budgetSource: mapped("budgetSource") ? (noCost ? "" : budgetSource) : (cur.budget_source ?? ""),
        scope: mapped("scope") ? scope : cur.scope,
        risks: mapped("risks") ? risks : cur.risks,
      };
      const nextStatus = status ?? (cur.status as ActionStatus);
      const nextProgress = progress ?? (status === "completed" && mapped("status") ? 100 : cur.progress);
      if (next.startDate && next.dueDate && next.dueDate < next.startDate) problem("dueDate", "actions:errors.endBeforeStart", dueText);
      if (!next.dueDate && !next.ongoing) problem("dueDate", "actions:errors.dueOrOngoing");

      const changes: FieldChange[] = [];
      const change = (field: ImportField, from: string, to: string, kind: FieldChange["kind"] = "text") => {
        if (from !== to) changes.push({ field, from, to, kind });
      };
      const orgName = (id: string | null) => (id ? (orgById.get(id)?.name ?? "") : "");
      const memberName = (id: string | null) => (id ? (memberById.get(id)?.name ?? "") : "");
      change("title", cur.title, next.title);
      if (!sameSet(cur.capabilityIds, next.capabilityIds)) change("capabilities", cur.capabilityIds.map(capabilityNumber).join("; "), next.capabilityIds.map(capabilityNumber).join("; "));
      change("objective", cur.objective, next.objective);
      change("organisation", orgName(cur.organisation_id), orgName(next.organisationId));
      change("assignee", memberName(cur.assignee_id), memberName(next.assigneeId));
      if (!sameSet(cur.partnerIds, next.partnerIds)) change("partners", cur.partnerIds.map(orgName).join("; "), next.partnerIds.map(orgName).join("; "));
      change("startDate", cur.start_date ?? "", next.startDate ?? "", "date");
      change("dueDate", cur.due_date ?? "", next.dueDate ?? "", "date");
      change("ongoing", cur.ongoing ? "yes" : "no", next.ongoing ? "yes" : "no");
      change("status", cur.status, nextStatus, "status");
      change("progress", String(cur.progress), String(nextProgress));
      change("budgetAmount", cur.budget_amount === null ? "" : String(Number(cur.budget_amount)), next.budgetAmount === null ? "" : String(next.budgetAmount));
      change("budgetCurrency", cur.budget_currency ?? "", next.budgetCurrency ?? "");
      change("budgetSource", cur.budget_source ?? "", next.budgetSource);
      change("noCost", cur.no_cost ? "yes" : "no", next.noCost ? "yes" : "no");
      change("scope", cur.scope, next.scope);
      change("risks", cur.risks, next.risks);

      if (changes.length) {
        // The same rules as the edit form and the progress form (app/services/actions.server.ts).
        const facts = { ...who.planFacts, sector: isSector(cur.sector) ? cur.sector : null, organisationId: cur.organisation_id, assigneeId: cur.assignee_id };
        const nextFacts = { ...who.planFacts, sector: org && isSector(org.sector) ? org.sector : null, organisationId: next.organisationId, assigneeId: next.assigneeId };
        const edits = changes.some((c) => c.field !== "status" && c.field !== "progress");
        const reassigns = changes.some((c) => c.field === "organisation" || c.field === "assignee");
        const reports = changes.some((c) => c.field === "status" || c.field === "progress");
        if (
          (edits && !(can(who.actor, "action.edit", facts) && can(who.actor, "action.edit", nextFacts))) ||
          (reassigns && !(can(who.actor, "action.assign", facts) && can(who.actor, "action.assign", nextFacts))) ||
          (reports && !can(who.actor, "action.report-progress", facts))
        )
          problem("ref", "actions:errors.forbiddenUpdate", cur.ref);
        // Changed in Taskforce after the export this file came from: its old values would undo that.
        else if (lastChange && lastChange !== cur.updated_at) problem("lastChange", "actions:errors.changedSinceExport", cur.ref);
      }
      if (problems.length) return { row: rowNumber, input: null, update: null, problems };
      return {
        row: rowNumber,
        input: null,
        problems,
        update: { actionId: cur.id, ref: cur.ref, version: cur.version, fields: next, status: nextStatus, progress: nextProgress, changes },
      };
    }

    const ongoing = dueIsOngoing || parseYes(ongoingText);
    if (startDate && dueDate && dueDate < startDate) problem("dueDate", "actions:errors.endBeforeStart", dueText);
    if (!dueText && !ongoing) problem("dueDate", "actions:errors.dueOrOngoing");
    if (org && isSector(org.sector) && !can(who.actor, "action.create", { ...who.planFacts, sector: org.sector, organisationId: org.id })) problem("organisation", "actions:errors.outsideSector", orgText);
    else if (org && isSector(org.sector) && assigneeId && !can(who.actor, "action.assign", { ...who.planFacts, sector: org.sector, organisationId: org.id })) problem("assignee", "actions:errors.forbidden");

    if (problems.length || !org) return { row: rowNumber, input: null, update: null, problems };
    if (!ref) ref = null;
    const newStatus = status ?? "not-started";
    return {
      row: rowNumber,
      problems,
      update: null,
      input: {
        ref,
        title,
        objective,
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
        budgetSource: noCost ? "" : budgetSource,
        scope,
        risks,
        status: newStatus,
        progress: progress ?? (newStatus === "completed" ? 100 : 0),
        indicators: indicatorName
          ? [{ id: null, name: indicatorName.slice(0, 200), unit: unit.slice(0, 60), baseline: baseline ?? null, target: target ?? null, currentValue: null, dataSource: dataSource.slice(0, 200) }]
          : [],
      },
    };
  });
  return { rows, mappingProblems, dateOrder, dateOrderAsked };
}

/** A row is ready when it creates an action or changes one; an unchanged action is neither. */
export function rowCounts(rows: CheckedRow[]) {
  return {
    total: rows.length,
    create: rows.filter((r) => r.input).length,
    update: rows.filter((r) => r.update && r.update.changes.length > 0).length,
    unchanged: rows.filter((r) => r.update && r.update.changes.length === 0).length,
    invalid: rows.filter((r) => r.problems.length > 0).length,
  };
}

export interface ImportResult {
  created: string[];
  updated: string[];
}

/**
 * Imports the valid rows in ONE transaction (all or nothing at the database level): new actions
 * through the same insert as the form, changes through the same edit and progress services (their
 * policy checks, version checks and audit rows). With `strict`, any row with a problem means
 * nothing is imported.
 */
export async function commitImport(services: AppServices, who: ActionActor, batchId: string, mapping: Mapping, strict: boolean, dateOrder?: DateOrder): Promise<ImportResult> {
  const batch = await loadImport(services, who, batchId);
  if (!batch) throw new ServiceError("_form", "actions:import.expired", 410);
  const { rows, mappingProblems } = await checkRows(services, who, batch.content, mapping, dateOrder);
  if (mappingProblems.length) throw new ServiceError("_form", mappingProblems[0]!);
  const counts = rowCounts(rows);
  if (strict && counts.invalid > 0) throw new ServiceError("_form", "actions:errors.strictRefused", 422);
  const creates = rows.filter((r) => r.input !== null);
  const updates = rows.filter((r) => r.update !== null && r.update.changes.length > 0).map((r) => r.update!);
  if (creates.length === 0 && updates.length === 0) throw new ServiceError("_form", counts.unchanged > 0 ? "actions:errors.nothingChanged" : "actions:errors.nothingValid", 422);
  const at = nowIso();
  const result: ImportResult = { created: [], updated: [] };
  await mutate(services, async (m) => {
    // References are read under the plan lock (decision 080), before any row is written.
    const refs = await lockActionRefs(m.trx, who.plan.id);
    for (const u of updates) {
      const fieldsChanged = u.changes.some((c) => c.field !== "status" && c.field !== "progress");
      const reported = u.changes.some((c) => c.field === "status" || c.field === "progress");
      let version = u.version;
      if (fieldsChanged) {
        // Indicators are not in the file: the action keeps its own.
        const indicators = (await listIndicators(m.trx, u.actionId)).map(indicatorFieldsOf);
        version = await updateActionIn(m, who, u.actionId, { ...u.fields, indicators }, version, { announce: false });
      }
      if (reported) await reportProgressIn(m, who, u.actionId, { status: u.status, progress: u.progress, comment: "", evidenceUrl: null, version, indicatorValues: [] }, { announce: false });
      result.updated.push(u.actionId);
    }
    // Rows without a reference are numbered after the file's own references are reserved.
    for (const r of creates) if (r.input!.ref) refs.add(r.input!.ref);
    for (const r of creates) {
      const { sector, ...input } = r.input!;
      // The file's own references stay reserved until their row is inserted.
      if (input.ref) refs.delete(input.ref);
      else input.ref = nextRef(findCapability(who.framework, input.capabilityIds[0] ?? "")?.number ?? 0, refs);
      const { id } = await insertActionIn(m, who, input, sector, refs, at, { announce: false });
      result.created.push(id);
    }
    const done = await m.trx.updateTable("action_import").set({ completed_at: at }).where("id", "=", batchId).where("completed_at", "is", null).executeTakeFirst();
    // A second confirmation of the same upload (double click, two tabs) imports nothing.
    if (Number(done.numUpdatedRows) !== 1) throw new ServiceError("_form", "actions:import.expired", 410);
    await m.audit({
      planId: who.plan.id,
      actorId: who.actor.userId,
      verb: "action.import",
      entity: "action_import",
      entityId: batchId,
      after: { file: batch.fileName, imported: result.created.length, updated: result.updated.length, skipped: counts.invalid, unchanged: counts.unchanged, created: result.created, updatedIds: result.updated },
      at,
    });
    m.emit("plan-changed", { planId: who.plan.id, entity: "action", entityId: null, actorId: who.actor.userId });
  });
  return result;
}

/** What an import wrote, for the page shown after it: the actions created and updated. */
export async function loadImportResult(services: AppServices, who: ActionActor, batchId: string) {
  if (!/^[a-z0-9]{10,64}$/.test(batchId)) return null;
  const row = await findImportAudit(services.db, who.plan.id, batchId, who.actor.userId);
  if (!row?.after_json) return null;
  const after = JSON.parse(row.after_json) as { file?: string; created?: string[]; updatedIds?: string[] };
  const created = after.created ?? [];
  const updated = after.updatedIds ?? [];
  const titles = new Map((await listActionTitles(services.db, who.plan.id, [...created, ...updated])).map((a) => [a.id, a]));
  const list = (ids: string[]) => ids.flatMap((id) => (titles.has(id) ? [titles.get(id)!] : []));
  return { fileName: after.file ?? "", created: list(created), updated: list(updated) };
}
