import net from "node:net";
import { readConfig, type Config } from "../../server/config";
import { startServer, type RunningServer } from "../../server/index";
import { setLogSilent } from "../../server/log";
import { createTestDatabase, type TestDatabase } from "./test-db";

export interface TestServer extends RunningServer {
  database: TestDatabase;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The real production server (built Remix app, real database, real sync endpoint) on a free
 * port with a fresh database. `database` may be passed to restart a server on the same data;
 * `config` sets what the environment would (e.g. `trustProxy` for tests behind a proxy).
 */
export async function startTestServer(options: { database?: TestDatabase; port?: number; config?: Partial<Config> } = {}): Promise<TestServer> {
  setLogSilent(true);
  const database = options.database ?? (await createTestDatabase());
  const port = options.port ?? (await freePort());
  const config = readConfig(
    { NODE_ENV: "production", LOG_LEVEL: "silent" },
    { port, host: "127.0.0.1", appOrigin: `http://localhost:${port}`, databaseUrl: database.options.databaseUrl, sqlitePath: database.options.sqlitePath, ...options.config },
  );
  const running = await startServer(config, { database: database.options });
  return {
    ...running,
    database,
    async stop() {
      await running.close();
    },
  };
}
