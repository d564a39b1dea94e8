import { getFramework } from "~/domain/framework";
import { createUser } from "~/services/accounts.server";
import type { Auth } from "~/services/auth.server";
import type { AppServices } from "~/services/context.server";
import { createAction, reportProgress } from "~/services/actions.server";
import { assessMaturity } from "~/services/capabilities.server";
import { documentTextFor, freezeEdition } from "~/services/export.server";
import { loadPlanAccess, type PlanAccess } from "~/services/plan-access.server";
import { createPlan } from "~/services/plans.server";
import { addMember, createOrganisation } from "~/services/members.server";
import { openDatabase } from "../db/connect";
import { migrateToLatest } from "../db/migrate";
import { insertDocClients, insertDocUpdates } from "../db/repositories/docs";
import { countUsers, findUserByEmail } from "../db/repositories/users";
import { readConfig } from "../server/config";
import { createServices } from "../server/services";
import { attachSyncServer } from "../server/sync";
import { docName } from "../server/sync/doc-names";
import { DEMO_PASSWORD, demoActions, demoMeetings, demoMembers, demoNarratives, demoOrganisations, demoPlan } from "./demo/content";
import { runDemoMeeting } from "./demo/meetings";
import { narrativeUpdate } from "./demo/narratives";

/**
 * `npm run demo`: loads a fictional country's task force into the configured database through
 * the same services the app uses (policy, validation, audit), then dates its history back so the
 * plan looks like one that has been running for two years.
 */

const ADMIN = { email: "admin@demo.taskforce.example", name: "Demo Administrator" };

export interface DemoResult {
  planId: string;
  signIns: Array<{ role: string; sector: string; name: string; email: string }>;
}

