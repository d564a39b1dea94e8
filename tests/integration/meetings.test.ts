import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, todayUtc } from "~/domain/actions";
import { getFramework } from "~/domain/framework";
import type { Role, Sector } from "~/domain/sectors";
import { createUser } from "~/services/accounts.server";
import { createAction, type NewActionInput } from "~/services/actions.server";
import { addMember, createOrganisation } from "~/services/members.server";
import { createPlan } from "~/services/plans.server";
import * as Y from "yjs";
import { insertDocUpdates } from "../../db/repositories/docs";
import { resolveDocAccess } from "../../server/sync/access";
import { docName } from "../../server/sync/doc-names";
import { provider, synced, waitFor } from "../helpers/collab";
import { TestClient, redirectLocation } from "../helpers/http-client";
import { startTestServer, type TestServer } from "../helpers/test-server";

const PASSWORD = "a long enough passphrase";
const TZ = "Europe/Luxembourg";

let server: TestServer;
let planId: string;
let otherPlanId: string;
let otherActionId: string;
const users: Record<string, string> = {};
const orgs: Record<string, string> = {};
const actions: Record<string, string> = {};
const clients: Record<string, TestClient> = {};
const events: Array<{
  planId: string;
  entity: string;
  entityId: string | null;
}> = [];

const db = () => server.services.db;
const meetingsPath = () => `/plans/${planId}/meetings`;
const meetingPath = (id: string) => `/plans/${planId}/meetings/${id}`;

async function makePlan(title: string, coordinatorEmail: string, adminId: string) {
  return createPlan(server.services, adminId, {
    title,
    country: "LU",
    startYear: 2026,
    endYear: 2030,
    description: "",
    frameworkVersion: "mnr-2016",
    coordinatorEmail,
    organisationName: `${title} Ministry`,
    organisationType: "government",
  });
}

async function member(key: string, role: Role, organisationId: string) {
  users[key] = await createUser(db(), {
    email: `${key}@example.org`,
    name: `${key[0]!.toUpperCase()}${key.slice(1)} Person`,
    password: PASSWORD,
  });
  const plan = await db().selectFrom("plan").selectAll().where("id", "=", planId).executeTakeFirstOrThrow();
  await addMember(server.services, { kind: "operator", plan, userId: null }, { userId: users[key]!, organisationId, role });
  clients[key] = new TestClient(server.origin);
  await clients[key]!.login(`${key}@example.org`, PASSWORD);
}

async function newAction(pid: string, coordinatorId: string, organisationId: string, input: Partial<NewActionInput>) {
  const plan = await db().selectFrom("plan").selectAll().where("id", "=", pid).executeTakeFirstOrThrow();
  const coordOrg = await db().selectFrom("membership").select("organisation_id").where("plan_id", "=", pid).where("user_id", "=", coordinatorId).executeTakeFirstOrThrow();
  const who = {
    plan,
    actor: {
      userId: coordinatorId,
      role: "coordinator" as const,
      sector: "government" as Sector,
      organisationId: coordOrg.organisation_id,
    },
    framework: getFramework(plan.framework_version),
    planFacts: {},
  };
  const created = await createAction(server.services, who, {
    ref: null,
    title: "Untitled",
    objective: "",
    capabilityIds: ["leadership"],
    organisationId,
    assigneeId: null,
    partnerIds: [],
    startDate: null,
    dueDate: addDays(todayUtc(), 90),
    ongoing: false,
    weight: 1,
    noCost: true,
    budgetAmount: null,
    budgetCurrency: null,
    budgetSource: "",
    scope: "",
    risks: "",
    indicators: [],
    status: "on-track",
    progress: 0,
    ...input,
  });
  return created.id;
}

/** The meeting form as the page posts it, for a day `days` from today (negative = past). */
function meetingForm(days: number, over: Record<string, string | string[]> = {}) {
  return {
    title: "Quarterly task force meeting",
    type: "task-force",
    day: addDays(todayUtc(), days),
    startTime: "10:00",
    endTime: "12:00",
    timeZone: TZ,
    place: "Ministry, room 2",
    callUrl: "https://meet.example.org/taskforce",
    status: "scheduled",
    attendees: [users.coord!, users.industryLead!, users.industryMember!, users.observer!],
    ...over,
  };
}

