import type { AppServices } from "~/services/context.server";
import { AppEvents } from "~/services/events.server";
import { FailureLimiter } from "~/services/rate-limit.server";
import { SetupGate } from "~/services/setup.server";
import type { DB } from "../db/connect";
import type { Config } from "./config";
import { SpreadsheetWorkers } from "./spreadsheet-workers";

/** The long-lived services of a process: the HTTP server and the admin command line share this. */
export function createServices(config: Config, db: DB, dbKind: "sqlite" | "postgres"): AppServices {
  return {
    config,
    db,
    dbKind,
    events: new AppEvents(),
    setup: new SetupGate(),
    // 5 failures per account and 30 per address in 15 minutes, then 429 until the window passes.
    loginLimiter: new FailureLimiter(5, 15 * 60 * 1000),
    ipLimiter: new FailureLimiter(30, 15 * 60 * 1000),
    spreadsheets: new SpreadsheetWorkers(),
  };
}
