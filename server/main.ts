import { DatabaseOpenError } from "../db/connect";
import { ConfigError, readConfig } from "./config";
import { startServer } from "./index";
import { setLogSilent } from "./log";

// The process entry for `npm start` and `npm run dev`. Startup failures print one line, not a stack.
try {
  const config = readConfig();
  setLogSilent(config.logLevel === "silent");
  const running = await startServer(config);
  const shutdown = async (signal: string) => {
    console.info(`received ${signal}, shutting down`);
    await running.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
} catch (error) {
  if (error instanceof ConfigError || error instanceof DatabaseOpenError) {
    console.error(`taskforce: ${error.message}`);
  } else if (error instanceof Error && /Migration|ECONNREFUSED|EADDRINUSE|password authentication/.test(error.message + String((error as NodeJS.ErrnoException).code))) {
    console.error(`taskforce: cannot start: ${error.message}`);
  } else {
    console.error("taskforce: cannot start:", error);
  }
  process.exit(1);
}