async function countRows() {
  const [m, i, d] = await Promise.all([
    db()
      .selectFrom("meeting")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow(),
    db()
      .selectFrom("agenda_item")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow(),
    db()
      .selectFrom("meeting_decision")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { meetings: Number(m.n), items: Number(i.n), decisions: Number(d.n) };
}

async function createMeetingAs(key: string, form: Record<string, string | string[]>) {
  const res = await clients[key]!.post(`${meetingsPath()}?index`, form);
  const location = redirectLocation(res);
  const id = location ? /\/meetings\/([a-z0-9]+)\/agenda/.exec(location)?.[1] : undefined;
  return { res, id };
}

async function agenda(meetingId: string) {
  return db().selectFrom("agenda_item").selectAll().where("meeting_id", "=", meetingId).orderBy("position").execute();
}

beforeAll(async () => {
  server = await startTestServer();
  server.services.events.on("plan-changed", (e) => events.push(e));
  const adminId = await createUser(db(), {
    email: "admin@example.org",
    name: "Admin",
    password: PASSWORD,
    isSiteAdmin: true,
  });
  users.coord = await createUser(db(), {
    email: "coord@example.org",
    name: "Cora Coordinator",
    password: PASSWORD,
  });
  planId = await makePlan("National Action Plan", "coord@example.org", adminId);
  clients.coord = new TestClient(server.origin);
  await clients.coord.login("coord@example.org", PASSWORD);
  orgs.ministry = (await db().selectFrom("organisation").select("id").where("plan_id", "=", planId).executeTakeFirstOrThrow()).id;
  const plan = await db().selectFrom("plan").selectAll().where("id", "=", planId).executeTakeFirstOrThrow();
  orgs.tech = await createOrganisation(server.services, { kind: "operator", plan, userId: null }, { name: "Tech Platform Ltd", orgType: "industry", sector: "" });
  await member("industryLead", "sector-lead", orgs.tech);
  await member("industryMember", "member", orgs.tech);
  await member("observer", "observer", orgs.ministry);
  await member("outsider", "member", orgs.ministry);

  actions.overdue = await newAction(planId, users.coord, orgs.tech, {
    title: "Publish takedown statistics",
    dueDate: addDays(todayUtc(), -10),
    assigneeId: users.industryMember!,
    capabilityIds: ["takedown-procedures"],
  });
  actions.atRisk = await newAction(planId, users.coord, orgs.ministry, {
    title: "Draft the national strategy",
    status: "at-risk",
  });
  actions.calm = await newAction(planId, users.coord, orgs.ministry, {
    title: "Annual awareness week",
    dueDate: addDays(todayUtc(), 200),
  });

  users.otherCoord = await createUser(db(), {
    email: "other@example.org",
    name: "Other Coordinator",
    password: PASSWORD,
  });
  otherPlanId = await makePlan("Other Plan", "other@example.org", adminId);
  const otherOrg = (await db().selectFrom("organisation").select("id").where("plan_id", "=", otherPlanId).executeTakeFirstOrThrow()).id;
  otherActionId = await newAction(otherPlanId, users.otherCoord, otherOrg, {
    title: "Other plan's action",
    status: "at-risk",
  });
});

afterAll(async () => {
  await server.stop();
  await server.database.drop();
});

describe("creating a meeting", () => {
  let meetingId: string;

  it("creates a scheduled task-force meeting and proposes its agenda from the plan", async () => {
    const { res, id } = await createMeetingAs("coord", meetingForm(7));
    expect(res.status).toBe(302);
    meetingId = id!;
    const m = await db().selectFrom("meeting").selectAll().where("id", "=", meetingId).executeTakeFirstOrThrow();
    expect(m).toMatchObject({
      status: "scheduled",
      type: "task-force",
      sector: null,
      time_zone: TZ,
      call_url: "https://meet.example.org/taskforce",
    });
    // 10:00 in Luxembourg is 08:00 or 09:00 UTC depending on the season.
    expect(m.starts_at).toMatch(/T0[89]:00:00\.000Z$/);
    const items = await agenda(meetingId);
    const byAction = new Map(items.filter((i) => i.action_id).map((i) => [i.action_id, i]));
    expect(JSON.parse(byAction.get(actions.overdue!)!.reasons)).toEqual(["overdue"]);
    expect(JSON.parse(byAction.get(actions.atRisk!)!.reasons)).toEqual(["at-risk"]);
    expect(byAction.has(actions.calm!)).toBe(false);
    // The assignee presents their action.
    expect(byAction.get(actions.overdue!)!.presenter_id).toBe(users.industryMember);
    // Capabilities without actions are proposed too.
    expect(items.some((i) => i.kind === "capability" && i.capability_id === "legislation")).toBe(true);
    const attendees = await db().selectFrom("meeting_attendee").select("user_id").where("meeting_id", "=", meetingId).execute();
    expect(attendees).toHaveLength(4);
  });

  it("shows the list and the agenda page to every member, and pre-fills the next meeting of a series", async () => {
    const list = await clients.observer!.get(meetingsPath());
    expect(list.status).toBe(200);
    expect(await list.text()).toContain("Quarterly task force meeting");
    const next = await clients.coord!.get(`${meetingsPath()}?from=${meetingId}`);
    const html = await next.text();
    expect(html).toContain(`name="seriesFrom" value="${meetingId}"`);
    // The same weekday one month later.
    expect(html).toMatch(/name="day"[^>]*value="\d{4}-\d{2}-\d{2}"/);
    expect((await clients.industryMember!.get(`${meetingPath(meetingId)}/agenda`)).status).toBe(200);
  });

  it("refuses a meeting in the past created as scheduled, with a clear message and nothing written", async () => {
    const before = await countRows();
    const res = await clients.coord!.post(`${meetingsPath()}?index`, meetingForm(-3));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("A meeting in the past cannot be scheduled");
    expect(await countRows()).toEqual(before);
    // As a draft (minutes of a meeting already held), the past is fine.
    const draft = await createMeetingAs(
      "coord",
      meetingForm(-3, {
        status: "draft",
        title: "Kick-off (recorded afterwards)",
      })
    );
    expect(draft.res.status).toBe(302);
  });

  it("refuses an end before the start, a bad call link and an unknown attendee", async () => {
    const before = await countRows();
    const end = await clients.coord!.post(`${meetingsPath()}?index`, meetingForm(5, { startTime: "14:00", endTime: "13:00" }));
    expect(end.status).toBe(400);
    expect(await end.text()).toContain("The meeting must end after it starts.");
    const link = await clients.coord!.post(`${meetingsPath()}?index`, meetingForm(5, { callUrl: "javascript:alert(1)" }));
    expect(link.status).toBe(400);
    expect(await link.text()).toContain("Enter a web address starting with https://");
    const stranger = await clients.coord!.post(`${meetingsPath()}?index`, meetingForm(5, { attendees: [users.otherCoord!] }));
    expect(stranger.status).toBe(400);
    expect(await countRows()).toEqual(before);
  });

  it("lets the policy decide who creates which meeting", async () => {
    const before = await countRows();
    // Sector lead: not a plan-wide meeting, not another sector's, but their own sector's.
    expect((await clients.industryLead!.post(`${meetingsPath()}?index`, meetingForm(9))).status).toBe(403);
    expect((await clients.industryLead!.post(`${meetingsPath()}?index`, meetingForm(9, { type: "sector", sector: "government" }))).status).toBe(403);
    expect((await clients.industryMember!.post(`${meetingsPath()}?index`, meetingForm(9, { type: "sector", sector: "industry" }))).status).toBe(403);
    expect((await clients.observer!.post(`${meetingsPath()}?index`, meetingForm(9))).status).toBe(403);
    expect(await countRows()).toEqual(before);
    const own = await createMeetingAs(
      "industryLead",
      meetingForm(9, {
        type: "sector",
        sector: "industry",
        title: "Industry sector meeting",
      })
    );
    expect(own.res.status).toBe(302);
    // A sector meeting proposes only its sector's actions.
    const items = await agenda(own.id!);
    expect(items.map((i) => i.action_id).filter(Boolean)).toEqual([actions.overdue]);
  });

  it("answers 404 for a meeting of another plan and to non-members", async () => {
    const other = new TestClient(server.origin);
    await other.login("other@example.org", PASSWORD);
    expect((await other.get(meetingPath(meetingId))).status).toBe(404);
    expect((await clients.coord!.get(`/plans/${planId}/meetings/nosuchmeeting`)).status).toBe(404);
  });
});

describe("agenda editing", () => {
  let meetingId: string;
  beforeAll(async () => {
    meetingId = (await createMeetingAs("coord", meetingForm(14, { title: "Agenda editing meeting" }))).id!;
  });

  it("moves items up and down, edits presenter and time box, adds free items and removes items", async () => {
    const start = await agenda(meetingId);
    const second = start[1]!;
    const res = await clients.coord!.post(`${meetingPath(meetingId)}/agenda`, {
      intent: "move",
      itemId: second.id,
      direction: "up",
    });
    expect(res.status).toBe(302);
    expect((await agenda(meetingId))[0]!.id).toBe(second.id);
    await clients.coord!.post(`${meetingPath(meetingId)}/agenda`, {
      intent: "move",
      itemId: second.id,
      direction: "down",
    });
    expect((await agenda(meetingId))[1]!.id).toBe(second.id);

    await clients.coord!.post(`${meetingPath(meetingId)}/agenda`, {
      intent: "item",
      itemId: second.id,
      presenterId: users.industryLead!,
      timeBox: "12",
    });
    const edited = (await agenda(meetingId)).find((i) => i.id === second.id)!;
    expect(edited).toMatchObject({
      presenter_id: users.industryLead,
      time_box_minutes: 12,
    });
    const badBox = await clients.coord!.post(`${meetingPath(meetingId)}/agenda`, { intent: "item", itemId: second.id, presenterId: "", timeBox: "999" });
    expect(badBox.status).toBe(400);

    await clients.coord!.post(`${meetingPath(meetingId)}/agenda`, {
      intent: "free",
      title: "Budget for next year",
      presenterId: "",
      timeBox: "15",
    });
    const withFree = await agenda(meetingId);
    expect(withFree.at(-1)).toMatchObject({
      kind: "free",
      title: "Budget for next year",
      time_box_minutes: 15,
    });

    await clients.coord!.post(`${meetingPath(meetingId)}/agenda`, {
      intent: "remove",
      itemId: withFree.at(-1)!.id,
    });
    expect((await agenda(meetingId)).some((i) => i.title === "Budget for next year")).toBe(false);
  });

  it("refuses an agenda item pointing at an action of another plan, with nothing written", async () => {
    const before = await countRows();
    const res = await clients.coord!.post(`${meetingPath(meetingId)}/agenda`, {
      intent: "add-action",
      actionId: otherActionId,
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("This action is not part of this plan.");
    expect(await countRows()).toEqual(before);
    // And the same action twice is refused too.
    const twice = await clients.coord!.post(`${meetingPath(meetingId)}/agenda`, { intent: "add-action", actionId: actions.overdue! });
    expect(twice.status).toBe(409);
  });

  it("refuses agenda edits to members and observers", async () => {
    const item = (await agenda(meetingId))[0]!;
    expect(
      (
        await clients.industryMember!.post(`${meetingPath(meetingId)}/agenda`, {
          intent: "remove",
          itemId: item.id,
        })
      ).status
    ).toBe(403);
    expect(
      (
        await clients.observer!.post(`${meetingPath(meetingId)}/agenda`, {
          intent: "free",
          title: "x",
        })
      ).status
    ).toBe(403);
    // A sector lead does not run a plan-wide meeting.
    expect(
      (
        await clients.industryLead!.post(`${meetingPath(meetingId)}/agenda`, {
          intent: "move",
          itemId: item.id,
          direction: "down",
        })
      ).status
    ).toBe(403);
    expect((await agenda(meetingId))[0]!.id).toBe(item.id);
  });
});

describe("an agenda that fits the meeting", () => {
  let meetingId: string;
  const minutes = async () => (await agenda(meetingId)).reduce((sum, i) => sum + (i.time_box_minutes ?? 0), 0);
  const waitingKeys = (html: string) => [...html.matchAll(/name="key" value="([^"]+)"/g)].map((m) => m[1]!);
  beforeAll(async () => {
    meetingId = (await createMeetingAs("coord", meetingForm(16, { title: "Short meeting", startTime: "10:00", endTime: "10:30" }))).id!;
  });

  it("proposes what fits in the meeting's time, most pressing first, and lists the rest as also waiting", async () => {
    // 30 minutes less the 10 kept for opening and any other business: four items of 5 minutes.
    const items = await agenda(meetingId);
    expect(await minutes()).toBeLessThanOrEqual(20);
    expect(items).toHaveLength(4);
    // The overdue action, then the one at risk, then capabilities without actions.
    expect(items.slice(0, 2).map((i) => i.action_id)).toEqual([actions.overdue, actions.atRisk]);
    expect(items.slice(2).every((i) => i.kind === "capability" && JSON.parse(i.reasons).includes("no-actions"))).toBe(true);

    const html = await (await clients.coord!.get(`${meetingPath(meetingId)}/agenda`)).text();
    expect(html).toMatch(/Also waiting: \d+ items/);
    const keys = waitingKeys(html);
    expect(keys.length).toBeGreaterThan(10);
    expect(keys.every((k) => k.startsWith("capability:"))).toBe(true);
    expect(html).not.toContain("more than the meeting");
    // Members who may not edit the agenda are not offered the waiting list.
    expect(waitingKeys(await (await clients.industryMember!.get(`${meetingPath(meetingId)}/agenda`)).text())).toEqual([]);
  });

  it("adds a waiting item with its reasons through one button, and warns once the agenda runs over", async () => {
    const [first, second, third] = waitingKeys(await (await clients.coord!.get(`${meetingPath(meetingId)}/agenda`)).text());
    for (const key of [first, second]) expect((await clients.coord!.post(`${meetingPath(meetingId)}/agenda`, { intent: "add-waiting", key: key! })).status).toBe(302);
    const added = (await agenda(meetingId)).at(-1)!;
    expect(`capability:${added.capability_id}`).toBe(second);
    expect(JSON.parse(added.reasons)).toContain("no-actions");
    expect(await minutes()).toBe(30);
    let html = await (await clients.coord!.get(`${meetingPath(meetingId)}/agenda`)).text();
    expect(html).not.toContain("more than the meeting");
    expect(waitingKeys(html)).not.toContain(first);

    expect((await clients.coord!.post(`${meetingPath(meetingId)}/agenda`, { intent: "add-waiting", key: third! })).status).toBe(302);
    html = await (await clients.coord!.get(`${meetingPath(meetingId)}/agenda`)).text();
    expect(html).toContain("The agenda takes 35 minutes: 5 minutes more than the meeting&#x27;s 30.");
  });

  it("refuses a key that is not waiting, and adds nothing from the plan when no time is left", async () => {
    const before = await countRows();
    const again = await clients.coord!.post(`${meetingPath(meetingId)}/agenda`, { intent: "add-waiting", key: `action:${actions.overdue!}` });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("This item is no longer waiting");
    expect((await clients.coord!.post(`${meetingPath(meetingId)}/agenda`, { intent: "add-waiting", key: "capability:../../etc" })).status).toBe(400);
    expect((await clients.industryMember!.post(`${meetingPath(meetingId)}/agenda`, { intent: "add-waiting", key: "capability:legislation" })).status).toBe(403);
    const propose = await clients.coord!.post(`${meetingPath(meetingId)}/agenda`, { intent: "propose" });
    expect(redirectLocation(propose)).toContain("proposed=0");
    expect(await countRows()).toEqual(before);
  });
});

describe("invitees and attendance", () => {
  let meetingId: string;
  const checked = (html: string, userId: string) => {
    const box = new RegExp(`<input type="checkbox" name="attendees"(?: checked="")? value="${userId}"`).exec(html);
    if (!box) throw new Error(`no attendee checkbox for ${userId}`);
    return box[0].includes("checked");
  };
  const attendance = async () =>
    Object.fromEntries((await db().selectFrom("meeting_attendee").select(["user_id", "attendance"]).where("meeting_id", "=", meetingId).execute()).map((r) => [r.user_id, r.attendance]));

  it("invites by default the members the meeting is for, never the whole plan", async () => {
    // A task force meeting: everyone who works on the plan; observers only when ticked.
    const coordForm = await (await clients.coord!.get(meetingsPath())).text();
    for (const key of ["coord", "industryLead", "industryMember", "outsider"]) expect(checked(coordForm, users[key]!), key).toBe(true);
    expect(checked(coordForm, users.observer!)).toBe(false);
    expect(coordForm).toContain("4 members invited:");
    // A sector lead creates sector meetings: their sector's members only.
    const leadForm = await (await clients.industryLead!.get(meetingsPath())).text();
    expect(leadForm).toContain("2 members invited:");
    for (const key of ["industryLead", "industryMember"]) expect(checked(leadForm, users[key]!), key).toBe(true);
    for (const key of ["coord", "outsider", "observer"]) expect(checked(leadForm, users[key]!), key).toBe(false);
  });

  it("opens the meeting from the agenda tab onto the running view", async () => {
    meetingId = (await createMeetingAs("coord", meetingForm(3, { title: "Attendance meeting", attendees: [users.coord!, users.industryMember!, users.industryLead!] }))).id!;
    const res = await clients.coord!.post(`${meetingPath(meetingId)}/agenda`, { intent: "status", to: "in-progress" });
    expect(res.status).toBe(302);
    expect(redirectLocation(res)).toBe(meetingPath(meetingId));
  });

  it("lists only the invited for attendance, and offers the others as 'also attended'", async () => {
    const html = await (await clients.coord!.get(meetingPath(meetingId))).text();
    const table = html.slice(html.indexOf('class="table attendance-table"'), html.indexOf("</table>", html.indexOf('class="table attendance-table"')));
    for (const key of ["coord", "industryMember", "industryLead"]) expect(table).toContain(`value="${users[key]}"`);
    for (const key of ["observer", "outsider"]) expect(table).not.toContain(`value="${users[key]}"`);
    expect(html).toContain("3 invited, 0 present.");
    const add = html.slice(html.indexOf('id="attendance-add"'), html.indexOf("</select>", html.indexOf('id="attendance-add"')));
    for (const key of ["observer", "outsider"]) expect(add).toContain(`value="${users[key]}"`);
    expect(add).not.toContain(`value="${users.coord}"`);
  });

  it("records everyone's attendance and a member who came uninvited in one submit, one audit row", async () => {
    const auditBefore = await db().selectFrom("audit_log").select("id").where("verb", "=", "meeting.attendance").execute();
    const res = await clients.coord!.post(meetingPath(meetingId), {
      intent: "attendance",
      userId: [users.coord!, users.industryMember!, users.industryLead!],
      attendance: ["present", "present", "apologies"],
      addUserId: users.outsider!,
    });
    expect(res.status).toBe(302);
    expect(redirectLocation(res)).toBe(`${meetingPath(meetingId)}?saved=attendance#attendance`);
    expect(await attendance()).toEqual({ [users.coord!]: "present", [users.industryMember!]: "present", [users.industryLead!]: "apologies", [users.outsider!]: "present" });
    const auditAfter = await db().selectFrom("audit_log").select("id").where("verb", "=", "meeting.attendance").execute();
    expect(auditAfter.length - auditBefore.length).toBe(1);
    // The uninvited member who came now attends: they may write the minutes.
    expect((await resolveDocAccess(db(), users.outsider!, { kind: "meeting", planId, meetingId })).access).toBe("write");
    expect(await (await clients.coord!.get(meetingPath(meetingId))).text()).toContain("4 invited, 3 present.");
  });

  it("refuses a stranger, a forged list and a non-runner, with nothing written", async () => {
    const before = await attendance();
    const stranger = await clients.coord!.post(meetingPath(meetingId), { intent: "attendance", userId: [users.coord!], attendance: ["apologies"], addUserId: users.otherCoord! });
    expect(stranger.status).toBe(400);
    expect(await stranger.text()).toContain("Attendees must be members of this plan.");
    const uneven = await clients.coord!.post(meetingPath(meetingId), { intent: "attendance", userId: [users.coord!, users.industryLead!], attendance: ["apologies"] });
    expect(uneven.status).toBe(400);
    const badValue = await clients.coord!.post(meetingPath(meetingId), { intent: "attendance", userId: [users.coord!], attendance: ["asleep"] });
    expect(badValue.status).toBe(400);
    expect((await clients.industryMember!.post(meetingPath(meetingId), { intent: "attendance", userId: [users.industryMember!], attendance: ["apologies"] })).status).toBe(403);
    expect(await attendance()).toEqual(before);
    // Closed, so that it is nobody's "next meeting" in the tests below.
    expect((await clients.coord!.post(meetingPath(meetingId), { intent: "status", to: "closed" })).status).toBe(302);
  });
});

describe("running, closing and summarising a meeting", () => {
  let meetingId: string;
  let itemId: string;
  beforeAll(async () => {
    meetingId = (await createMeetingAs("coord", meetingForm(1, { title: "Monthly review" }))).id!;
    itemId = (await agenda(meetingId)).find((i) => i.action_id === actions.overdue)!.id;
  });

  it("takes progress updates only while the meeting is open", async () => {
    const res = await clients.industryMember!.post(meetingPath(meetingId), {
      intent: "progress",
      itemId,
      status: "on-track",
      progress: "40",
      comment: "Too early",
    });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("Open the meeting first");
    expect(
      (
        await clients.industryMember!.post(meetingPath(meetingId), {
          intent: "status",
          to: "in-progress",
        })
      ).status
    ).toBe(403);
    expect(
      (
        await clients.coord!.post(meetingPath(meetingId), {
          intent: "status",
          to: "in-progress",
        })
      ).status
    ).toBe(302);
    const m = await db().selectFrom("meeting").select(["status", "opened_at"]).where("id", "=", meetingId).executeTakeFirstOrThrow();
    expect(m.status).toBe("in-progress");
    expect(m.opened_at).not.toBeNull();
  });

  it("records the presenter's update as the action's progress update linked to the meeting, announced on the plan's event stream", async () => {
    // The coordinator's open page listens to the plan's event stream.
    const controller = new AbortController();
    const stream = await fetch(`${server.origin}/plans/${planId}/events`, {
      headers: { cookie: clients.coord!.cookieHeader },
      signal: controller.signal,
    });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    const received = (async () => {
      let text = "";
      const decoder = new TextDecoder();
      while (!text.includes(`"entityId":"${actions.overdue}"`)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
      return text;
    })().catch(() => "aborted");
    await new Promise((r) => setTimeout(r, 100));

    const res = await clients.industryMember!.post(meetingPath(meetingId), {
      intent: "progress",
      itemId,
      status: "delayed",
      progress: "40",
      comment: "Waiting for the second data source",
    });
    expect(res.status).toBe(302);
    const update = await db().selectFrom("action_update").selectAll().where("action_id", "=", actions.overdue!).orderBy("at", "desc").executeTakeFirstOrThrow();
    expect(update).toMatchObject({
      meeting_id: meetingId,
      author_id: users.industryMember,
      status_from: "on-track",
      status_to: "delayed",
      progress_to: 40,
      comment: "Waiting for the second data source",
    });
    const action = await db().selectFrom("action").select(["status", "progress"]).where("id", "=", actions.overdue!).executeTakeFirstOrThrow();
    expect(action).toEqual({ status: "delayed", progress: 40 });
    expect(events.some((e) => e.planId === planId && e.entity === "action" && e.entityId === actions.overdue)).toBe(true);
    const text = await Promise.race([received, new Promise<string>((r) => setTimeout(() => r("timeout"), 3000))]);
    controller.abort();
    expect(text).toContain("event: plan-changed");
    expect(text).toContain(`"entity":"action"`);
    // The meeting page shows it in the action's timeline.
    const page = await (await clients.coord!.get(meetingPath(meetingId))).text();
    expect(page).toContain("Waiting for the second data source");
  });

  it("refuses progress on an action the reporter is not assigned to, and from observers", async () => {
    const other = (await agenda(meetingId)).find((i) => i.action_id === actions.atRisk)!;
    expect(
      (
        await clients.industryMember!.post(meetingPath(meetingId), {
          intent: "progress",
          itemId: other.id,
          status: "on-track",
          progress: "10",
          comment: "",
        })
      ).status
    ).toBe(403);
    expect(
      (
        await clients.observer!.post(meetingPath(meetingId), {
          intent: "progress",
          itemId,
          status: "on-track",
          progress: "50",
          comment: "",
        })
      ).status
    ).toBe(403);
  });

  it("records decisions linked to actions and capabilities (coordinator only for a task-force meeting)", async () => {
    const refused = await clients.industryLead!.post(meetingPath(meetingId), {
      intent: "decision",
      text: "Not mine to decide",
      actionIds: [actions.overdue!],
    });
    expect(refused.status).toBe(403);
    const foreign = await clients.coord!.post(meetingPath(meetingId), {
      intent: "decision",
      text: "Links elsewhere",
      actionIds: [otherActionId],
    });
    expect(foreign.status).toBe(400);
    const res = await clients.coord!.post(meetingPath(meetingId), {
      intent: "decision",
      text: "Publish the statistics quarterly from next year",
      actionIds: [actions.overdue!],
      capabilityIds: ["takedown-procedures"],
      itemId,
    });
    expect(res.status).toBe(302);
    const decisions = await db().selectFrom("meeting_decision").selectAll().where("meeting_id", "=", meetingId).execute();
    expect(decisions.map((d) => d.text)).toEqual(["Publish the statistics quarterly from next year"]);
    const links = await db().selectFrom("meeting_decision_link").select(["target_kind", "target_id"]).where("decision_id", "=", decisions[0]!.id).orderBy("target_kind").execute();
    expect(links).toEqual([
      { target_kind: "action", target_id: actions.overdue },
      { target_kind: "capability", target_id: "takedown-procedures" },
    ]);
  });

  it("records attendance, carries an item over and creates a new action from the discussion", async () => {
    expect(
      (
        await clients.coord!.post(meetingPath(meetingId), {
          intent: "attendance",
          userId: users.industryMember!,
          attendance: "present",
        })
      ).status
    ).toBe(302);
    expect(
      (
        await clients.coord!.post(meetingPath(meetingId), {
          intent: "attendance",
          userId: users.observer!,
          attendance: "apologies",
        })
      ).status
    ).toBe(302);
    const carried = (await agenda(meetingId)).find((i) => i.action_id === actions.atRisk)!;
    expect(
      (
        await clients.coord!.post(meetingPath(meetingId), {
          intent: "carry-over",
          itemId: carried.id,
        })
      ).status
    ).toBe(302);
    const res = await clients.coord!.post(meetingPath(meetingId), {
      intent: "new-action",
      title: "Train platform moderators on reporting",
      capabilities: "csea-reporting",
      organisationId: orgs.tech!,
      dueDate: addDays(todayUtc(), 60),
    });
    expect(res.status).toBe(302);
    const linked = await db()
      .selectFrom("meeting_new_action")
      .innerJoin("action", "action.id", "meeting_new_action.action_id")
      .select(["action.title", "action.plan_id"])
      .where("meeting_id", "=", meetingId)
      .execute();
    expect(linked).toEqual([{ title: "Train platform moderators on reporting", plan_id: planId }]);
  });

  it("closing freezes the minutes as a version and refuses every later change", async () => {
    const minutes = { kind: "meeting" as const, planId, meetingId };
    expect((await resolveDocAccess(db(), users.industryMember!, minutes)).access).toBe("write");
    expect((await resolveDocAccess(db(), users.observer!, minutes)).access).toBe("read");
    expect((await resolveDocAccess(db(), users.outsider!, minutes)).access).toBe("read");

    // An attendee writes the minutes live, through the real sync server.
    const doc = docName(minutes);
    const storedRows = () => db().selectFrom("doc_update").select("seq").where("doc", "=", doc).execute();
    const writer = provider(server.origin, clients.industryMember!.cookieHeader, doc);
    const closeCodes: number[] = [];
    writer.on("connection-close", (e) => closeCodes.push((e as { code?: number } | null)?.code ?? 0));
    try {
      await synced(writer);
      writer.doc.getText("t").insert(0, "Agreed: quarterly statistics.");
      // The rich text the minutes editor (Tiptap) writes: a heading and a paragraph in the "default" fragment.
      writer.doc.transact(() => {
        const heading = new Y.XmlElement("heading");
        heading.setAttribute("level", "2");
        heading.insert(0, [new Y.XmlText("Points discussed")]);
        const paragraph = new Y.XmlElement("paragraph");
        paragraph.insert(0, [new Y.XmlText("Members agreed to publish the statistics every quarter.")]);
        writer.doc.getXmlFragment("default").insert(0, [heading, paragraph]);
      });
      await waitFor(async () => (await storedRows()).length > 0, 5000, "minutes stored");

      const res = await clients.coord!.post(meetingPath(meetingId), {
        intent: "status",
        to: "closed",
      });
      expect(res.status).toBe(302);
      expect(redirectLocation(res)).toBe(`${meetingPath(meetingId)}/summary`);
      const m = await db().selectFrom("meeting").selectAll().where("id", "=", meetingId).executeTakeFirstOrThrow();
      expect(m.status).toBe("closed");
      expect(m.minutes_version_id).not.toBeNull();
      const version = await db().selectFrom("doc_version").select(["name", "doc"]).where("id", "=", m.minutes_version_id!).executeTakeFirstOrThrow();
      expect(version).toEqual({
        name: "Minutes: Monthly review",
        doc: `plan/${planId}/meeting/${meetingId}`,
      });
      // The sync server now serves the minutes read-only, even to attendees and coordinators.
      expect((await resolveDocAccess(db(), users.industryMember!, minutes)).access).toBe("read");
      expect((await resolveDocAccess(db(), users.coord!, minutes)).access).toBe("read");
      // The frozen version holds what was written.
      const frozen = await db().selectFrom("doc_version").select("bytes").where("id", "=", m.minutes_version_id!).executeTakeFirstOrThrow();
      const frozenDoc = new Y.Doc();
      Y.applyUpdate(frozenDoc, new Uint8Array(frozen.bytes));
      expect(frozenDoc.getText("t").toString()).toBe("Agreed: quarterly statistics.");
      // The open connection is re-checked and comes back read-only: a later edit is dropped.
      await waitFor(() => closeCodes.includes(4009), 5000, "access re-check after closing");
      await synced(writer);
      const stored = (await storedRows()).length;
      writer.doc.getText("t").insert(0, "LATE EDIT ");
      await new Promise((r) => setTimeout(r, 400));
      expect((await storedRows()).length).toBe(stored);
    } finally {
      writer.destroy();
    }

    const before = await countRows();
    const updatesBefore = await db().selectFrom("action_update").select("id").execute();
    const refused = [
      await clients.coord!.post(meetingPath(meetingId), {
        intent: "decision",
        text: "Too late",
      }),
      await clients.coord!.post(`${meetingPath(meetingId)}/agenda`, {
        intent: "free",
        title: "Too late",
      }),
      await clients.industryMember!.post(meetingPath(meetingId), {
        intent: "progress",
        itemId,
        status: "on-track",
        progress: "90",
        comment: "Too late",
      }),
      await clients.coord!.post(meetingPath(meetingId), {
        intent: "status",
        to: "in-progress",
      }),
      await clients.coord!.post(meetingPath(meetingId), {
        intent: "attendance",
        userId: users.observer!,
        attendance: "present",
      }),
      await clients.coord!.post(meetingPath(meetingId), {
        intent: "carry-over",
        itemId,
      }),
    ];
    expect(refused.map((r) => r.status)).toEqual([409, 409, 409, 409, 409, 409]);
    expect(await refused[0]!.text()).toContain("This meeting is closed");
    expect(await countRows()).toEqual(before);
    expect(await db().selectFrom("action_update").select("id").execute()).toHaveLength(updatesBefore.length);
  });

  it("summarises the meeting as a page and as Markdown", async () => {
    const page = await clients.observer!.get(`${meetingPath(meetingId)}/summary`);
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const text of [
      "Publish the statistics quarterly from next year",
      "Waiting for the second data source",
      "Train platform moderators on reporting",
      "Draft the national strategy",
      "Apologies",
      "Since the last meeting",
    ])
      expect(html).toContain(text);

    const md = await clients.observer!.get(`${meetingPath(meetingId)}/summary.md`);
    expect(md.status).toBe(200);
    expect(md.headers.get("content-type")).toContain("text/markdown");
    expect(md.headers.get("content-disposition")).toContain("attachment");
    const text = await md.text();
    expect(text).toMatch(/^# Monthly review/);
    expect(text).toContain("## Decisions");
    expect(text).toContain("1. Publish the statistics quarterly from next year");
    expect(text).toContain("On track → Delayed");
    expect(text).toContain("Waiting for the second data source");
  });

  it("puts the frozen minutes in the summary page and the Markdown", async () => {
    // An edit that reached the store after the version was taken (the ~100 ms before the re-check, decision 052).
    const doc = docName({ kind: "meeting", planId, meetingId });
    const last = await db().selectFrom("doc_update").select((eb) => eb.fn.max("seq").as("seq")).where("doc", "=", doc).executeTakeFirstOrThrow();
    const late = new Y.Doc();
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText("LATE MINUTES")]);
    late.getXmlFragment("default").insert(0, [paragraph]);
    await insertDocUpdates(db(), doc, new Date().toISOString(), [{ seq: Number(last.seq) + 1, bytes: Y.encodeStateAsUpdate(late), authorId: users.coord! }]);

    const html = await (await clients.observer!.get(`${meetingPath(meetingId)}/summary`)).text();
    expect(html).toMatch(/<h2[^>]*>Minutes<\/h2>/);
    expect(html).toMatch(/<h3[^>]*>Points discussed<\/h3>/);
    expect(html).toContain("<p>Members agreed to publish the statistics every quarter.</p>");
    const text = await (await clients.observer!.get(`${meetingPath(meetingId)}/summary.md`)).text();
    expect(text).toContain("## Minutes\n\n### Points discussed\n\nMembers agreed to publish the statistics every quarter.\n");
    // The record is the version frozen at closing: an edit that reached the store afterwards is not in it.
    for (const body of [html, text]) expect(body).not.toContain("LATE MINUTES");
  });

  it("writes the Markdown's times in the meeting's zone, whatever the reader's or the server's", async () => {
    // The client sends no time zone cookie (the reader's zone falls back to UTC); the meeting was 10:00–12:00 in Luxembourg.
    const text = await (await clients.observer!.get(`${meetingPath(meetingId)}/summary.md`)).text();
    const when = text.split("\n").find((l) => l.includes(`(${TZ})`)) ?? "";
    expect(when).toMatch(/\b10:00\sAM\s–\s12:00\sPM \(Europe\/Luxembourg\)/);
  });

  it("proposes the carried-over item first on the next meeting of the series", async () => {
    const next = await createMeetingAs("coord", meetingForm(40, { title: "Monthly review", seriesFrom: meetingId }));
    expect(next.res.status).toBe(302);
    const items = await agenda(next.id!);
    expect(items[0]).toMatchObject({
      kind: "carried-over",
      action_id: actions.atRisk,
    });
    expect(items[0]!.carried_over_from).not.toBeNull();
    // The action qualifies on its own too (at risk), and still appears once.
    expect(items.filter((i) => i.action_id === actions.atRisk)).toHaveLength(1);
  });
});

describe("between meetings", () => {
  it("shows each member their next meeting and what they are expected to report", async () => {
    const home = await clients.industryMember!.get("/");
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain("Your next meetings");
    // The soonest scheduled meeting of the plan (drafts and closed meetings are not "next").
    expect(html).toContain("Quarterly task force meeting");
    expect(html).toContain("On the agenda");
    expect(html).toContain("Publish takedown statistics");
    // An observer with nothing assigned is told so.
    expect(await (await clients.observer!.get("/")).text()).toContain("Nothing is expected from you.");
  });
});
