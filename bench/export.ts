/**
 * How long exporting a large plan takes: 21 capabilities with narratives, an introduction and
 * 500 actions (partners, indicators, budgets), read from a fresh SQLite file, then rendered as
 * Markdown and DOCX, and frozen as an edition (JSON). A script, not a test:
 * `npx tsx bench/export.ts [actions]` (default 500). The target is < 5 s per export.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import i18next from "i18next";
import * as Y from "yjs";
import { ACTION_STATUSES, refSortKey } from "~/domain/actions";
import { planToMarkdown } from "~/domain/document/markdown";
import type { DocText } from "~/domain/document/text";
import { getFramework } from "~/domain/framework";
import { SECTORS } from "~/domain/sectors";
import { newId } from "~/services/ids.server";
import { buildPlanDocument } from "~/services/plan-document.server";
import { planToDocx } from "~/services/plan-docx.server";
import { openDatabase } from "../db/connect";
import { migrateToLatest } from "../db/migrate";
import { insertDocUpdates } from "../db/repositories/docs";
import { docName } from "../server/sync/doc-names";

const N = Number(process.argv[2] ?? 500);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskforce-bench-export-"));
const { db } = openDatabase({ sqlitePath: path.join(dir, "bench.db") });
await migrateToLatest(db);
const framework = getFramework("mnr-2016");
const at = new Date().toISOString();
const planId = newId();
await db.insertInto("plan").values({ id: planId, title: "Bench plan", country: "LU", start_year: 2026, end_year: 2030, description: "A plan to measure exports.", framework_version: "mnr-2016", coordinators_see_sector_notes: 1, archived_at: null, created_at: at, created_by: null }).execute();
const orgIds: string[] = [];
for (let i = 0; i < 24; i++) {
  const id = newId();
  const sector = SECTORS[i % 4]!;
  orgIds.push(id);
  await db.insertInto("organisation").values({ id, plan_id: planId, name: `Organisation ${i + 1}`, sector, org_type: sector === "civil-society" ? "civil-society" : sector, created_at: at }).execute();
}
const sectorOf = (orgIndex: number) => SECTORS[orgIndex % 4]!;

let seed = 11;
const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
await db.transaction().execute(async (trx) => {
  for (let i = 0; i < N; i++) {
    const id = newId();
    const o = rand(orgIds.length);
    await trx
      .insertInto("action")
      .values({ id, plan_id: planId, ref: `${1 + (i % 21)}.${1 + Math.floor(i / 21)}`, ref_sort: refSortKey(`${1 + (i % 21)}.${1 + Math.floor(i / 21)}`), title: `Action ${i}: train and equip the responsible teams`, objective: "Objective of the measure, one sentence long.", sector: sectorOf(o), organisation_id: orgIds[o]!, assignee_id: null, start_date: "2026-01-01", due_date: "2028-12-31", ongoing: rand(10) === 0 ? 1 : 0, status: ACTION_STATUSES[rand(6)]!, progress: rand(101), weight: 1, budget_amount: 10_000 + rand(90_000), budget_currency: "EUR", budget_source: "State budget", no_cost: 0, scope: "", risks: "", version: 1, created_at: at, created_by: null, updated_at: at, updated_by: null })
      .execute();
    await trx.insertInto("action_capability").values({ action_id: id, plan_id: planId, capability_id: framework.capabilities[i % 21]!.id }).execute();
    for (const p of new Set([rand(orgIds.length), rand(orgIds.length)])) if (p !== o) await trx.insertInto("action_partner").values({ action_id: id, organisation_id: orgIds[p]! }).execute();
    for (let k = 0; k < 2; k++)
      await trx.insertInto("action_indicator").values({ id: newId(), action_id: id, position: k, name: `Indicator ${k + 1}`, unit: "%", baseline: 10, target: 80, current_value: 40, data_source: "Annual survey" }).execute();
  }
});

// Narratives as the editor stores them: one Y.Doc per capability, written as several updates.
function richText(paragraphs: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on("update", (u: Uint8Array) => updates.push(u));
  const fragment = doc.getXmlFragment("default");
  for (let i = 0; i < paragraphs; i++) {
    const p = new Y.XmlElement("paragraph");
    const text = new Y.XmlText();
    fragment.push([p]);
    p.insert(0, [text]);
    text.insert(0, `Paragraph ${i + 1} of the narrative describes the current arrangements, the gaps and how the actions close them. `.repeat(3));
    text.format(0, 9, { bold: {} });
  }
  const list = new Y.XmlElement("bulletList");
  fragment.push([list]);
  for (let i = 0; i < 4; i++) {
    const item = new Y.XmlElement("listItem");
    list.push([item]);
    const p = new Y.XmlElement("paragraph");
    item.insert(0, [p]);
    const t = new Y.XmlText();
    p.insert(0, [t]);
    t.insert(0, `List item ${i + 1}`);
  }
  return updates;
}
const docs = [docName({ kind: "introduction", planId }), ...framework.capabilities.map((c) => docName({ kind: "capability", planId, capabilityId: c.id }))];
for (const name of docs) await insertDocUpdates(db, name, at, richText(8).map((bytes, i) => ({ seq: i + 1, bytes, authorId: null })));
for (const c of framework.capabilities) await insertDocUpdates(db, docName({ kind: "sector-notes", planId, capabilityId: c.id, sector: "government" }), at, richText(2).map((bytes, i) => ({ seq: i + 1, bytes, authorId: null })));

// Catalogue text without Vite (the app loads catalogues with import.meta.glob).
const resources: Record<string, unknown> = {};
for (const file of fs.readdirSync("app/locales/en")) resources[file.replace(/\.json$/, "")] = JSON.parse(fs.readFileSync(path.join("app/locales/en", file), "utf8"));
const i18n = i18next.createInstance();
await i18n.init({ lng: "en", resources: { en: resources as never }, ns: Object.keys(resources), defaultNS: "common", interpolation: { escapeValue: false } });
const text: DocText = { t: (key, options) => i18n.t(key, options as never) as unknown as string, locale: "en" };

const plan = (await db.selectFrom("plan").selectAll().where("id", "=", planId).executeTakeFirst())!;
const reader = { plan, framework, actor: { userId: "bench", role: "coordinator" as const, sector: "government" as const, organisationId: orgIds[0]! }, planFacts: { readOnly: false, coordinatorsSeeSectorNotes: true } };

async function time<T>(label: string, runs: number, fn: () => Promise<T> | T): Promise<T> {
  let result = await fn();
  const started = performance.now();
  for (let i = 0; i < runs; i++) result = await fn();
  console.info(`${label.padEnd(44)} ${((performance.now() - started) / runs).toFixed(0).padStart(6)} ms per run (${runs} runs)`);
  return result;
}

console.info(`plan: 21 capabilities with narratives, an introduction, ${N} actions, ${orgIds.length} organisations`);
const doc = await time("read the plan document (DB + Yjs)", 5, () => buildPlanDocument(db, reader, { audience: "internal", t: text.t, locale: "en" }));
const md = await time("render Markdown", 5, () => planToMarkdown(doc, text));
const docx = await time("render DOCX", 3, () => planToDocx(doc, text));
const json = await time("freeze: serialise the edition JSON", 5, () => JSON.stringify(doc));
await time("whole DOCX export (read + render)", 3, async () => planToDocx(await buildPlanDocument(db, reader, { audience: "internal", t: text.t, locale: "en" }), text));
await time("whole Markdown export (read + render)", 3, async () => planToMarkdown(await buildPlanDocument(db, reader, { audience: "internal", t: text.t, locale: "en" }), text));
console.info(`sizes: Markdown ${(md.length / 1024).toFixed(0)} KiB, DOCX ${(docx.length / 1024).toFixed(0)} KiB, edition JSON ${(json.length / 1024).toFixed(0)} KiB`);
if (md.includes("Paragraph 1 of the narrative") === false) throw new Error("narratives missing from the export");
await db.destroy();
fs.rmSync(dir, { recursive: true, force: true });
