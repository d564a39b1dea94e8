import { z } from "zod";
import { isCalendarDay, todayUtc } from "~/domain/actions";
import { planToMarkdown, type EditionInfo } from "~/domain/document/markdown";
import { AUDIENCES, EDITION_NAME_MAX, EDITION_NOTE_MAX, isAudience, type Audience, type PlanDocument } from "~/domain/document/plan-document";
import { titleNamesPeriod, type DocText, type Translate } from "~/domain/document/text";
import { i18nServer } from "~/i18n/i18n.server";
import type { DB } from "../../db/connect";
import { findEdition, insertEdition, listExclusions, replaceExclusions } from "../../db/repositories/plan-document";
import type { Edition } from "../../db/schema";
import type { AppServices } from "./context.server";
import { newId, nowIso } from "./ids.server";
import { mutate } from "./mutation.server";
import { requirePermission, type PlanAccess } from "./plan-access.server";
import { buildPlanDocument, parsePlanDocument, type DocumentReader } from "./plan-document.server";
import { planToDocx } from "./plan-docx.server";

export const EXPORT_FORMATS = ["docx", "md"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export function isExportFormat(v: unknown): v is ExportFormat {
  return typeof v === "string" && (EXPORT_FORMATS as readonly string[]).includes(v);
}

const NAMESPACES = ["export", "mnr", "common"] as const;

/** The reader's language, for document text (catalogue + Intl). */
export async function documentText(request: Request): Promise<DocText> {
  const locale = await i18nServer.getLocale(request);
  return documentTextFor(locale);
}

export async function documentTextFor(locale: string): Promise<DocText> {
  const fixed = await i18nServer.getFixedT(locale, NAMESPACES);
  const t: Translate = (key, options) => fixed(key, options as never) as unknown as string;
  return { t, locale };
}

/** `?edition=public|internal` (default public: the safer one to hand around). */
export function audienceFrom(url: URL): Audience {
  const v = url.searchParams.get("edition");
  return isAudience(v) ? v : "public";
}

// ---------------------------------------------------------------------------------------------
// Downloads

// Control characters are matched on purpose: they must never reach a file name.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f\u007f]/g;
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

const MAX_FILE_NAME = 120;

/** Text shortened to at most `max` characters at a space, never inside a word (unless it is one word). */
function shortenAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const space = text.slice(0, max + 1).lastIndexOf(" ");
  return (space > 0 ? text.slice(0, space) : text.slice(0, max)).trim();
}

/**
 * A file name any operating system accepts: no path separators or characters Windows refuses,
 * no control characters, no leading dots, at most 120 characters, shortened between words; never
 * empty.
 */
export function safeFileName(name: string, extension: string): string {
  let base = name
    .normalize("NFC")
    .replace(UNSAFE, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^[.\s-]+|[.\s-]+$/g, "");
  if (!base || RESERVED.test(base)) base = `plan${base ? `-${base}` : ""}`;
  base = shortenAtWord(base, MAX_FILE_NAME);
  return `${base}.${extension}`;
}

