import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionFields, createActionPlan, type ActionPlanFixture } from "../helpers/action-plan";
import { FIXTURE_CSV, FIXTURE_XLSX, fixtureRows, type Mistake } from "../fixtures/actions-import";
import { redirectLocation, type TestClient } from "../helpers/http-client";
import { startTestServer, type TestServer } from "../helpers/test-server";

let server: TestServer;
let plan: ActionPlanFixture;

beforeAll(async () => {
  server = await startTestServer();
  // Tag "fixture": the spreadsheet's assignee e-mails are this plan's members.
  plan = await createActionPlan(server, "fixture");
});
afterAll(async () => {
  await server.stop();
  await server.database.drop();
});

const base = () => `/plans/${plan.planId}/actions`;
const countActions = async () => (await server.services.db.selectFrom("action").select("id").where("plan_id", "=", plan.planId).execute()).length;
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async function upload(client: TestClient, name: string, bytes: Buffer | string, type: string): Promise<Response> {
  const form = new FormData();
  form.set("intent", "upload");
  form.set("file", new File([typeof bytes === "string" ? bytes : new Uint8Array(bytes)], name, { type }));
  return client.request(`${base()}/import`, { method: "POST", body: form });
}

async function uploadBatch(client: TestClient, name: string, bytes: Buffer | string, type: string): Promise<string> {
  const res = await upload(client, name, bytes, type);
  expect(res.status, (await res.clone().text()).slice(0, 400)).toBe(302);
  const batch = /batch=([a-z0-9]+)/.exec(redirectLocation(res) ?? "")?.[1];
  expect(batch).toBeTruthy();
  return batch!;
}

const FIELD_OF: Record<Mistake, string> = {
  capability: "MNR capabilities",
  organisation: "Lead organisation",
  date: "Due date",
  endBeforeStart: "Due date",
  progress: "Progress (%)",
  formula: "Action",
  assignee: "Assignee",
  sector: "Owning sector",
  status: "Status",
};

