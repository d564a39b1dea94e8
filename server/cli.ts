import fs from "node:fs";
import path from "node:path";
import { Command, CommanderError } from "commander";
import { sql } from "kysely";
import { z } from "zod";
import { checkPassword } from "~/domain/password-rules";
import { AccountError, createUser, setPassword } from "~/services/accounts.server";
import { endSessionsOfUser } from "~/services/auth.server";
import type { AppServices } from "~/services/context.server";
import { openDatabase } from "../db/connect";
import { migrateToLatest } from "../db/migrate";
import { findUserByEmail, listUsers, setUserDisabled } from "../db/repositories/users";
import { CliError } from "./cli/cli-error";
import { cliMessage } from "./cli/messages";
import { registerPlanCommands } from "./cli/plan-commands";
import { ConfigError, readConfig } from "./config";
import { createServices } from "./services";

/**
 * `npx taskforce <command>`: administration without the web UI. It uses the same
 * configuration (DATABASE_URL / SQLITE_PATH) and the same services as the server.
 */

async function withServices<T>(work: (services: AppServices) => Promise<T>): Promise<T> {
  const config = readConfig();
  const { db, kind } = openDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
  try {
    await migrateToLatest(db);
    return await work(createServices(config, db, kind));
  } finally {
    await db.destroy();
  }
}

/** Reads a password from standard input (piped, or typed at a prompt), never from argv. */
async function readPassword(prompt: string): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write(prompt);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const value = Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
  if (!value) throw new CliError("no password was given on standard input (e.g. echo 'a long passphrase' | npx taskforce user create …)");
  return value;
}

const email = (value: string) => {
  const r = z.email().safeParse(value);
  if (!r.success) throw new CliError(`"${value}" is not an email address`);
  return r.data;
};

async function requireUser(services: AppServices, address: string) {
  const user = await findUserByEmail(services.db, email(address));
  if (!user) throw new CliError(`no user has the email address ${address}`);
  return user;
}

export function buildProgram(): Command {
  const program = new Command("taskforce").description("Taskforce administration").exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });

  const user = program.command("user").description("manage accounts");
  user
    .command("create")
    .description("create an account; the password is read from standard input")
    .requiredOption("--email <email>", "sign-in email address")
    .requiredOption("--name <name>", "display name")
    .option("--admin", "make the account a site administrator", false)
    .action(async (o: { email: string; name: string; admin: boolean }) => {
      const password = await readPassword("Password: ");
      await withServices(async (s) => {
        try {
          await createUser(s.db, { email: email(o.email), name: o.name, password, isSiteAdmin: o.admin });
        } catch (error) {
          if (error instanceof AccountError) throw new CliError(cliMessage(error.messageKey));
          throw error;
        }
        console.info(`created ${o.admin ? "site administrator" : "user"} ${o.email}`);
      });
    });
  user
    .command("list")
    .description("list accounts")
    .action(() =>
      withServices(async (s) => {
        const rows = await listUsers(s.db);
        if (rows.length === 0) return void console.info("no users yet (open /setup in a browser)");
        for (const u of rows)
          console.info([u.email, u.name, u.is_site_admin ? "admin" : "user", u.disabled_at ? `disabled ${u.disabled_at}` : "active"].join("\t"));
      }),
    );
  user
    .command("disable")
    .description("disable an account and end its sessions")
    .requiredOption("--email <email>")
    .action((o: { email: string }) =>
      withServices(async (s) => {
        const u = await requireUser(s, o.email);
        await setUserDisabled(s.db, u.id, new Date().toISOString());
        await endSessionsOfUser(s.db, s.events, u.id);
        console.info(`disabled ${u.email}`);
      }),
    );
  user
    .command("enable")
    .description("enable a disabled account")
    .requiredOption("--email <email>")
    .action((o: { email: string }) =>
      withServices(async (s) => {
        const u = await requireUser(s, o.email);
        await setUserDisabled(s.db, u.id, null);
        console.info(`enabled ${u.email}`);
      }),
    );
  user
    .command("reset-password")
    .description("set a new password (read from standard input) and end all the user's sessions")
    .requiredOption("--email <email>")
    .action(async (o: { email: string }) => {
      const password = await readPassword("New password: ");
      await withServices(async (s) => {
        const u = await requireUser(s, o.email);
        const problem = checkPassword(password, { email: u.email });
        if (problem) throw new CliError(cliMessage(`auth:${problem}`));
        await setPassword(s, u.id, password);
        console.info(`password reset for ${u.email}; their sessions have ended`);
      });
    });

  const db = program.command("db").description("database maintenance");
  db.command("migrate")
    .description("apply pending migrations")
    .action(() =>
      withServices(async () => {
        console.info("database is up to date");
      }),
    );
  db.command("backup")
    .description("write a consistent copy of the SQLite database while the server runs")
    .argument("<file>", "where to write the copy (must not exist)")
    .action((file: string) =>
      withServices(async (s) => {
        if (s.dbKind !== "sqlite") throw new CliError("db backup copies the SQLite file; for PostgreSQL use pg_dump");
        const target = path.resolve(file);
        if (fs.existsSync(target)) throw new CliError(`${target} already exists; choose a new file name`);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        // VACUUM INTO reads one consistent snapshot (WAL lets the server keep writing meanwhile).
        await sql`VACUUM INTO ${target}`.execute(s.db);
        console.info(`backup written to ${target} (${fs.statSync(target).size} bytes)`);
      }),
    );

  registerPlanCommands(program, withServices);
  return program;
}


export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof CliError || error instanceof ConfigError) {
      console.error(`taskforce: ${error.message}`);
      return 1;
    }
    console.error(`taskforce: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (process.argv[1] && /server\/cli\.ts$/.test(process.argv[1])) {
  process.exitCode = await runCli(process.argv.slice(2));
}
