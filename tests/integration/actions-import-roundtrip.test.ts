import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemo } from "../../scripts/demo";
import { DEMO_PASSWORD, demoMembers } from "../../scripts/demo/content";
import { redirectLocation, TestClient } from "../helpers/http-client";
import { startTestServer, type TestServer } from "../helpers/test-server";

/**
 * Issue 13 §4: export the register, edit it in a spreadsheet program, import it back; the same
 * actions are updated (matched by reference), the preview says what changes per row, and dates
 * that could be read two ways are asked about and shown as they will be stored.
 */
let server: TestServer;
let planId: string;
let coordinator: TestClient;
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const base = () => `/plans/${planId}/actions`;

beforeAll(async () => {
  server = await startTestServer();
  ({ planId } = await loadDemo(server.services));
  server.services.setup.close();
  coordinator = new TestClient(server.origin);
  await coordinator.login(demoMembers.find((m) => m.role === "coordinator")!.email, DEMO_PASSWORD);
});
afterAll(async () => {
  await server.stop();
  await server.database.drop();
});

const unescape = (html: string) => html.replace(/<!-- -->/g, "").replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">");

async function upload(client: TestClient, name: string, bytes: Uint8Array | string, type: string): Promise<string> {
  const form = new FormData();
  form.set("intent", "upload");
  form.set("file", new File([typeof bytes === "string" ? bytes : new Uint8Array(bytes)], name, { type }));
  const res = await client.request(`${base()}/import`, { method: "POST", body: form });
  expect(res.status, unescape(await res.clone().text()).slice(0, 300)).toBe(302);
  return /batch=([a-z0-9]+)/.exec(redirectLocation(res) ?? "")![1]!;
}

