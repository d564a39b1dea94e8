import JSZip from "jszip";
import WebSocket from "ws";
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "~/services/accounts.server";
import { createAction, newActionSchema } from "~/services/actions.server";
import { documentTextFor, freezeEdition } from "~/services/export.server";
import { createMeeting, meetingInputSchema } from "~/services/meetings.server";
import { loadPlanAccess, type PlanAccess } from "~/services/plan-access.server";
import { hasControlCharacter } from "~/utils/plain-text";
import { docName, DOC_FIELD } from "../../server/sync/doc-names";
import { encodeUpdate } from "../../server/sync/protocol";
import { actionFields, createActionPlan, PASSWORD, type ActionPlanFixture } from "../helpers/action-plan";
import { closed, rawSocket, waitFor } from "../helpers/collab";
import { TestClient } from "../helpers/http-client";
import { paragraphs, writeRichText } from "../helpers/rich-text";
import { startTestServer, type TestServer } from "../helpers/test-server";

/**
 * Control characters (NUL above all: PostgreSQL cannot store it in text) are refused at every
 * edge, with the field's error: every form the app renders is posted with one in each field, the
 * forms a page opens in the browser too, addresses, spreadsheet cells and live documents.
 */
const NUL = "Plan \u0000 text";
const MESSAGE = "This holds an invisible control character";

let server: TestServer;
let plan: ActionPlanFixture;
let coordinator: TestClient;
let admin: TestClient;
let access: PlanAccess;
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  plan = await createActionPlan(server, "ctl");
  const db = server.services.db;
  const adminEmail = "site-admin-ctl@example.org";
  await createUser(db, { email: adminEmail, name: "Site Admin", password: PASSWORD, isSiteAdmin: true });
  const user = await db.selectFrom("app_user").select(["id", "email", "name"]).where("id", "=", plan.users.coordinator.id).executeTakeFirstOrThrow();
  access = (await loadPlanAccess(db, { user: { ...user, isSiteAdmin: false } } as never, plan.planId))!;
  ids.action = (await createAction(server.services, access, newActionSchema.parse(actionFields({ organisationId: plan.orgs.ministry, capabilities: ["leadership"] })))).id;
  ids.meeting = await createMeeting(
    server.services,
    access,
    meetingInputSchema.parse({ title: "Quarterly task force meeting", type: "task-force", day: "2027-03-04", startTime: "10:00", endTime: "12:00", timeZone: "Europe/Luxembourg", status: "scheduled" }),
  );
  ids.edition = await freezeEdition(server.services, access, { name: "Adopted plan", date: "2027-01-15", note: "", audience: "internal" }, await documentTextFor("en"));
  // A meeting in progress renders its decision and attendance forms.
  ids.runningMeeting = await createMeeting(
    server.services,
    access,
    meetingInputSchema.parse({ title: "Working session", type: "task-force", day: "2027-03-05", startTime: "10:00", endTime: "12:00", timeZone: "Europe/Luxembourg", status: "scheduled" }),
  );
  await db.updateTable("meeting").set({ status: "in-progress" }).where("id", "=", ids.runningMeeting).execute();
  coordinator = await plan.login("coordinator");
  admin = new TestClient(server.origin);
  await admin.login(adminEmail, PASSWORD);
});
afterAll(async () => {
  await server?.stop();
  await server?.database.drop();
});

// ------------------------------------------------------------------------------- reading forms

interface Field {
  name: string;
  kind: "text" | "hidden" | "choice";
  value: string;
}
interface PageForm {
  page: string;
  action: string;
  fields: Field[];
}

const attrs = (tag: string) => Object.fromEntries([...tag.matchAll(/([a-zA-Z-]+)="([^"]*)"/g)].map((m) => [m[1]!.toLowerCase(), unescape(m[2]!)]));
const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const TEXT_TYPES = new Set(["text", "email", "search", "url", "tel", "password"]);

/** The POST forms a page renders on the server, with their fields' current values. */
function postForms(page: string, html: string): PageForm[] {
  const forms: PageForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const a = attrs(m[1]!);
    if ((a.method ?? "get").toLowerCase() !== "post") continue;
    const fields: Field[] = [];
    const body = m[2]!;
    for (const t of body.matchAll(/<input\b[^>]*>/g)) {
      const i = attrs(t[0]);
      if (!i.name) continue;
      const type = (i.type ?? "text").toLowerCase();
      if ((type === "checkbox" || type === "radio") && !/\schecked=""/.test(t[0])) continue;
      fields.push({ name: i.name, kind: TEXT_TYPES.has(type) ? "text" : type === "hidden" ? "hidden" : "choice", value: i.value ?? (type === "checkbox" ? "on" : "") });
    }
    for (const t of body.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
      const i = attrs(t[1]!);
      if (i.name) fields.push({ name: i.name, kind: "text", value: unescape(t[2]!) });
    }
    for (const t of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const i = attrs(t[1]!);
      const options = [...t[2]!.matchAll(/<option\b([^>]*)>/g)].map((o) => ({ value: attrs(o[1]!).value, selected: /\sselected=""/.test(o[1]!) }));
      const chosen = options.find((o) => o.selected) ?? options[0];
      if (i.name && chosen) fields.push({ name: i.name, kind: "choice", value: chosen.value ?? "" });
    }
    const button = /<button\b[^>]*\bname="([^"]+)"[^>]*\bvalue="([^"]*)"/.exec(body);
    if (button) fields.push({ name: button[1]!, kind: "hidden", value: unescape(button[2]!) });
    if (fields.length) forms.push({ page, action: a.action ?? page, fields });
  }
  return forms;
}

