import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAction, newActionSchema, progressSchema, reportProgress } from "~/services/actions.server";
import { loadPlanAccess, type PlanAccess } from "~/services/plan-access.server";
import { docName } from "../../server/sync/doc-names";
import { actionFields, createActionPlan, type ActionPlanFixture } from "../helpers/action-plan";
import { redirectLocation, type TestClient } from "../helpers/http-client";
import { paragraphs, writeRichText } from "../helpers/rich-text";
import { startTestServer, type TestServer } from "../helpers/test-server";

const SECRET = "Sector-only note: pending legal review of the referral protocol";

let server: TestServer;
let plan: ActionPlanFixture;
let coordinator: TestClient;
let observer: TestClient;
let access: PlanAccess;
const ids: Record<string, string> = {};

async function docxXml(res: Response): Promise<string> {
  const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
  return zip.file("word/document.xml")!.async("string");
}

beforeAll(async () => {
  server = await startTestServer();
  plan = await createActionPlan(server);
  coordinator = await plan.login("coordinator");
  observer = await plan.login("observer");
  const db = server.services.db;
  const user = await db.selectFrom("app_user").select(["id", "email", "name", "is_site_admin"]).where("id", "=", plan.users.coordinator.id).executeTakeFirstOrThrow();
  access = (await loadPlanAccess(db, { user: { id: user.id, email: user.email, name: user.name, isSiteAdmin: false }, session: null } as never, plan.planId))!;
  const create = async (key: string, overrides: Record<string, string | string[]>) => {
    const input = newActionSchema.parse(actionFields(overrides));
    ids[key] = (await createAction(server.services, access, input)).id;
  };
  await create("council", { title: "Set up the national council", organisationId: plan.orgs.ministry, capabilities: ["leadership"], partners: [plan.orgs.hotline], status: "on-track", progress: "30" });
  await create("hotline", { title: "Extend hotline opening hours", organisationId: plan.orgs.hotline, capabilities: ["csea-hotline"], status: "not-started" });
  await create("reserved", { title: "Reserved operational measure", organisationId: plan.orgs.police, capabilities: ["dedicated-law-enforcement"] });
  await writeRichText(db, docName({ kind: "introduction", planId: plan.planId }), paragraphs("The task force adopts this plan to coordinate the national response."));
  await writeRichText(db, docName({ kind: "capability", planId: plan.planId, capabilityId: "leadership" }), paragraphs("The council meets every quarter."));
  await writeRichText(db, docName({ kind: "sector-notes", planId: plan.planId, capabilityId: "leadership", sector: "government" }), paragraphs(SECRET));
});
afterAll(async () => {
  await server.stop();
  await server.database.drop();
});

const base = () => `/plans/${plan.planId}`;

