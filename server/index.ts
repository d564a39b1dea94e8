import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { readSessionToken, sessionCookie, validateSessionToken, type Auth } from "~/services/auth.server";
import type { AppServices } from "~/services/context.server";
import { openDatabase, type DatabaseOptions } from "../db/connect";
import { migrateToLatest } from "../db/migrate";
import { findMembership } from "../db/repositories/plans";
import { countUsers } from "../db/repositories/users";
import type { Config } from "./config";
import { log } from "./log";
import { createServices } from "./services";
import { bodyLimit, clientAddress, cspNonce, hostGuard, isSameOrigin, originGuard, securityHeaders, urlGuard } from "./security";
import { attachSyncServer } from "./sync";
import { refuseUpgrade, upgradePath } from "./upgrade";

export interface RunningServer {
  server: http.Server;
  port: number;
  origin: string;
  services: AppServices;
  /** The first-run code printed on the console, while no user exists. */
  setupCode: string | null;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Built Remix server bundle; defaults to build/server/index.js. Ignored in development. */
  buildPath?: string;
  /** Extra database options (tests pass a PostgreSQL schema). */
  database?: Partial<DatabaseOptions>;
}

/**
 * Boots one Taskforce process: database and migrations, services, then one HTTP server
 * that hands requests to Remix and WebSocket upgrades to the sync server.
 */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const { db, kind, describe } = openDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath, ...options.database });
  const migrated = await migrateToLatest(db);
  for (const r of migrated.results ?? []) log.info("migration applied", { name: r.migrationName });

  const services = createServices(config, db, kind);

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxy);
  app.use(cspNonce());
  app.use(securityHeaders(config));
  app.use(originGuard(config));
  app.use(hostGuard(config));
  app.use(urlGuard());
  app.use(bodyLimit());
  app.use(compression());

  const server = http.createServer(app);

  let build: ServerBuild | (() => Promise<ServerBuild>);
  let closeVite: (() => Promise<void>) | undefined;
  if (!config.production) {
    const vite = await import("vite");
    const devServer = await vite.createServer({ server: { middlewareMode: true, hmr: { server } }, appType: "custom" });
    app.use(devServer.middlewares);
    build = () => devServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
    closeVite = () => devServer.close();
  } else {
    const buildPath = path.resolve(options.buildPath ?? "build/server/index.js");
    build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
    app.use("/assets", express.static(path.resolve("build/client/assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(path.resolve("build/client"), { maxAge: "1h" }));
  }

  // Resolve the session once per request, before Remix: loaders read `context.auth`.
  app.use(async (req, res, next) => {
    try {
      const token = readSessionToken(req.headers.cookie);
      const auth = token ? await validateSessionToken(db, token) : null;
      if (auth?.session.renewed) res.append("Set-Cookie", sessionCookie(auth.token, auth.session.expiresAt, config.appOrigin.startsWith("https:")));
      res.locals.auth = auth;
      next();
    } catch (error) {
      next(error);
    }
  });

  // Plan isolation, structurally: a signed-in non-member gets the 404 page for every URL of a
  // plan and every method, before any route runs (a route without an `action` would otherwise
  // answer a POST with 405). Routes still check membership and permissions themselves.
  app.use("/plans/:planId", async (req, res, next) => {
    try {
      const auth = res.locals.auth as Auth | null;
      // Single-fetch data requests address the plan's own route as `/plans/<id>.data`.
      const planId = (req.params.planId ?? "").replace(/\.data$/, "");
      if (auth && !(await findMembership(db, planId, auth.user.id))) {
        req.url = req.originalUrl = "/__plan-not-found";
      }
      next();
    } catch (error) {
      next(error);
    }
  });

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: config.production ? "production" : "development",
      getLoadContext: (req, res) => ({
        services,
        auth: res.locals.auth ?? null,
        cspNonce: res.locals.cspNonce as string,
        clientIp: clientAddress(req, config),
      }),
    }),
  );

  const sync = attachSyncServer(services);
  server.on("upgrade", (req, socket, head) => {
    // Vite's hot-reload socket shares this server in development.
    if (!config.production && req.headers["sec-websocket-protocol"] === "vite-hmr") return;
    socket.on("error", () => socket.destroy());
    if (!isSameOrigin(req.headers.origin, config)) return refuseUpgrade(socket, 403);
    const pathname = upgradePath(req);
    if (pathname.startsWith("/sync/")) return void sync.handleUpgrade(req, socket, head, pathname);
    refuseUpgrade(socket, 404);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = config.port === 0 ? config.appOrigin.replace(/:\d+$/, `:${port}`) : config.appOrigin;

  let setupCode: string | null = null;
  if ((await countUsers(db)) === 0) {
    const code = (setupCode = services.setup.open());
    log.info("first run: no user exists yet", { setupUrl: `${origin}/setup`, setupCode: code });
    if (config.logLevel !== "silent") console.info(`\n  Taskforce first-run setup: open ${origin}/setup and enter the code ${code}\n`);
  }
  log.info("taskforce listening", { origin, database: describe });

  return {
    server,
    port,
    origin,
    services,
    setupCode,
    async close() {
      await sync.close();
      await services.spreadsheets.close();
      await closeVite?.();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.destroy();
    },
  };
}