function body(fields: Field[], replace?: { index: number; value: string }): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  fields.forEach((f, i) => (out[f.name] ??= []).push(replace?.index === i ? replace.value : f.value));
  return out;
}

const planPages = () => {
  const p = `/plans/${plan.planId}`;
  return [
    p,
    `${p}/actions`,
    `${p}/actions/new`,
    `${p}/actions/${ids.action}`,
    `${p}/capabilities/leadership`,
    `${p}/dashboard`,
    `${p}/gap`,
    `${p}/meetings`,
    `${p}/meetings/${ids.meeting}`,
    `${p}/meetings/${ids.meeting}/agenda`,
    `${p}/meetings/${ids.runningMeeting}`,
    `${p}/members`,
    `${p}/organisations`,
    `${p}/settings`,
    `${p}/export`,
    `${p}/export/exclusions`,
    `${p}/editions`,
    `${p}/editions/${ids.edition}`,
    `${p}/actions/import`,
    "/account",
  ];
};

describe("every form the app renders", () => {
  it("answers a control character in any text field with 400 and that field's error, and in any other field with no 500", async () => {
    const forms: Array<PageForm & { client: TestClient }> = [];
    for (const [client, pages] of [
      [coordinator, planPages()],
      [admin, ["/admin"]],
      [new TestClient(server.origin), ["/login"]],
    ] as const) {
      for (const page of pages) {
        const res = await client.get(page);
        expect(res.status, page).toBe(200);
        for (const f of postForms(page, await res.text())) forms.push({ ...f, client });
      }
    }
    const textFields = forms.flatMap((f) => f.fields.filter((x) => x.kind === "text").map((x) => `${f.action} ${x.name}`));
    // The walk reaches the forms that matter (a guard against a page that stopped rendering them).
    for (const name of ["title", "name", "label", "comment", "description", "place", "note", "organisationName", "currentPassword", "email", "text"]) expect(textFields.some((t) => t.endsWith(` ${name}`)), name).toBe(true);

    const failures: string[] = [];
    const tried: string[] = [];
    // Text fields first: forms whose hidden fields are ids may act (delete) when an id is refused.
    const order = (kind: Field["kind"]) => (kind === "text" ? 0 : 1);
    const cases = forms.flatMap((form) => form.fields.map((field, index) => ({ form, field, index }))).sort((a, b) => order(a.field.kind) - order(b.field.kind));
    for (const { form, field, index } of cases) {
      const res = await form.client.post(form.action, body(form.fields, { index, value: `${field.value}${NUL}` }));
      const text = await res.text();
      const label = `${form.page} → ${form.action} [${field.kind} ${field.name}]: ${res.status}`;
      tried.push(label);
      if (res.status >= 500) failures.push(label);
      else if (field.kind === "text" && (res.status !== 400 || !(text.includes(MESSAGE) || text.includes("common:errors.controlCharacter")))) failures.push(label);
    }
    console.info(`${tried.length} posts:\n${tried.join("\n")}`);
    expect(failures).toEqual([]);
    expect(cases.filter((c) => c.field.kind === "text").length).toBeGreaterThan(25);
  }, 180_000);

  it("refuses every control character but tab and line breaks, and keeps those", async () => {
    const controls = [...Array.from({ length: 0x20 }, (_, i) => i), 0x7f, 0x85, 0x9f].filter((c) => ![0x09, 0x0a, 0x0d].includes(c));
    for (const c of controls) {
      const res = await coordinator.post(`/plans/${plan.planId}/organisations`, { intent: "create", name: `Board ${String.fromCharCode(c)} ${c}`, orgType: "government", sector: "" });
      expect(res.status, `0x${c.toString(16)}`).toBe(400);
    }
    const ok = await coordinator.post(`/plans/${plan.planId}/organisations`, { intent: "create", name: "Board\tof line\r\nbreaks", orgType: "government", sector: "" });
    expect(ok.status).toBe(302);
  });

  it("refuses a control character in forms a page opens in the browser (editing an action, naming a version)", async () => {
    // A fresh action: the walk above may have deleted the first (its delete form ignores a bad version).
    const actionId = (await createAction(server.services, access, newActionSchema.parse(actionFields({ organisationId: plan.orgs.ministry, capabilities: ["leadership"] })))).id;
    const edit = await coordinator.post(`/plans/${plan.planId}/actions/${actionId}`, {
      intent: "edit",
      version: "1",
      ...actionFields({ title: NUL, organisationId: plan.orgs.ministry, capabilities: ["leadership"] }),
    });
    expect(edit.status).toBe(400);
    expect(await edit.text()).toContain("common:errors.controlCharacter");
    const doc = docName({ kind: "capability", planId: plan.planId, capabilityId: "leadership" });
    const version = await coordinator.post(`/plans/${plan.planId}/docs?doc=${encodeURIComponent(doc)}`, { intent: "save", name: NUL });
    expect(version.status).toBe(400);
    expect(await version.json()).toEqual({ ok: false, error: "common:errors.controlCharacter" });
  });
});

