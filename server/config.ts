import path from "node:path";
import { z } from "zod";

/** Everything the process reads from its environment, validated once at start. */
export interface Config {
  port: number;
  host: string;
  appOrigin: string;
  /** postgres://… or undefined for the embedded SQLite file. */
  databaseUrl: string | undefined;
  sqlitePath: string;
  production: boolean;
  logLevel: "silent" | "info";
  /** Behind a reverse proxy, trust X-Forwarded-For for the client address (rate limits). */
  trustProxy: boolean;
}

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  APP_ORIGIN: z.url().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres:// (leave it unset for SQLite)")
    .optional(),
  SQLITE_PATH: z.string().min(1).default("./data/taskforce.db"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  LOG_LEVEL: z.enum(["silent", "info"]).default("info"),
  TRUST_PROXY: z.enum(["0", "1", "true", "false"]).default("0"),
});

export class ConfigError extends Error {}

export function readConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ConfigError(`Invalid configuration: ${first?.path.join(".")}: ${first?.message}`);
  }
  const e = parsed.data;
  const port = overrides.port ?? e.PORT;
  const config: Config = {
    port,
    host: e.HOST,
    appOrigin: (e.APP_ORIGIN ?? `http://localhost:${port}`).replace(/\/$/, ""),
    databaseUrl: e.DATABASE_URL,
    sqlitePath: path.resolve(e.SQLITE_PATH),
    production: e.NODE_ENV !== "development",
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY === "1" || e.TRUST_PROXY === "true",
    ...overrides,
  };
  return config;
}