/** The preview's changes table as [row, ref, field, now, after] text cells. */
function changesOf(html: string): string[][] {
  const table = /<table class="table import-changes">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? "";
  return [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
    .slice(1)
    .map((r) => [...r[1]!.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((c) => unescape(c[1]!.replace(/<[^>]+>/g, ""))));
}

const actionsNow = async () =>
  server.services.db.selectFrom("action").select(["id", "ref", "title", "status", "progress", "due_date", "assignee_id", "version", "updated_at"]).where("plan_id", "=", planId).orderBy("ref").execute();

async function exportCsv(): Promise<string[][]> {
  const res = await coordinator.get(`${base()}/export?format=csv`);
  expect(res.status).toBe(200);
  return Papa.parse<string[]>((await res.text()).replace(/^\ufeff/, ""), { skipEmptyLines: true }).data;
}
const toCsv = (table: string[][]) => Papa.unparse(table, { newline: "\r\n" });

describe("export → edit → import", () => {
  it("re-imports an unchanged export (CSV and XLSX): every row matched, nothing refused, nothing changed", async () => {
    const before = await actionsNow();
    expect(before.length).toBeGreaterThanOrEqual(80);
    const csvBatch = await upload(coordinator, "register.csv", toCsv(await exportCsv()), "text/csv");
    const xlsx = new Uint8Array(await (await coordinator.get(`${base()}/export?format=xlsx`)).arrayBuffer());
    const xlsxBatch = await upload(coordinator, "register.xlsx", xlsx, XLSX_TYPE);
    for (const batch of [csvBatch, xlsxBatch]) {
      const html = unescape(await (await coordinator.get(`${base()}/import?batch=${batch}`)).text());
      expect(html).toContain(`${before.length} of ${before.length} rows are ready to import; 0 with problems.`);
      expect(html).toContain("0 new actions will be created.");
      expect(html).toContain("0 existing actions will be updated.");
      expect(html).toContain(`${before.length} existing actions are unchanged.`);
      expect(changesOf(html)).toEqual([]);
      const commit = await coordinator.post(`${base()}/import`, { intent: "commit", batch });
      expect(commit.status).toBe(422);
      expect(unescape(await commit.text())).toContain("Nothing to import: the file's actions are the same as in Taskforce.");
    }
    expect(await actionsNow()).toEqual(before);
  });

  it("updates exactly the cells edited in the export, through the actions' own rules, in one import", async () => {
    const table = await exportCsv();
    const [header, ...rows] = table;
    const col = (name: string) => header!.indexOf(name);
    const before = await actionsNow();
    const byRef = new Map(before.map((a) => [a.ref, a]));
    // Four rows edited as someone would in Excel: a title, a status and progress, a due date, an assignee.
    const [r1, r2, r3, r4] = [rows[0]!, rows[1]!, rows[2]!, rows[3]!];
    r1[col("Action")] = `${r1[col("Action")]} (revised)`;
    r2[col("Status")] = r2[col("Status")] === "delayed" ? "at-risk" : "delayed";
    r2[col("Progress")] = "35";
    r3[col("Due")] = "2031-12-31";
    r3[col("Ongoing")] = "";
    // Another member of the same lead organisation who may be assigned, by e-mail.
    const org = await server.services.db.selectFrom("action").select("organisation_id").where("plan_id", "=", planId).where("ref", "=", r4[col("Ref")]!).executeTakeFirstOrThrow();
    const candidates = await server.services.db
      .selectFrom("membership")
      .innerJoin("app_user", "app_user.id", "membership.user_id")
      .select(["app_user.email", "app_user.id"])
      .where("membership.plan_id", "=", planId)
      .where("membership.organisation_id", "=", org.organisation_id)
      .where("membership.role", "!=", "observer")
      .execute();
    const newAssignee = candidates.find((c) => c.id !== byRef.get(r4[col("Ref")]!)!.assignee_id)!;
    r4[col("Assignee email")] = newAssignee.email;

    const batch = await upload(coordinator, "register-edited.csv", toCsv([header!, ...rows]), "text/csv");
    const html = unescape(await (await coordinator.get(`${base()}/import?batch=${batch}`)).text());
    expect(html).toContain("4 existing actions will be updated.");
    expect(html).toContain(`${before.length - 4} existing actions are unchanged.`);
    const changes = changesOf(html);
    expect(changes.map(([, ref, field]) => `${ref} ${field}`)).toEqual([
      `${r1[col("Ref")]} Action`,
      `${r2[col("Ref")]} Status`,
      ...(r2[col("Progress")] === String(byRef.get(r2[col("Ref")]!)!.progress) ? [] : [`${r2[col("Ref")]} Progress (%)`]),
      `${r3[col("Ref")]} Due date`,
      ...(byRef.get(r3[col("Ref")]!)!.due_date === null ? [`${r3[col("Ref")]} Ongoing`] : []),
      `${r4[col("Ref")]} Assignee`,
    ]);
    // Dates are shown as dates, statuses by their names.
    expect(changes.find(([, , f]) => f === "Due date")![4]).toBe("Dec 31, 2031");
    expect(changes.find(([, , f]) => f === "Status")![4]).toMatch(/^(Delayed|At risk)$/);

    const committedFrom = new Date().toISOString();
    const done = await coordinator.post(`${base()}/import`, { intent: "commit", batch });
    expect(done.status).toBe(302);
    expect(redirectLocation(done)).toBe(`${base()}/import?done=${batch}`);
    const after = await actionsNow();
    const changed = after.filter((a) => JSON.stringify(a) !== JSON.stringify(byRef.get(a.ref)));
    expect(changed.map((a) => a.ref).sort()).toEqual([r1, r2, r3, r4].map((r) => r[col("Ref")]!).sort());
    const get = (r: string[]) => after.find((a) => a.ref === r[col("Ref")])!;
    expect(get(r1).title).toBe(r1[col("Action")]);
    expect(get(r2)).toMatchObject({ status: r2[col("Status")], progress: 35 });
    expect(get(r3).due_date).toBe("2031-12-31");
    expect(get(r4).assignee_id).toBe(newAssignee.id);

    // Audited as the manual forms are: an edit, a progress update (a record in the history), an import.
    const audits = await server.services.db.selectFrom("audit_log").select(["verb", "entity_id"]).where("plan_id", "=", planId).where("at", ">=", committedFrom).execute();
    expect(audits.filter((a) => a.verb === "action.edit").map((a) => a.entity_id).sort()).toEqual([get(r1).id, get(r3).id, get(r4).id].sort());
    expect(audits.filter((a) => a.verb === "action.report-progress").map((a) => a.entity_id)).toEqual([get(r2).id]);
    expect(audits.filter((a) => a.verb === "action.import")).toHaveLength(1);
    const history = await server.services.db.selectFrom("action_update").select(["status_to", "progress_to"]).where("action_id", "=", get(r2).id).orderBy("at", "desc").executeTakeFirstOrThrow();
    expect(history).toEqual({ status_to: r2[col("Status")], progress_to: 35 });

    // The page after the import says what happened and lists the updated actions.
    const result = unescape(await (await coordinator.get(`${base()}/import?done=${batch}`)).text());
    expect(result).toContain("0 actions created. 4 actions updated.");
    for (const a of [get(r1), get(r2), get(r3), get(r4)]) expect(result).toContain(`href="/plans/${planId}/actions/${a.id}">${a.ref} · ${a.title}</a>`);
  });

  it("refuses a row whose action changed in Taskforce since the export, rather than undo that change", async () => {
    const table = await exportCsv();
    const [header, ...rows] = table;
    const col = (name: string) => header!.indexOf(name);
    const target = rows[5]!;
    // Someone edits the action in Taskforce after the export…
    await server.services.db.updateTable("action").set({ title: "Changed in Taskforce meanwhile", updated_at: new Date(Date.now() + 1000).toISOString() }).where("plan_id", "=", planId).where("ref", "=", target[col("Ref")]!).execute();
    // …while the file, edited elsewhere, changes its risks.
    target[col("Risks")] = "Edited in the spreadsheet";
    const batch = await upload(coordinator, "register-stale.csv", toCsv([header!, ...rows]), "text/csv");
    const html = unescape(await (await coordinator.get(`${base()}/import?batch=${batch}`)).text());
    expect(html).toContain("This action was changed in Taskforce after the file was exported");
    const commit = await coordinator.post(`${base()}/import`, { intent: "commit", batch });
    expect(commit.status).toBe(422);
    const now = await server.services.db.selectFrom("action").select(["title", "risks"]).where("plan_id", "=", planId).where("ref", "=", target[col("Ref")]!).executeTakeFirstOrThrow();
    expect(now.title).toBe("Changed in Taskforce meanwhile");
    expect(now.risks).not.toBe("Edited in the spreadsheet");
  });

  it("refuses updates the importer may not make: a sector lead cannot change another sector's action", async () => {
    const lead = new TestClient(server.origin);
    const leMember = demoMembers.find((m) => m.role === "sector-lead" && m.key === "le-lead")!;
    await lead.login(leMember.email, DEMO_PASSWORD);
    const res = await lead.get(`${base()}/export?format=csv`);
    const [header, ...rows] = Papa.parse<string[]>((await res.text()).replace(/^\ufeff/, ""), { skipEmptyLines: true }).data;
    const col = (name: string) => header!.indexOf(name);
    const other = rows.find((r) => r[col("Sector")] !== "law-enforcement")!;
    other[col("Risks")] = "Not mine to change";
    const batch = await upload(lead, "register.csv", toCsv([header!, other]), "text/csv");
    const html = unescape(await (await lead.get(`${base()}/import?batch=${batch}`)).text());
    expect(html).toContain("Your role does not allow you to change this action.");
    expect((await lead.post(`${base()}/import`, { intent: "commit", batch })).status).toBe(422);
  });
});

describe("dates that could be read two ways", () => {
  const file = (dates: string[]) =>
    ["Action,Capability,Lead organisation,Due", ...dates.map((d, i) => `Date test ${i + 1},4,${"National Police CSEA Unit"},${d}`)].join("\r\n") + "\r\n";
  let orgName: string;

  beforeAll(async () => {
    // A law-enforcement organisation of the demo leads the rows.
    orgName = (await server.services.db.selectFrom("organisation").select("name").where("plan_id", "=", planId).where("sector", "=", "law-enforcement").executeTakeFirstOrThrow()).name;
  });

  it("asks how 03/04/2027 is written, shows the date as it will be stored, and stores that", async () => {
    const batch = await upload(coordinator, "dates.csv", file(["03/04/2027", "05/06/2027"]).replaceAll("National Police CSEA Unit", orgName), "text/csv");
    const asked = unescape(await (await coordinator.get(`${base()}/import?batch=${batch}`)).text());
    expect(asked).toContain("How are dates such as 03/04/2027 written in this file?");
    expect(asked).toContain("This file has dates such as 03/04/2027 that could be day first or month first.");
    // Nothing is imported until the person says.
    expect((await coordinator.post(`${base()}/import`, { intent: "commit", batch })).status).toBe(400);

    const monthFirst = unescape(await (await coordinator.get(`${base()}/import?batch=${batch}&dates=mdy`)).text());
    expect(monthFirst).toContain("03/04/2027<span class=\"import-stored\"> → stored as Mar 4, 2027</span>");
    const dayFirst = unescape(await (await coordinator.get(`${base()}/import?batch=${batch}&dates=dmy`)).text());
    expect(dayFirst).toContain("03/04/2027<span class=\"import-stored\"> → stored as Apr 3, 2027</span>");

    const done = await coordinator.post(`${base()}/import`, { intent: "commit", batch, dates: "mdy" });
    expect(done.status).toBe(302);
    const stored = await server.services.db.selectFrom("action").select(["title", "due_date"]).where("plan_id", "=", planId).where("title", "like", "Date test %").orderBy("title").execute();
    expect(stored).toEqual([
      { title: "Date test 1", due_date: "2027-03-04" },
      { title: "Date test 2", due_date: "2027-05-06" },
    ]);
    await server.services.db.deleteFrom("action").where("plan_id", "=", planId).where("title", "like", "Date test %").execute();
  });

  it("does not ask when another date of the file settles the order (25/04/2027 is day first)", async () => {
    const batch = await upload(coordinator, "dates.csv", file(["03/04/2027", "25/04/2027"]).replaceAll("National Police CSEA Unit", orgName), "text/csv");
    const html = unescape(await (await coordinator.get(`${base()}/import?batch=${batch}`)).text());
    expect(html).not.toContain("How are dates such as 03/04/2027 written in this file?");
    expect(html).toContain("03/04/2027<span class=\"import-stored\"> → stored as Apr 3, 2027</span>");
  });
});