describe("addresses", () => {
  it("answers a control character in a query or a path with 400", async () => {
    const p = `/plans/${plan.planId}`;
    for (const url of [`${p}/actions?q=%00`, `${p}/actions?q=a%0Cb`, `${p}/audit?member=%00`, `${p}/audit?entity=%1B`, `/plans/%00/actions`, `${p}/actions/%00`, `${p}/meetings/%00`, `${p}/actions.data?q=%00`, `${p}/editions/x%7F`]) {
      expect((await coordinator.get(url)).status, url).toBe(400);
    }
    expect((await coordinator.get(`${p}/actions?q=line%0Abreak`)).status).toBe(200);
  });
});

describe("spreadsheets", () => {
  it("marks a title with a NUL in the preview and imports nothing from that row", async () => {
    const csv = `Action,Capability,Lead organisation,Due date\r\n"Good row",Leadership,Ministry of Justice,2027-06-30\r\n"Bad\u0000row",Leadership,Ministry of Justice,2027-06-30\r\n`;
    const form = new FormData();
    form.set("intent", "upload");
    form.set("file", new File([csv], "plan\u0007.csv", { type: "text/csv" }));
    const uploaded = await coordinator.request(`/plans/${plan.planId}/actions/import`, { method: "POST", body: form });
    expect(uploaded.status).toBe(302);
    const batch = /batch=([a-z0-9]+)/.exec(uploaded.headers.get("location") ?? "")![1]!;
    const preview = await coordinator.get(`/plans/${plan.planId}/actions/import?batch=${batch}`);
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain(MESSAGE);
    const commit = await coordinator.post(`/plans/${plan.planId}/actions/import`, { intent: "commit", batch });
    expect(commit.status).toBe(302);
    const titles = (await server.services.db.selectFrom("action").select("title").where("plan_id", "=", plan.planId).execute()).map((r) => r.title);
    expect(titles).toContain("Good row");
    expect(titles.some((t) => t.startsWith("Bad"))).toBe(false);
  });
});

describe("live documents", () => {
  const controlUpdate = (text: string) => {
    const ydoc = new Y.Doc();
    const paragraph = new Y.XmlElement("paragraph");
    const run = new Y.XmlText();
    run.insert(0, text);
    paragraph.insert(0, [run]);
    ydoc.getXmlFragment(DOC_FIELD).insert(0, [paragraph]);
    return encodeUpdate(Y.encodeStateAsUpdate(ydoc));
  };

  it("refuses an update that inserts a control character, closing that connection, and stores nothing of it", async () => {
    const doc = docName({ kind: "capability", planId: plan.planId, capabilityId: "leadership" });
    const stored = async () => (await server.services.db.selectFrom("doc_update").select("seq").where("doc", "=", doc).execute()).length;
    const before = await stored();
    for (const text of ["Budget\u0000line", "Page\fbreak", "Esc\u001b[31m"]) {
      const conn = await rawSocket(server.origin, coordinator.cookieHeader, doc);
      if (!("ws" in conn)) throw new Error(`refused ${conn.status}`);
      const code = closed(conn.ws);
      conn.ws.send(controlUpdate(text));
      expect(await code, JSON.stringify(text)).toBe(1007);
    }
    expect(await stored()).toBe(before);
    // Clean text still goes through.
    const conn = await rawSocket(server.origin, coordinator.cookieHeader, doc);
    if (!("ws" in conn)) throw new Error(`refused ${conn.status}`);
    conn.ws.send(controlUpdate("Budget line\twith a tab"));
    await waitFor(async () => (await stored()) > before, 3000, "clean update stored");
    conn.ws.close();
    await new Promise<void>((resolve) => (conn.ws.readyState === WebSocket.CLOSED ? resolve() : conn.ws.once("close", () => resolve())));
  });

  it("exports a document stored with control characters (before they were refused) without them", async () => {
    await writeRichText(server.services.db, docName({ kind: "introduction", planId: plan.planId }), paragraphs("Introduction\u0000 with\f control\u000b characters"));
    const res = await coordinator.get(`/plans/${plan.planId}/export/docx?edition=internal`);
    expect(res.status).toBe(200);
    const zip = await JSZip.loadAsync(await res.arrayBuffer());
    const xml = await zip.file("word/document.xml")!.async("string");
    expect(xml).toContain("Introduction with control characters");
    expect(hasControlCharacter(xml)).toBe(false);
    const md = await (await coordinator.get(`/plans/${plan.planId}/export/md?edition=internal`)).text();
    expect(md).toContain("Introduction with control characters");
    expect(hasControlCharacter(md)).toBe(false);
  });
});