function monthDay(start: string, months: number): string {
  const d = new Date(`${start}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

async function userAuth(services: AppServices, email: string): Promise<Auth> {
  const u = await findUserByEmail(services.db, email);
  if (!u) throw new Error(`demo user ${email} missing`);
  return { token: "", user: { id: u.id, email: u.email, name: u.name, isSiteAdmin: u.is_site_admin === 1 }, session: { id: "demo", expiresAt: new Date(), renewed: false } };
}

async function accessOf(services: AppServices, planId: string, email: string): Promise<PlanAccess> {
  const access = await loadPlanAccess(services.db, await userAuth(services, email), planId);
  if (!access) throw new Error(`demo user ${email} is not a member`);
  return access;
}

export async function loadDemo(services: AppServices, now = new Date()): Promise<DemoResult> {
  const { db } = services;
  const framework = getFramework("mnr-2016");
  // The plan started eleven months ago, so its history, overdue actions and next meeting look current.
  const startMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1));
  const planStart = startMonth.toISOString().slice(0, 10);
  const startYear = startMonth.getUTCFullYear();

  // People
  for (const person of [{ ...ADMIN, admin: true }, ...demoMembers.map((m) => ({ email: m.email, name: m.name, admin: false }))]) {
    if (!(await findUserByEmail(db, person.email))) await createUser(db, { email: person.email, name: person.name, password: DEMO_PASSWORD, isSiteAdmin: person.admin });
  }
  const admin = await userAuth(services, ADMIN.email);

  // The plan, with the first coordinator and their organisation
  const coordinator = demoMembers[0]!;
  const coordinatorOrg = demoOrganisations.find((o) => o.key === coordinator.org)!;
  const planId = await createPlan(services, admin.user.id, {
    ...demoPlan,
    title: demoPlan.title.replace("{{period}}", `${startYear}–${startYear + 3}`),
    startYear,
    endYear: startYear + 3,
    frameworkVersion: "mnr-2016",
    coordinatorEmail: coordinator.email,
    organisationName: coordinatorOrg.name,
    organisationType: coordinatorOrg.orgType,
  });
  // The plan was set up a month before it started (its actions are dated from then on).
  await db.updateTable("plan").set({ created_at: new Date(Date.parse(`${planStart}T09:00:00Z`) - 30 * 86400_000).toISOString() }).where("id", "=", planId).execute();
  const coordAccess = await accessOf(services, planId, coordinator.email);
  const orgIds = new Map<string, string>();
  orgIds.set(coordinatorOrg.key, coordAccess.actor.organisationId);
  for (const org of demoOrganisations) {
    if (orgIds.has(org.key)) continue;
    orgIds.set(org.key, await createOrganisation(services, { kind: "member", access: coordAccess }, { name: org.name, orgType: org.orgType }));
  }
  const userIds = new Map<string, string>();
  for (const m of demoMembers) {
    const u = (await findUserByEmail(db, m.email))!;
    userIds.set(m.key, u.id);
    if (m.key === coordinator.key) continue;
    await addMember(services, { kind: "member", access: coordAccess }, { userId: u.id, organisationId: orgIds.get(m.org)!, role: m.role });
  }

  // Maturity for all 21 capabilities, assessed by the coordinator
  for (const [i, c] of framework.capabilities.entries()) {
    const baseline = i % 5 === 0 ? 0 : 1 + (i % 2);
    const current = Math.min(4, baseline + (i % 3 === 0 ? 0 : 1) + (i % 7 === 0 ? 1 : 0));
    const target = Math.min(4, Math.max(current + 1, 3));
    await assessMaturity(services, coordAccess, c.id, {
      baseline,
      current,
      target,
      evidence: `Agreed at the task force's self-assessment workshop using the plan's maturity scale; see the situational analysis, section ${i + 1}.`,
    });
  }
  // The baseline workshop took place in the plan's second month; current levels were reviewed since.
  const assessedAt = (months: number) => new Date(Date.parse(`${monthDay(planStart, months)}T10:00:00Z`)).toISOString();
  await db.updateTable("maturity_change").set({ changed_at: assessedAt(1) }).where("plan_id", "=", planId).where("kind", "in", ["baseline", "target"]).execute();
  await db.updateTable("maturity_change").set({ changed_at: assessedAt(8) }).where("plan_id", "=", planId).where("kind", "=", "current").execute();
  await db.updateTable("plan_capability").set({ updated_at: assessedAt(8), assessed_at: assessedAt(8) }).where("plan_id", "=", planId).execute();

  // 80 actions: created by the coordinator, then progress reported by their assignees over time
  for (const [n, a] of demoActions.entries()) {
    const startDate = monthDay(planStart, a.startMonth);
    const ongoing = a.dueMonth === "ongoing";
    const dueDate = ongoing ? null : monthDay(planStart, a.dueMonth as number);
    // The assignee must belong to the lead organisation and be able to report (not an observer).
    const named = demoMembers.find((m) => m.key === a.assignee && m.org === a.org && m.role !== "observer");
    const assignee = named ?? demoMembers.find((m) => m.org === a.org && m.role !== "observer");
    const { id } = await createAction(services, coordAccess, {
      ref: null,
      title: a.title,
      objective: a.objective,
      capabilityIds: [a.capability],
      organisationId: orgIds.get(a.org)!,
      assigneeId: assignee ? userIds.get(assignee.key)! : null,
      partnerIds: n % 3 === 0 ? [orgIds.get(a.org === "social" ? "helpline" : "social")!] : [],
      startDate,
      dueDate,
      ongoing,
      weight: 1,
      noCost: n % 4 === 0,
      budgetAmount: n % 4 === 0 ? null : 20000 + (n % 9) * 15000,
      budgetCurrency: n % 4 === 0 ? null : "EUR",
      budgetSource: n % 4 === 0 ? "" : n % 2 ? "State budget" : "Donor grant",
      scope: n % 5 === 0 ? "National" : "",
      risks: "",
      indicators:
        n % 2 === 0
          ? [{ id: null, name: "Milestones delivered", unit: "milestones", baseline: 0, target: 4, currentValue: null, dataSource: "Task force secretariat records" }]
          : [],
      status: "not-started",
      progress: 0,
    });
    const started = Date.parse(`${startDate}T09:00:00Z`) < now.getTime() - 7 * 86400_000;
    const steps = a.status === "not-started" || !started ? [] : a.progress >= 60 ? [0.4, 1] : [1];
    const reporter = assignee ? await accessOf(services, planId, assignee.email) : coordAccess;
    const canReport = reporter.actor.role !== "observer";
    for (const [k, fraction] of steps.entries()) {
      const last = k === steps.length - 1;
      const progress = Math.round(a.progress * fraction);
      const status = last ? a.status : "on-track";
      const who = canReport ? reporter : coordAccess;
      const { updateId } = await reportProgress(services, who, id, {
        status,
        progress,
        comment: last ? `Status reviewed: ${status.replace("-", " ")}.` : "Work under way; first milestone reached.",
        evidenceUrl: null,
        indicatorValues: [],
        version: undefined,
      });
      // Spread the history over the months since the action started.
      const startedMs = Date.parse(`${startDate}T09:00:00Z`);
      const span = Math.max(0, now.getTime() - startedMs - 3 * 86400_000);
      const at = new Date(startedMs + span * (last ? 0.9 + (n % 10) / 100 : 0.45)).toISOString();
      await db.updateTable("action_update").set({ at }).where("id", "=", updateId).execute();
    }
    const lastAt = await db.selectFrom("action_update").select((eb) => eb.fn.max("at").as("at")).where("action_id", "=", id).executeTakeFirst();
    // Written into the plan ten days before it starts, and never after the day the demo is loaded:
    // an action that starts next quarter was planned in the past like the others, and untouched since.
    const startMs = Date.parse(`${startDate}T08:00:00Z`);
    const createdMs = Math.min(startMs - 10 * 86400_000, now.getTime() - 14 * 86400_000);
    const changedAt = (lastAt?.at as string | null) ?? new Date(Math.min(startMs + 3600_000, now.getTime() - 7 * 86400_000)).toISOString();
    await db.updateTable("action").set({ created_at: new Date(createdMs).toISOString(), updated_at: changedAt }).where("id", "=", id).execute();
  }

  // Narratives written by the lead sectors' members
  let clientId = 1000;
  for (const [capabilityId, text] of Object.entries(demoNarratives)) {
    const author = userIds.get("coord")!;
    const update = narrativeUpdate(
      [{ heading: "Baseline" }, { paragraph: text.baseline }, { heading: "Objectives" }, { bullets: text.objectives }],
      ++clientId,
    );
    const name = docName({ kind: "capability", planId, capabilityId });
    await insertDocUpdates(db, name, now.toISOString(), [{ seq: 1, bytes: update, authorId: author }]);
    await insertDocClients(db, name, [{ clientId, userId: author }]);
  }
  const intro = narrativeUpdate(
    [
      { paragraph: `This plan sets out how Arvenia's government, law enforcement, industry and civil society will prevent and respond to online child sexual exploitation and abuse from ${startYear} to ${startYear + 3}.` },
      { paragraph: "It follows the WePROTECT Global Alliance Model National Response and uses the terminology of the Luxembourg Guidelines." },
    ],
    ++clientId,
  );
  const introName = docName({ kind: "introduction", planId });
  await insertDocUpdates(db, introName, now.toISOString(), [{ seq: 1, bytes: intro, authorId: userIds.get("coord")! }]);
  await insertDocClients(db, introName, [{ clientId, userId: userIds.get("coord")! }]);

  // Two past task force meetings with minutes and decisions, and the next one on the calendar
  const attendees = demoMembers.filter((m) => m.role !== "observer").map((m) => userIds.get(m.key)!);
  const first = await runDemoMeeting(services, coordAccess, attendees, demoMeetings[0]!, ++clientId);
  const second = await runDemoMeeting(services, coordAccess, attendees, { ...demoMeetings[1]!, seriesFrom: first }, ++clientId);
  await runDemoMeeting(services, coordAccess, attendees, { ...demoMeetings[2]!, seriesFrom: second }, ++clientId);

  // The edition the cabinet adopted, frozen from the plan as it stands
  await freezeEdition(services, coordAccess, { name: "v1.0 adopted by the cabinet", date: monthDay(planStart, 2), note: "Public edition published on the ministry's website.", audience: "public" }, await documentTextFor("en"));

  const signIns = demoMembers
    .filter((m, i, all) => all.findIndex((o) => o.role === m.role && orgSector(o.org) === orgSector(m.org)) === i)
    .map((m) => ({ role: m.role, sector: orgSector(m.org), name: m.name, email: m.email }));
  return { planId, signIns: [{ role: "site administrator", sector: "-", name: ADMIN.name, email: ADMIN.email }, ...signIns] };
}

