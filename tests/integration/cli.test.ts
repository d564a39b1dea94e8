import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";

// The command line is exercised as a user runs it: a real process on a real SQLite file.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskforce-cli-"));
const env = { ...process.env, SQLITE_PATH: path.join(dir, "taskforce.db"), DATABASE_URL: "", LOG_LEVEL: "silent" };
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function taskforce(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ["bin/taskforce.mjs", ...args], { env, input: input ?? "", encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("npx taskforce", () => {
  it("creates a user with the password from standard input and lists it", () => {
    const created = taskforce(["user", "create", "--email", "Lead@Example.org", "--name", "Sector Lead"], "a long enough passphrase\n");
    expect(created.err).toBe("");
    expect(created.code).toBe(0);
    const list = taskforce(["user", "list"]);
    expect(list.out).toContain("lead@example.org\tSector Lead\tuser\tactive");
  });

  it("refuses bad arguments with a clear message and a non-zero exit", () => {
    const noName = taskforce(["user", "create", "--email", "x@example.org"], "a long enough passphrase");
    expect(noName.code).not.toBe(0);
    expect(noName.err).toContain("--name");
    const badEmail = taskforce(["user", "create", "--email", "not-an-email", "--name", "X"], "a long enough passphrase");
    expect(badEmail.code).toBe(1);
    expect(badEmail.err).toContain('"not-an-email" is not an email address');
    const weak = taskforce(["user", "create", "--email", "weak@example.org", "--name", "W"], "short");
    expect(weak.code).toBe(1);
    expect(weak.err).toContain("at least 12 characters");
    const duplicate = taskforce(["user", "create", "--email", "lead@example.org", "--name", "Again"], "a long enough passphrase");
    expect(duplicate.err).toContain("already exists");
    const unknown = taskforce(["user", "disable", "--email", "ghost@example.org"]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("no user has the email address ghost@example.org");
    expect(taskforce(["no-such-command"]).code).not.toBe(0);
  });

  it("disables a user and resets a password", () => {
    expect(taskforce(["user", "disable", "--email", "lead@example.org"]).code).toBe(0);
    expect(taskforce(["user", "list"]).out).toMatch(/lead@example.org\tSector Lead\tuser\tdisabled /);
    expect(taskforce(["user", "enable", "--email", "lead@example.org"]).code).toBe(0);
    expect(taskforce(["user", "reset-password", "--email", "lead@example.org"], "another long passphrase").code).toBe(0);
  });

  it("backs up the SQLite database while the server is running", async () => {
    const server = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      // Logs on: the test waits for the "taskforce listening" line.
      env: { ...env, PORT: "0", NODE_ENV: "production", LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        let out = "";
        server.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          if (out.includes("taskforce listening")) resolve();
        });
        server.once("exit", (code) => reject(new Error(`server exited ${code}`)));
        setTimeout(() => reject(new Error("server did not start")), 20_000);
      });
      const target = path.join(dir, "backup", "copy.db");
      const backup = taskforce(["db", "backup", target]);
      expect(backup.err).toBe("");
      expect(backup.code).toBe(0);
      const copy = new SQLite(target, { readonly: true });
      const row = copy.prepare("select email from app_user").get() as { email: string };
      copy.close();
      expect(row.email).toBe("lead@example.org");
      expect(taskforce(["db", "backup", target]).err).toContain("already exists");
    } finally {
      server.kill("SIGTERM");
    }
  });

  it("prints one line naming the path and cause when the database cannot be opened", () => {
    const notADb = path.join(dir, "garbage.db");
    fs.writeFileSync(notADb, "this is not a database file, just text that is long enough to be read");
    const r = spawnSync(process.execPath, ["--import", "tsx", "server/main.ts"], { env: { ...env, SQLITE_PATH: notADb, PORT: "0" }, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(`Cannot open the SQLite database at ${notADb}: file is not a database`);
  });
});
