/**
 * How long the MNR views take to load their numbers for a large plan: loadPlanStructure (overview,
 * capability page, gap analysis) and the overdue-over-time rebuild (dashboard). A script, not a
 * test: `npx tsx bench/plan-structure.ts [actions]` (default 5000) on a fresh SQLite file.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ACTION_STATUSES, refSortKey } from "~/domain/actions";
import { getFramework } from "~/domain/framework";
import { monthlyDays, overdueHistory } from "~/domain/overdue-history";
import { SECTORS } from "~/domain/sectors";
import { newId } from "~/services/ids.server";
import { loadPlanStructure } from "~/services/plan-structure.server";
import { openDatabase } from "../db/connect";
import { migrateToLatest } from "../db/migrate";
import { listStatusChanges } from "../db/repositories/capabilities";

const N = Number(process.argv[2] ?? 5000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskforce-bench-"));
const { db } = openDatabase({ sqlitePath: path.join(dir, "bench.db") });
await migrateToLatest(db);
const framework = getFramework("mnr-2016");
const at = new Date().toISOString();
const planId = newId();
await db.insertInto("plan").values({ id: planId, title: "Bench plan", country: "LU", start_year: 2026, end_year: 2030, description: "", framework_version: "mnr-2016", coordinators_see_sector_notes: 1, archived_at: null, created_at: at, created_by: null }).execute();
const orgs = Object.fromEntries(SECTORS.map((s) => [s, newId()]));
for (const s of SECTORS) await db.insertInto("organisation").values({ id: orgs[s]!, plan_id: planId, name: s, sector: s, org_type: s === "civil-society" ? "civil-society" : s, created_at: at }).execute();

let seed = 7;
const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
await db.transaction().execute(async (trx) => {
  for (let i = 0; i < N; i++) {
    const id = newId();
    const sector = SECTORS[rand(4)]!;
    await trx
      .insertInto("action")
      .values({ id, plan_id: planId, ref: `R${i}`, ref_sort: refSortKey(`R${i}`), title: `Action ${i}`, objective: "", sector, organisation_id: orgs[sector]!, assignee_id: null, start_date: null, due_date: day(rand(700) - 350), ongoing: rand(10) === 0 ? 1 : 0, status: ACTION_STATUSES[rand(6)]!, progress: rand(101), weight: 1 + rand(3), budget_amount: null, budget_currency: null, budget_source: null, no_cost: 0, scope: "", risks: "", version: 1, created_at: `${day(-400)}T09:00:00.000Z`, created_by: null, updated_at: at, updated_by: null })
      .execute();
    const caps = new Set([framework.capabilities[rand(21)]!.id, framework.capabilities[rand(21)]!.id]);
    for (const c of caps) await trx.insertInto("action_capability").values({ action_id: id, plan_id: planId, capability_id: c }).execute();
    for (let u = 0; u < 3; u++)
      await trx
        .insertInto("action_update")
        .values({ id: newId(), action_id: id, plan_id: planId, author_id: null, at: `${day(-300 + u * 90)}T10:00:00.000Z`, status_from: ACTION_STATUSES[rand(6)]!, status_to: ACTION_STATUSES[rand(6)]!, progress_from: null, progress_to: null, indicator_values_json: null, comment: "", evidence_url: null, meeting_id: null })
        .execute();
  }
});
const plan = (await db.selectFrom("plan").selectAll().where("id", "=", planId).executeTakeFirst())!;

async function time(label: string, runs: number, fn: () => Promise<unknown>) {
  await fn();
  const started = performance.now();
  for (let i = 0; i < runs; i++) await fn();
  console.info(`${label}: ${((performance.now() - started) / runs).toFixed(1)} ms per run (${runs} runs)`);
}
console.info(`plan with ${N} actions, ~${N * 1.95 | 0} capability links, ${N * 3} updates`);
await time("queries only", 20, () => Promise.all([db.selectFrom("plan_capability").selectAll().where("plan_id", "=", planId).execute(), db.selectFrom("action").select(["id", "ref", "title", "sector", "status", "progress", "weight", "due_date", "ongoing", "created_at", "updated_at", "updated_by"]).where("plan_id", "=", planId).execute(), db.selectFrom("action_capability").select(["action_id", "capability_id"]).where("plan_id", "=", planId).execute()]));
await time("loadPlanStructure", 20, () => loadPlanStructure(db, plan, framework));
await time("overdue history (12 months)", 20, async () => {
  const s = await loadPlanStructure(db, plan, framework);
  const changes = await listStatusChanges(db, planId);
  return overdueHistory(
    s.actions.map((a) => ({ id: a.id, createdAt: a.createdAt, status: a.status, dueDate: a.dueDate, ongoing: a.ongoing })),
    changes.map((c) => ({ actionId: c.action_id, at: c.at, from: c.status_from, to: c.status_to })),
    monthlyDays(s.today, 12),
  );
});
await db.destroy();
fs.rmSync(dir, { recursive: true, force: true });