/** attachment; filename="ascii fallback"; filename*=UTF-8''percent-encoded (RFC 6266 / 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.normalize("NFKD").replace(/[^\x20-\x7e]/g, "").replace(/["\\]/g, "").trim() || "plan";
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

const MIME: Record<ExportFormat, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  md: "text/markdown; charset=utf-8",
};

/** The document as a download in one format. */
export async function downloadResponse(doc: PlanDocument, format: ExportFormat, text: DocText, baseName: string, edition?: EditionInfo): Promise<Response> {
  const body = format === "docx" ? new Uint8Array(await planToDocx(doc, text, edition)) : new TextEncoder().encode(planToMarkdown(doc, text, edition));
  return new Response(body, {
    headers: {
      "Content-Type": MIME[format],
      "Content-Disposition": contentDisposition(safeFileName(baseName, format)),
      "Content-Length": String(body.byteLength),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** The title, shortened between words so that what follows it (edition, date) stays whole. */
function withTitle(title: string, rest: string): string {
  return `${shortenAtWord(title, Math.max(20, MAX_FILE_NAME - rest.length - 1))} ${rest}`;
}

export function livingFileName(doc: PlanDocument): string {
  const { title, startYear, endYear } = doc.plan;
  // The period once: many titles already end with it.
  const period = titleNamesPeriod(title, startYear, endYear) ? "" : `${startYear}-${endYear} `;
  return withTitle(title, `${period}${doc.audience} ${doc.generatedAt.slice(0, 10)}`);
}

export function editionFileName(doc: PlanDocument, edition: Pick<Edition, "name" | "edition_date">): string {
  return withTitle(doc.plan.title, `${edition.name} ${edition.edition_date}`);
}

/** The living plan as the member may export it. */
export async function livingDocument(services: AppServices, access: PlanAccess, audience: Audience, text: DocText): Promise<PlanDocument> {
  requirePermission(access, "export.plan");
  return buildPlanDocument(services.db, access, { audience, t: text.t, locale: text.locale });
}

// ---------------------------------------------------------------------------------------------
// Public-edition exclusions

const ids = z.preprocess((v) => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(64)).max(5000));
export const exclusionsSchema = z.object({ capability: ids, action: ids });

export async function loadExclusions(db: DB, planId: string): Promise<{ capabilities: Set<string>; actions: Set<string> }> {
  const rows = await listExclusions(db, planId);
  return {
    capabilities: new Set(rows.filter((r) => r.kind === "capability").map((r) => r.target_id)),
    actions: new Set(rows.filter((r) => r.kind === "action").map((r) => r.target_id)),
  };
}

/** Replaces the plan's exclusions; ids that are not the plan's capabilities or actions are ignored. */
export async function saveExclusions(services: AppServices, access: PlanAccess, input: z.infer<typeof exclusionsSchema>): Promise<void> {
  // Shaping what public editions show is part of publishing editions: the same verb as freezing.
  requirePermission(access, "edition.freeze");
  const planId = access.plan.id;
  const capabilityIds = new Set(access.framework.capabilities.map((c) => c.id));
  const capabilities = [...new Set(input.capability)].filter((id) => capabilityIds.has(id)).sort();
  const wanted = [...new Set(input.action)];
  const known = wanted.length
    ? new Set((await services.db.selectFrom("action").select("id").where("plan_id", "=", planId).where("id", "in", wanted).execute()).map((r) => r.id))
    : new Set<string>();
  const actions = wanted.filter((id) => known.has(id)).sort();
  const before = await loadExclusions(services.db, planId);
  const at = nowIso();
  await mutate(services, async (m) => {
    await replaceExclusions(m.trx, planId, [...capabilities.map((id) => ({ kind: "capability", target_id: id })), ...actions.map((id) => ({ kind: "action", target_id: id }))], at, access.actor.userId);
    await m.audit({
      planId,
      actorId: access.actor.userId,
      verb: "export.exclude",
      entity: "plan",
      entityId: planId,
      before: { capabilities: [...before.capabilities].sort(), actions: [...before.actions].sort() },
      after: { capabilities, actions },
      at,
    });
    m.emit("plan-changed", { planId, entity: "plan", entityId: planId, actorId: access.actor.userId });
  });
}

// ---------------------------------------------------------------------------------------------
// Editions

export const freezeSchema = z.object({
  name: z.preprocess((v) => v ?? "", z.string().trim().min(1, { error: "export:errors.name" }).max(EDITION_NAME_MAX, { error: "export:errors.name" })),
  date: z.preprocess((v) => (typeof v === "string" ? v.trim() : v) || todayUtc(), z.string().refine(isCalendarDay, { error: "export:errors.date" })),
  note: z.preprocess((v) => v ?? "", z.string().trim().max(EDITION_NOTE_MAX, { error: "export:errors.note" })),
  audience: z.enum(AUDIENCES, { error: "export:errors.audience" }),
});
export type FreezeInput = z.infer<typeof freezeSchema>;

/**
 * Freezes the plan document as it is now into an edition. The whole document is copied as JSON
 * in the same transaction that records it, so it cannot drift from what the coordinator saw.
 */
export async function freezeEdition(services: AppServices, access: PlanAccess, input: FreezeInput, text: DocText): Promise<string> {
  requirePermission(access, "edition.freeze");
  const doc = await buildPlanDocument(services.db, access as DocumentReader, { audience: input.audience, t: text.t, locale: text.locale });
  const id = newId();
  const at = nowIso();
  await mutate(services, async (m) => {
    await insertEdition(m.trx, {
      id,
      plan_id: access.plan.id,
      name: input.name,
      edition_date: input.date,
      note: input.note,
      audience: input.audience,
      data_json: JSON.stringify(doc),
      created_at: at,
      created_by: access.actor.userId,
    });
    const summary = { name: input.name, date: input.date, audience: input.audience, actions: Object.keys(doc.actions).length };
    await m.audit({ planId: access.plan.id, actorId: access.actor.userId, verb: "edition.freeze", entity: "edition", entityId: id, after: summary, at });
    m.emit("plan-changed", { planId: access.plan.id, entity: "edition", entityId: id, actorId: access.actor.userId });
  });
  return id;
}

/** An edition of the plan with its document, or a 404 Response. */
export async function requireEdition(services: AppServices, access: PlanAccess, editionId: string | undefined) {
  requirePermission(access, "edition.view");
  if (!editionId || editionId.length > 64) throw new Response("Not Found", { status: 404 });
  const row = await findEdition(services.db, access.plan.id, editionId);
  if (!row) throw new Response("Not Found", { status: 404 });
  return { edition: row, doc: parsePlanDocument(row.data_json), info: { name: row.name, date: row.edition_date, note: row.note } satisfies EditionInfo };
}
