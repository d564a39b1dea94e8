/**
 * The action register with a large plan: `npx tsx bench/actions.ts [actions]` (default 2000) on a
 * fresh SQLite file.
 * Times the register's count + page queries for typical views (the first page, filters, "My
 * actions", sorting, the last page), a full CSV export of the view, and a progress update.
 * A script, not a test: the numbers are printed, never asserted.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ACTION_STATUSES, refSortKey } from "~/domain/actions";
import { getFramework } from "~/domain/framework";
import type { Actor } from "~/domain/policy";
import { SECTORS } from "~/domain/sectors";
import { actionExportRows, ACTION_EXPORT_COLUMNS, toCsv } from "~/services/action-export.server";
import { loadRegisterAll, loadRegisterPage, parseRegisterQuery } from "~/services/action-register.server";
import { reportProgress } from "~/services/actions.server";
import { AppEvents } from "~/services/events.server";
import { newId } from "~/services/ids.server";
import { planFacts, type PlanAccess } from "~/services/plan-access.server";
import type { AppServices } from "~/services/context.server";
import { openDatabase } from "../db/connect";
import { migrateToLatest } from "../db/migrate";

const N = Number(process.argv[2] ?? 2000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskforce-bench-"));
const { db, kind } = openDatabase({ sqlitePath: path.join(dir, "bench.db") });
await migrateToLatest(db);
const framework = getFramework("mnr-2016");
const at = new Date().toISOString();
const planId = newId();
await db.insertInto("plan").values({ id: planId, title: "Bench plan", country: "LU", start_year: 2026, end_year: 2030, description: "", framework_version: "mnr-2016", coordinators_see_sector_notes: 1, archived_at: null, created_at: at, created_by: null }).execute();

// 12 organisations, 40 members: the size of a national task force.
const orgs: Array<{ id: string; sector: string }> = [];
for (let i = 0; i < 12; i++) {
  const sector = SECTORS[i % 4]!;
  const id = newId();
  orgs.push({ id, sector });
  await db.insertInto("organisation").values({ id, plan_id: planId, name: `Organisation ${i}`, sector, org_type: sector, created_at: at }).execute();
}
const users: Array<{ id: string; org: string }> = [];
for (let i = 0; i < 40; i++) {
  const id = newId();
  const org = orgs[i % orgs.length]!.id;
  users.push({ id, org });
  await db.insertInto("app_user").values({ id, email: `bench${i}@example.org`, name: `Member ${i}`, password_hash: "x", is_site_admin: 0, disabled_at: null, created_at: at, password_changed_at: at }).execute();
  await db.insertInto("membership").values({ plan_id: planId, user_id: id, organisation_id: org, role: i === 0 ? "coordinator" : "member", created_at: at, updated_at: at }).execute();
}

let seed = 11;
const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const seedStarted = performance.now();
await db.transaction().execute(async (trx) => {
  for (let i = 0; i < N; i++) {
    const id = newId();
    const org = orgs[rand(orgs.length)]!;
    const assignee = rand(3) === 0 ? null : users.filter((u) => u.org === org.id)[rand(3)]?.id ?? null;
    const ref = `${1 + rand(21)}.${i}`;
    await trx
      .insertInto("action")
      .values({
        id,
        plan_id: planId,
        ref,
        ref_sort: refSortKey(ref),
        title: `Action ${i}: strengthen the national response`,
        objective: "",
        sector: org.sector,
        organisation_id: org.id,
        assignee_id: assignee,
        start_date: day(-400),
        due_date: day(rand(700) - 350),
        ongoing: rand(10) === 0 ? 1 : 0,
        status: ACTION_STATUSES[rand(6)]!,
        progress: rand(101),
        weight: 1,
        budget_amount: rand(2) ? 1000 * rand(100) : null,
        budget_currency: "EUR",
        budget_source: "State budget",
        no_cost: 0,
        scope: "",
        risks: "",
        version: 1,
        created_at: at,
        created_by: null,
        updated_at: new Date(Date.now() - rand(200) * 86_400_000).toISOString(),
        updated_by: null,
      })
      .execute();
    for (const c of new Set([framework.capabilities[rand(21)]!.id, framework.capabilities[rand(21)]!.id]))
      await trx.insertInto("action_capability").values({ action_id: id, plan_id: planId, capability_id: c }).execute();
  }
});
console.info(`${kind}: plan with ${N} actions, 12 organisations, 40 members (seeded in ${(performance.now() - seedStarted).toFixed(0)} ms)`);

const plan = (await db.selectFrom("plan").selectAll().where("id", "=", planId).executeTakeFirst())!;
const member = users[5]!;
const actor: Actor = { userId: member.id, role: "coordinator", sector: "government", organisationId: member.org };
const access = { plan, actor, framework, planFacts: planFacts(plan), organisationName: "", auth: null as never } satisfies PlanAccess;

async function time(label: string, runs: number, fn: () => Promise<unknown>) {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const p = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(1);
  console.info(`${label.padEnd(44)} median ${p(0.5)} ms  p95 ${p(0.95)} ms  (${runs} runs)`);
}
const view = (q: string) => () => loadRegisterPage(access, db, parseRegisterQuery(new URL(`http://x/?${q}`)));
const domain = framework.domains[1]!.id;
await time("register: first page (50, by ref)", 50, view(""));
await time("register: overdue", 50, view("overdue=1"));
await time("register: due within 30 days, sorted by due", 50, view("due=30&sort=due"));
await time("register: domain + status at-risk/delayed", 50, view(`domain=${domain}&status=at-risk&status=delayed`));
await time("register: capability + sector", 50, view(`capability=${framework.capabilities[11]!.id}&sector=civil-society`));
await time("register: My actions", 50, view("mine=1"));
await time("register: changed since 30 days, by update", 50, view(`since=${day(-30)}&sort=updated&dir=desc`));
await time("register: text search", 50, view("q=action%2012"));
await time("register: last page (100 per page)", 50, view(`size=100&page=${Math.ceil(N / 100)}`));
await time("export: whole register as CSV", 10, async () => toCsv(ACTION_EXPORT_COLUMNS, await actionExportRows(db, access, await loadRegisterAll(access, db, parseRegisterQuery(new URL("http://x/"))))));

const services = { db, dbKind: kind, events: new AppEvents() } as unknown as AppServices;
const target = await db.selectFrom("action").select("id").where("plan_id", "=", planId).executeTakeFirstOrThrow();
let progress = 0;
await time("progress update (record + action + audit)", 30, () => reportProgress(services, access, target.id, { status: "on-track", progress: (progress = (progress + 1) % 100), comment: "bench", evidenceUrl: null, indicatorValues: [], version: undefined }));

await db.destroy();
fs.rmSync(dir, { recursive: true, force: true });
