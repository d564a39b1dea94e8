import type { Config } from "../../server/config";
import type { SpreadsheetWorkers } from "../../server/spreadsheet-workers";
import type { SyncServer } from "../../server/sync";
import type { DB } from "../../db/connect";
import type { Auth } from "./auth.server";
import type { AppEvents } from "./events.server";
import type { SignInThrottle } from "./rate-limit.server";
import type { SetupGate } from "./setup.server";

/** Long-lived services of one server process, built once in `server/index.ts`. */
export interface AppServices {
  config: Config;
  db: DB;
  dbKind: "sqlite" | "postgres";
  events: AppEvents;
  setup: SetupGate;
  /** Failed sign-ins by account and address, by address, and by account. */
  signInThrottle: SignInThrottle;
  /** Reads uploaded spreadsheets in worker threads, a few at a time (decision 045). */
  spreadsheets: SpreadsheetWorkers;
  /** The live-editing server (metrics, versions); set when the HTTP server attaches it, absent in the CLI. */
  sync?: SyncServer;
}

declare module "@remix-run/node" {
  interface AppLoadContext {
    services: AppServices;
    /** The signed-in user of this request, resolved once by the server before Remix runs. */
    auth: Auth | null;
    cspNonce: string;
    clientIp: string;
  }
}
