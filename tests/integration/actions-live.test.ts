import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeMember } from "~/services/members.server";
import { findPlanById } from "../../db/repositories/plans";
import { actionFields, createActionPlan, type ActionPlanFixture } from "../helpers/action-plan";
import { TestClient, redirectLocation } from "../helpers/http-client";
import { startTestServer, type TestServer } from "../helpers/test-server";

let server: TestServer;
let plan: ActionPlanFixture;

beforeAll(async () => {
  server = await startTestServer();
  plan = await createActionPlan(server);
});
afterAll(async () => {
  await server.stop();
  await server.database.drop();
});

/** Reads a Server-Sent Events response as a second browser tab would. */
class EventReader {
  private buffer = "";
  private done = false;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();

  constructor(readonly response: Response) {
    this.reader = response.body!.getReader();
  }

  /** Waits for the next event named `name` (or the end of the stream → null). */
  async next(name: string, timeoutMs = 5000): Promise<Record<string, unknown> | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const blocks = this.buffer.split("\n\n");
      for (let i = 0; i < blocks.length - 1; i++) {
        const block = blocks[i]!;
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event === name && data) {
          this.buffer = blocks.slice(i + 1).join("\n\n");
          return JSON.parse(data) as Record<string, unknown>;
        }
      }
      this.buffer = blocks[blocks.length - 1]!;
      if (this.done) return null;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no "${name}" event within ${timeoutMs} ms`);
      const chunk = await Promise.race([this.reader.read(), new Promise<"timeout">((r) => setTimeout(() => r("timeout"), left))]);
      if (chunk === "timeout") throw new Error(`no "${name}" event within ${timeoutMs} ms`);
      if (chunk.done) this.done = true;
      else this.buffer += this.decoder.decode(chunk.value, { stream: true });
    }
  }

  /** Resolves true when the server closes the stream within the time. */
  async closedWithin(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!this.done && Date.now() < deadline) {
      const chunk = await Promise.race([this.reader.read(), new Promise<"timeout">((r) => setTimeout(() => r("timeout"), deadline - Date.now()))]);
      if (chunk === "timeout") break;
      if (chunk.done) this.done = true;
    }
    return this.done;
  }

  cancel() {
    void this.reader.cancel().catch(() => undefined);
  }
}

async function open(client: TestClient): Promise<EventReader> {
  const res = await client.get(`/plans/${plan.planId}/events`, { headers: { accept: "text/event-stream" } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
  return new EventReader(res);
}

describe("the plan's event stream", () => {
  it("is only for members: 404 to another plan's member, sign-in for nobody", async () => {
    const other = await createActionPlan(server);
    const stranger = await other.login("coordinator");
    expect((await stranger.get(`/plans/${plan.planId}/events`)).status).toBe(404);
    const anonymous = await new TestClient(server.origin).get(`/plans/${plan.planId}/events`);
    expect(anonymous.status).toBe(302);
    expect(redirectLocation(anonymous)).toMatch(/^\/login/);
  });

  it("brings a change made by one member to another member's open page within a second", async () => {
    const observer = await plan.login("observer");
    const stream = await open(observer);
    const lead = await plan.login("leadLE");
    const started = Date.now();
    const res = await lead.post(`/plans/${plan.planId}/actions/new`, actionFields({ organisationId: plan.orgs.police, title: "Live update test action" }));
    expect(res.status).toBe(302);
    const event = await stream.next("plan-changed", 3000);
    expect(Date.now() - started).toBeLessThan(1000);
    const row = await server.services.db.selectFrom("action").select("id").where("title", "=", "Live update test action").executeTakeFirstOrThrow();
    expect(event).toMatchObject({ entity: "action", entityId: row.id, actorName: "Leo Lead", self: false });
    // The page the second client would revalidate now shows it.
    expect(await (await observer.get(`/plans/${plan.planId}/actions`)).text()).toContain("Live update test action");

    // A progress report reaches it too.
    const member = await plan.login("memberLE");
    await member.post(`/plans/${plan.planId}/actions/${row.id}`, { intent: "progress", status: "on-track", progress: "40", comment: "Going well" });
    expect(await stream.next("plan-changed")).toMatchObject({ entity: "action", entityId: row.id, actorName: "Mia Member" });
    stream.cancel();
  });

  it("does not carry other plans' changes", async () => {
    const observer = await plan.login("observer");
    const stream = await open(observer);
    const other = await createActionPlan(server);
    const coordinator = await other.login("coordinator");
    await coordinator.post(`/plans/${other.planId}/actions/new`, actionFields({ organisationId: other.orgs.police, title: "Another plan's action" }));
    await expect(stream.next("plan-changed", 800)).rejects.toThrow(/no "plan-changed" event/);
    stream.cancel();
  });

  it("closes when the member is removed from the plan", async () => {
    const memberCS = await plan.login("memberCS");
    const stream = await open(memberCS);
    const planRow = (await findPlanById(server.services.db, plan.planId))!;
    await removeMember(server.services, { kind: "operator", plan: planRow, userId: null }, plan.users.memberCS.id);
    expect(await stream.closedWithin(3000)).toBe(true);
    // And the next connection is refused.
    expect((await memberCS.get(`/plans/${plan.planId}/events`)).status).toBe(404);
  });

  it("closes when the session ends (sign-out)", async () => {
    const lead = await plan.login("leadCS");
    const stream = await open(lead);
    await lead.post("/logout", {});
    expect(await stream.closedWithin(3000)).toBe(true);
  });
});
