import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, type Dialect, type SqliteDatabase } from "kysely";
import pg from "pg";
import type { Database } from "./schema";

export type DB = Kysely<Database>;

export interface DatabaseOptions {
  /** postgres://… ; when absent the SQLite file at `sqlitePath` is used. */
  databaseUrl?: string;
  sqlitePath?: string;
  /** PostgreSQL only: run every statement in this schema (tests use one schema per file). */
  pgSchema?: string;
}

export class DatabaseOpenError extends Error {}

// PostgreSQL returns COUNT(*) and BIGINT as strings by default; our counts fit in a JS number.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export function openDatabase(options: DatabaseOptions): { db: DB; kind: "sqlite" | "postgres"; describe: string } {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 10,
      ...(options.pgSchema ? { options: `-c search_path=${options.pgSchema}` } : {}),
    });
    const url = new URL(options.databaseUrl);
    return {
      db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
      kind: "postgres",
      describe: `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`,
    };
  }
  const file = options.sqlitePath ?? path.resolve("data/taskforce.db");
  let sqlite: SQLite.Database;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    sqlite = new SQLite(file);
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("busy_timeout = 5000");
    // WAL + NORMAL is durable across process crashes (SIGKILL); only an OS crash can lose the last commits.
    sqlite.pragma("synchronous = NORMAL");
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new DatabaseOpenError(`Cannot open the SQLite database at ${file}: ${cause}`);
  }
  const dialect: Dialect = new SqliteDialect({ database: withStatementCache(sqlite) });
  return { db: new Kysely<Database>({ dialect }), kind: "sqlite", describe: `SQLite ${file}` };
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every statement anew, which costs about as much as running a
 * small one (a quarter of the sync server's database time). Statements are kept by their SQL text,
 * least recently used dropped first; a statement still being iterated is never handed out twice.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sqlText: string) {
      const cached = cache.get(sqlText);
      if (cached && !cached.busy) {
        cache.delete(sqlText);
        cache.set(sqlText, cached);
        return cached;
      }
      const statement = sqlite.prepare(sqlText);
      if (cached) return statement;
      cache.set(sqlText, statement);
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      return statement;
    },
  };
}

/** True when the Kysely instance talks to PostgreSQL; migrations use it to pick column types. */
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter.constructor.name === "PostgresAdapter";
}