function orgSector(orgKey: string): string {
  const org = demoOrganisations.find((o) => o.key === orgKey)!;
  return getFramework("mnr-2016").organisationTypes.find((t) => t.id === org.orgType)!.sector;
}

async function main() {
  const force = process.argv.includes("--force");
  const config = readConfig();
  const { db, kind, describe } = openDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
  try {
    await migrateToLatest(db);
    if (!force && (await countUsers(db)) > 0) {
      console.error(`taskforce demo: ${describe} already has data. Use a fresh database (e.g. SQLITE_PATH=./data/demo.db npm run demo), or add --force to load the demo plan beside it.`);
      process.exitCode = 1;
      return;
    }
    const started = Date.now();
    const services = createServices(config, db, kind);
    // The sync engine (without a listening socket) freezes meeting minutes as versions.
    const sync = attachSyncServer(services);
    const result = await loadDemo(services);
    await sync.close();
    console.info(`\nLoaded the Arvenia demo task force into ${describe} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    console.info(`Start the app (npm start) and sign in at ${config.appOrigin}/login with password "${DEMO_PASSWORD}":\n`);
    for (const s of result.signIns) console.info(`  ${s.role.padEnd(19)} ${s.sector.padEnd(16)} ${s.name.padEnd(16)} ${s.email}`);
    console.info(`\nThe plan: ${config.appOrigin}/plans/${result.planId}\n`);
  } finally {
    await db.destroy();
  }
}

if (process.argv[1]?.endsWith("scripts/demo.ts")) await main();
