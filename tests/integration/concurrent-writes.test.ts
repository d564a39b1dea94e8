import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionFields, createActionPlan, type ActionPlanFixture } from "../helpers/action-plan";
import { redirectLocation, type TestClient } from "../helpers/http-client";
import { startTestServer, type TestServer } from "../helpers/test-server";

/**
 * Several people writing at the same moment, through the real server: on PostgreSQL two
 * transactions used to compute the same next reference (or pass the same duplicate-name check)
 * and the unique index answered the loser with HTTP 500. Every answer here is a success or the
 * form's own error.
 */
let server: TestServer;
let plan: ActionPlanFixture;
let writers: TestClient[];

beforeAll(async () => {
  server = await startTestServer();
  plan = await createActionPlan(server, "race");
  // Six sessions: the coordinator three times and the law-enforcement lead three times.
  writers = [];
  for (const who of ["coordinator", "leadLE", "coordinator", "leadLE", "coordinator", "leadLE"] as const) writers.push(await plan.login(who));
});
afterAll(async () => {
  await server?.stop();
  await server?.database.drop();
});

const db = () => server.services.db;
const statusCounts = (statuses: number[]) => statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

describe("actions created at the same moment", () => {
  it("gives every creation its own reference: 6 writers × 8 actions, all at once, no 500", async () => {
    const before = await db().selectFrom("action").select("ref").where("plan_id", "=", plan.planId).execute();
    const posts = writers.flatMap((client, w) =>
      Array.from({ length: 8 }, (_, i) =>
        client.post(
          `/plans/${plan.planId}/actions/new`,
          actionFields({ title: `Concurrent action ${w}-${i}`, organisationId: plan.orgs.police, capabilities: ["dedicated-law-enforcement"] }),
        ),
      ),
    );
    const answers = await Promise.all(posts);
    expect(statusCounts(answers.map((r) => r.status))).toEqual({ 302: 48 });
    const rows = await db().selectFrom("action").select("ref").where("plan_id", "=", plan.planId).execute();
    const refs = rows.map((r) => r.ref).filter((r) => !before.some((b) => b.ref === r));
    expect(refs).toHaveLength(48);
    expect(new Set(refs).size).toBe(48);
    // References are still dense under the capability: 5.1 … 5.48.
    expect(refs.map((r) => Number(r.split(".")[1])).sort((a, b) => a - b)).toEqual(Array.from({ length: 48 }, (_, i) => i + 1));
  });

  it("answers the same explicit reference chosen at once with one creation and the form's error for the rest", async () => {
    for (let round = 0; round < 5; round++) {
      const ref = `R-${round}`;
      const answers = await Promise.all(
        writers.map((client) => client.post(`/plans/${plan.planId}/actions/new`, actionFields({ ref, organisationId: plan.orgs.police, capabilities: ["dedicated-law-enforcement"] }))),
      );
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((s) => s === 302), `round ${round}: ${statuses.join(",")}`).toHaveLength(1);
      for (const r of answers.filter((a) => a.status !== 302)) {
        expect(r.status).toBe(400);
        expect(await r.text()).toContain("Another action of this plan already has this reference.");
      }
    }
  });

  it("answers an edit to a reference another edit takes at the same moment with the form's error", async () => {
    const ids: string[] = [];
    for (let i = 0; i < writers.length; i++) {
      const res = await writers[i]!.post(`/plans/${plan.planId}/actions/new`, actionFields({ title: `To renumber ${i}`, organisationId: plan.orgs.police, capabilities: ["dedicated-law-enforcement"] }));
      ids.push(/actions\/([a-z0-9]+)/.exec(redirectLocation(res) ?? "")![1]!);
    }
    const answers = await Promise.all(
      ids.map((id, i) =>
        writers[i]!.post(`/plans/${plan.planId}/actions/${id}`, {
          intent: "edit",
          version: "1",
          ...actionFields({ ref: "SAME-1", title: `To renumber ${i}`, organisationId: plan.orgs.police, capabilities: ["dedicated-law-enforcement"] }),
        }),
      ),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s < 400), statuses.join(",")).toHaveLength(1);
    for (const r of answers.filter((a) => a.status >= 400)) {
      expect(r.status).toBe(400);
      // The edit form is closed on first render; its error travels in the action data.
      expect(await r.text()).toContain("actions:errors.refTaken");
    }
  });
});

describe("organisations created at the same moment", () => {
  it("creates one organisation of a name and gives the others the form's error, no 500", async () => {
    for (let round = 0; round < 5; round++) {
      const name = `Child Online Safety Board ${round}`;
      const coordinatorSessions = writers.filter((_, i) => i % 2 === 0);
      const answers = await Promise.all(
        [...coordinatorSessions, ...coordinatorSessions].map((client) => client.post(`/plans/${plan.planId}/organisations`, { intent: "create", name, orgType: "government", sector: "" })),
      );
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((s) => s === 302), `round ${round}: ${statuses.join(",")}`).toHaveLength(1);
      for (const r of answers.filter((a) => a.status !== 302)) {
        expect(r.status).toBe(409);
        expect(await r.text()).toContain("This plan already has an organisation with this name.");
      }
      const rows = await db().selectFrom("organisation").select("id").where("plan_id", "=", plan.planId).where("name", "=", name).execute();
      expect(rows).toHaveLength(1);
    }
  });
});