describe("exporting the living plan", () => {
  it("produces a DOCX with headings, tables, the narrative, and no confidential notes", async () => {
    const res = await observer.get(`${base()}/export/docx?edition=internal`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("wordprocessingml");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename=".+\.docx"; filename\*=UTF-8''.+\.docx$/);
    const xml = await docxXml(res);
    expect(xml).toContain('<w:pStyle w:val="Heading1"/>');
    expect(xml).toContain('<w:pStyle w:val="Heading2"/>');
    expect(xml).toContain("<w:tbl>");
    expect(xml).toContain("The council meets every quarter.");
    expect(xml).toContain("The task force adopts this plan");
    expect(xml).toContain("Set up the national council");
    expect(xml).toContain("SafeNet Hotline");
    expect(xml).not.toContain("Sector-only note");
  });

  it("produces Markdown without confidential notes", async () => {
    const res = await coordinator.get(`${base()}/export/md?edition=internal`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/markdown");
    const md = await res.text();
    expect(md).toContain("## 2 Policy and Governance");
    expect(md).toContain("Extend hotline opening hours");
    expect(md).not.toContain(SECRET);
  });

  it("serves the print view to every member and 404 for an unknown format", async () => {
    const res = await observer.get(`${base()}/export/print?edition=internal`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Set up the national council");
    expect(html).not.toContain(SECRET);
    expect((await coordinator.get(`${base()}/export/pdf`)).status).toBe(404);
  });
});

describe("public edition exclusions", () => {
  it("refuses observers (403) and leaves excluded actions out of the public edition only", async () => {
    expect((await observer.post(`${base()}/export/exclusions`, { action: ids.reserved! })).status).toBe(403);
    const res = await coordinator.post(`${base()}/export/exclusions`, { action: ids.reserved!, capability: "offender-management-process" });
    expect(res.status).toBe(302);
    const pub = await (await coordinator.get(`${base()}/export/md?edition=public`)).text();
    expect(pub).not.toContain("Reserved operational measure");
    expect(pub).not.toContain("Offender Management Process");
    expect(pub).toContain("leaves out 1 capability and 1 action.");
    expect(await (await coordinator.get(`${base()}/export/exclusions`)).text()).toContain("1 capability and 1 action are excluded.");
    expect(await (await coordinator.get(`${base()}/export?edition=public`)).text()).toContain("Left out of the public edition: 1 capability, 1 action.");
    const internal = await (await coordinator.get(`${base()}/export/md?edition=internal`)).text();
    expect(internal).toContain("Reserved operational measure");
    const audit = await server.services.db.selectFrom("audit_log").select("verb").where("verb", "=", "export.exclude").execute();
    expect(audit).toHaveLength(1);
  });
});

describe("editions", () => {
  let editionId: string;

  it("lets only the coordinator freeze an edition; bad input is a 400", async () => {
    expect((await observer.post(`${base()}/editions?index`, { name: "v0", audience: "internal" })).status).toBe(403);
    expect((await coordinator.post(`${base()}/editions?index`, { name: "", audience: "internal" })).status).toBe(400);
    expect((await coordinator.post(`${base()}/editions?index`, { name: "v1", date: "2027-02-31", audience: "internal" })).status).toBe(400);
    const res = await coordinator.post(`${base()}/editions?index`, { name: "v1.0 adopted by the cabinet", date: "2027-03-01", audience: "internal" });
    expect(res.status).toBe(302);
    editionId = /editions\/([a-z0-9]+)/.exec(redirectLocation(res) ?? "")![1]!;
    const list = await (await observer.get(`${base()}/editions`)).text();
    expect(list).toContain("v1.0 adopted by the cabinet");
  });

  it("stays as frozen after the plan changes, and the comparison shows the changes", async () => {
    const db = server.services.db;
    const stored = await db.selectFrom("edition").select("data_json").where("id", "=", editionId).executeTakeFirstOrThrow();
    await reportProgress(server.services, access, ids.council!, progressSchema.parse({ status: "completed", progress: "100", comment: "" }));
    await createAction(server.services, access, newActionSchema.parse(actionFields({ title: "Publish annual progress report", organisationId: plan.orgs.ministry, capabilities: ["research-analysis-monitoring"] })));
    await writeRichText(db, docName({ kind: "capability", planId: plan.planId, capabilityId: "leadership" }), paragraphs("The council now meets every month."));

    const after = await db.selectFrom("edition").select("data_json").where("id", "=", editionId).executeTakeFirstOrThrow();
    expect(after.data_json).toBe(stored.data_json);
    const md = await (await observer.get(`${base()}/editions/${editionId}/md`)).text();
    expect(md).toContain("The council meets every quarter.");
    expect(md).not.toContain("every month");
    expect(md).not.toContain("Publish annual progress report");
    expect(md).toContain("v1.0 adopted by the cabinet");
    const docx = await observer.get(`${base()}/editions/${editionId}/docx`);
    expect(docx.status).toBe(200);
    expect(await docxXml(docx)).toContain("The council meets every quarter.");

    const compare = await (await observer.get(`${base()}/editions/${editionId}`)).text();
    expect(compare).toContain("Publish annual progress report");
    expect(compare).toMatch(/Set up the national council: On track → Completed/);
    expect(compare).toContain("1. Leadership");
  });

  it("compares two editions from the older to the newer, whichever edition's page it starts from", async () => {
    const res = await coordinator.post(`${base()}/editions?index`, { name: "v1.1 after the review", date: "2027-09-01", audience: "internal" });
    expect(res.status).toBe(302);
    const newer = /editions\/([a-z0-9]+)/.exec(redirectLocation(res) ?? "")![1]!;
    const group = (html: string, title: string) => new RegExp(`<section[^>]*aria-label="${title}"[^>]*>([\\s\\S]*?)</section>`).exec(html)?.[1] ?? "";
    for (const [page, against] of [
      [newer, editionId],
      [editionId, newer],
    ]) {
      const html = await (await observer.get(`${base()}/editions/${page}?against=${against}`)).text();
      expect(html).toContain("Changes from “v1.0 adopted by the cabinet” to “v1.1 after the review”");
      expect(group(html, "Actions added")).toContain("Publish annual progress report");
      expect(group(html, "Actions removed")).not.toContain("Publish annual progress report");
      expect(html).toMatch(/Set up the national council: On track → Completed/);
    }
  });

  it("answers 404 for an unknown edition, in every format", async () => {
    for (const path of ["", "/md", "/docx", "/print"]) expect((await observer.get(`${base()}/editions/nosuchedition${path}`)).status).toBe(404);
    expect((await observer.get(`${base()}/editions/${editionId}?against=nosuchedition`)).status).toBe(404);
  });
});

describe("bad input", () => {
  it("exports an empty, archived plan with an unsafe title, saying what is empty", async () => {
    const other = await createActionPlan(server);
    await server.services.db
      .updateTable("plan")
      .set({ title: 'Plan: "A/B" <draft>|v1?*', archived_at: new Date().toISOString() })
      .where("id", "=", other.planId)
      .execute();
    const client = await other.login("observer");
    const res = await client.get(`/plans/${other.planId}/export/md?edition=internal`);
    expect(res.status).toBe(200);
    const disposition = res.headers.get("content-disposition")!;
    expect(disposition).toMatch(/^attachment; filename="Plan A B draft v1 2026-2029 internal \d{4}-\d{2}-\d{2}\.md"/);
    const md = await res.text();
    expect(md).toContain("This plan is archived.");
    expect(md).toContain("No introduction has been written yet.");
    expect(md).toContain("This plan has no actions yet.");
    expect((await client.get(`/plans/${other.planId}/export/docx`)).status).toBe(200);
    expect((await client.get(`/plans/${other.planId}/export`)).status).toBe(200);
  });
});
