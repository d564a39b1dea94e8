import type { AppServices } from "~/services/context.server";
import { AppEvents } from "~/services/events.server";
import { createSignInThrottle } from "~/services/rate-limit.server";
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
    signInThrottle: createSignInThrottle(),
    spreadsheets: new SpreadsheetWorkers(),
  };
}
