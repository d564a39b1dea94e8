import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createUser } from "~/services/accounts.server";
import type { AppServices } from "~/services/context.server";
import type { DB } from "../../db/connect";
import { CliError } from "../../server/cli/cli-error";
import { registerPlanCommands } from "../../server/cli/plan-commands";
import { readConfig } from "../../server/config";
import { createServices } from "../../server/services";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";

// The plan and member commands on a real migrated database, through commander as typed.
let database: TestDatabase;
let db: DB;
let services: AppServices;
const PASSWORD = "a long enough passphrase";

beforeAll(async () => {
  database = await createTestDatabase();
  db = await database.connect();
  const config = readConfig({ NODE_ENV: "production", LOG_LEVEL: "silent" }, { appOrigin: "http://localhost:3000", ...database.options });
  services = createServices(config, db, database.kind);
  await createUser(db, { email: "coord@example.org", name: "Cora", password: PASSWORD });
  await createUser(db, { email: "lead@example.org", name: "Lee", password: PASSWORD });
});
afterAll(async () => {
  await db.destroy();
  await database.drop();
});

async function taskforce(...args: string[]): Promise<{ out: string; error: string | null }> {
  const program = new Command("taskforce").exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerPlanCommands(program, (fn) => fn(services));
  const lines: string[] = [];
  const spy = vi.spyOn(console, "info").mockImplementation((...a: unknown[]) => void lines.push(a.join(" ")));
  try {
    await program.parseAsync(args, { from: "user" });
    return { out: lines.join("\n"), error: null };
  } catch (error) {
    if (error instanceof CliError) return { out: lines.join("\n"), error: error.message };
    if (error instanceof Error && "exitCode" in error) return { out: lines.join("\n"), error: `commander: ${error.message}` };
    throw error;
  } finally {
    spy.mockRestore();
  }
}

describe("taskforce plan / member", () => {
  let planId: string;

  it("creates a plan and lists it", async () => {
    const r = await taskforce("plan", "create", "--title", "Plan Alpha", "--country", "lu", "--coordinator-email", "coord@example.org", "--start-year", "2026", "--end-year", "2028");
    expect(r.error).toBeNull();
    planId = /created plan ([a-z2-7]+)/.exec(r.out)![1]!;
    const list = await taskforce("plan", "list");
    expect(list.out).toContain(`${planId}\tPlan Alpha\tLU Luxembourg\t2026-2028\tactive\t1 members\tcoord@example.org`);
    const audit = await db.selectFrom("audit_log").select(["verb", "actor_id"]).where("plan_id", "=", planId).execute();
    expect(audit.map((a) => a.verb)).toEqual(["plan.create", "organisation.create", "membership.create"]);
    expect(audit.every((a) => a.actor_id === null)).toBe(true);
  });

  it("creates a plan for a country or territory without a code, shown by the name it is given", async () => {
    expect((await taskforce("plan", "create", "--title", "Training plan", "--country", "ZZ", "--coordinator-email", "coord@example.org")).error).toBe(
      "--country-name: Give the name of the country or territory: it has no standard name",
    );
    const long = "A".repeat(101);
    expect((await taskforce("plan", "create", "--title", "Training plan", "--country", "ZZ", "--country-name", long, "--coordinator-email", "coord@example.org")).error).toContain("--country-name");
    const r = await taskforce("plan", "create", "--title", "Training plan", "--country", "zz", "--country-name", "  Arvenia ", "--coordinator-email", "coord@example.org", "--start-year", "2027", "--end-year", "2030");
    expect(r.error).toBeNull();
    const id = /created plan ([a-z2-7]+)/.exec(r.out)![1]!;
    expect((await taskforce("plan", "list")).out).toContain(`${id}\tTraining plan\tZZ Arvenia\t2027-2030`);
  });

  it("refuses bad arguments with a clear message", async () => {
    expect((await taskforce("plan", "create", "--title", "X", "--country", "XQ", "--coordinator-email", "coord@example.org")).error).toBe("--country: Choose a country from the list");
    expect((await taskforce("plan", "create", "--title", "X", "--country", "LU", "--coordinator-email", "nobody@example.org")).error).toBe(
      "--coordinator-email: No active account has this email address",
    );
    expect((await taskforce("plan", "create", "--title", "X", "--country", "LU", "--coordinator-email", "coord@example.org", "--start-year", "2030", "--end-year", "2029")).error).toBe(
      "--end-year: The last year cannot be before the first year",
    );
    expect((await taskforce("plan", "create", "--title", "X", "--country", "LU", "--coordinator-email", "coord@example.org", "--org-type", "pirates")).error).toContain("--org-type");
    expect((await taskforce("plan", "create", "--country", "LU")).error).toContain("--title");
    expect((await taskforce("member", "add", "--plan", "nope", "--email", "lead@example.org", "--org", "x", "--role", "member")).error).toContain('no plan has the id or title "nope"');
    expect((await taskforce("member", "add", "--plan", planId, "--email", "lead@example.org", "--org", "x", "--role", "boss")).error).toContain("--role must be one of coordinator, sector-lead, member, observer");
    expect((await taskforce("member", "add", "--plan", planId, "--email", "lead@example.org", "--org", "Nowhere", "--role", "member")).error).toContain(
      '--org: plan "Plan Alpha" has no organisation "Nowhere"; it has: National coordination',
    );
    expect((await taskforce("member", "add", "--plan", planId, "--email", "ghost@example.org", "--org", "National coordination", "--role", "member")).error).toContain(
      "no user has the email address ghost@example.org",
    );
  });

  it("adds and removes members, keeping the last coordinator", async () => {
    const add = await taskforce("member", "add", "--plan", "plan alpha", "--email", "lead@example.org", "--org", "national coordination", "--role", "sector-lead");
    expect(add.error).toBeNull();
    expect(add.out).toContain('added lead@example.org to "Plan Alpha" as sector-lead');
    expect((await taskforce("member", "add", "--plan", planId, "--email", "lead@example.org", "--org", "National coordination", "--role", "member")).error).toBe(
      "--email: This person is already a member of the plan",
    );
    expect((await taskforce("member", "remove", "--plan", planId, "--email", "coord@example.org")).error).toBe(
      "--email: A plan must keep at least one coordinator. Make someone else coordinator first",
    );
    expect((await taskforce("member", "remove", "--plan", planId, "--email", "lead@example.org")).error).toBeNull();
    const members = await db.selectFrom("membership").select("user_id").where("plan_id", "=", planId).execute();
    expect(members).toHaveLength(1);
    const verbs = (await db.selectFrom("audit_log").select("verb").where("plan_id", "=", planId).orderBy("at").execute()).map((r) => r.verb);
    expect(verbs.slice(-2)).toEqual(["membership.create", "membership.remove"]);
  });
});