describe("importing the 300-row spreadsheet", () => {
  const rows = fixtureRows();
  const withMistakes = rows.filter((r) => r.mistakes.length > 0).length;
  const valid = rows.length - withMistakes;

  it("checks each row against a sector lead's own sector (CSV)", async () => {
    const lead = await plan.login("leadLE");
    const batch = await uploadBatch(lead, "plan.csv", fs.readFileSync(FIXTURE_CSV), "text/csv");
    const html = await (await lead.get(`${base()}/import?batch=${batch}`)).text();
    expect(html).toContain("You can only create actions for your own sector.");
    // Another member cannot use this upload.
    const coordinator = await plan.login("coordinator");
    expect((await coordinator.post(`${base()}/import`, { intent: "commit", batch })).status).toBe(410);
    const res = await lead.post(`${base()}/import`, { intent: "commit", batch });
    expect(res.status).toBe(302);
    expect(redirectLocation(res)).toBe(`${base()}/import?done=${batch}`);
    const imported = (await server.services.db.selectFrom("action").select("id").where("plan_id", "=", plan.planId).execute()).length;
    const expected = rows.filter((r) => r.mistakes.length === 0 && (r.cells[4] === "National Police CSEA Unit" || r.cells[4] === "Cybercrime Directorate")).length;
    expect(imported).toBe(expected);
    const sectors = await server.services.db.selectFrom("action").select("sector").where("plan_id", "=", plan.planId).execute();
    expect(sectors).toHaveLength(expected);
    expect(new Set(sectors.map((s) => s.sector))).toEqual(new Set(["law-enforcement"]));
    // Start the next test from an empty register (its references would clash).
    await server.services.db.deleteFrom("action").where("plan_id", "=", plan.planId).execute();
  });

  it("previews with the columns matched and every planted mistake reported on its row", async () => {
    const coordinator = await plan.login("coordinator");
    const batch = await uploadBatch(coordinator, "national-action-plan.xlsx", fs.readFileSync(FIXTURE_XLSX), XLSX_TYPE);
    const page = await coordinator.get(`${base()}/import?batch=${batch}`);
    expect(page.status).toBe(200);
    const html = (await page.text()).replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
    expect(html).toContain(`${valid} of 300 rows are ready to import; ${withMistakes} with problems.`);
    for (const [i, r] of rows.entries()) {
      for (const m of r.mistakes) {
        const rowNumber = i + 2;
        expect(html, `row ${rowNumber}: ${m}`).toMatch(new RegExp(`<td>${rowNumber}</td><td>${FIELD_OF[m].replace(/[()]/g, "\\$&")}</td>`));
      }
    }
    expect(html).toContain("This cell holds a spreadsheet formula (=HYPERLINK(");
    expect(html).toContain("This is not a capability of the plan&#x27;s framework".replace("&#x27;", "'"));
    expect(html).toContain("The assignee must be a member of the lead organisation.");
    expect(html).toContain("The owning sector is always the lead organisation");
    // Nothing written by a preview.
    expect(await countActions()).toBe(0);

    // Strict: any problem → nothing imported.
    const strict = await coordinator.post(`${base()}/import`, { intent: "commit", batch, strict: "on" });
    expect(strict.status).toBe(422);
    expect(await strict.text()).toContain(`Nothing was imported`);
    expect(await countActions()).toBe(0);

    // Not strict: the valid rows, in one transaction.
    const done = await coordinator.post(`${base()}/import`, { intent: "commit", batch });
    expect(done.status).toBe(302);
    expect(redirectLocation(done)).toBe(`${base()}/import?done=${batch}`);
    expect(await countActions()).toBe(valid);
    // The page after the import says how many were created and lists them.
    const result = (await (await coordinator.get(`${base()}/import?done=${batch}`)).text()).replace(/<!-- -->/g, "");
    expect(result).toContain(`${valid} actions created. 0 actions updated.`);
    expect(result.match(/<li><a data-discover="true" href="\/plans\/[^"]+\/actions\/[a-z0-9]+">/g)).toHaveLength(valid);
    const db = server.services.db;
    const a1 = await db.selectFrom("action").selectAll().where("plan_id", "=", plan.planId).where("ref", "=", "A-1").executeTakeFirstOrThrow();
    // Row 2's start is a real date cell in the workbook; its due date is typed "4 June 2029".
    expect(a1).toMatchObject({ status: "on-track", progress: 7, start_date: "2026-03-03", due_date: "2029-06-04", budget_amount: 6375, budget_currency: "EUR", sector: "government" });
    const caps = await db.selectFrom("action_capability").select("capability_id").where("action_id", "=", a1.id).execute();
    expect(caps.map((c) => c.capability_id)).toEqual(["research-analysis-monitoring"]);
    const a2 = await db.selectFrom("action").selectAll().where("plan_id", "=", plan.planId).where("ref", "=", "A-2").executeTakeFirstOrThrow();
    expect(a2).toMatchObject({ status: "on-track", progress: 14, start_date: "2026-03-03", due_date: "2029-11-07", budget_amount: 7750, budget_currency: "USD", scope: "Frontline police officers" });
    const partners = await db.selectFrom("action_partner").select("organisation_id").where("action_id", "=", a2.id).execute();
    expect(partners.map((p) => p.organisation_id).sort()).toEqual([plan.orgs.company, plan.orgs.hotline].sort());
    // Rows without a reference were numbered under their first capability.
    const auto = await db.selectFrom("action").select("ref").where("plan_id", "=", plan.planId).where("ref", "not like", "A-%").execute();
    expect(auto.length).toBeGreaterThan(0);
    for (const r of auto) expect(r.ref).toMatch(/^\d+\.\d+$/);
    // Audited: one row per action and one for the import.
    const audits = await db.selectFrom("audit_log").select("verb").where("plan_id", "=", plan.planId).where("actor_id", "=", plan.users.coordinator.id).execute();
    expect(audits.filter((a) => a.verb === "action.create")).toHaveLength(valid);
    expect(audits.filter((a) => a.verb === "action.import")).toHaveLength(1);

    // The same upload cannot be imported twice.
    const again = await coordinator.post(`${base()}/import`, { intent: "commit", batch });
    expect(again.status).toBe(410);
    expect(await countActions()).toBe(valid);
  });

});

describe("text encodings of CSV files (issue 20, item 5)", () => {
  // Titles with the letters each encoding exists for; the rest of each row is plain ASCII.
  const FRENCH = ["Éducation numérique à l'école", "Former les enquêteurs spécialisés", "Sensibiliser les élèves de 12 à 15 ans"];
  const JAPANESE = ["デジタル教育の推進", "専門捜査官の研修", "学校での啓発活動"];
  const csv = (titles: string[], separator = ",") =>
    [["Ref", "Action", "Capability", "Lead organisation", "Due"], ...titles.map((t, i) => [`E-${i + 1}`, t, "4", "National Police CSEA Unit", "2027-03-31"])]
      .map((r) => r.join(separator))
      .join("\r\n") + "\r\n";

  async function preview(client: TestClient, name: string, bytes: Buffer, encoding?: string) {
    const form = new FormData();
    form.set("intent", "upload");
    if (encoding) form.set("encoding", encoding);
    form.set("file", new File([new Uint8Array(bytes)], name, { type: "text/csv" }));
    const res = await client.request(`${base()}/import`, { method: "POST", body: form });
    if (res.status !== 302) return { status: res.status, html: decode(await res.text()), batch: null };
    const batch = /batch=([a-z0-9]+)/.exec(redirectLocation(res) ?? "")![1]!;
    return { status: 302, html: decode(await (await client.get(`${base()}/import?batch=${batch}`)).text()), batch };
  }
  const decode = (html: string) => html.replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&");

  async function importAndRead(client: TestClient, batch: string, titles: string[]) {
    const done = await client.post(`${base()}/import`, { intent: "commit", batch });
    expect(done.status).toBe(302);
    const rows = await server.services.db.selectFrom("action").select("title").where("plan_id", "=", plan.planId).where("ref", "like", "E-%").orderBy("ref").execute();
    expect(rows.map((r) => r.title)).toEqual(titles);
    await server.services.db.deleteFrom("action").where("plan_id", "=", plan.planId).where("ref", "like", "E-%").execute();
  }

  it.each([
    ["Latin-1", iconv.encode(csv(FRENCH), "latin1"), FRENCH, "ISO-8859-1"],
    ["Windows-1252", iconv.encode(csv(FRENCH), "win1252"), FRENCH, "ISO-8859-1"],
    ["Shift-JIS", iconv.encode(csv(JAPANESE), "Shift_JIS"), JAPANESE, "Shift_JIS"],
    ["UTF-16 with a byte-order mark, tab-separated (Excel's Unicode text)", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv(JAPANESE, "\t"), "utf16le")]), JAPANESE, "UTF-16LE"],
    ["UTF-16 without a byte-order mark", Buffer.from(csv(FRENCH, "\t"), "utf16le"), FRENCH, "UTF-16LE"],
    ["UTF-8 without a byte-order mark", Buffer.from(csv(FRENCH), "utf8"), FRENCH, "UTF-8"],
  ])("reads %s, shows the decoded text and the encoding in the preview, and imports it intact", async (_, bytes, titles, encoding) => {
    const coordinator = await plan.login("coordinator");
    const { status, html, batch } = await preview(coordinator, "register.csv", bytes);
    expect(status).toBe(302);
    expect(html).toContain(`Text read as ${encoding} (recognised automatically).`);
    expect(html).toContain("3 of 3 rows are ready to import");
    for (const t of titles) expect(html).toContain(`<td>${t}</td>`);
    expect(html).not.toContain("\ufffd");
    await importAndRead(coordinator, batch!, titles);
  });

  it("reads the encoding the person chooses, and refuses bytes that are not text in it", async () => {
    const coordinator = await plan.login("coordinator");
    const chosen = await preview(coordinator, "register.csv", iconv.encode(csv(FRENCH), "latin1"), "windows-1252");
    expect(chosen.html).toContain("Text read as WINDOWS-1252, as you chose.");
    expect(chosen.html).toContain(`<td>${FRENCH[0]}</td>`);
    const wrong = await preview(coordinator, "register.csv", iconv.encode(csv(JAPANESE), "Shift_JIS"), "utf-8");
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain("This file is not text in the chosen encoding.");
    const unknown = await preview(coordinator, "register.csv", iconv.encode(csv(FRENCH), "latin1"), "klingon");
    expect(unknown.status).toBe(400);
  });

  it("refuses a file whose text cannot be recognised, instead of importing replacement characters", async () => {
    const coordinator = await plan.login("coordinator");
    // Bytes of no text encoding: zeros scattered among high bytes.
    const noise = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i % 7 === 0 ? 0 : 128 + ((i * 37) % 128))));
    const before = await countActions();
    const { status, html } = await preview(coordinator, "register.csv", noise);
    expect(status).toBe(400);
    expect(html).toContain("The text of this file could not be read");
    expect(await countActions()).toBe(before);
  });
});

describe("bad files", () => {
  it("refuses other file types, empty files, header-only files and too many rows, with a message", async () => {
    const coordinator = await plan.login("coordinator");
    const txt = await upload(coordinator, "notes.txt", "hello", "text/plain");
    expect(txt.status).toBe(400);
    expect(await txt.text()).toContain("Only CSV (.csv) and Excel (.xlsx) files can be imported.");
    const headerOnly = await upload(coordinator, "empty.csv", "Ref,Action,Capability\r\n", "text/csv");
    expect(headerOnly.status).toBe(400);
    expect(await headerOnly.text()).toContain("The file has no rows below its header.");
    const many = "Action,Capability,Lead organisation,Deadline\r\n" + "Train staff,4,National Police CSEA Unit,2027-01-01\r\n".repeat(5001);
    const tooMany = await upload(coordinator, "big.csv", many, "text/csv");
    expect(tooMany.status).toBe(400);
    expect(await tooMany.text()).toContain("more than 5,000 rows");
    const broken = await upload(coordinator, "broken.xlsx", "this is not a zip file", XLSX_TYPE);
    expect(broken.status).toBe(400);
    expect(await broken.text()).toContain("could not be read as a spreadsheet");
  });

  it("refuses a body over 10 MiB at the door (413)", async () => {
    const coordinator = await plan.login("coordinator");
    const res = await upload(coordinator, "huge.csv", "x".repeat(10 * 1024 * 1024 + 10), "text/csv");
    expect(res.status).toBe(413);
  });

  it("flags a formula-injection cell in a CSV instead of importing it", async () => {
    const coordinator = await plan.login("coordinator");
    const csv = ["Action,Capability,Lead organisation,Deadline,Risks", `"=cmd|' /C calc'!A0",4,National Police CSEA Unit,2027-01-01,`, `Train staff,4,National Police CSEA Unit,2027-01-01,"@SUM(1+1)*cmd|' /C calc'!A0"`].join("\r\n");
    const batch = await uploadBatch(coordinator, "inject.csv", csv, "text/csv");
    const html = (await (await coordinator.get(`${base()}/import?batch=${batch}`)).text()).replace(/&#x27;|&#39;/g, "'");
    expect(html).toContain("0 of 2 rows are ready to import");
    expect(html).toContain("This cell holds a spreadsheet formula (=cmd|' /C calc'!A0)");
    expect(html).toContain("This cell holds a spreadsheet formula (@SUM(1+1)*cmd|");
  });

  it("is closed to members and observers", async () => {
    for (const who of ["memberLE", "observer"] as const) {
      const client = await plan.login(who);
      expect((await client.get(`${base()}/import`)).status).toBe(403);
      expect((await upload(client, "plan.csv", fs.readFileSync(FIXTURE_CSV), "text/csv")).status).toBe(403);
    }
  });
});

describe("export", () => {
  it("exports the current view as CSV and XLSX with formula-like cells neutralised", async () => {
    const lead = await plan.login("leadCS");
    for (const [title, risks] of [
      ["=HYPERLINK(\"http://example.invalid\",\"x\")", "+cmd|' /C calc'!A0"],
      ["@SUM(1+1)", "-2+3+cmd|' /C calc'!A0"],
    ] as const) {
      const res = await lead.post(`${base()}/new`, actionFields({ organisationId: plan.orgs.hotline, title, risks, capabilities: ["csea-hotline"] }));
      expect(res.status).toBe(302);
    }
    const observer = await plan.login("observer");
    const csvRes = await observer.get(`${base()}/export?format=csv&sector=civil-society&q=SUM`);
    expect(csvRes.status).toBe(200);
    expect(csvRes.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csvRes.headers.get("content-disposition")).toMatch(/attachment; filename="actions-\d{4}-\d{2}-\d{2}\.csv"/);
    const csv = await csvRes.text();
    const lines = csv.replace(/^\ufeff/, "").trim().split("\r\n");
    expect(lines).toHaveLength(2); // header + the one action the view shows
    expect(lines[1]).toContain("'@SUM(1+1)");
    expect(lines[1]).toContain("'-2+3+cmd|");
    expect(csv).not.toMatch(/(^|,)"?[=+\-@]/m);

    const xlsxRes = await observer.get(`${base()}/export?format=xlsx&sector=civil-society`);
    expect(xlsxRes.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsxRes.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    const titles: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) titles.push(String(row.getCell(2).value));
      row.eachCell((cell) => expect(cell.formula).toBeUndefined());
    });
    expect(titles).toContain(`'=HYPERLINK("http://example.invalid","x")`);
    expect(titles).toContain("'@SUM(1+1)");
  });
});
